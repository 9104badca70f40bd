import type Database from 'better-sqlite3';

/**
 * Numbered schema migrations, run in order at open. `PRAGMA user_version` records the last one
 * applied; each runs in its own IMMEDIATE transaction and re-reads the version inside it, so a
 * CLI command and the server opening the same file at once never apply one twice.
 * Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    // The schema the modules used to create for themselves; databases made before migrations
    // already have all of it, so every statement is IF NOT EXISTS.
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('feedback', 'staff_question')),
        session_id TEXT NOT NULL,
        text TEXT NOT NULL,
        conversation TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE IF NOT EXISTS outbox_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, text TEXT NOT NULL,
        suggestions TEXT NOT NULL, created_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS outbox_messages_session ON outbox_messages (session_id, id);
      CREATE TABLE IF NOT EXISTS dossier_registry (code TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS dossier_subscriptions (
        session_id TEXT NOT NULL, code TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, code)
      );
      CREATE INDEX IF NOT EXISTS dossier_subscriptions_code ON dossier_subscriptions (code);
      CREATE TABLE IF NOT EXISTS dossier_watch (code TEXT PRIMARY KEY, next_poll_at INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS dossier_notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, text TEXT NOT NULL, suggestions TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS dossier_staff_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, staff_id TEXT NOT NULL, code TEXT NOT NULL, outcome TEXT NOT NULL, viewed_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS telegram_seen_updates (
        bot_id INTEGER NOT NULL, update_id INTEGER NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (bot_id, update_id)
      );
      CREATE INDEX IF NOT EXISTS telegram_seen_updates_seen_at ON telegram_seen_updates (seen_at);
      CREATE TABLE IF NOT EXISTS telegram_callbacks (id TEXT PRIMARY KEY, text TEXT NOT NULL, used_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS telegram_callbacks_used_at ON telegram_callbacks (used_at);
      CREATE TABLE IF NOT EXISTS api_tokens (
        id INTEGER PRIMARY KEY AUTOINCREMENT, token_hash TEXT NOT NULL UNIQUE, agency TEXT NOT NULL, role TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS catalog_change_batches (
        id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT NULL, applied_at TEXT NOT NULL, author TEXT NOT NULL,
        batch TEXT NOT NULL, summaries TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS catalog_interest (session_id TEXT NOT NULL, code TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (session_id, code));
      CREATE INDEX IF NOT EXISTS catalog_interest_code ON catalog_interest (code, at);
    `,
  },
  {
    // One table for every message that reaches a session later, whatever its source and channel.
    // Rows waiting in the outbox have no next_at; rows for push channels do, so the dispatcher's
    // partial index never sees the outbox and a session's read never sees other sessions.
    version: 2,
    name: 'one notices table, catalog notice jobs, purge indexes',
    sql: `
      CREATE TABLE notices (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        suggestions TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sending')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX notices_session ON notices (session_id, channel, id);
      CREATE INDEX notices_due ON notices (next_at, id) WHERE next_at IS NOT NULL;
      CREATE INDEX notices_expiry ON notices (expires_at);
      INSERT INTO notices (session_id, channel, source, text, suggestions, attempts, next_at, created_at, expires_at)
        SELECT session_id, CASE WHEN session_id LIKE 'tg:%' THEN 'telegram' ELSE 'outbox' END, 'dossier', text, suggestions,
               attempts, CASE WHEN session_id LIKE 'tg:%' THEN created_at END, created_at, created_at + 604800000
        FROM dossier_notifications ORDER BY id;
      INSERT INTO notices (session_id, channel, source, text, suggestions, created_at, expires_at)
        SELECT session_id, 'outbox', 'dossier', text, suggestions, created_at, created_at + 604800000 FROM outbox_messages ORDER BY id;
      DROP TABLE dossier_notifications;
      DROP TABLE outbox_messages;
      CREATE TABLE catalog_notice_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        code TEXT NOT NULL,
        since INTEGER NOT NULL,
        cursor TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        suggestions TEXT NOT NULL
      );
      CREATE INDEX catalog_interest_audience ON catalog_interest (code, session_id, at);
      CREATE INDEX catalog_interest_at ON catalog_interest (at);
      CREATE INDEX sessions_updated_at ON sessions (updated_at);
    `,
  },
  {
    // Zalo: event ids are strings (beyond 2^53), OA tokens renew into a new single-use pair that
    // must outlive a restart, and a notice past the platform's window is recorded, not retried.
    version: 3,
    name: 'channel events by string id, channel credentials, undeliverable notices',
    sql: `
      CREATE TABLE channel_events (
        channel TEXT NOT NULL, event_id TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (channel, event_id)
      );
      CREATE INDEX channel_events_seen_at ON channel_events (channel, seen_at);
      CREATE TABLE channel_credentials (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE undeliverable_notices (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
      );
      CREATE INDEX undeliverable_notices_session ON undeliverable_notices (session_id, id);
    `,
  },
  {
    // Personal, scoped, revocable tokens; one audit of access with person, address and refusals
    // (the staff views recorded so far move into it); session ids issued by the citizen API.
    version: 4,
    name: 'personal tokens, access audit, issued session ids',
    sql: `
      ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
      CREATE TABLE access_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        person TEXT NOT NULL,
        address TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        status INTEGER NOT NULL
      );
      CREATE INDEX access_audit_at ON access_audit (at);
      INSERT INTO access_audit (at, actor, person, address, action, target, status)
        SELECT viewed_at, staff_id, '', '', 'dossier.view', code,
               CASE outcome WHEN 'found' THEN 200 WHEN 'malformed' THEN 400 WHEN 'not_found' THEN 404 ELSE 503 END
        FROM dossier_staff_audit ORDER BY id;
      DROP TABLE dossier_staff_audit;
      CREATE TABLE issued_sessions (id TEXT PRIMARY KEY, issued_at INTEGER NOT NULL, used_at INTEGER NOT NULL);
      CREATE INDEX issued_sessions_used_at ON issued_sessions (used_at);
    `,
  },
];

export function migrate(db: Database.Database, list: Migration[] = migrations): number {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  for (const migration of list) {
    if (current() >= migration.version) continue;
    db.transaction(() => {
      if (current() >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return current();
}
