import { fileURLToPath } from 'node:url';
import { baselineSection } from './baseline.js';
import type { LoadResult } from './load-client.js';
import { type InstancesResult, instancesSection } from './instances-bench.js';
import { type NoticeBenchResult, noticeSection } from './notify-bench.js';
import type { SearchResult } from './search-bench.js';
import type { AskResult, StartupResult } from './server-bench.js';
import { type Machine, mark, mb, ms } from './stats.js';

/** Renders docs/benchmarks.md from one run's measurements. */

export interface ServiceResult extends StartupResult {
  rssGoal: number | null;
  rssAfterStart: number;
  rssAfterLoad: number;
  load: LoadResult;
}

export interface BenchReport {
  machine: Machine;
  skipped: string[];
  failures: string[];
  colloquialFrom: string;
  search: SearchResult[];
  ask: AskResult[];
  services: ServiceResult[];
  importRun: { read: number; imported: number; rejected: number; withWarnings: number; ms: number } | null;
  load: { records: number; seconds: number; result: LoadResult } | null;
  notices: NoticeBenchResult | null;
  instances: InstancesResult | null;
  /** Why the several-instances part did not run (no DATABASE_URL, no build). */
  instancesSkipped: string | null;
  totalSeconds: number;
}

const baselineFile = fileURLToPath(new URL('./baseline.json', import.meta.url));
const THROUGHPUT_GOAL = 1000;
const SPEEDUP_GOAL = 20;
const catalogNames: Record<string, string> = {
  bundled: 'bundled (data/catalog)',
  official: 'official records (../shared)',
  large: 'generated 10,000',
};
const name = (label: string) => catalogNames[label] ?? label;
const pct = (hits: number, total: number) => (total === 0 ? '–' : `${((100 * hits) / total).toFixed(1)}% (${hits}/${total})`);
const rate = (r: { hits: number; total: number }) => (r.total === 0 ? Number.NaN : r.hits / r.total);

function searchSection(results: SearchResult[]): string[] {
  const lines = [
    '## 1. Search',
    '',
    'Our index (`ProcedureSearch`: inverted index over names, aliases and results, one typo per word) against',
    'plain fuse.js over names only (`ignoreDiacritics: true, ignoreLocation: true, threshold: 0.4`), on the same',
    'records and queries in the same process. Queries: official names sampled from the catalog, each typed with',
    'and without marks, plus colloquial questions; latency is per call with `limit: 10`, our index over up to 5 passes',
    'after a warm-up pass. fuse.js scans every name on each query, so it runs the queries once, in order, within a',
    'time budget; the speed-up and the recall compare both engines on exactly those queries. Top-3 recall counts a',
    'hit when the expected code, or a record with the very same official name, is among the first three.',
    'Goals: p99 ≤ 5 ms at 2,642 records and ≤ 15 ms at 10,000; there, ≥ 20× faster than fuse.js (both p50 and p99);',
    'top-3 recall on official names ≥ fuse.js. The 10,000 records are the official ones plus level variants',
    '(`bench/catalog-fixtures.ts`: same name with “(thực hiện tại cấp …)”), so many names differ only by level.',
    '',
    '| Catalog | Records | Build ours / fuse | Ours p50 / p99 | Goal p99 | Queries (both) | fuse p50 / p99 | Speed-up p50 / p99 | ≥ 20× |',
    '|---|---:|---:|---:|---|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const goal = r.p99Goal === null ? '–' : `≤ ${r.p99Goal} ms ${mark(r.ours.p99 <= r.p99Goal)}`;
    // The speed-up goal is set at scale; over a few dozen records fuse.js is fast enough anyway.
    const fast = r.p99Goal === null ? null : Math.min(r.speedup.p50, r.speedup.p99) >= SPEEDUP_GOAL;
    lines.push(
      `| ${name(r.label)} | ${r.records} | ${ms(r.build.ours)} / ${ms(r.build.fuse)} ms | ${ms(r.ours.p50)} / ${ms(r.ours.p99)} ms | ${goal} | ` +
        `${r.queryCount} (${r.shared.queries}) | ${ms(r.shared.fuse.p50)} / ${ms(r.shared.fuse.p99)} ms | ` +
        `${r.speedup.p50.toFixed(0)}× / ${r.speedup.p99.toFixed(0)}× | ${mark(fast)} |`,
    );
  }
  lines.push(
    '',
    'Our latency by kind of query (p50 / p99): official names are long, colloquial questions short.',
    '',
    '| Catalog | Name length (words, median / max) | Names with marks | Names without marks | Colloquial |',
    '|---|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const k = r.oursByKind;
    const cell = (l: { p50: number; p99: number; samples: number }) => (l.samples ? `${ms(l.p50)} / ${ms(l.p99)} ms` : '–');
    lines.push(
      `| ${name(r.label)} | ${r.nameWords.median} / ${r.nameWords.max} | ${cell(k.name)} | ${cell(k['name-folded'])} | ${cell(k.colloquial)} |`,
    );
  }
  lines.push(
    '',
    '**Top-3 recall** on the queries both engines ran (official names with and without marks; colloquial questions',
    'for information — fuse.js sees names only). The last column is our index over every query of the set.',
    '',
    '| Catalog | Names: ours | Names: fuse.js | ≥ fuse | Colloquial: ours | Colloquial: fuse.js | Names, all queries: ours |',
    '|---|---:|---:|---|---:|---:|---:|',
  );
  for (const r of results) {
    const { ours, fuse, oursAll } = r.recall;
    lines.push(
      `| ${name(r.label)} | ${pct(ours.names.hits, ours.names.total)} | ${pct(fuse.names.hits, fuse.names.total)} | ` +
        `${mark(rate(ours.names) >= rate(fuse.names))} | ${pct(ours.colloquial.hits, ours.colloquial.total)} | ` +
        `${pct(fuse.colloquial.hits, fuse.colloquial.total)} | ${pct(oursAll.names.hits, oursAll.names.total)} |`,
    );
  }
  const misses = results.flatMap((r) => r.misses.map((m) => ({ ...m, label: r.label })));
  if (misses.length > 0) {
    lines.push('', 'Official-name queries our index missed in its top 3 (at most five per catalog, with and without marks):', '');
    for (const m of misses) lines.push(`- ${name(m.label)}: “${m.query}” → expected ${m.expected}, got ${m.got.join(', ') || 'nothing'}`);
  }
  return lines;
}

