import { createHash } from 'node:crypto';
import type { ChannelStateRepository } from '../../store/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Zalo re-sends an event for a short while only; a day of ids is plenty. */
const SEEN_RETENTION_MS = DAY_MS;
const PRUNE_EVERY = 500;

export interface TokenPair {
  accessToken?: string;
  refreshToken?: string;
}

interface StoredPair extends Required<TokenPair> {
  /** Which environment pair this one descends from: a new pair in the environment wins again. */
  origin: string;
}

/**
 * The Zalo channel's own state: event ids already handled (Zalo re-sends events; a restart must
 * not answer twice) and the OA token pair. Refresh tokens are single-use, so a renewed pair is
 * stored and wins over the environment's from then on — until the operator puts a different pair
 * in the environment (after authorising the OA again), which then wins.
 */
export class ZaloStore {
  private readonly channel: string;
  private readonly origin: string;
  private insertsSincePrune = PRUNE_EVERY - 1;

  constructor(
    private readonly rows: ChannelStateRepository,
    appId: string,
    private readonly fromEnv: TokenPair,
    private readonly now: () => number = Date.now,
  ) {
    this.channel = `zalo:${appId}`;
    // A digest, so the database never holds a second copy of the environment's secret.
    this.origin = createHash('sha256')
      .update(`${fromEnv.accessToken ?? ''}\n${fromEnv.refreshToken ?? ''}`)
      .digest('hex')
      .slice(0, 32);
  }

  /** True the first time an event id is seen, false for every repeat. */
  async firstSeen(eventId: string): Promise<boolean> {
    const fresh = await this.rows.markEventSeen(this.channel, eventId, this.now());
    if (fresh && ++this.insertsSincePrune >= PRUNE_EVERY) await this.prune();
    return fresh;
  }

  async tokens(): Promise<TokenPair> {
    const stored = await this.rows.credentials(this.channel);
    const pair = stored ? (JSON.parse(stored) as StoredPair) : undefined;
    return pair && pair.origin === this.origin ? { accessToken: pair.accessToken, refreshToken: pair.refreshToken } : this.fromEnv;
  }

  async saveTokens(pair: Required<TokenPair>): Promise<void> {
    const stored: StoredPair = { ...pair, origin: this.origin };
    await this.rows.putCredentials(this.channel, JSON.stringify(stored), this.now());
  }

  private async prune(): Promise<void> {
    this.insertsSincePrune = 0;
    await this.rows.pruneEvents(this.channel, this.now() - SEEN_RETENTION_MS);
  }
}
