import { describe, expect, it } from 'vitest';
import { pgMigrations } from '../../src/store/postgres/migrations.js';
import { type PostgresStore, openPostgresStore } from '../../src/store/postgres/index.js';
import { databaseUrl, freshSchema, skipMessage } from '../support/postgres.js';
import { type StorageFactory, storageContracts } from './contract.js';

/** The same contract suites as SQLite, on a real PostgreSQL (DATABASE_URL), one fresh schema per store. */
const postgres: StorageFactory = {
  name: 'PostgreSQL',
  async make() {
    const schema = await freshSchema('contract');
    const open: PostgresStore[] = [await openPostgresStore(schema.url, { max: 4 })];
    return {
      repositories: open[0].repositories,
      async reopen() {
        open.push(await openPostgresStore(schema.url, { max: 4 }));
        return open.at(-1)!.repositories;
      },
      async close() {
        for (const store of open) await store.close();
        await schema.drop();
      },
    };
  },
};

if (databaseUrl) {
  for (const contract of storageContracts) contract(postgres);

  describe('PostgreSQL migrations', () => {
    it('instances starting together apply each migration once, under the advisory lock', async () => {
      const schema = await freshSchema('migrate');
      try {
        const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(schema.url, { max: 2 })));
        const { rows } = await stores[0].pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => r.version)).toEqual(pgMigrations.map((m) => m.version));
        for (const store of stores) await store.close();
      } finally {
        await schema.drop();
      }
    });
  });
} else {
  console.warn(skipMessage);
  it.skip(skipMessage, () => undefined);
}
