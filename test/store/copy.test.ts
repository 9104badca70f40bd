import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerStoreCommands } from '../../src/cli/store-commands.js';
import { OUTBOX, openSqliteStore } from '../../src/store/index.js';
import { takeServerLock } from '../../src/store/lock.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { databaseUrl, freshSchema, skipMessage } from '../support/postgres.js';

/** `store copy`: a SQLite deployment moved into PostgreSQL, read back through the repositories. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.restoreAllMocks();
});

async function copy(from: string, to: string): Promise<string[]> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const program = new Command().exitOverride();
  registerStoreCommands(program, { dataDir: from });
  await program.parseAsync(['store', 'copy', '--from', from, '--to', to], { from: 'user' });
  return out;
}

describe.skipIf(!databaseUrl)('store copy (SQLite → PostgreSQL)', () => {
  it('copies every table with its ids, continues the ids after them, and refuses a second copy into the now non-empty database', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-copy-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const sqlite = openSqliteStore(path.join(dataDir, 'motcua.sqlite'));
    const r = sqlite.repositories;
    await r.sessions.put('web:1', '{"recent":[]}', 1000);
    await r.inbox.add({ kind: 'feedback', sessionId: 'web:1', text: 'tốt', conversation: '[]' });
    const tokenId = await r.access.createToken({
      hash: 'hash-1',
      name: 'Nguyễn Thị Hoa',
      role: 'staff',
      agency: 'UBND xã Tân An',
      scope: ['Hộ tịch'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    await r.access.audit({
      at: 't1',
      actor: `token:${tokenId}`,
      person: 'Nguyễn Thị Hoa',
      address: '10.0.0.7',
      action: 'dossier.view',
      target: 'CODE-1',
      status: 200,
    });
    await r.issuedSessions.issue('web:issued', 1000);
    await r.subscriptions.add('tg:1', 'CODE-1', { status: '2', due: '2026-12-01' }, 5000, 1000);
    await r.notices.enqueue([
      { sessionId: 'web:1', channel: OUTBOX, source: 'dossier', text: 'chờ đọc', suggestions: ['a'], createdAt: 1000, expiresAt: 9e12 },
      { sessionId: 'tg:1', channel: 'telegram', source: 'staff', text: 'chờ gửi', suggestions: [], createdAt: 1000, expiresAt: 9e12 },
    ]);
    await r.catalogChanges.append({ version: 2, appliedAt: '2026-03-01T00:00:00Z', author: 'env:admin', batch: '{}', summaries: '[]' }, [
      { code: 'P1', since: 0, text: 'đổi', suggestions: [] },
    ]);
    await r.dossierRegistry.put('CODE-1', '{"v":1}', 1);
    await r.channelState.putCredentials('zalo:1', '{"a":1}', 1);
    await sqlite.close();

    const schema = await freshSchema('copy');
    cleanups.push(() => schema.drop());
    const out = await copy(dataDir, schema.url);
    expect(out).toContain('sessions: 1 rows');
    expect(out).toContain('notices: 2 rows');

    const target = await openPostgresStore(schema.url, { max: 2 });
    cleanups.push(() => target.close());
    const p = target.repositories;
    expect(await p.sessions.get('web:1')).toEqual({ state: '{"recent":[]}', updatedAt: 1000 });
    expect(await p.access.tokenByHash('hash-1')).toEqual({
      id: tokenId,
      name: 'Nguyễn Thị Hoa',
      agency: 'UBND xã Tân An',
      role: 'staff',
      scope: ['Hộ tịch'],
      createdAt: '2026-01-01T00:00:00Z',
      revokedAt: null,
    });
    expect(await p.access.auditLog(5)).toEqual([
      { at: 't1', actor: `token:${tokenId}`, person: 'Nguyễn Thị Hoa', address: '10.0.0.7', action: 'dossier.view', target: 'CODE-1', status: 200 },
    ]);
    expect(await p.issuedSessions.claim('web:issued', 2000)).toBe(true);
    expect((await p.notices.take('web:1', 2000)).map((n) => [n.text, n.suggestions])).toEqual([['chờ đọc', ['a']]]);
    expect(await p.notices.claimDue(2000, 1000)).toMatchObject({ sessionId: 'tg:1', text: 'chờ gửi', attempts: 1 });
    expect(await p.subscriptions.claimDue(6000, 1000, 10)).toEqual([{ code: 'CODE-1', failures: 0 }]);
    expect((await p.catalogChanges.all()).map((b) => b.version)).toEqual([2]);
    expect(await p.catalogChanges.pendingJobs()).toMatchObject([{ code: 'P1', cursor: '' }]);
    expect(await p.dossierRegistry.get('CODE-1')).toBe('{"v":1}');
    expect(await p.channelState.credentials('zalo:1')).toBe('{"a":1}');
    // New rows take ids after the copied ones.
    expect(await p.access.createToken({ hash: 'hash-2', name: 'x', role: 'staff', agency: null, scope: [], createdAt: 'now' })).toBeGreaterThan(
      tokenId,
    );

    await expect(copy(dataDir, schema.url)).rejects.toThrow(/target database is not empty: .*sessions \(1\).*nothing was copied/);
    expect(await p.notices.count()).toBe(1);
  }, 60_000);

  it('refuses while a server holds the DATA_DIR, and a folder without a database', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-copy-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(copy(dataDir, databaseUrl!)).rejects.toThrow(/No SQLite database at .*motcua\.sqlite/);
    await openSqliteStore(path.join(dataDir, 'motcua.sqlite')).close();
    const lock = takeServerLock(dataDir);
    cleanups.push(() => lock.release());
    await expect(copy(dataDir, databaseUrl!)).rejects.toThrow(/Another Một Cửa server is already running.*Stop it before copying/);
  });
});

if (!databaseUrl) {
  console.warn(skipMessage);
  it.skip(`store copy: ${skipMessage}`, () => undefined);
}
