import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeCatalogFile } from '../loader.js';
import type { Procedure } from '../schema.js';
import { parseDvcRecord, type DvcParseOptions } from './dvc-scrape.js';

export { parseDvcRecord } from './dvc-scrape.js';

export interface ImportOptions extends DvcParseOptions {
  onProgress?(done: number, total: number): void;
}

export interface Rejection {
  file: string;
  reason: string;
}

export interface ImportSummary {
  read: number;
  imported: number;
  withWarnings: number;
  rejected: Rejection[];
  warnings: string[];
}

export interface ParsedDir extends ImportSummary {
  procedures: Procedure[];
}

/** Every *.json under `dir`, recursively, in a stable order. */
export async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: Error) => {
    throw new Error(`Cannot read records directory ${dir}: ${error.message}`);
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Parses a directory of portal records in memory (used by the importer and the benchmarks). */
export async function parseDvcDir(dir: string, options: ImportOptions = {}): Promise<ParsedDir> {
  const files = await listJsonFiles(dir);
  const result: ParsedDir = { read: 0, imported: 0, withWarnings: 0, rejected: [], warnings: [], procedures: [] };
  const fileByCode = new Map<string, string>();
  for (const file of files) {
    result.read++;
    const outcome = await parseFile(file, options);
    if ('reason' in outcome) {
      result.rejected.push({ file, reason: outcome.reason });
    } else {
      const first = fileByCode.get(outcome.procedure.code);
      if (first) {
        result.rejected.push({ file, reason: `duplicate code ${outcome.procedure.code} (already imported from ${first})` });
      } else {
        fileByCode.set(outcome.procedure.code, file);
        result.procedures.push(outcome.procedure);
        result.imported++;
        if (outcome.warnings.length > 0) result.withWarnings++;
        result.warnings.push(...outcome.warnings);
      }
    }
    options.onProgress?.(result.read, files.length);
  }
  return result;
}

async function parseFile(file: string, options: DvcParseOptions): Promise<{ procedure: Procedure; warnings: string[] } | { reason: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { reason: `not valid JSON: ${(error as Error).message}` };
  }
  // The data date an answer shows is when the record was fetched: the file's own date, unless given.
  const retrievedAt = options.retrievedAt ?? (await stat(file)).mtime.toISOString().slice(0, 10);
  const parsed = parseDvcRecord(json, file, { ...options, retrievedAt });
  return parsed.procedure ? { procedure: parsed.procedure, warnings: parsed.warnings } : { reason: parsed.error ?? 'not understood' };
}

/** Imports portal records from `dir` into project-format files in `outDir`. */
export async function importDvcScrape(dir: string, outDir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const { procedures, ...summary } = await parseDvcDir(dir, options);
  for (const procedure of procedures) writeCatalogFile(outDir, procedure);
  return summary;
}

export interface CoverageRow {
  field: string;
  count: number;
  percent: number;
}

const COVERAGE: Array<[string, (p: Procedure) => boolean]> = [
  ['code', (p) => p.code !== ''],
  ['name', (p) => p.name !== ''],
  ['field', (p) => p.field !== ''],
  ['levels', (p) => p.levels.length > 0],
  ['subjects', (p) => p.subjects.length > 0],
  ['decision', (p) => p.decision !== ''],
  ['agencies', (p) => Object.values(p.agencies).some((v) => v)],
  ['where', (p) => p.where !== ''],
  ['channels', (p) => p.channels.length > 0],
  ['channel with a time', (p) => p.channels.some((c) => c.processingTime !== null)],
  ['channel with a numeric time', (p) => p.channels.some((c) => typeof c.processingTime?.value === 'number')],
  ['channel with fees', (p) => p.channels.some((c) => c.fees.length > 0)],
  ['online channel', (p) => p.channels.some((c) => c.method === 'online')],
  ['documents (at least 1)', (p) => p.documents.some((c) => c.items.length > 0)],
  ['document cases (more than 1)', (p) => p.documents.filter((c) => c.items.length > 0).length > 1],
  ['steps', (p) => p.steps.length > 0],
  ['requirements', (p) => p.requirements !== ''],
  ['results', (p) => p.results.length > 0],
  ['legalBasis', (p) => p.legalBasis.length > 0],
  ['aliases', (p) => p.aliases.length > 0],
];

/** Per field, how many records carry it. */
export function coverageReport(procedures: Procedure[]): CoverageRow[] {
  return COVERAGE.map(([field, has]) => {
    const count = procedures.filter(has).length;
    const percent = procedures.length === 0 ? 0 : Math.round((count / procedures.length) * 1000) / 10;
    return { field, count, percent };
  });
}
