import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/dialog/sessions.js';
import { openDatabase, repositoriesOf } from '../../src/store/index.js';

const rows = (file: string) => repositoriesOf(openDatabase(file)).sessions;

describe('SessionStore', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'motcua-sessions-')), 'db.sqlite');

  it('keeps context in SQLite across store instances and forgets it after inactivity', async () => {
    const ttl = 30 * 60_000;
    const now = Date.parse('2026-11-22T10:00:00Z');
    await new SessionStore(rows(file), ttl).save('web:1', { procedureCode: '1.001193', recent: [] }, now);
    const reopened = new SessionStore(rows(file), ttl);
    expect((await reopened.get('web:1', now + ttl - 1)).procedureCode).toBe('1.001193');
    expect(await reopened.get('web:1', now + ttl + 1)).toEqual({ recent: [] });
    expect(await reopened.get('web:unknown', now)).toEqual({ recent: [] });
  });

  it('keeps only the last turns of a conversation', async () => {
    const store = new SessionStore(rows(file), 60_000);
    const recent = Array.from({ length: 20 }, (_, i) => ({ role: 'user' as const, text: `câu ${i}` }));
    await store.save('web:2', { recent });
    const saved = (await store.get('web:2')).recent;
    expect(saved.length).toBe(8);
    expect(saved.at(-1)?.text).toBe('câu 19');
  });
});
