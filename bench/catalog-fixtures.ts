import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDvcDir } from '../src/catalog/import/index.js';
import type { Procedure } from '../src/catalog/schema.js';
import { projectRoot } from '../src/paths.js';

/** The official portal records beside the repo (present in CI, absent on a fresh clone). */
export const officialScrapeDir = path.resolve(projectRoot, '..', 'shared', 'data', 'dvc-scrape');

/** All official records parsed in memory with the importer; null when `../shared` is absent. */
export async function loadOfficialCatalog(): Promise<Procedure[] | null> {
  if (!existsSync(officialScrapeDir)) return null;
  const { procedures } = await parseDvcDir(officialScrapeDir, { retrievedAt: '2026-07-01' });
  return procedures;
}

/** The same procedure run at another level, as the portal lists it ("… (thực hiện tại cấp tỉnh)"). */
const LEVEL_VARIANTS: Array<{ suffix: string; level: string }> = [
  { suffix: 'thực hiện tại cấp tỉnh', level: 'Cấp tỉnh' },
  { suffix: 'thực hiện tại cấp xã', level: 'Cấp xã' },
  { suffix: 'thực hiện tại cấp trung ương', level: 'Cấp bộ' },
];
const LEVEL_SUFFIX = /\s*\(thực hiện tại cấp [^)]*\)\s*$/u;
/** National codes start with 1, 2, 3, 5 or 6; generated ones use 7, 8 and 9 so they never collide. */
const GENERATED_PREFIXES = ['7', '8', '9'];

/**
 * `n` records: the official ones first, then level variants of each (new code, name suffix and
 * level, everything else kept), round after round, so repeated names across levels are as common
 * as in a real national catalog.
 */
export function buildLargeCatalog(base: Procedure[], n: number): Procedure[] {
  if (base.length === 0) throw new Error('buildLargeCatalog needs at least one base record');
  const result = base.slice(0, n);
  let serial = 0;
  for (let round = 0; result.length < n; round++) {
    const variant = LEVEL_VARIANTS[round % LEVEL_VARIANTS.length];
    const edition = Math.floor(round / LEVEL_VARIANTS.length);
    for (const procedure of base) {
      if (result.length >= n) break;
      result.push(levelVariant(procedure, variant, edition, nextCode(serial++)));
    }
  }
  return result;
}

function levelVariant(procedure: Procedure, variant: { suffix: string; level: string }, edition: number, code: string): Procedure {
  const stem = procedure.name.replace(LEVEL_SUFFIX, '');
  const qualifier = edition === 0 ? variant.suffix : `${variant.suffix}, mẫu ${edition + 1}`;
  return { ...procedure, code, name: `${stem} (${qualifier})`, levels: [variant.level] };
}

function nextCode(serial: number): string {
  const prefix = GENERATED_PREFIXES[Math.floor(serial / 1_000_000)];
  if (!prefix) throw new Error('buildLargeCatalog: more than 3,000,000 generated records');
  return `${prefix}.${String(serial % 1_000_000).padStart(6, '0')}`;
}
