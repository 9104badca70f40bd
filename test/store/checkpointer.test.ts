import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, openSqliteStore } from '../../src/store/index.js';
import { checkpointInBackground } from '../../src/store/sqlite/checkpointer.js';

/** SQLite's write-ahead log on a serving store: copied into the database by a thread, never inside an answer's commit. */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-checkpoint-'));
  dirs.push(dir);
  return path.join(dir, 'motcua.sqlite');
}

/** 1,500 sessions of 6 KB each: more log pages than SQLite's own checkpoint threshold (1,000). */
async function writeManySessions(put: (id: string, state: string, at: number) => Promise<void>): Promise<void> {
  const state = JSON.stringify({ recent: 'x'.repeat(6000) });
  for (let i = 0; i < 1500; i++) await put(`web:${i}`, state, 1000 + i);
}

describe('background checkpoints', () => {
  it('a serving store commits into the log only, and its thread copies the log into the database soon after', async () => {
    const file = tempFile();
    const store = openSqliteStore(file, { serving: { onCheckpointFailure: () => undefined } });
    const before = statSync(file).size;
    await writeManySessions((id, state, at) => store.repositories.sessions.put(id, state, at));
    // Past SQLite's threshold, a commit on the serving connection would have copied the log itself.
    expect(statSync(file).size).toBe(before);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(9_000_000), { timeout: 10_000, interval: 20 });
    await store.close();
    // The last connection to close checkpoints what is left and removes the log.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = openSqliteStore(file);
    expect((await reopened.repositories.sessions.get('web:1499'))?.state).toContain('xxxx');
    await reopened.close();
  });

  it('a store opened for a command checkpoints as SQLite does on its own, and so does a serving one whose thread has stopped', async () => {
    const file = tempFile();
    const command = openSqliteStore(file);
    expect(command.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await command.close();
    const db = openDatabase(file);
    const checkpointer = checkpointInBackground(db, file);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('a thread that cannot open the file is reported, and the serving connection takes the checkpoints back', async () => {
    const file = tempFile();
    const db = openDatabase(file);
    const failures: Error[] = [];
    // A folder where the thread expects the database file: its connection fails at once.
    const checkpointer = checkpointInBackground(db, path.dirname(file), { onFailure: (error) => failures.push(error) });
    await vi.waitFor(
      () => {
        expect(failures).not.toHaveLength(0);
        expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      },
      { timeout: 10_000, interval: 20 },
    );
    await checkpointer.stop();
    db.close();
  });
});
