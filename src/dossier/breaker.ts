/**
 * A circuit breaker for the upstream as a whole. It opens when, within `windowMs`, at least
 * `failureThreshold` *distinct* keys (dossier codes) failed and failures are at least half of the
 * distinct keys seen: one code looked up again and again is one failure however often it is asked,
 * and an upstream that still answers other codes is not down. Open, it refuses calls for
 * `cooldownMs` (a dead upstream then costs nothing per message); after the cool-down a single probe
 * is let through (half-open) and its outcome closes or re-opens the circuit.
 */
export interface BreakerOptions {
  failureThreshold: number;
  windowMs: number;
  cooldownMs: number;
  now?: () => number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Bounds the memory of outcomes however many codes are asked within a window. */
const MAX_KEYS = 10_000;

export class CircuitBreaker {
  private readonly outcomes = new Map<string, { failed: boolean; at: number }>();
  private openedAt: number | null = null;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.cooldownMs ? 'half_open' : 'open';
  }

  /** True when a call may go ahead; in half-open state only one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  recordSuccess(key: string): void {
    this.probing = false;
    if (this.openedAt !== null) {
      this.openedAt = null;
      this.outcomes.clear();
    }
    this.remember(key, false);
  }

  /** An outage-like failure (no connection, timeout, 5xx) of the call for `key`. */
  recordFailure(key: string): void {
    this.probing = false;
    if (this.openedAt !== null) {
      // A failed probe: stay open for another cool-down.
      this.openedAt = this.now();
      return;
    }
    this.remember(key, true);
    let failed = 0;
    for (const outcome of this.outcomes.values()) if (outcome.failed) failed += 1;
    if (failed >= this.options.failureThreshold && failed * 2 >= this.outcomes.size) this.openedAt = this.now();
  }

  /** The call ended without telling whether the upstream is up (a garbage answer): frees a probe. */
  release(): void {
    this.probing = false;
  }

  private remember(key: string, failed: boolean): void {
    const now = this.now();
    this.outcomes.delete(key);
    this.outcomes.set(key, { failed, at: now });
    // Insertion order is time order: the oldest entries are first.
    for (const [k, outcome] of this.outcomes) {
      if (now - outcome.at < this.options.windowMs && this.outcomes.size <= MAX_KEYS) break;
      this.outcomes.delete(k);
    }
  }
}
