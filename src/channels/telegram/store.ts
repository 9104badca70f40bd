import { createHash } from 'node:crypto';
import type { ChannelStateRepository } from '../../store/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Telegram retries a webhook for hours at most; a day of update ids is plenty. */
const SEEN_RETENTION_MS = DAY_MS;
/** Keyboards stay pressable for a month after they were last sent. */
const CALLBACK_RETENTION_MS = 30 * DAY_MS;
const PRUNE_EVERY = 500;

/**
 * The Telegram channel's own stored state: update ids already handled (webhook retries and
 * restarts must not answer twice) and the short ids behind inline-keyboard buttons
 * (`callback_data` is limited to 64 bytes, suggestions are not).
 */
export class TelegramStore {
  private insertsSincePrune = PRUNE_EVERY - 1;

  constructor(
    private readonly rows: ChannelStateRepository,
    private readonly botId: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an update id is seen, false for every repeat. */
  async firstSeen(updateId: number): Promise<boolean> {
    const fresh = await this.rows.markSeen(this.botId, updateId, this.now());
    if (fresh && ++this.insertsSincePrune >= PRUNE_EVERY) await this.prune();
    return fresh;
  }

  /** A short, stable id for a button's text (the same text always gets the same id). */
  async callbackId(text: string): Promise<string> {
    const id = createHash('sha256').update(text).digest('base64url').slice(0, 16);
    await this.rows.putCallback(id, text, this.now());
    return id;
  }

  callbackText(id: string): Promise<string | undefined> {
    return this.rows.callbackText(id);
  }

  private async prune(): Promise<void> {
    const now = this.now();
    this.insertsSincePrune = 0;
    await this.rows.prune(now - SEEN_RETENTION_MS, now - CALLBACK_RETENTION_MS);
  }
}
