import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataDir } from '../paths.js';
import { type Db, repositoriesOf } from '../store/index.js';
import { normaliseCode } from './code.js';
import { dossierRecordSchema, formatTimestamp, statusCodes, type DossierRecord, type DossierRecordInput } from './schema.js';
import type { DossierSource } from './source.js';

/**
 * The reference dossier registry: the contract of spec §5 served from SQLite, for running
 * without an upstream system (demo, or a small agency keeping its dossiers here via the CLI).
 */
export interface DossierRegistry extends DossierSource {
  /** Validates and inserts or replaces a record; returns it as stored. */
  put(record: DossierRecordInput): DossierRecord;
  /** Moves a dossier to a national status 1–10, keeping its dates consistent; null when unknown. */
  setStatus(code: string, status: number): DossierRecord | null;
}

export interface RegistryOptions {
  /** JSON file seeded into an empty registry; null for none. Defaults to data/demo-dossiers.json. */
  seedFile?: string | null;
  now?: () => number;
}

export const defaultSeedFile = path.join(dataDir, 'demo-dossiers.json');

/** Reads a file of records: one record, an array, or `{"dossiers": [...]}` (the demo file). Throws ZodError naming the field. */
export function readDossierFile(file: string): DossierRecord[] {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const wrapped = json !== null && typeof json === 'object' && 'dossiers' in json ? json.dossiers : undefined;
  const items = Array.isArray(json) ? json : Array.isArray(wrapped) ? wrapped : [json];
  return z.array(dossierRecordSchema).parse(items);
}

export function createDossierRegistry(db: Db, options: RegistryOptions = {}): DossierRegistry {
  const now = options.now ?? Date.now;
  const { dossierRegistry: rows, transaction } = repositoriesOf(db);

  function read(code: string): DossierRecord | null {
    const row = rows.get(normaliseCode(code));
    return row ? dossierRecordSchema.parse(JSON.parse(row)) : null;
  }

  function put(input: DossierRecordInput): DossierRecord {
    const parsed = dossierRecordSchema.parse(input);
    const record = { ...parsed, MaHoSo: normaliseCode(parsed.MaHoSo) };
    rows.put(record.MaHoSo, JSON.stringify(record), now());
    return record;
  }

  const seedFile = options.seedFile === undefined ? defaultSeedFile : options.seedFile;
  if (seedFile && rows.count() === 0) transaction(() => readDossierFile(seedFile).forEach(put));

  return {
    async get(code) {
      return read(code);
    },
    put,
    setStatus(code, status) {
      const record = read(code);
      if (!record) return null;
      const next = z.enum(statusCodes).parse(String(status));
      const stamp = formatTimestamp(now());
      // 9 ends processing, 10 also hands the result over; earlier statuses mean work is still open.
      const finished = next === '9' || next === '10' ? record.NgayKetThucXuLy || stamp : '';
      const returned = next === '10' ? record.NgayTra || stamp : '';
      return put({ ...record, TrangThaiHoSo: next, NgayKetThucXuLy: finished, NgayTra: returned });
    },
  };
}
