import { ProcedureSearch } from '../src/search/index.js';
import { loadOfficialCatalog, buildLargeCatalog } from './catalog-fixtures.js';
import { buildQuerySet, loadColloquial } from './queries.js';
const official = (await loadOfficialCatalog())!;
const which = process.argv[2] ?? 'official';
const procs = which === 'large' ? buildLargeCatalog(official, 10000) : official;
let t = performance.now();
const s = new ProcedureSearch(procs);
console.log('build', (performance.now() - t).toFixed(0));
const qs = buildQuerySet(procs, loadColloquial('.'), 60);
for (const q of qs) s.search(q.text, { limit: 10 });
const rows: Array<[number, string, number]> = [];
for (const q of qs) { const a = performance.now(); s.search(q.text, { limit: 10 }); rows.push([performance.now() - a, q.kind, q.text.length]); }
rows.sort((a, b) => b[0] - a[0]);
console.log(rows.slice(0, 8).map(r => `${r[0].toFixed(1)}ms ${r[1]} len${r[2]}`).join('\n'));
const col = rows.filter(r => r[1] === 'colloquial').map(r => r[0]).sort((a,b)=>a-b);
console.log('colloquial median', col[Math.floor(col.length/2)].toFixed(2), 'max', col[col.length-1].toFixed(2));
const lens = qs.filter(q => q.kind==='name').map(q=>q.text.split(' ').length).sort((a,b)=>a-b);
console.log('name words median', lens[Math.floor(lens.length/2)], 'max', lens[lens.length-1]);
