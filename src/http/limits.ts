import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { HttpError } from './errors.js';

/**
 * Request limits (interface spec §1): per client address on every public route, per session
 * beneath it, and failed bearer-token checks per address apart from both. Counted in fixed
 * windows, in this process or, with REDIS_URL, in Redis so that several instances share them.
 */

export interface HitCounter {
  /** Counts one hit on `key` in its current window; the count so far and the ms left in the window. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /** The count so far without counting. */
  peek(key: string): Promise<{ count: number; resetMs: number }>;
  /** Resolves once the counter can count (Redis connected, or given up on for now). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Above this many keys, expired windows are dropped on the next hit. */
const PRUNE_ABOVE = 50_000;

export function memoryCounter(now: () => number = Date.now): HitCounter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string, at: number) => {
    const window = windows.get(key);
    return window && window.resetAt > at ? window : undefined;
  };
  return {
    async hit(key, windowMs) {
      const at = now();
      if (windows.size > PRUNE_ABOVE) for (const [k, w] of windows) if (w.resetAt <= at) windows.delete(k);
      const window = current(key, at) ?? { count: 0, resetAt: at + windowMs };
      window.count += 1;
      windows.set(key, window);
      return { count: window.count, resetMs: window.resetAt - at };
    },
    async peek(key) {
      const at = now();
      const window = current(key, at);
      return window ? { count: window.count, resetMs: window.resetAt - at } : { count: 0, resetMs: 0 };
    },
    async ready() {},
    async close() {},
  };
}

/** INCR and, for the first hit of a window, its expiry: one round trip, atomic. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

/**
 * Counts in Redis. When Redis cannot answer within a short time, this process counts alone
 * (the limits still hold per instance) and says so in the log once a minute.
 */
export function redisCounter(url: string, logger: Logger): HitCounter {
  // ioredis is loaded only where REDIS_URL is set: a single instance never pays for it at start or in memory.
  const client = import('ioredis').then(({ Redis }) => {
    const redis = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      connectTimeout: 2000,
    });
    redis.on('error', () => {});
    return redis;
  });
  const fallback = memoryCounter();
  let warnedAt = 0;
  const degraded = (error: unknown) => {
    if (Date.now() - warnedAt > 60_000) {
      warnedAt = Date.now();
      logger.warn({ reason: (error as Error).message }, 'REDIS_URL unreachable: rate limits counted in this process only');
    }
  };
  const prefix = 'motcua:limit:';
  return {
    async hit(key, windowMs) {
      try {
        const redis = await client;
        const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, prefix + key, windowMs)) as [number, number];
        return { count, resetMs: ttl > 0 ? ttl : windowMs };
      } catch (error) {
        degraded(error);
        return fallback.hit(key, windowMs);
      }
    },
    async peek(key) {
      try {
        const redis = await client;
        const [[, count], [, ttl]] = (await redis
          .multi()
          .get(prefix + key)
          .pttl(prefix + key)
          .exec()) as [[unknown, string | null], [unknown, number]];
        return { count: Number(count ?? 0), resetMs: Math.max(0, ttl) };
      } catch (error) {
        degraded(error);
        return fallback.peek(key);
      }
    },
    /** Waits for the first connection (up to its timeout), so the first requests count in Redis too. */
    async ready() {
      const redis = await client;
      if (redis.status === 'ready') return;
      const connected = new Promise<boolean>((resolve) => {
        redis.once('ready', () => resolve(true));
        setTimeout(() => resolve(false), 2500).unref();
      });
      if (!(await connected)) degraded(new Error(`no connection to ${new URL(url).host} yet`));
    },
    async close() {
      (await client).disconnect();
    },
  };
}

export interface Limits {
  /** One request from an address (every public route): throws 429 past RATE_LIMIT_PER_MINUTE. */
  address(address: string): Promise<void>;
  /** One turn of a conversation: throws 429 past SESSION_RATE_LIMIT_PER_MINUTE. */
  session(sessionId: string): Promise<void>;
  /** One dossier lookup by a client (DOSSIER_LOOKUPS_PER_10_MIN): codes are sequential, this stops enumeration. */
  dossierLookup(clientKey: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /** Whether the address already used its failed bearer-token checks this minute. */
  authBlocked(address: string): Promise<{ blocked: boolean; retryAfterMs: number }>;
  /** Counts one failed bearer-token check; the count so far this minute. */
  authFailed(address: string): Promise<number>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

const MINUTE = 60_000;
const TEN_MINUTES = 10 * MINUTE;

/** The 429 of the limits: Vietnamese, with how long to wait (also as Retry-After). */
export class TooManyRequests extends HttpError {
  constructor(retryAfterMs: number, message?: string) {
    super(
      429,
      'too_many_requests',
      message ?? `Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ${Math.max(1, Math.ceil(retryAfterMs / 1000))} giây.`,
      retryAfterMs,
    );
  }
}

export function createLimits(config: Config, logger: Logger, counter?: HitCounter): Limits {
  const hits = counter ?? (config.REDIS_URL ? redisCounter(config.REDIS_URL, logger) : memoryCounter());
  const check = async (key: string, max: number) => {
    const { count, resetMs } = await hits.hit(key, MINUTE);
    if (count > max) throw new TooManyRequests(resetMs);
  };
  return {
    address: (address) => check(`ip:${address}`, config.RATE_LIMIT_PER_MINUTE),
    session: (sessionId) => check(`s:${sessionId}`, config.SESSION_RATE_LIMIT_PER_MINUTE),
    async dossierLookup(clientKey) {
      const { count, resetMs } = await hits.hit(`lookup:${clientKey}`, TEN_MINUTES);
      return count > config.DOSSIER_LOOKUPS_PER_10_MIN ? { allowed: false, retryAfterMs: resetMs } : { allowed: true, retryAfterMs: 0 };
    },
    async authBlocked(address) {
      const { count, resetMs } = await hits.peek(`auth:${address}`);
      return { blocked: count >= config.AUTH_FAILURES_PER_MINUTE, retryAfterMs: resetMs };
    },
    authFailed: async (address) => (await hits.hit(`auth:${address}`, MINUTE)).count,
    ready: () => hits.ready(),
    close: () => hits.close(),
  };
}
