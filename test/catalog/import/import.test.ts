import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageReport, importDvcScrape } from '../../../src/catalog/import/index.js';
import { loadCatalogDir } from '../../../src/catalog/loader.js';
import { hasScrape, repoDir, scrapeDir, skipWithoutScrape } from '../../support/shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const run = promisify(execFile);

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'motcua-import-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('importDvcScrape on the hand-made fixtures', () => {
  it('writes project-format files and summarises read, imported, warnings and rejections', async () => {
    const outDir = path.join(work, 'fixtures-out');
    const progress: Array<[number, number]> = [];
    const summary = await importDvcScrape(fixtures, outDir, { retrievedAt: '2026-07-01', onProgress: (d, t) => progress.push([d, t]) });
    expect(summary).toMatchObject({ read: 3, imported: 2, withWarnings: 1 });
    expect(summary.rejected).toEqual([
      { file: path.join(fixtures, 'no-code.json'), reason: expect.stringMatching(/ma_thu_tuc "" is not a national code/) },
    ]);
    expect(summary.warnings.every((w) => w.startsWith('9.000002 ('))).toBe(true);
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(readdirSync(outDir).sort()).toEqual(['9.000001.json', '9.000002.json']);
    const loaded = loadCatalogDir(outDir);
    expect(loaded.errors).toEqual([]);
    expect(loaded.procedures.map((p) => p.code)).toEqual(['9.000001', '9.000002']);
  });

  it('counts per field how many records carry it', async () => {
    const { procedures } = loadCatalogDir(path.join(work, 'fixtures-out'));
    const rows = Object.fromEntries(coverageReport(procedures).map((r) => [r.field, r]));
    expect(rows.code).toEqual({ field: 'code', count: 2, percent: 100 });
    expect(rows['documents (at least 1)']).toEqual({ field: 'documents (at least 1)', count: 1, percent: 50 });
    expect(rows['channel with a time'].count).toBe(2);
    expect(rows.results.count).toBe(1);
    expect(coverageReport([]).every((r) => r.count === 0 && r.percent === 0)).toBe(true);
  });
});

describe('catalog commands', () => {
  const driver = path.join(here, 'cli-driver.ts');
  const tsx = path.join(repoDir, 'node_modules', '.bin', 'tsx');
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(tsx, [driver, path.join(work, 'var'), path.join(work, 'var', 'catalog'), ...args], { cwd: repoDir });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('imports portal records into $DATA_DIR/catalog, then reports coverage', async () => {
    const imported = await cli('catalog', 'import', '--format', 'dvc-scrape', fixtures);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Read 3, imported 2 \(1 with warnings\), rejected 1\. Files in .*var\/catalog/);
    expect(imported.stderr).toMatch(/rejected: .*no-code\.json: ma_thu_tuc/);
    expect(imported.stderr).toMatch(/warning: 9\.000002 \(/);

    const report = await cli('catalog', 'report');
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/2 procedure\(s\) in .*var\/catalog/);
    expect(report.stdout).toMatch(/^code\s+2\s+100\.0%$/m);
  });

  it('validates: lists each bad file with its problems and exits 1', async () => {
    const dir = path.join(work, 'to-validate');
    cpSync(path.join(work, 'var', 'catalog'), dir, { recursive: true });
    expect((await cli('catalog', 'validate', dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ code: 'x', name: 'Thủ tục' }));
    const result = await cli('catalog', 'validate', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.json\n {2}code: expected a national code/);
    expect(result.stdout).toMatch(/2 valid procedure file\(s\), 1 rejected/);
  });

  it('imports project format by validating and copying; exits 1 only when nothing imports', async () => {
    const copied = await cli('catalog', 'import', '--format', 'project', path.join(work, 'to-validate'), '--out', path.join(work, 'copy'));
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/Read 3, imported 2 .*rejected 1/);
    const empty = await cli('catalog', 'import', '--format', 'dvc-scrape', path.join(work, 'copy'), '--out', path.join(work, 'none'));
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/imported 0/);
  });

  it('refuses to write into the repository data folder and reports a missing folder', async () => {
    const inRepo = await cli('catalog', 'import', '--format', 'project', fixtures, '--out', path.join(repoDir, 'data', 'imported'));
    expect(inRepo.code).toBe(1);
    expect(inRepo.stderr).toMatch(/Refusing to write into the repository's data folder/);
    const missing = await cli('catalog', 'validate', path.join(work, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: Cannot read catalog directory/m);
  });
});

describe.skipIf(!hasScrape)(`import of all official records ${skipWithoutScrape}`, () => {
  it('meets the coverage goals within a minute, and every warning names its record', { timeout: 60_000 }, async () => {
    const outDir = path.join(work, 'official');
    const summary = await importDvcScrape(scrapeDir, outDir, { retrievedAt: '2026-07-01' });
    expect(summary.read).toBe(2642);
    expect(summary.rejected).toEqual([]);
    const { procedures, errors } = loadCatalogDir(outDir);
    expect(errors).toEqual([]);
    const rows = Object.fromEntries(coverageReport(procedures).map((r) => [r.field, r.percent]));
    for (const field of ['code', 'name', 'field', 'levels']) expect(rows[field], field).toBe(100);
    expect(rows['channel with a time']).toBeGreaterThanOrEqual(98);
    expect(rows['documents (at least 1)']).toBeGreaterThanOrEqual(98);
    for (const warning of summary.warnings) expect(warning).toMatch(/^\d\.\d{6} \(.+\.json\): \S/);
  });
});
