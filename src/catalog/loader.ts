import { closeSync, mkdirSync, openSync, readSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

/** Reads one catalog file; returns the record or the problems that keep it out. `scratch`: see FileReader. */
export function readCatalogFile(file: string, scratch = new FileReader()): { procedure?: Procedure; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(scratch.readUtf8(file));
  } catch (error) {
    return { problems: [`(file): not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = procedureSchema.safeParse(json);
  return parsed.success ? { procedure: parsed.data, problems: [] } : { problems: describeZodError(parsed.error) };
}

/**
 * Reads files whole into one buffer, grown when a file does not fit: a directory of thousands of
 * files read with a new buffer each (readFileSync, which also asks each file its size first) took
 * twice as long. Decoding the Buffer (Node's SIMD UTF-8 decoder) is faster than reading straight to a string.
 */
class FileReader {
  private buffer = Buffer.allocUnsafe(1 << 16);

  readUtf8(file: string): string {
    const fd = openSync(file, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(length * 2);
          this.buffer.copy(bigger);
          this.buffer = bigger;
        }
        const read = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (read === 0) break;
        length += read;
      }
      return this.buffer.toString('utf8', 0, length);
    } finally {
      closeSync(fd);
    }
  }
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
  const scratch = new FileReader();
  for (const name of names) {
    const file = path.join(dir, name);
    const { procedure, problems } = readCatalogFile(file, scratch);
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
 * identified by what they hold, bottom up, so equal parts become one object. Records are never changed
 * in place (a catalog change builds new ones), so sharing is safe.
 */
class SharedParts {
  /** Each distinct string, other value and part by id (its first copy). */
  private readonly copies: unknown[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly valueIds = new Map<unknown, number>();
  /**
   * A part is the path of its children's ids (an object's: key and value ids in turn) from the
   * root of its kind: walking these steps builds no key string per part, which at start-up cost
   * more than the sharing itself.
   */
  private readonly steps = new StepTable();
  /** Per path end, the id of the part that ends there (-1 for none yet). */
  private readonly partAt: number[] = [-1, -1];

  shareFields<T extends object>(record: T): T {
    const fields = record as Record<string, unknown>;
    for (const key of Object.keys(fields)) this.share(fields, key);
    return record;
  }

  /**
   * Puts the one copy of `holder[slot]` in its place and returns its id. Interning strings here
   * rather than in a walk of its own saves a pass over every record.
   */
  private share(holder: Record<string | number, unknown>, slot: string | number): number {
    const value = holder[slot];
    if (typeof value === 'string') return this.stringId(value, holder, slot);
    if (value === null || typeof value !== 'object') {
      let id = this.valueIds.get(value);
      if (id === undefined) this.valueIds.set(value, (id = this.keep(value)));
      return id;
    }
    let at: number;
    if (Array.isArray(value)) {
      at = arrayRoot;
      for (let i = 0; i < value.length; i++) at = this.step(at, this.share(value as unknown[] as Record<number, unknown>, i));
    } else {
      const record = value as Record<string, unknown>;
      at = objectRoot;
      for (const k in record) at = this.step(this.step(at, this.stringId(k)), this.share(record, k));
    }
    let id = this.partAt[at];
    if (id < 0) this.partAt[at] = id = this.keep(value);
    else holder[slot] = this.copies[id];
    return id;
  }

  /** The id of a string; with a holder, its slot gets the first copy. */
  private stringId(value: string, holder?: Record<string | number, unknown>, slot?: string | number): number {
    let id = this.stringIds.get(value);
    if (id === undefined) this.stringIds.set(value, (id = this.keep(value)));
    else if (holder) holder[slot!] = this.copies[id];
    return id;
  }

  private step(from: number, child: number): number {
    const to = this.steps.next(from, child, this.partAt.length);
    if (to === this.partAt.length) this.partAt.push(-1);
    return to;
  }

  private keep(value: unknown): number {
    this.copies.push(value);
    return this.copies.length - 1;
  }
}

const arrayRoot = 0;
const objectRoot = 1;

/**
 * (from, child) → to, in an open-addressing table of typed arrays: millions of steps at start-up,
 * without an object or a string per step.
 */
class StepTable {
  private from = new Int32Array(1 << 18).fill(-1);
  private child = new Int32Array(1 << 18);
  private to = new Int32Array(1 << 18);
  private size = 0;

  /** Where `child` leads from `from`; `fresh` (and it is recorded) when the step is new. */
  next(from: number, child: number, fresh: number): number {
    const mask = this.from.length - 1;
    const hash = Math.imul(from, 0x9e3779b1) ^ Math.imul(child, 0x85ebca6b);
    let i = (hash ^ (hash >>> 15)) & mask;
    while (this.from[i] !== -1) {
      if (this.from[i] === from && this.child[i] === child) return this.to[i];
      i = (i + 1) & mask;
    }
    this.from[i] = from;
    this.child[i] = child;
    this.to[i] = fresh;
    if (++this.size * 2 > this.from.length) this.grow();
    return fresh;
  }

  private grow(): void {
    const { from, child, to } = this;
    this.from = new Int32Array(from.length * 2).fill(-1);
    this.child = new Int32Array(from.length * 2);
    this.to = new Int32Array(from.length * 2);
    this.size = 0;
    for (let i = 0; i < from.length; i++) if (from[i] !== -1) this.next(from[i], child[i], to[i]);
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
