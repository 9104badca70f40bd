import Fuse from 'fuse.js';
import type { Procedure } from '../src/catalog/schema.js';
import { ProcedureSearch } from '../src/search/index.js';
import type { BenchQuery, QueryKind } from './queries.js';
import { type Latency, median, summarize } from './stats.js';

/**
 * Section 1: our index against plain fuse.js on the same records and queries, in the same process.
 * fuse.js scans every name on every query, so it runs the query set once, in order, until its
 * time budget is spent; speed-up and recall are compared on exactly the queries both answered.
 */

export interface Recall {
  hits: number;
  total: number;
}

export interface SearchResult {
  label: string;
  records: number;
  p99Goal: number | null;
  build: { ours: number; fuse: number };
  queryCount: number;
  /** Our latency over every query, over 1–5 passes; and by kind of query. */
  ours: Latency;
  oursByKind: Record<QueryKind, Latency>;
  /** Length in words of the official-name queries. */
  nameWords: { median: number; max: number };
  /** Both engines over the queries fuse.js got through. */
  shared: { queries: number; ours: Latency; fuse: Latency };
  speedup: { p50: number; p99: number };
  /** On the shared queries (the comparison), and ours over every query. */
  recall: Record<'ours' | 'fuse' | 'oursAll', Record<'names' | 'colloquial', Recall>>;
  /** Official-name queries our index missed in its top 3 (a few, for the report). */
  misses: Array<{ query: string; expected: string; got: string[] }>;
}

export interface SearchBenchOptions {
  label: string;
  procedures: readonly Procedure[];
  queries: BenchQuery[];
  p99Goal: number | null;
  fuseBudgetMs: number;
  /** Measured passes of our index stop after this much time (at least one, at most five). */
  oursBudgetMs?: number;
}

const TOP = 3;
const LIMIT = 10;
const fuseOptions = { keys: ['name'], ignoreDiacritics: true, ignoreLocation: true, threshold: 0.4 };

export function benchSearch(options: SearchBenchOptions): SearchResult {
  const { procedures, queries } = options;
  const oursBudgetMs = options.oursBudgetMs ?? 8000;

  const builds: number[] = [];
  let index!: ProcedureSearch;
  for (let i = 0; i < (procedures.length <= 3000 ? 3 : 1); i++) {
    const start = performance.now();
    // The result cache is off: this measures the search itself, every query computed.
    index = new ProcedureSearch(procedures, { cacheSize: 0 });
    builds.push(performance.now() - start);
  }
  const fuseStart = performance.now();
  const fuse = new Fuse(procedures, fuseOptions);
  const fuseBuild = performance.now() - fuseStart;

  // One warm-up pass so the JIT has compiled the hot paths, then the measured passes.
  const oursTop: string[][] = queries.map((q) =>
    index
      .search(q.text, { limit: LIMIT })
      .slice(0, TOP)
      .map((h) => h.procedure.code),
  );
  const perQuery: number[][] = queries.map(() => []);
  const oursStart = performance.now();
  for (let pass = 0; pass < 5 && (pass === 0 || performance.now() - oursStart < oursBudgetMs); pass++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      index.search(q.text, { limit: LIMIT });
      perQuery[i].push(performance.now() - start);
    });
  }

  for (const q of queries.slice(0, 2)) fuse.search(q.text, { limit: LIMIT });
  const fuseTimes: number[] = [];
  const fuseTop: string[][] = [];
  const deadline = performance.now() + options.fuseBudgetMs;
  for (const q of queries) {
    if (fuseTimes.length >= 10 && performance.now() > deadline) break;
    const start = performance.now();
    const hits = fuse.search(q.text, { limit: LIMIT });
    fuseTimes.push(performance.now() - start);
    fuseTop.push(hits.slice(0, TOP).map((h) => h.item.code));
  }
  const sharedCount = fuseTimes.length;
  const sharedOurs = summarize(perQuery.slice(0, sharedCount).flat());
  const fuseLatency = summarize(fuseTimes);

  const recall = (tops: string[][], kind: 'names' | 'colloquial'): Recall => {
    let hits = 0;
    let total = 0;
    tops.forEach((top, i) => {
      const q = queries[i];
      const isName = q.kind !== 'colloquial';
      if ((kind === 'names') !== isName || q.expect.length === 0) return;
      total++;
      if (top.some((code) => q.expect.includes(code))) hits++;
    });
    return { hits, total };
  };
  const sharedOursTop = oursTop.slice(0, sharedCount);
  const misses = queries
    .map((q, i) => ({ q, top: oursTop[i] }))
    .filter(({ q, top }) => q.kind !== 'colloquial' && q.expect.length > 0 && !top.some((c) => q.expect.includes(c)))
    .slice(0, 5)
    .map(({ q, top }) => ({ query: q.text, expected: q.expect.join(' / '), got: top }));

  return {
    label: options.label,
    records: procedures.length,
    p99Goal: options.p99Goal,
    build: { ours: median(builds), fuse: fuseBuild },
    queryCount: queries.length,
    ours: summarize(perQuery.flat()),
    nameWords: (() => {
      const counts = queries.filter((q) => q.kind === 'name').map((q) => q.text.split(/\s+/).length);
      return { median: median(counts), max: Math.max(0, ...counts) };
    })(),
    oursByKind: {
      name: summarize(perQuery.filter((_, i) => queries[i].kind === 'name').flat()),
      'name-folded': summarize(perQuery.filter((_, i) => queries[i].kind === 'name-folded').flat()),
      colloquial: summarize(perQuery.filter((_, i) => queries[i].kind === 'colloquial').flat()),
    },
    shared: { queries: sharedCount, ours: sharedOurs, fuse: fuseLatency },
    speedup: { p50: fuseLatency.p50 / sharedOurs.p50, p99: fuseLatency.p99 / sharedOurs.p99 },
    recall: {
      ours: { names: recall(sharedOursTop, 'names'), colloquial: recall(sharedOursTop, 'colloquial') },
      fuse: { names: recall(fuseTop, 'names'), colloquial: recall(fuseTop, 'colloquial') },
      oursAll: { names: recall(oursTop, 'names'), colloquial: recall(oursTop, 'colloquial') },
    },
    misses,
  };
}
