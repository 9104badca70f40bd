import { readFileSync } from 'node:fs';
import type { BenchReport } from './report.js';
import { mb } from './stats.js';

/** This run's key figures beside those of an earlier run (`bench/baseline.json`), same keys. */

type Figure = number | number[];

export function keyFigures(report: BenchReport): Record<string, Figure> {
  const search = (label: string) => report.search.find((s) => s.label === label)?.ours.p99;
  const ask = (label: string) => report.ask.find((a) => a.label === label)?.latency;
  const service = (label: string) => report.services.find((s) => s.label === label);
  const round = (n: number | undefined, digits = 2) => (n === undefined ? Number.NaN : Number(n.toFixed(digits)));
  const pair = (l: { p50: number; p99: number } | undefined) => [round(l?.p50), round(l?.p99)];
  return {
    'search p99, 2,642 records (ms)': round(search('official')),
    'search p99, 10,000 records (ms)': round(search('large')),
    'ask p50 / p99, bundled (ms)': pair(ask('bundled')),
    'ask p50 / p99, 2,642 records (ms)': pair(ask('official')),
    'start-up, bundled (ms)': round(service('bundled')?.startMs, 0),
    'start-up, 2,642 records (ms)': round(service('official')?.startMs, 0),
    'start-up, 10,000 records (ms)': round(service('large')?.startMs, 0),
    'RSS after start / after load, 2,642 (MB)': [
      Number(mb(service('official')?.rssAfterStart ?? Number.NaN)),
      Number(mb(service('official')?.rssAfterLoad ?? Number.NaN)),
    ],
    'RSS after start / after load, 10,000 (MB)': [
      Number(mb(service('large')?.rssAfterStart ?? Number.NaN)),
      Number(mb(service('large')?.rssAfterLoad ?? Number.NaN)),
    ],
    'import of 2,642 records (s)': round(report.importRun ? report.importRun.ms / 1000 : undefined),
    'throughput, 2,642 records (req/s)': round(service('official')?.load.requests.average, 0),
    'throughput, 2,642, search cache off (req/s)': round(service('official, search cache off')?.load.requests.average, 0),
  };
}

export function baselineSection(report: BenchReport, file: string): string[] {
  let baseline: { label: string; figures: Record<string, Figure> };
  try {
    baseline = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const show = (f: Figure | undefined) => (f === undefined ? '–' : Array.isArray(f) ? f.map(String).join(' / ') : String(f));
  const now = keyFigures(report);
  return [
    '## Beside the baseline',
    '',
    `This run's key figures beside those of ${baseline.label} (\`bench/baseline.json\`), on the same kind of machine.`,
    '',
    `| Figure | ${baseline.label} | This run (Node ${report.machine.node}) |`,
    '|---|---:|---:|',
    ...Object.keys(now).map((key) => `| ${key} | ${show(baseline.figures[key])} | ${show(now[key])} |`),
  ];
}
