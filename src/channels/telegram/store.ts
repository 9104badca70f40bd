import { createHash } from 'node:crypto';
import { type ChannelStateRepository, type Db, repositoriesOf } from '../../store/index.js';

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
  private readonly rows: ChannelStateRepository;
  private insertsSincePrune = 0;

  constructor(db: Db, private readonly botId: number, private readonly now: () => number = Date.now) {
    this.rows = repositoriesOf(db).channelState;
    this.prune();
  }

  /** True the first time an update id is seen, false for every repeat. */
  firstSeen(updateId: number): boolean {
    const fresh = this.rows.markSeen(this.botId, updateId, this.now());
    if (fresh && ++this.insertsSincePrune >= PRUNE_EVERY) this.prune();
    return fresh;
  }

  /** A short, stable id for a button's text (the same text always gets the same id). */
  callbackId(text: string): string {
    const id = createHash('sha256').update(text).digest('base64url').slice(0, 16);
    this.rows.putCallback(id, text, this.now());
    return id;
  }

  callbackText(id: string): string | undefined {
    return this.rows.callbackText(id);
  }

  private prune(): void {
    const now = this.now();
    this.rows.prune(now - SEEN_RETENTION_MS, now - CALLBACK_RETENTION_MS);
    this.insertsSincePrune = 0;
  }
}
