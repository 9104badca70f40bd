import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogDir, writeCatalogFile } from '../src/catalog/loader.js';
import { importDvcScrape } from '../src/catalog/import/index.js';
import type { Procedure } from '../src/catalog/schema.js';
import { buildLargeCatalog, loadOfficialCatalog, officialScrapeDir } from './catalog-fixtures.js';
import { askQuestions, buildQuerySet, loadColloquial } from './queries.js';
import { type BenchReport, type ServiceResult, renderReport } from './report.js';
import { benchInstances } from './instances-bench.js';
import { benchNotices } from './notify-bench.js';
import { benchSearch } from './search-bench.js';
import { benchAsk, benchStartup, rssBytes, runLoad } from './server-bench.js';
import { describeMachine, timed } from './stats.js';

/**
 * `npm run bench`: measures search, /api/v1/ask, start-up, memory, import and throughput on this
 * machine and writes docs/benchmarks.md. Parts that need the official records (../shared) are
 * skipped, and say so, where they are absent. A part that fails is reported and the rest still run.
 */

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LARGE = 10_000;
const LOAD_SECONDS = 10;

const began = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)}s] ${line}`);
const temps: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `motcua-bench-${prefix}-`));
  temps.push(dir);
  return dir;
};

const report: BenchReport = {
  machine: describeMachine(),
  skipped: [],
  failures: [],
  colloquialFrom: '',
  search: [],
  ask: [],
  services: [],
  importRun: null,
  load: null,
  notices: null,
  instances: null,
  instancesSkipped: null,
  totalSeconds: 0,
};

/** Runs one part; a failure is recorded in the report instead of ending the run. */
async function part(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report.failures.push(`${name}: ${message}`);
    log(`FAILED ${name}: ${message}`);
  }
}

function writeCatalog(procedures: readonly Procedure[], prefix: string): string {
  const dir = tempDir(prefix);
  for (const procedure of procedures) writeCatalogFile(dir, procedure);
  return dir;
}

async function main(): Promise<void> {
  const bundledDir = path.join(repoDir, 'data', 'catalog');
  const bundled = loadCatalogDir(bundledDir).procedures;
  log(`bundled catalog: ${bundled.length} records`);
  const colloquial = loadColloquial(repoDir);
  report.colloquialFrom = colloquial.from;
  const questions = askQuestions(colloquial);
  const hasScrape = existsSync(officialScrapeDir);
  if (!hasScrape) {
    report.skipped.push(`${officialScrapeDir} is absent: the 2,642-record and 10,000-record parts, the import and the load test are skipped.`);
    log(`SKIPPED: ${report.skipped[0]}`);
  }

  // Import and ask run first, while this process's heap is small: the in-process app would
  // otherwise pay for collecting the large in-memory catalogs of the search part.
  let officialDir: string | null = null;
  if (hasScrape) {
    await part('import', async () => {
      const outDir = tempDir('import');
      log('importing the official records…');
      const { value: summary, ms } = await timed(() => importDvcScrape(officialScrapeDir, outDir));
      report.importRun = {
        read: summary.read,
        imported: summary.imported,
        rejected: summary.rejected.length,
        withWarnings: summary.withWarnings,
        ms,
      };
      officialDir = outDir;
      log(`  ${summary.imported}/${summary.read} imported in ${(ms / 1000).toFixed(1)} s`);
    });
  }
  const askRuns: Array<[string, string | null, number]> = [
    ['bundled', bundledDir, 10],
    ['official', officialDir, 15],
  ];
  for (const [label, dir, goal] of askRuns) {
    if (!dir) continue;
    await part(`ask (${label})`, async () => {
      const result = await benchAsk(label, dir, questions, goal);
      report.ask.push(result);
      log(`ask ${label}: p50 ${result.latency.p50.toFixed(2)} ms p99 ${result.latency.p99.toFixed(2)} ms`);
    });
  }

  await part('notifications', async () => {
    log('ask with 100,000 waiting notices; catalog fan-out to 50,000 sessions…');
    report.notices = await benchNotices(bundledDir, bundled[0], questions);
    const n = report.notices;
    log(
      `  ask p50 ${n.without.latency.p50.toFixed(2)} → ${n.withWaiting.latency.p50.toFixed(2)} ms; fan-out longest pause ${n.longestPauseMs.toFixed(1)} ms`,
    );
  });

  const official = hasScrape ? await loadOfficialCatalog() : null;
  const large = official ? buildLargeCatalog(official, LARGE) : null;
  if (official) log(`official records: ${official.length}; generated large catalog: ${large?.length}`);
  // Time budgets keep the whole run under about five minutes on two cores.
  type SearchCatalog = {
    label: string;
    procedures: readonly Procedure[];
    names: number;
    p99Goal: number | null;
    fuseBudgetMs: number;
    oursBudgetMs: number;
  };
  const catalogs: SearchCatalog[] = [
    { label: 'bundled', procedures: bundled, names: bundled.length, p99Goal: null, fuseBudgetMs: 15_000, oursBudgetMs: 5_000 },
  ];
  if (official) catalogs.push({ label: 'official', procedures: official, names: 100, p99Goal: 5, fuseBudgetMs: 25_000, oursBudgetMs: 8_000 });
  if (large) catalogs.push({ label: 'large', procedures: large, names: 60, p99Goal: 15, fuseBudgetMs: 30_000, oursBudgetMs: 10_000 });
  for (const catalog of catalogs) {
    await part(`search (${catalog.label})`, async () => {
      const queries = buildQuerySet(catalog.procedures, colloquial, catalog.names);
      log(`search over ${catalog.procedures.length} records, ${queries.length} queries…`);
      const result = benchSearch({ ...catalog, queries });
      report.search.push(result);
      log(
        `  ours p50 ${result.ours.p50.toFixed(2)} ms p99 ${result.ours.p99.toFixed(2)} ms; fuse p99 ${result.shared.fuse.p99.toFixed(1)} ms over ${result.shared.queries} queries`,
      );
    });
  }
  // Serve the records the search part measured when the importer could not write them.
  if (official && !officialDir) officialDir = writeCatalog(official, 'official');
  const largeDir = large ? writeCatalog(large, 'large') : null;

  await part('build', async () => {
    log('npm run build…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoDir, stdio: ['ignore', 'ignore', 'pipe'] });
  });
  if (report.failures.some((f) => f.startsWith('build'))) {
    report.skipped.push('start-up, memory and load: `npm run build` failed, so there is no dist/main.js to start.');
  } else {
    const services: Array<{ label: string; dir: string; goalMs: number; rssGoal: number | null; loadSeconds: number; env?: Record<string, string> }> =
      [{ label: 'bundled', dir: bundledDir, goalMs: 2000, rssGoal: null, loadSeconds: 3 }];
    if (officialDir) {
      services.push({ label: 'official', dir: officialDir, goalMs: 3000, rssGoal: null, loadSeconds: LOAD_SECONDS });
      // The same load with every search computed: what unrepeated questions would cost.
      services.push({
        label: 'official, search cache off',
        dir: officialDir,
        goalMs: 3000,
        rssGoal: null,
        loadSeconds: 5,
        env: { SEARCH_CACHE_SIZE: '0' },
      });
    }
    if (largeDir) services.push({ label: 'large', dir: largeDir, goalMs: 3000, rssGoal: 250 * 2 ** 20, loadSeconds: 5 });
    for (const service of services) {
      await part(`start-up (${service.label})`, async () => {
        log(`start-up with the ${service.label} catalog…`);
        const { result, service: running } = await benchStartup(service.label, repoDir, service.dir, service.goalMs, service.env);
        try {
          const rssAfterStart = rssBytes(running.child.pid ?? 0);
          log(`  ${result.procedures} records, started in ${result.startMs.toFixed(0)} ms; load for 2 + ${service.loadSeconds} s…`);
          await runLoad(repoDir, running.url, questions, 2); // warm-up: let the JIT compile the hot paths
          const load = await runLoad(repoDir, running.url, questions, service.loadSeconds);
          const entry: ServiceResult = { ...result, rssGoal: service.rssGoal, rssAfterStart, rssAfterLoad: rssBytes(running.child.pid ?? 0), load };
          report.services.push(entry);
          if (service.label === 'official') report.load = { records: result.procedures, seconds: service.loadSeconds, result: load };
          log(
            `  ${load.requests.average.toFixed(0)} req/s, RSS ${(entry.rssAfterStart / 2 ** 20).toFixed(0)} → ${(entry.rssAfterLoad / 2 ** 20).toFixed(0)} MB`,
          );
        } finally {
          await running.stop();
        }
      });
    }
    const databaseUrl = process.env.DATABASE_URL?.trim();
    if (!databaseUrl) {
      report.instancesSkipped = 'DATABASE_URL is not set (start PostgreSQL with `eval "$(bash .ci/services.sh start)"`, then run `npm run bench`)';
      log(`SKIPPED several instances: ${report.instancesSkipped}`);
    } else {
      await part('several instances', async () => {
        const dir = officialDir ?? bundledDir;
        log('one instance on SQLite, one and two on PostgreSQL, 5 s of load each…');
        report.instances = await benchInstances(repoDir, dir, questions, 5, databaseUrl, report.machine.cores);
        for (const row of report.instances.rows)
          log(`  ${row.label} × ${row.instances}: ${row.reqPerSecond.toFixed(0)} req/s, ${row.non2xx} non-2xx`);
      });
    }
  }

  report.totalSeconds = (performance.now() - began) / 1000;
  const file = path.join(repoDir, 'docs', 'benchmarks.md');
  writeFileSync(file, renderReport(report), 'utf8');
  log(`wrote ${path.relative(repoDir, file)}`);
  if (report.failures.length > 0) {
    console.error(`${report.failures.length} part(s) failed:\n  ${report.failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main()
  .catch((error: unknown) => {
    console.error('bench failed:', error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });
