import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildLargeCatalog } from '../../../bench/catalog-fixtures.js';
import { parseDvcRecord } from '../../../src/catalog/import/dvc-scrape.js';
import { procedureSchema, type Procedure } from '../../../src/catalog/schema.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const base = ['several-cases.json', 'missing-fields.json'].map((name) => {
  const file = path.join(fixtures, name);
  return parseDvcRecord(JSON.parse(readFileSync(file, 'utf8')), file).procedure as Procedure;
});

describe('buildLargeCatalog', () => {
  it('generates n valid records with unique codes, base records first', () => {
    const large = buildLargeCatalog(base, 25);
    expect(large).toHaveLength(25);
    expect(large.slice(0, 2)).toEqual(base);
    expect(new Set(large.map((p) => p.code)).size).toBe(25);
    for (const p of large) expect(procedureSchema.safeParse(p).success).toBe(true);
  });

  it('varies names and levels the way the portal repeats procedures across levels', () => {
    const [, , province, , commune, , central] = buildLargeCatalog(base, 7);
    expect(province).toMatchObject({ name: 'Cấp giấy chứng nhận thử nghiệm (thực hiện tại cấp tỉnh)', levels: ['Cấp tỉnh'] });
    expect(commune).toMatchObject({ name: 'Cấp giấy chứng nhận thử nghiệm (thực hiện tại cấp xã)', levels: ['Cấp xã'] });
    expect(central).toMatchObject({ name: 'Cấp giấy chứng nhận thử nghiệm (thực hiện tại cấp trung ương)', levels: ['Cấp bộ'] });
    expect(buildLargeCatalog(base, 9)[8].name).toBe('Cấp giấy chứng nhận thử nghiệm (thực hiện tại cấp tỉnh, mẫu 2)');
    expect(buildLargeCatalog(base, 1)).toEqual([base[0]]);
  });
});
