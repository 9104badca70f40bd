/**
 * Sliding-window limit per client. Receipt codes are sequential, so without it anyone could
 * enumerate other people's dossiers.
 */
export interface RateLimiter {
  /** Counts one attempt; `allowed` false once the client used its quota. */
  take(key: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

/**
 * The in-process sliding window, for a service used alone (CLI, tests). The server passes one
 * counted with its other limits instead, shared between instances through Redis (spec §8).
 */

/** Above this many tracked clients, idle ones are forgotten on the next attempt. */
const PRUNE_ABOVE = 10_000;

export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  const hits = new Map<string, number[]>();

  function recent(key: string, at: number): number[] {
    const kept = (hits.get(key) ?? []).filter((t) => t > at - options.windowMs);
    if (kept.length) hits.set(key, kept);
    else hits.delete(key);
    return kept;
  }

  return {
    async take(key) {
      const at = now();
      if (hits.size > PRUNE_ABOVE) for (const k of [...hits.keys()]) recent(k, at);
      const kept = recent(key, at);
      if (kept.length >= options.limit) return { allowed: false, retryAfterMs: kept[0] + options.windowMs - at };
      hits.set(key, [...kept, at]);
      return { allowed: true, retryAfterMs: 0 };
    },
  };
}
