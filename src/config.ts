import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';

/** Environment variables of interface spec §1, validated once at start-up. */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const optionalUrl = optionalString.pipe(z.string().url().optional());
/** Bootstrap tokens are guessed offline as fast as online: 32 characters at least (e.g. `openssl rand -base64 32`). */
const bootstrapToken = optionalString.pipe(
  z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -base64 32)').optional(),
);

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./var'),
  /** PostgreSQL for every instance's state (spec §8); unset: the embedded SQLite in DATA_DIR. */
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'use postgres://user:password@host:5432/database')
      .optional(),
  ),
  CATALOG_DIR: z.string().default('./data/catalog'),
  DOSSIER_API_URL: optionalUrl,
  DOSSIER_API_TOKEN: optionalString,
  DOSSIER_TIMEOUT_MS: positiveInt(3000),
  DOSSIER_POLL_INTERVAL_MS: positiveInt(5 * 60_000),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  PUBLIC_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'use 1-256 characters A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  /** Zalo OA (spec §7): the channel is on when both the app id and the OA secret key are set. */
  ZALO_APP_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,30}$/, 'the app id is digits (Zalo for Developers → app → App ID)')
      .optional(),
  ),
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_API_ROOT: z.string().url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: z.string().url().default('https://oauth.zaloapp.com'),
  /**
   * Which proxies may set X-Forwarded-For: unset (trust none: the socket address is the client),
   * a hop count, or a comma-separated list of addresses/CIDRs. Never "true": believing every
   * address lets any client choose the address its limits count against.
   */
  TRUST_PROXY: optionalString.transform((v, ctx): number | string[] | false => {
    if (!v || v === 'false' || v === '0') return false;
    if (v === 'true' || v === '*') {
      ctx.addIssue({
        code: 'custom',
        message:
          'believing every address lets any client pick the address its limits count against; write the hop count of your proxies (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.1,10.1.0.0/16)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(v)) return Number(v);
    const parts = v
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const bad = parts.filter((part) => !isIP(part.split('/')[0]) && !['loopback', 'linklocal', 'uniquelocal'].includes(part));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `not an address or CIDR: ${bad.join(', ')} (write a hop count such as 1, or addresses/CIDRs such as 10.0.0.1,10.1.0.0/16)`,
      });
      return z.NEVER;
    }
    return parts;
  }),
  /** Requests per minute per client address on the citizen API, whatever session ids it sends. */
  RATE_LIMIT_PER_MINUTE: positiveInt(600),
  /** Requests per minute per session (conversation) under the address limit. */
  SESSION_RATE_LIMIT_PER_MINUTE: positiveInt(30),
  /** Failed bearer-token checks per minute per address before every protected request answers 429. */
  AUTH_FAILURES_PER_MINUTE: positiveInt(5),
  DOSSIER_LOOKUPS_PER_10_MIN: positiveInt(20),
  /** Shares the limits between instances; unset: each process counts its own. */
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'use redis://host:port or rediss://…')
      .optional(),
  ),
  ADMIN_TOKEN: bootstrapToken,
  STAFF_TOKEN: bootstrapToken,
  /** Slow clients: the whole request (headers and body) must arrive within this. */
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(30_000),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(5_000),
  /** Open connections at most; past it new ones are refused rather than the process running out of descriptors. */
  HTTP_MAX_CONNECTIONS: positiveInt(2_000),
  /** Load shedding: above this event-loop delay requests get 503 at once (0 turns it off). */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  HOTLINE: z.string().default('1900 1234 (7:30–17:00, thứ Hai – thứ Sáu)'),
  SESSION_TTL_MINUTES: positiveInt(30),
  /** Staff desk: an inbox item not answered within this many hours is marked overdue. */
  INBOX_OVERDUE_HOURS: positiveInt(24),
  /** Inbox items (texts kept whole) and the turn log (scrubbed) are deleted after this many days. */
  INBOX_RETENTION_DAYS: positiveInt(365),
  TURN_LOG_RETENTION_DAYS: positiveInt(180),
  /** Recent search results kept per catalog (0 = off). */
  SEARCH_CACHE_SIZE: z.coerce.number().int().min(0).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema> & { databaseFile: string };

export class ConfigError extends Error {}

/** Reads the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return { ...parsed.data, databaseFile: path.join(parsed.data.DATA_DIR, 'motcua.sqlite') };
}