function askSection(results: AskResult[]): string[] {
  const lines = [
    '## 2. `/api/v1/ask` latency',
    '',
    'The app started in the bench process (`createApp`, port 0 on 127.0.0.1, temporary DATA_DIR, request logs on',
    'but discarded), 600 sequential requests after 50 warm-up ones over one keep-alive connection, each with its',
    'own sessionId; questions are the colloquial set framed as real questions (documents, time, fees, where,',
    'online) plus small talk, with no dossier lookups. Time is the client round trip.',
    'Goals: p99 ≤ 10 ms over the bundled catalog, ≤ 15 ms at 2,642 records.',
    '',
    '| Catalog | Records | Requests | Non-200 | p50 | p99 | max | Goal p99 |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    lines.push(
      `| ${name(r.label)} | ${r.records} | ${r.latency.samples} | ${r.failures} | ${ms(r.latency.p50)} ms | ${ms(r.latency.p99)} ms | ` +
        `${ms(r.latency.max)} ms | ≤ ${r.goal} ms ${mark(r.latency.p99 <= r.goal)} |`,
    );
  }
  return lines;
}

function serviceSection(results: ServiceResult[]): string[] {
  const lines = [
    '## 3. Start-up and memory',
    '',
    'The built service (`node dist/main.js` with the node flags of `npm start`, after `npm run build`) spawned with `CATALOG_DIR` pointing at the',
    'catalog in project format (the 2,642 and 10,000 records written to temporary directories); start-up runs',
    'from spawn until `GET /healthz` first answers 200 (median of 3 cold starts). Resident memory (VmRSS) is',
    'read from /proc right after start and again after a load run of `/api/v1/ask` from a second process.',
    'Goals: start ≤ 2 s with the bundled catalog, ≤ 3 s at 2,642 and 10,000; RSS ≤ 250 MB at 10,000.',
    '',
    '| Catalog | Records served | Start-up (median; runs) | Goal | RSS after start | RSS after load (req) | Goal RSS |',
    '|---|---:|---:|---|---:|---:|---|',
  ];
  for (const r of results) {
    const rssGoal = r.rssGoal === null ? '–' : `≤ ${mb(r.rssGoal)} MB ${mark(Math.max(r.rssAfterStart, r.rssAfterLoad) <= r.rssGoal)}`;
    lines.push(
      `| ${name(r.label)} | ${r.procedures} | ${r.startMs.toFixed(0)} ms (${r.runs.map((t) => t.toFixed(0)).join(', ')}) | ` +
        `≤ ${r.goalMs / 1000} s ${mark(r.startMs <= r.goalMs)} | ${mb(r.rssAfterStart)} MB | ${mb(r.rssAfterLoad)} MB (${r.load.total}) | ${rssGoal} |`,
    );
  }
  return lines;
}

function importSection(run: BenchReport['importRun']): string[] {
  const lines = ['## 4. Import', '', '`importDvcScrape` over `../shared/data/dvc-scrape` into a temporary directory (parse, normalise, write).', ''];
  if (!run) return [...lines, 'Not measured in this run (see above).'];
  return [
    ...lines,
    '| Records read | Imported | With warnings | Rejected | Time |',
    '|---:|---:|---:|---:|---:|',
    `| ${run.read} | ${run.imported} | ${run.withWarnings} | ${run.rejected} | ${(run.ms / 1000).toFixed(2)} s |`,
  ];
}

function loadSection(load: BenchReport['load'], services: ServiceResult[]): string[] {
  const lines = [
    '## 5. Throughput under load',
    '',
    'autocannon (10 connections, no pipelining, after a 2 s warm-up) in a second process against the built service on 127.0.0.1,',
    '`RATE_LIMIT_PER_MINUTE` set very high, request logs on (to /dev/null); every request asks one of the questions',
    "of section 2 with a fresh sessionId. Both processes share this machine's cores.",
    "The questions repeat, as citizens' questions do, so the service's cache of recent search results",
    '(`SEARCH_CACHE_SIZE`) answers most searches; the "search cache off" row computes every search.',
    'Goal: ≥ 1,000 requests/s with the 2,642 official records.',
    '',
  ];
  if (!load) return [...lines, 'Not measured in this run (see above).'];
  lines.push(
    '| Catalog | Duration | Requests | Non-2xx | Errors | req/s (mean) | Latency p50 / p99 | Goal |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const s of services) {
    const r = s.load;
    const goal = s.label === 'official' ? `≥ ${THROUGHPUT_GOAL} ${mark(r.requests.average >= THROUGHPUT_GOAL && r.non2xx === 0)}` : '–';
    lines.push(
      `| ${name(s.label)} (${s.procedures}) | ${r.duration.toFixed(0)} s | ${r.total} | ${r.non2xx} | ${r.errors} | ` +
        `${r.requests.average.toFixed(0)} | ${r.latency.p50} / ${r.latency.p99} ms | ${goal} |`,
    );
  }
  return lines;
}

export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.ts); edit the generator, not this file. -->',
    '',
    'What the assistant costs on one small machine: search against plain fuse.js, the `/api/v1/ask` round trip,',
    'start-up and memory, the national import, and throughput from a second process. Everything below was',
    'measured in one run of `npm run bench`; numbers move by a few percent between runs. Speed and memory goals',
    'are checked here only, never by timed assertions in the tests.',
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb.toFixed(1)} GB memory (${m.platform})`,
    `- Node ${m.node}; run on ${m.date}; whole run ${report.totalSeconds.toFixed(0)} s`,
    `- Colloquial queries from ${report.colloquialFrom}`,
    '',
  ];
  lines.push(...baselineSection(report, baselineFile), '');
  for (const line of report.skipped) lines.push(`> **Skipped:** ${line}`, '');
  for (const line of report.failures) lines.push(`> **Failed:** ${line}`, '');
  lines.push(...searchSection(report.search), '');
  lines.push(...askSection(report.ask), '');
  lines.push(...serviceSection(report.services), '');
  lines.push(...importSection(report.importRun), '');
  lines.push(...loadSection(report.load, report.services), '');
  lines.push(...noticeSection(report.notices), '');
  lines.push(...instancesSection(report.instances, report.instancesSkipped), '');
  return `${lines.join('\n')}\n`;
}
