import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadEverydayNames } from '../../src/catalog/names.js';
import { type Procedure, procedureSchema } from '../../src/catalog/schema.js';
import { ProcedureSearch } from '../../src/search/index.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
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

let intentsData: { everydayNames: ReturnType<typeof loadEverydayNames>; vocabulary: Vocabulary } | undefined;

/**
 * The code a question finds first among records known only by code and name, with the everyday
 * names and the vocabulary of `intents/`: how look-alike official records are told apart.
 */
export function firstAmong(records: ReadonlyArray<readonly [code: string, name: string]>): (question: string) => string | undefined {
  intentsData ??= { everydayNames: loadEverydayNames(), vocabulary: Vocabulary.load() };
  const search = new ProcedureSearch(
    records.map(([code, name]) => namedRecord(code, name)),
    intentsData,
  );
  return (question) => search.search(question, { limit: 3 })[0]?.procedure.code;
}
