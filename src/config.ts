import path from 'node:path';
import { z } from 'zod';

/** Environment variables of interface spec §1, validated once at start-up. */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const optionalUrl = optionalString.pipe(z.string().url().optional());

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./var'),
  /** PostgreSQL for every instance's state (spec §8); unset: the embedded SQLite in DATA_DIR. */
  DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'use postgres://user:password@host:5432/database').optional()),
  CATALOG_DIR: z.string().default('./data/catalog'),
  DOSSIER_API_URL: optionalUrl,
  DOSSIER_API_TOKEN: optionalString,
  DOSSIER_TIMEOUT_MS: positiveInt(3000),
  DOSSIER_POLL_INTERVAL_MS: positiveInt(5 * 60_000),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  PUBLIC_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'use 1-256 characters A-Z, a-z, 0-9, _ and -').optional(),
  ),
  /** Zalo OA (spec §7): the channel is on when both the app id and the OA secret key are set. */
  ZALO_APP_ID: optionalString.pipe(z.string().regex(/^\d{1,30}$/, 'the app id is digits (Zalo for Developers → app → App ID)').optional()),
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_API_ROOT: z.string().url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: z.string().url().default('https://oauth.zaloapp.com'),
  /**
   * Which proxies may set X-Forwarded-For: unset (trust none: the socket address is the client),
   * "true", a hop count, or a comma-separated list of addresses/CIDRs. Limits key on this address.
   */
  TRUST_PROXY: optionalString.transform((v): boolean | number | string[] => {
    if (!v || v === 'false') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    return v.split(',').map((part) => part.trim()).filter(Boolean);
  }),
  RATE_LIMIT_PER_MINUTE: positiveInt(120),
  DOSSIER_LOOKUPS_PER_10_MIN: positiveInt(20),
  ADMIN_TOKEN: optionalString,
  STAFF_TOKEN: optionalString,
  HOTLINE: z.string().default('1900 1234 (7:30–17:00, thứ Hai – thứ Sáu)'),
  SESSION_TTL_MINUTES: positiveInt(30),
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
