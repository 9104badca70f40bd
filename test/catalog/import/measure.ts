import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importDvcScrape } from '../../../src/catalog/import/index.js';
import { procedureSchema } from '../../../src/catalog/schema.js';
import { loadCatalogDir } from '../../../src/catalog/loader.js';
const out = mkdtempSync(path.join(tmpdir(), 'motcua-measure-'));
await importDvcScrape('/work/shared/data/dvc-scrape', out);
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  const files = readdirSync(out).map((f) => readFileSync(path.join(out, f), 'utf8'));
  const a = performance.now() - t; t = performance.now();
  const objs = files.map((s) => JSON.parse(s));
  const b = performance.now() - t; t = performance.now();
  for (const o of objs) procedureSchema.safeParse(o);
  const c = performance.now() - t; t = performance.now();
  loadCatalogDir(out);
  console.log('read', Math.round(a), 'json', Math.round(b), 'zod', Math.round(c), 'load', Math.round(performance.now() - t), 'MB', Math.round(files.reduce((s, f) => s + f.length, 0) / 1e6));
}
rmSync(out, { recursive: true, force: true });
