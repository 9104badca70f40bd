import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.js';
import { OUTBOX, openDatabase, repositoriesOf } from '../../src/store/index.js';

/** A database file made by the code before migrations (schema dumped from it), upgraded in place. */
const legacySchema = readFileSync(new URL('./fixtures/schema-v0.sql', import.meta.url), 'utf8');
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('upgrades a database made before migrations in place, keeping its data and waiting messages', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-migrate-'));
  const file = path.join(dir, 'motcua.sqlite');
  const legacy = new Database(file);
  legacy.pragma('journal_mode = WAL');
  legacy.exec(legacySchema);
  const now = Date.now();
  legacy.prepare('INSERT INTO sessions (id, state, updated_at) VALUES (?, ?, ?)').run('web:old', '{"recent":[]}', now);
  legacy
    .prepare('INSERT INTO outbox_messages (session_id, text, suggestions, created_at) VALUES (?, ?, ?, ?)')
    .run('web:old', 'chờ đọc', '["a"]', now);
  legacy
    .prepare('INSERT INTO dossier_notifications (session_id, text, suggestions, attempts, created_at) VALUES (?, ?, ?, ?, ?)')
    .run('tg:7', 'chờ gửi', '[]', 2, now);
  legacy
    .prepare('INSERT INTO dossier_notifications (session_id, text, suggestions, attempts, created_at) VALUES (?, ?, ?, ?, ?)')
    .run('web:old', 'chưa chuyển', '[]', 0, now);
  legacy.prepare('INSERT INTO api_tokens (token_hash, agency, role, created_at) VALUES (?, ?, ?, ?)').run('hash', 'UBND', 'staff', 'x');
  legacy
    .prepare('INSERT INTO dossier_staff_audit (staff_id, code, outcome, viewed_at) VALUES (?, ?, ?, ?)')
    .run('env:staff', 'C1', 'not_found', 't0');
  legacy.prepare('INSERT INTO catalog_interest (session_id, code, at) VALUES (?, ?, ?)').run('web:old', '1.001193', now);
  expect(legacy.pragma('user_version', { simple: true })).toBe(0);
  legacy.close();

  const db = openDatabase(file);
  const r = repositoriesOf(db);
  expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
  expect(await r.sessions.get('web:old')).toMatchObject({ state: '{"recent":[]}' });
  expect(await r.access.auditLog(5)).toEqual([
    { at: 't0', actor: 'env:staff', person: '', address: '', action: 'dossier.view', target: 'C1', status: 404 },
  ]);
  expect(await r.access.tokenByHash('hash')).toMatchObject({ agency: 'UBND', name: '', scope: [], revokedAt: null });
  expect((await r.notices.take('web:old', now)).map((n) => n.text)).toEqual(['chưa chuyển', 'chờ đọc']);
  expect(await r.notices.claimDue(now, 1000)).toMatchObject({ sessionId: 'tg:7', channel: 'telegram', text: 'chờ gửi', attempts: 3 });
  expect(await r.notices.count()).toBe(1);
  expect(await r.catalogChanges.audience({ id: 0, code: '1.001193', since: 0, cursor: '', text: '', suggestions: [] }, 10)).toEqual(['web:old']);
  db.close();
  // Opening again applies nothing twice.
  expect(() => openDatabase(file).close()).not.toThrow();
});

it('a new database gets every migration, and the dispatcher, session reads and expiry each walk an index', () => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-migrate-'));
  const db = openDatabase(path.join(dir, 'motcua.sqlite'));
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
  expect(plan(`SELECT * FROM notices WHERE session_id = 'x' AND channel = '${OUTBOX}' AND expires_at >= 0 ORDER BY id`)).toContain(
    'USING INDEX notices_session',
  );
  expect(plan('SELECT * FROM notices WHERE next_at IS NOT NULL AND next_at <= 5 ORDER BY next_at, id LIMIT 1')).toContain('USING INDEX notices_due');
  expect(plan('SELECT id FROM notices WHERE expires_at < 5 ORDER BY expires_at LIMIT 10')).toContain('notices_expiry');
  db.close();
});
