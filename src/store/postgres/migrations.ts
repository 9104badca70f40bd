import type pg from 'pg';

/**
 * The PostgreSQL schema, as numbered migrations (the same tables as SQLite's, in PostgreSQL's
 * types). Every instance runs them at start under one advisory lock, so instances starting
 * together apply each once. Keys that are read in order are `COLLATE "C"`: byte order, as in
 * SQLite, whatever the database's locale. Never edit a shipped migration: add the next number.
 */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** The advisory lock key of migrations ("motcua" in ASCII). */
const MIGRATION_LOCK = 0x6d6f74637561;

export const pgMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'schema of SQLite migrations 1-3',
    sql: `
      CREATE TABLE sessions (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE INDEX sessions_updated_at ON sessions (updated_at);
      CREATE TABLE inbox (
        id BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('feedback', 'staff_question')),
        session_id TEXT NOT NULL,
        text TEXT NOT NULL,
        conversation TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      );
      CREATE TABLE dossier_registry (code TEXT COLLATE "C" PRIMARY KEY, record TEXT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE TABLE dossier_subscriptions (
        session_id TEXT NOT NULL, code TEXT COLLATE "C" NOT NULL, fingerprint TEXT NOT NULL, created_at BIGINT NOT NULL,
        PRIMARY KEY (session_id, code)
      );
      CREATE INDEX dossier_subscriptions_code ON dossier_subscriptions (code);
      CREATE TABLE dossier_watch (code TEXT COLLATE "C" PRIMARY KEY, next_poll_at BIGINT NOT NULL, failures INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX dossier_watch_due ON dossier_watch (next_poll_at);
      CREATE TABLE dossier_staff_audit (
        id BIGSERIAL PRIMARY KEY, staff_id TEXT NOT NULL, code TEXT NOT NULL, outcome TEXT NOT NULL, viewed_at TEXT NOT NULL
      );
      CREATE TABLE telegram_seen_updates (
        bot_id BIGINT NOT NULL, update_id BIGINT NOT NULL, seen_at BIGINT NOT NULL, PRIMARY KEY (bot_id, update_id)
      );
      CREATE INDEX telegram_seen_updates_seen_at ON telegram_seen_updates (seen_at);
      CREATE TABLE telegram_callbacks (id TEXT PRIMARY KEY, text TEXT NOT NULL, used_at BIGINT NOT NULL);
      CREATE INDEX telegram_callbacks_used_at ON telegram_callbacks (used_at);
      CREATE TABLE api_tokens (
        id BIGSERIAL PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, agency TEXT NOT NULL, role TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE TABLE catalog_change_batches (
        id BIGSERIAL PRIMARY KEY, version INTEGER NOT NULL, applied_at TEXT NOT NULL, author TEXT NOT NULL,
        batch TEXT NOT NULL, summaries TEXT NOT NULL
      );
      CREATE TABLE catalog_interest (
        session_id TEXT COLLATE "C" NOT NULL, code TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (session_id, code)
      );
      CREATE INDEX catalog_interest_audience ON catalog_interest (code, session_id, at);
      CREATE INDEX catalog_interest_at ON catalog_interest (at);
      CREATE TABLE notices (
        id BIGSERIAL PRIMARY KEY,
        session_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        suggestions TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sending')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at BIGINT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX notices_session ON notices (session_id, channel, id);
      CREATE INDEX notices_due ON notices (next_at, id) WHERE next_at IS NOT NULL;
      CREATE INDEX notices_expiry ON notices (expires_at);
      CREATE TABLE catalog_notice_jobs (
        id BIGSERIAL PRIMARY KEY,
        code TEXT NOT NULL,
        since BIGINT NOT NULL,
        cursor TEXT COLLATE "C" NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        suggestions TEXT NOT NULL
      );
      CREATE TABLE channel_events (
        channel TEXT NOT NULL, event_id TEXT NOT NULL, seen_at BIGINT NOT NULL, PRIMARY KEY (channel, event_id)
      );
      CREATE INDEX channel_events_seen_at ON channel_events (channel, seen_at);
      CREATE TABLE channel_credentials (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE TABLE undeliverable_notices (
        id BIGSERIAL PRIMARY KEY,
        session_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        recorded_at BIGINT NOT NULL
      );
      CREATE INDEX undeliverable_notices_session ON undeliverable_notices (session_id, id);
    `,
  },
  {
    // SQLite migration 4: personal, scoped, revocable tokens; the access audit (staff views so far
    // moved into it); session ids issued by the citizen API.
    version: 2,
    name: 'personal tokens, access audit, issued session ids',
    sql: `
      ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
      CREATE TABLE access_audit (
        id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, person TEXT NOT NULL, address TEXT NOT NULL,
        action TEXT NOT NULL, target TEXT NOT NULL, status INTEGER NOT NULL
      );
      CREATE INDEX access_audit_at ON access_audit (at);
      INSERT INTO access_audit (at, actor, person, address, action, target, status)
        SELECT viewed_at, staff_id, '', '', 'dossier.view', code,
               CASE outcome WHEN 'found' THEN 200 WHEN 'malformed' THEN 400 WHEN 'not_found' THEN 404 ELSE 503 END
        FROM dossier_staff_audit ORDER BY id;
      DROP TABLE dossier_staff_audit;
      CREATE TABLE issued_sessions (id TEXT COLLATE "C" PRIMARY KEY, issued_at BIGINT NOT NULL, used_at BIGINT NOT NULL);
      CREATE INDEX issued_sessions_used_at ON issued_sessions (used_at);
    `,
  },
];

/** Applies the missing migrations, each in its own transaction, holding the advisory lock throughout; returns the version. */
export async function migratePg(pool: pg.Pool, list: PgMigration[] = pgMigrations): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const migration of list) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.add(migration.version);
    }
    return Math.max(0, ...applied);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
