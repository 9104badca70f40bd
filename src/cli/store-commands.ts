import type { Command } from 'commander';
import { copySqliteToPostgres } from '../store/copy.js';

export interface StoreCommandContext {
  dataDir: string;
  databaseUrl?: string;
}

/** `store copy`: moves a SQLite deployment into PostgreSQL before running several instances. */
export function registerStoreCommands(program: Command, ctx: StoreCommandContext): void {
  const store = program.command('store').description('storage: move a SQLite deployment into PostgreSQL');
  store
    .command('copy')
    .description('copy everything in a SQLite DATA_DIR into an empty PostgreSQL database (stop the server first)')
    .option('--from <dir>', 'DATA_DIR of the SQLite deployment, or its motcua.sqlite', ctx.dataDir)
    .option('--to <url>', 'postgres://… of an empty database (default: DATABASE_URL)', ctx.databaseUrl)
    .action(async (options: { from: string; to?: string }) => {
      if (!options.to) throw new Error('--to postgres://user:password@host:5432/database is required (or set DATABASE_URL)');
      if (!/^postgres(ql)?:\/\//.test(options.to)) throw new Error(`--to must be a postgres:// URL, got "${options.to}"`);
      const { tables } = await copySqliteToPostgres(options.from, options.to);
      for (const { table, rows } of tables) console.log(`${table}: ${rows} rows`);
      console.error(
        `Copied ${tables.reduce((n, t) => n + t.rows, 0)} rows in ${tables.length} tables. Start the instances with DATABASE_URL set to this database.`,
      );
    });
}
