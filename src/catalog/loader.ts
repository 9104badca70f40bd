import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeZodError, procedureSchema, type Procedure, type ProcedureInput } from './schema.js';

export interface CatalogFileError {
  file: string;
  problems: string[];
}

export interface LoadedCatalog {
  procedures: Procedure[];
  errors: CatalogFileError[];
}

/** Reads one catalog file; returns the record or the problems that keep it out. */
export function readCatalogFile(file: string): { procedure?: Procedure; problems: string[] } {
  let json: unknown;
  try {
    // Decoding the Buffer (Node's SIMD UTF-8 decoder) is faster than reading straight to a string.
    json = JSON.parse(readFileSync(file).toString('utf8'));
  } catch (error) {
    return { problems: [`(file): not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = procedureSchema.safeParse(json);
  return parsed.success ? { procedure: parsed.data, problems: [] } : { problems: describeZodError(parsed.error) };
}

/**
 * Loads every *.json in `dir` (not recursive). A bad file is reported with its problems and
 * skipped so the good ones keep serving; a second file with an already loaded code is reported
 * and skipped. Throws only when the directory itself cannot be read.
 */
export function loadCatalogDir(dir: string): LoadedCatalog {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new Error(`Cannot read catalog directory ${dir}: ${(error as Error).message}`);
  }
  const procedures: Procedure[] = [];
  const errors: CatalogFileError[] = [];
  const fileByCode = new Map<string, string>();
  const parts = new SharedParts();
  for (const name of names) {
    const file = path.join(dir, name);
    const { procedure, problems } = readCatalogFile(file);
    if (!procedure) {
      errors.push({ file, problems });
      continue;
    }
    const first = fileByCode.get(procedure.code);
    if (first) {
      errors.push({ file, problems: [`code: duplicate code ${procedure.code} (already loaded from ${first}); file skipped`] });
      continue;
    }
    fileByCode.set(procedure.code, file);
    procedures.push(parts.shareFields(procedure));
  }
  return { procedures, errors };
}

/**
 * One copy of each string and of each part that records repeat whole (a level variant's
 * documents and fees, the same legal basis, the same agency): records repeat much of their text,
 * and keeping one copy is what lets a 10,000-record catalog fit in memory. Objects and arrays are
 * keyed by what they hold, bottom up, so equal parts become one object. Records are never changed
 * in place (a catalog change builds new ones), so sharing is safe.
 */
class SharedParts {
  /** Each distinct string and part by id (its first copy), and the ids of strings and of part keys. */
  private readonly copies: unknown[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly partIds = new Map<string, number>();

  shareFields<T extends object>(record: T): T {
    const fields = record as Record<string, unknown>;
    for (const key of Object.keys(fields)) this.share(fields, key);
    return record;
  }

  /**
   * Puts the one copy of `holder[slot]` in its place and returns what identifies it in its
   * holder's key. Interning strings here rather than in a walk of its own saves a pass over every record.
   */
  private share(holder: Record<string | number, unknown>, slot: string | number): string {
    const value = holder[slot];
    if (typeof value === 'string') {
      let id = this.stringIds.get(value);
      if (id === undefined) this.stringIds.set(value, (id = this.keep(value)));
      else holder[slot] = this.copies[id];
      return `s${id}`;
    }
    if (value === null || typeof value !== 'object') return `${typeof value}${String(value)}`;
    let key: string;
    if (Array.isArray(value)) {
      key = '[';
      for (let i = 0; i < value.length; i++) key += `${this.share(value as unknown[] as Record<number, unknown>, i)},`;
    } else {
      const record = value as Record<string, unknown>;
      key = '{';
      for (const k in record) key += `${k}:${this.share(record, k)},`;
    }
    let id = this.partIds.get(key);
    if (id === undefined) this.partIds.set(key, (id = this.keep(value)));
    else holder[slot] = this.copies[id];
    return `#${id}`;
  }

  private keep(value: unknown): number {
    this.copies.push(value);
    return this.copies.length - 1;
  }
}

/** NFC in every string, so files written from any source compare and fold alike. */
function normalizeStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(normalizeStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, normalizeStrings(v)]));
  }
  return value;
}

/** Writes `<dir>/<code>.json` (pretty, NFC), creating `dir`; returns the file path. */
export function writeCatalogFile(dir: string, procedure: Procedure | ProcedureInput): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${procedure.code}.json`);
  writeFileSync(file, `${JSON.stringify(normalizeStrings(procedure), null, 2)}\n`, 'utf8');
  return file;
}
