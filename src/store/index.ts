import type { Db } from './db.js';
import type { Repositories } from './repositories.js';
import { sqliteAccess, sqliteChannelState, sqliteIssuedSessions } from './sqlite/access.js';
import { sqliteCatalogChanges } from './sqlite/catalog.js';
import { sqliteDossierRegistry, sqliteSubscriptions } from './sqlite/dossiers.js';
import { sqliteHealth } from './sqlite/health.js';
import { sqliteNotices } from './sqlite/notices.js';
import { sqliteInbox, sqliteSessions } from './sqlite/sessions.js';
import { sqliteTurns } from './sqlite/turns.js';
import { openDatabase } from './db.js';
import { checkpointInBackground } from './sqlite/checkpointer.js';

export { type Db, openDatabase } from './db.js';
export * from './repositories.js';

/** An open storage backend: the repositories, and how to let go of it. */
export interface Store {
  kind: 'sqlite' | 'postgres';
  repositories: Repositories;
  close(): Promise<void>;
}

const cache = new WeakMap<Db, Repositories>();

type AnyFn = (...args: unknown[]) => unknown;

/**
 * The repositories over one open SQLite connection, made once per connection (their statements
 * are prepared once). A transaction holds the connection from BEGIN IMMEDIATE to COMMIT while its
 * async function runs: calls made outside it wait until it ends, so nothing else slips into it,
 * and two transactions never interleave.
 */
export function repositoriesOf(db: Db): Repositories {
  let repositories = cache.get(db);
  if (repositories) return repositories;
  const sync = {
    sessions: sqliteSessions(db),
    inbox: sqliteInbox(db),
    turns: sqliteTurns(db),
    subscriptions: sqliteSubscriptions(db),
    notices: sqliteNotices(db),
    access: sqliteAccess(db),
    issuedSessions: sqliteIssuedSessions(db),
    channelState: sqliteChannelState(db),
    catalogChanges: sqliteCatalogChanges(db),
    dossierRegistry: sqliteDossierRegistry(db),
    health: sqliteHealth(db),
  };
  /** The transaction holding the connection, if any. */
  let busy: Promise<unknown> | null = null;

  const bind = (gated: boolean) => {
    const out: Record<string, unknown> = {};
    for (const [name, repo] of Object.entries(sync) as Array<[string, Record<string, AnyFn>]>) {
      const methods: Record<string, AnyFn> = {};
      for (const [method, fn] of Object.entries(repo)) {
        methods[method] = gated
          ? async (...args) => {
              // Checked again after every wait, right before the synchronous call.
              while (busy) await busy.catch(() => undefined);
              return fn(...args);
            }
          : async (...args) => fn(...args);
      }
      out[name] = methods;
    }
    return out as unknown as Omit<Repositories, 'transaction'>;
  };

  const inside: Repositories = { ...bind(false), transaction: (fn) => fn(inside) };
  repositories = {
    ...bind(true),
    async transaction(fn) {
      while (busy) await busy.catch(() => undefined);
      const run = (async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(inside);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      })();
      busy = run;
      try {
        return await run;
      } finally {
        if (busy === run) busy = null;
      }
    },
  };
  cache.set(db, repositories);
  return repositories;
}

/** How a store is opened: a server checkpoints SQLite's log in the background (`checkpointer.ts`); a CLI command need not. */
export interface StoreOptions {
  serving?: { onCheckpointFailure(error: Error): void };
}

/** The embedded SQLite store in one file (`DATA_DIR/motcua.sqlite`). */
export function openSqliteStore(file: string, options: StoreOptions = {}): Store & { db: Db } {
  const db = openDatabase(file);
  const checkpointer =
    options.serving && file !== ':memory:' ? checkpointInBackground(db, file, { onFailure: options.serving.onCheckpointFailure }) : null;
  return {
    kind: 'sqlite',
    db,
    repositories: repositoriesOf(db),
    async close() {
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}

/** PostgreSQL when `DATABASE_URL` is set (several instances), else the SQLite file in DATA_DIR. */
export async function openStore(config: { DATABASE_URL?: string; databaseFile: string }, options: StoreOptions = {}): Promise<Store> {
  if (!config.DATABASE_URL) return openSqliteStore(config.databaseFile, options);
  // pg is loaded only where it is used: a SQLite server never pays for it at start or in memory.
  const { openPostgresStore } = await import('./postgres/index.js');
  return openPostgresStore(config.DATABASE_URL);
}
