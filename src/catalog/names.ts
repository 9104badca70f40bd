import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fold } from '../text/index.js';
import { dataDir, intentsDir } from '../paths.js';
import { loadCatalogDir } from './loader.js';
import { procedureCode } from './schema.js';
import type { EverydayName } from './schema.js';

/**
 * The everyday names people use for procedures, by national code, whatever catalog an agency
 * loads: the national vocabulary in `intents/aliases/*.json` and the aliases of the bundled
 * records. The search index adds them to a record's own aliases; records are not changed.
 */

const aliasFileSchema = z.record(procedureCode, z.array(z.string().trim().min(1)));

export type { EverydayName, EverydayNames } from './schema.js';

export interface EverydayNameSources {
  aliasesDir?: string;
  /** Bundled records whose aliases count everywhere; null leaves them out. */
  bundledCatalogDir?: string | null;
}

export function loadEverydayNames(sources: EverydayNameSources = {}): Map<string, EverydayName[]> {
  const aliasesDir = sources.aliasesDir ?? path.join(intentsDir, 'aliases');
  const bundledDir = sources.bundledCatalogDir === undefined ? path.join(dataDir, 'catalog') : sources.bundledCatalogDir;
  const names = new Map<string, EverydayName[]>();
  const add = (code: string, list: readonly string[]) => {
    const current = names.get(code) ?? [];
    const seen = new Set(current.map((name) => name.folded));
    for (const name of list) {
      const folded = fold(name);
      if (seen.has(folded)) continue;
      seen.add(folded);
      current.push({ text: name.trim(), folded });
    }
    if (current.length) names.set(code, current);
  };
  if (bundledDir) for (const p of loadCatalogDir(bundledDir).procedures) add(p.code, p.aliases);
  if (existsSync(aliasesDir)) {
    for (const file of readdirSync(aliasesDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const parsed = aliasFileSchema.safeParse(JSON.parse(readFileSync(path.join(aliasesDir, file), 'utf8')));
      if (!parsed.success)
        throw new Error(`${path.join(aliasesDir, file)}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      for (const [code, list] of Object.entries(parsed.data)) add(code, list);
    }
  }
  return names;
}
