import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataDir } from '../paths.js';
import type { DossierRegistryRepository, Repositories } from '../store/index.js';
import { normaliseCode } from './code.js';
import { dossierRecordSchema, formatTimestamp, statusCodes, type DossierRecord, type DossierRecordInput } from './schema.js';
import type { DossierSource } from './source.js';

/**
 * The reference dossier registry: the contract of spec §5 served from the store, for running
 * without an upstream system (demo, or a small agency keeping its dossiers here via the CLI).
 */
export interface DossierRegistry extends DossierSource {
  /** Validates and inserts or replaces a record; returns it as stored. */
  put(record: DossierRecordInput): Promise<DossierRecord>;
  /** Moves a dossier to a national status 1–10, keeping its dates consistent; null when unknown. */
  setStatus(code: string, status: number): Promise<DossierRecord | null>;
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

export function createDossierRegistry(repositories: Repositories, options: RegistryOptions = {}): DossierRegistry {
  const now = options.now ?? Date.now;

  async function read(code: string): Promise<DossierRecord | null> {
    await seeded;
    const row = await repositories.dossierRegistry.get(normaliseCode(code));
    return row ? dossierRecordSchema.parse(JSON.parse(row)) : null;
  }

  async function write(rows: DossierRegistryRepository, input: DossierRecordInput): Promise<DossierRecord> {
    const parsed = dossierRecordSchema.parse(input);
    const record = { ...parsed, MaHoSo: normaliseCode(parsed.MaHoSo) };
    await rows.put(record.MaHoSo, JSON.stringify(record), now());
    return record;
  }

  // An empty registry gets the seed once, before the first read (seeding twice at once only rewrites the same records).
  const seedFile = options.seedFile === undefined ? defaultSeedFile : options.seedFile;
  const seeded = (async () => {
    if (!seedFile || (await repositories.dossierRegistry.count()) > 0) return;
    const records = readDossierFile(seedFile);
    await repositories.transaction(async (tx) => {
      for (const record of records) await write(tx.dossierRegistry, record);
    });
  })();
  // Surfaced by the first call that awaits it, not as an unhandled rejection.
  seeded.catch(() => undefined);

  return {
    get: (code) => read(code),
    async put(input) {
      await seeded;
      return write(repositories.dossierRegistry, input);
    },
    async setStatus(code, status) {
      const record = await read(code);
      if (!record) return null;
      const next = z.enum(statusCodes).parse(String(status));
      const stamp = formatTimestamp(now());
      // 9 ends processing, 10 also hands the result over; earlier statuses mean work is still open.
      const finished = next === '9' || next === '10' ? record.NgayKetThucXuLy || stamp : '';
      const returned = next === '10' ? record.NgayTra || stamp : '';
      return write(repositories.dossierRegistry, { ...record, TrangThaiHoSo: next, NgayKetThucXuLy: finished, NgayTra: returned });
    },
  };
}
