import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/dialog/sessions.js';
import { openDatabase } from '../../src/store/db.js';

describe('SessionStore', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'motcua-sessions-')), 'db.sqlite');

  it('keeps context in SQLite across store instances and forgets it after inactivity', () => {
    const ttl = 30 * 60_000;
    const now = Date.parse('2026-11-22T10:00:00Z');
    new SessionStore(openDatabase(file), ttl).save('web:1', { procedureCode: '1.001193', recent: [] }, now);
    const reopened = new SessionStore(openDatabase(file), ttl);
    expect(reopened.get('web:1', now + ttl - 1).procedureCode).toBe('1.001193');
    expect(reopened.get('web:1', now + ttl + 1)).toEqual({ recent: [] });
    expect(reopened.get('web:unknown', now)).toEqual({ recent: [] });
  });

  it('keeps only the last turns of a conversation', () => {
    const store = new SessionStore(openDatabase(file), 60_000);
    const recent = Array.from({ length: 20 }, (_, i) => ({ role: 'user' as const, text: `câu ${i}` }));
    store.save('web:2', { recent });
    const saved = store.get('web:2').recent;
    expect(saved.length).toBe(8);
    expect(saved.at(-1)?.text).toBe('câu 19');
  });
});
