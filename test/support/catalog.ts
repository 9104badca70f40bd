import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type Procedure, procedureSchema } from '../../src/catalog/schema.js';
import { repoDir } from './shared.js';

/** The bundled catalog, read straight from data/catalog. */
export const bundledCatalogDir = path.join(repoDir, 'data', 'catalog');

export function bundledProcedures(): Procedure[] {
  return readdirSync(bundledCatalogDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => procedureSchema.parse(JSON.parse(readFileSync(path.join(bundledCatalogDir, f), 'utf8'))));
}

export function bundled(code: string): Procedure {
  const found = bundledProcedures().find((p) => p.code === code);
  if (!found) throw new Error(`no bundled record ${code}`);
  return found;
}

/** A record with only a code and a name (the rest empty): for tests of how names are read and ranked. */
export function namedRecord(code: string, name: string): Procedure {
  return {
    code,
    name,
    aliases: [],
    field: 'Thử nghiệm',
    levels: ['Cấp xã'],
    subjects: [],
    agencies: {},
    where: '',
    decision: '',
    onlineService: 'none',
    channels: [],
    documents: [],
    steps: [],
    requirements: '',
    results: [],
    legalBasis: [],
    notes: [],
    source: { url: 'https://dichvucong.gov.vn/', retrievedAt: '2026-07-01' },
  } as Procedure;
}
