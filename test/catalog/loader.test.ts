import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogDir, writeCatalogFile } from '../../src/catalog/loader.js';
import type { ProcedureInput } from '../../src/catalog/schema.js';

function record(code: string, name = 'Thủ tục thử nghiệm'): ProcedureInput {
  return {
    code,
    name,
    field: 'Hộ tịch',
    levels: ['Cấp xã'],
    source: { url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x', retrievedAt: '2026-07-01' },
  };
}

describe('loadCatalogDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'motcua-loader-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the good files and reports each bad one by path and field', () => {
    writeCatalogFile(dir, record('1.000001'));
    writeCatalogFile(dir, record('1.000002'));
    writeFileSync(path.join(dir, 'broken.json'), '{ "code": "1.000003", ');
    writeFileSync(
      path.join(dir, 'bad-fields.json'),
      JSON.stringify({ ...record('1.000004'), levels: [], channels: [{ method: 'fax', processingTime: null }] }),
    );
    writeFileSync(path.join(dir, 'notes.txt'), 'not a catalog file');

    const { procedures, errors } = loadCatalogDir(dir);

    expect(procedures.map((p) => p.code)).toEqual(['1.000001', '1.000002']);
    expect(errors.map((e) => path.basename(e.file))).toEqual(['bad-fields.json', 'broken.json']);
    const [badFields, broken] = errors;
    expect(badFields.file).toBe(path.join(dir, 'bad-fields.json'));
    expect(badFields.problems.some((p) => p.startsWith('levels:'))).toBe(true);
    expect(badFields.problems.some((p) => p.startsWith('channels.0.method:'))).toBe(true);
    expect(broken.problems[0]).toMatch(/^\(file\): not valid JSON/);
  });

  it('reports a duplicate code and keeps the first file', () => {
    writeCatalogFile(dir, record('1.000001', 'Bản đầu'));
    writeFileSync(path.join(dir, 'z-copy.json'), JSON.stringify(record('1.000001', 'Bản sao')));
    const { procedures, errors } = loadCatalogDir(dir);
    expect(procedures.map((p) => p.name)).toEqual(['Bản đầu']);
    expect(errors).toHaveLength(1);
    expect(errors[0].problems[0]).toMatch(/^code: duplicate code 1\.000001/);
  });

  it('reads files larger than its read buffer whole, after smaller ones, and a directory named *.json as a bad file', () => {
    // Multi-byte text crossing every buffer boundary: a file is decoded whole, never piece by piece.
    const requirements = 'Điều kiện: người yêu cầu phải có giấy tờ hợp lệ. '.repeat(4000);
    writeCatalogFile(dir, record('1.000001'));
    writeCatalogFile(dir, { ...record('1.000002'), requirements });
    writeCatalogFile(dir, record('1.000003', 'Sau tệp lớn'));
    mkdirSync(path.join(dir, 'folder.json'));
    const { procedures, errors } = loadCatalogDir(dir);
    expect(procedures.map((p) => p.code)).toEqual(['1.000001', '1.000002', '1.000003']);
    expect(procedures[1].requirements).toBe(requirements);
    expect(procedures[2].name).toBe('Sau tệp lớn');
    expect(errors.map((e) => path.basename(e.file))).toEqual(['folder.json']);
    expect(errors[0].problems[0]).toMatch(/^\(file\): not valid JSON: EISDIR/);
  });

  it('throws a clear error only when the directory cannot be read', () => {
    expect(() => loadCatalogDir(path.join(dir, 'missing'))).toThrow(/^Cannot read catalog directory .*missing/);
    writeFileSync(path.join(dir, 'file.json'), '{}');
    expect(() => loadCatalogDir(path.join(dir, 'file.json'))).toThrow(/not a directory/);
    expect(loadCatalogDir(dir).procedures).toEqual([]);
  });

  it('writes pretty NFC JSON named by code', () => {
    const file = writeCatalogFile(path.join(dir, 'nested'), record('2.000001', 'Thủ tục đăng ký'.normalize('NFD')));
    expect(path.basename(file)).toBe('2.000001.json');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('\n  "name": "Thủ tục đăng ký",');
  });

  // How fast is measured by `npm run bench` (start-up at 10,000 records), never here.
  it('keeps one copy of a part that records repeat whole, and tells different parts apart', () => {
    const documents = [
      {
        case: '',
        items: [
          { name: 'Tờ khai', originals: 1 },
          { name: 'Bản sao giấy tờ', copies: 1 },
        ],
      },
    ];
    writeCatalogFile(dir, { ...record('1.000001'), documents, steps: ['Nộp hồ sơ'] });
    writeCatalogFile(dir, {
      ...record('1.000002', 'Thủ tục thử nghiệm (thực hiện tại cấp tỉnh)'),
      levels: ['Cấp tỉnh'],
      documents,
      steps: ['Nộp hồ sơ'],
    });
    writeCatalogFile(dir, {
      ...record('1.000003'),
      documents: [{ case: '', items: [{ name: 'Tờ khai', originals: 2 }] }],
      steps: ['Nộp hồ sơ', 'Nhận kết quả'],
    });
    const [a, b, c] = loadCatalogDir(dir).procedures;
    expect(b.documents).toBe(a.documents);
    expect(b.steps).toBe(a.steps);
    expect(b.levels).not.toBe(a.levels);
    expect(c.documents).not.toBe(a.documents);
    expect(c.documents[0].items[0].originals).toBe(2);
    expect(c.steps).toEqual(['Nộp hồ sơ', 'Nhận kết quả']);
    expect(a.documents[0].items[1]).toMatchObject({ name: 'Bản sao giấy tờ', originals: 0, copies: 1 });
  });

  it('loads 10,000 files', () => {
    for (let i = 0; i < 10_000; i++) {
      const code = `1.${String(i).padStart(6, '0')}`;
      writeFileSync(path.join(dir, `${code}.json`), JSON.stringify(record(code, `Thủ tục số ${i}`)));
    }
    const { procedures, errors } = loadCatalogDir(dir);
    expect(errors).toEqual([]);
    expect(procedures).toHaveLength(10_000);
  });
});
