import { createHash } from 'node:crypto';
import type { Db } from '../../store/db.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Telegram retries a webhook for hours at most; a day of update ids is plenty. */
const SEEN_RETENTION_MS = DAY_MS;
/** Keyboards stay pressable for a month after they were last sent. */
const CALLBACK_RETENTION_MS = 30 * DAY_MS;
const PRUNE_EVERY = 500;

/**
 * The Telegram channel's own SQLite state: update ids already handled (webhook retries and
 * restarts must not answer twice) and the short ids behind inline-keyboard buttons
 * (`callback_data` is limited to 64 bytes, suggestions are not).
 */
export class TelegramStore {
  private readonly insertSeen;
  private readonly pruneSeen;
  private readonly upsertCallback;
  private readonly selectCallback;
  private readonly pruneCallbacks;
  private insertsSincePrune = 0;

  constructor(db: Db, private readonly botId: number, private readonly now: () => number = Date.now) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS telegram_seen_updates (
        bot_id INTEGER NOT NULL,
        update_id INTEGER NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (bot_id, update_id)
      );
      CREATE INDEX IF NOT EXISTS telegram_seen_updates_seen_at ON telegram_seen_updates (seen_at);
      CREATE TABLE IF NOT EXISTS telegram_callbacks (
        id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        used_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS telegram_callbacks_used_at ON telegram_callbacks (used_at);
    `);
    this.insertSeen = db.prepare(
      'INSERT OR IGNORE INTO telegram_seen_updates (bot_id, update_id, seen_at) VALUES (?, ?, ?)',
    );
    this.pruneSeen = db.prepare('DELETE FROM telegram_seen_updates WHERE seen_at < ?');
    this.upsertCallback = db.prepare(
      `INSERT INTO telegram_callbacks (id, text, used_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET used_at = excluded.used_at`,
    );
    this.selectCallback = db.prepare<[string], { text: string }>('SELECT text FROM telegram_callbacks WHERE id = ?');
    this.pruneCallbacks = db.prepare('DELETE FROM telegram_callbacks WHERE used_at < ?');
    this.prune();
  }

  /** True the first time an update id is seen, false for every repeat. */
  firstSeen(updateId: number): boolean {
    const fresh = this.insertSeen.run(this.botId, updateId, this.now()).changes === 1;
    if (fresh && ++this.insertsSincePrune >= PRUNE_EVERY) this.prune();
    return fresh;
  }

  /** A short, stable id for a button's text (the same text always gets the same id). */
  callbackId(text: string): string {
    const id = createHash('sha256').update(text).digest('base64url').slice(0, 16);
    this.upsertCallback.run(id, text, this.now());
    return id;
  }

  callbackText(id: string): string | undefined {
    return this.selectCallback.get(id)?.text;
  }

  private prune(): void {
    const now = this.now();
    this.pruneSeen.run(now - SEEN_RETENTION_MS);
    this.pruneCallbacks.run(now - CALLBACK_RETENTION_MS);
    this.insertsSincePrune = 0;
  }
}
