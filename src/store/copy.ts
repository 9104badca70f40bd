import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from './db.js';
import { takeServerLock } from './lock.js';
import { openPostgresStore } from './postgres/index.js';

/** Why a copy did not start; nothing was written. */
export class CopyRefused extends Error {}

export interface CopyResult {
  /** Rows copied per table, in copy order. */
  tables: Array<{ table: string; rows: number }>;
}

/** Bookkeeping of either side, never copied. */
const SKIP = new Set(['schema_migrations', 'sqlite_sequence']);
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Rows per INSERT, kept well under PostgreSQL's 65,535 parameters. */
const PARAMS_PER_INSERT = 30_000;

/**
 * Copies a SQLite deployment (its DATA_DIR, or the .sqlite file) into an empty PostgreSQL
 * database, in one transaction: every table both schemas have, the columns both have, ids kept
 * (sequences moved past them). Refuses, writing nothing, while a server holds DATA_DIR or when
 * the target already holds data.
 */
export async function copySqliteToPostgres(from: string, to: string): Promise<CopyResult> {
  const file = existsSync(from) && statSync(from).isDirectory() ? path.join(from, 'motcua.sqlite') : from;
  if (!existsSync(file)) throw new CopyRefused(`No SQLite database at ${file}: give the DATA_DIR of the deployment (or its motcua.sqlite).`);
  const dataDir = path.dirname(file);
  let lock;
  try {
    lock = takeServerLock(dataDir);
  } catch (error) {
    throw new CopyRefused(`${(error as Error).message} Stop it before copying, so nothing it writes meanwhile is lost.`);
  }
  const sqlite = openDatabase(file);
  const target = await openPostgresStore(to, { max: 1 });
  try {
    const client = await target.pool.connect();
    try {
      const pgTables = await client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      );
      const pgColumns = new Map<string, string[]>();
      for (const row of pgTables.rows) pgColumns.set(row.table_name, [...(pgColumns.get(row.table_name) ?? []), row.column_name]);
      const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>)
        .map((t) => t.name)
        .filter((name) => !SKIP.has(name) && pgColumns.has(name));

      const nonEmpty: string[] = [];
      for (const table of pgColumns.keys()) {
        if (SKIP.has(table)) continue;
        const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`);
        if (rows[0].n > 0) nonEmpty.push(`${table} (${rows[0].n})`);
      }
      if (nonEmpty.length) {
        throw new CopyRefused(
          `The target database is not empty: ${nonEmpty.join(', ')}. The copy goes only into an empty database; nothing was copied.`,
        );
      }

      const result: CopyResult = { tables: [] };
      await client.query('BEGIN');
      try {
        for (const table of tables) {
          const sqliteColumns = (sqlite.prepare(`PRAGMA table_info(${quote(table)})`).all() as Array<{ name: string }>).map((c) => c.name);
          const columns = sqliteColumns.filter((c) => pgColumns.get(table)!.includes(c));
          const perInsert = Math.max(1, Math.floor(PARAMS_PER_INSERT / columns.length));
          const select = sqlite.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`).raw();
          let batch: unknown[][] = [];
          let copied = 0;
          const flush = async () => {
            if (!batch.length) return;
            const values = batch.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
            await client.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${values}`, batch.flat());
            copied += batch.length;
            batch = [];
          };
          for (const row of select.iterate() as IterableIterator<unknown[]>) {
            batch.push(row);
            if (batch.length >= perInsert) await flush();
          }
          await flush();
          const sequence = columns.includes('id')
            ? (await client.query<{ seq: string | null }>("SELECT pg_get_serial_sequence($1, 'id') AS seq", [quote(table)])).rows[0]?.seq
            : null;
          if (sequence) {
            await client.query(`SELECT setval($1, (SELECT COALESCE(MAX(id), 0) + 1 FROM ${quote(table)}), false)`, [sequence]);
          }
          result.tables.push({ table, rows: copied });
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return result;
    } finally {
      client.release();
    }
  } finally {
    await target.close();
    sqlite.close();
    lock.release();
  }
}
