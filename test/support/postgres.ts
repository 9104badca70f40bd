import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for the tests: `DATABASE_URL` (set by .ci/run through .ci/services.sh). Every store a
 * test opens lives in a fresh schema of its own, dropped afterwards, so runs never collide.
 */
export const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;

export const skipMessage =
  'PostgreSQL suites skipped: DATABASE_URL is not set (start a server with `eval "$(bash .ci/services.sh start)"`, see README).';

/** A new empty schema; the URL selects it (`options=-c search_path=…`). */
export async function freshSchema(tag = 't'): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  if (!databaseUrl) throw new Error(skipMessage);
  const schema = `motcua_${tag}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
