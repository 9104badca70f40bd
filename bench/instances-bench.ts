import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LoadResult } from './load-client.js';
import { type RunningService, runLoad, startService } from './server-bench.js';
import { mark } from './stats.js';

/**
 * Throughput with several instances: one instance on SQLite, one and two on PostgreSQL
 * (`DATABASE_URL`, a fresh schema dropped afterwards), each loaded by its own autocannon process
 * (10 connections in all, split evenly), as a load balancer would spread them.
 */
export interface InstancesRow {
  label: string;
  instances: number;
  requests: number;
  non2xx: number;
  reqPerSecond: number;
  p50: number;
  p99: number;
}

export interface InstancesResult {
  records: number;
  seconds: number;
  cores: number;
  rows: InstancesRow[];
}

const CONNECTIONS = 10;
const SPEEDUP_GOAL = 1.8;

async function withSchema<T>(databaseUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const schema = `motcua_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  try {
    const url = new URL(databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return await run(url.toString());
  } finally {
    await admin(`DROP SCHEMA ${schema} CASCADE`);
  }
}

async function measure(label: string, services: RunningService[], repoDir: string, questions: string[], seconds: number): Promise<InstancesRow> {
  const per = Math.max(1, Math.floor(CONNECTIONS / services.length));
  await Promise.all(services.map((s) => runLoad(repoDir, s.url, questions, 2, per))); // warm-up
  const loads: LoadResult[] = await Promise.all(services.map((s) => runLoad(repoDir, s.url, questions, seconds, per)));
  return {
    label,
    instances: services.length,
    requests: loads.reduce((n, l) => n + l.total, 0),
    non2xx: loads.reduce((n, l) => n + l.non2xx, 0),
    reqPerSecond: loads.reduce((n, l) => n + l.requests.average, 0),
    p50: Math.max(...loads.map((l) => l.latency.p50)),
    p99: Math.max(...loads.map((l) => l.latency.p99)),
  };
}

async function serve(repoDir: string, catalogDir: string, count: number, env: Record<string, string>): Promise<RunningService[]> {
  // One at a time: the first runs the migrations, the others find them done.
  const services: RunningService[] = [];
  for (let i = 0; i < count; i++) services.push(await startService(repoDir, catalogDir, env, 60_000));
  return services;
}

export async function benchInstances(
  repoDir: string,
  catalogDir: string,
  questions: string[],
  seconds: number,
  databaseUrl: string,
  cores: number,
): Promise<InstancesResult> {
  const rows: InstancesRow[] = [];
  let records = 0;
  const run = async (label: string, count: number, env: Record<string, string>) => {
    const services = await serve(repoDir, catalogDir, count, env);
    try {
      records = services[0].procedures;
      rows.push(await measure(label, services, repoDir, questions, seconds));
    } finally {
      await Promise.all(services.map((s) => s.stop()));
    }
  };
  await run('SQLite', 1, { DATABASE_URL: '' });
  await withSchema(databaseUrl, async (url) => {
    await run('PostgreSQL', 1, { DATABASE_URL: url });
    await run('PostgreSQL', 2, { DATABASE_URL: url });
  });
  return { records, seconds, cores, rows };
}

export function instancesSection(result: InstancesResult | null, skipped: string | null): string[] {
  const lines = [
    '## 7. Several instances (PostgreSQL)',
    '',
    `Throughput of \`/api/v1/ask\` with one instance on SQLite, and one and two instances sharing one PostgreSQL`,
    `(\`DATABASE_URL\`, state in the database: sessions read and written on every turn). Each instance is the built`,
    `service loaded by its own autocannon process; ${CONNECTIONS} connections in all, split evenly; a 2 s warm-up.`,
    `The instances, the load clients and PostgreSQL share this machine's cores, so two instances cannot double`,
    `anything here: the goal (two instances ≥ ${SPEEDUP_GOAL}× one on SQLite) is for machines with the cores for it.`,
    '',
  ];
  if (!result) return [...lines, `Not measured in this run: ${skipped ?? 'see above'}.`];
  const sqlite = result.rows.find((r) => r.label === 'SQLite')?.reqPerSecond ?? Number.NaN;
  lines.push(
    `${result.records} records, ${result.seconds} s of load per row, ${result.cores} cores.`,
    '',
    '| Store | Instances | Requests | Non-2xx | req/s (sum) | Latency p50 / p99 (worst instance) | vs one on SQLite |',
    '|---|---:|---:|---:|---:|---:|---|',
  );
  for (const row of result.rows) {
    const ratio = row.reqPerSecond / sqlite;
    const goal = row.instances === 2 ? ` (goal ≥ ${SPEEDUP_GOAL}× with ≥ 4 cores${result.cores >= 4 ? ` ${mark(ratio >= SPEEDUP_GOAL)}` : ''})` : '';
    lines.push(
      `| ${row.label} | ${row.instances} | ${row.requests} | ${row.non2xx} | ${row.reqPerSecond.toFixed(0)} | ${row.p50} / ${row.p99} ms | ${ratio.toFixed(2)}×${goal} |`,
    );
  }
  return lines;
}
