import type { Db } from '../db.js';
import type { HealthRepository } from '../repositories.js';

/** How long a readiness check waits for another writer (a CLI command) before saying so. */
const PROBE_BUSY_MS = 200;

export function sqliteHealth(db: Db): HealthRepository {
  return {
    async writable() {
      if (!db.open) throw new Error('the database is closed');
      if (db.readonly) throw new Error('the database is read-only');
      // A write the transaction takes back: the file and its write lock are usable, nothing changes.
      const busy = db.pragma('busy_timeout', { simple: true });
      db.pragma(`busy_timeout = ${PROBE_BUSY_MS}`);
      try {
        const version = Number(db.pragma('user_version', { simple: true }));
        db.exec('BEGIN IMMEDIATE');
        try {
          db.pragma(`user_version = ${version}`);
        } finally {
          db.exec('ROLLBACK');
        }
      } finally {
        db.pragma(`busy_timeout = ${Number(busy)}`);
      }
    },
  };
}
