import { type ChannelStateRepository, type Db, repositoriesOf } from '../../store/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Zalo re-sends an event for a short while only; a day of ids is plenty. */
const SEEN_RETENTION_MS = DAY_MS;
const PRUNE_EVERY = 500;

export interface TokenPair {
  accessToken?: string;
  refreshToken?: string;
}

/**
 * The Zalo channel's own state: event ids already handled (Zalo re-sends events; a restart must
 * not answer twice) and the OA token pair. Refresh tokens are single-use, so a renewed pair is
 * stored and wins over the environment's from then on.
 */
export class ZaloStore {
  private readonly rows: ChannelStateRepository;
  private readonly channel: string;
  private insertsSincePrune = 0;

  constructor(db: Db, appId: string, private readonly fromEnv: TokenPair, private readonly now: () => number = Date.now) {
    this.rows = repositoriesOf(db).channelState;
    this.channel = `zalo:${appId}`;
    this.prune();
  }

  /** True the first time an event id is seen, false for every repeat. */
  firstSeen(eventId: string): boolean {
    const fresh = this.rows.markEventSeen(this.channel, eventId, this.now());
    if (fresh && ++this.insertsSincePrune >= PRUNE_EVERY) this.prune();
    return fresh;
  }

  tokens(): TokenPair {
    const stored = this.rows.credentials(this.channel);
    return stored ? (JSON.parse(stored) as TokenPair) : this.fromEnv;
  }

  saveTokens(pair: Required<TokenPair>): void {
    this.rows.putCredentials(this.channel, JSON.stringify(pair), this.now());
  }

  private prune(): void {
    this.rows.pruneEvents(this.channel, this.now() - SEEN_RETENTION_MS);
    this.insertsSincePrune = 0;
  }
}
