import pg from 'pg';
import type { Repositories } from '../repositories.js';
import { pgInbox, pgTurns } from './desk.js';
import { pgHealth } from './health.js';
import { migratePg } from './migrations.js';
import {
  type Atomic,
  type Query,
  pgAccess,
  pgIssuedSessions,
  pgCatalogChanges,
  pgChannelState,
  pgDossierRegistry,
  pgNotices,
  pgSessions,
  pgSubscriptions,
} from './repositories.js';

/** Milliseconds, ids and counts are BIGINT: read as numbers (all stay far below 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresStore {
  kind: 'postgres';
  repositories: Repositories;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Every instance's state in one PostgreSQL database (`DATABASE_URL`; `?options=-c search_path=…`
 * picks a schema). Brings the schema up to date under an advisory lock before anything is served.
 */
export async function openPostgresStore(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client that loses its server must not bring the process down; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await migratePg(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const query: Query = (text, values) => pool.query(text, values) as never;

  async function transaction<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn((text, values) => client.query(text, values) as never);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const build = (q: Query, atomic: Atomic, run: Repositories['transaction']): Repositories => ({
    sessions: pgSessions(q),
    inbox: pgInbox(q),
    turns: pgTurns(q),
    subscriptions: pgSubscriptions(q, atomic),
    notices: pgNotices(q, atomic),
    access: pgAccess(q),
    issuedSessions: pgIssuedSessions(q),
    channelState: pgChannelState(q),
    catalogChanges: pgCatalogChanges(q, atomic),
    dossierRegistry: pgDossierRegistry(q),
    health: pgHealth(q),
    transaction: run,
  });

  const repositories = build(query, transaction, (fn) =>
    transaction((q) => {
      // Inside: every call on the transaction's client; a nested transaction is part of it.
      const tx: Repositories = build(
        q,
        (inner) => inner(q),
        (inner) => inner(tx),
      );
      return fn(tx);
    }),
  );
  let closed = false;
  return {
    kind: 'postgres',
    repositories,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
