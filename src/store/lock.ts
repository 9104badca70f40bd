import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** A second server on the same DATA_DIR: it must not start (two dispatchers would send twice). */
export class ServerAlreadyRunning extends Error {}

export interface ServerLock {
  release(): void;
}

/**
 * Takes the one-server lock of `dataDir`: an exclusive SQLite lock on a dedicated file, held in
 * an open transaction for the life of the process. The operating system holds it, so it ends
 * with the process however it ends (kill -9 included), and no stale file is ever left to clean.
 * CLI commands never take it: they only open the database.
 */
export function takeServerLock(dataDir: string): ServerLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'server.lock');
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    // A write is what makes SQLite take the file lock; in EXCLUSIVE mode it is then kept.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder; INSERT INTO holder VALUES (' + process.pid + ')');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new ServerAlreadyRunning(
      `Another Một Cửa server is already running on DATA_DIR=${dataDir} (it holds ${file}). ` +
        'SQLite serves one server process on purpose; stop the other one, or give this one its own DATA_DIR.',
    );
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}
