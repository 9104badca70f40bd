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
export function readCatalogFile(file: string, strings?: Map<string, string>): { procedure?: Procedure; problems: string[] } {
  let json: unknown;
  try {
    // Records repeat much of their text (legal titles, agencies, notes): keeping one copy of
    // each string is what lets a 10,000-record catalog fit in memory.
    json = JSON.parse(readFileSync(file, 'utf8'));
    if (strings) json = intern(json, strings);
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
  const strings = new Map<string, string>();
  const parts = new SharedParts();
  for (const name of names) {
    const file = path.join(dir, name);
    const { procedure, problems } = readCatalogFile(file, strings);
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

/** Replaces every string in a parsed JSON value by its first copy (in place; faster than a reviver). */
function intern(value: unknown, strings: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = intern(value[i], strings);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = intern(record[key], strings);
  }
  return value;
}

/**
 * One copy of each part that records repeat whole (a level variant's documents and fees, the
 * same legal basis, the same agency): objects and arrays are keyed by what they hold, bottom
 * up, so equal parts become one object. Records are never changed in place (a catalog change
 * builds new ones), so sharing is safe; it is most of what a 10,000-record catalog costs.
 */
class SharedParts {
  private readonly ids = new Map<unknown, number>();
  private readonly byKey = new Map<string, unknown>();

  shareFields<T extends object>(record: T): T {
    const fields = record as Record<string, unknown>;
    for (const key of Object.keys(fields)) fields[key] = this.share(fields[key]);
    return record;
  }

  private share(value: unknown): unknown {
    let key: string;
    if (Array.isArray(value)) {
      key = '[';
      for (let i = 0; i < value.length; i++) key += `${this.id((value[i] = this.share(value[i])))},`;
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      key = '{';
      for (const k in record) key += `${k}:${this.id((record[k] = this.share(record[k])))},`;
    } else return value;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    this.byKey.set(key, value);
    return value;
  }

  /** Strings (already one copy each) and shared parts by identity; other values by what they are. */
  private id(value: unknown): string {
    if (value === null || (typeof value !== 'object' && typeof value !== 'string')) return `${typeof value}${String(value)}`;
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.ids.size));
    return `#${id}`;
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
