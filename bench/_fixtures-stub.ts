import { parseDvcDir } from '../src/catalog/import/index.js';
import type { Procedure } from '../src/catalog/schema.js';
export async function loadOfficialCatalog(): Promise<Procedure[] | null> {
  return (await parseDvcDir('/work/shared/data/dvc-scrape')).procedures;
}
export function buildLargeCatalog(base: readonly Procedure[], n: number): Procedure[] {
  const out: Procedure[] = [...base];
  for (let i = 0; out.length < n; i++) {
    const p = base[i % base.length];
    const k = Math.floor(i / base.length) + 1;
    out.push({ ...p, code: `9.${String(100000 + i).slice(-6)}`.slice(0, 8), name: `${p.name} (biến thể ${k})` });
  }
  return out;
}
