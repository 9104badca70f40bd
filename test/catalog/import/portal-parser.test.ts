import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDvcRecord } from '../../../src/catalog/import/dvc-scrape.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
function parseFixture(name: string) {
  const file = path.join(fixtures, name);
  return parseDvcRecord(JSON.parse(readFileSync(file, 'utf8')), file, { retrievedAt: '2026-07-01' });
}

describe('parseDvcRecord on a record with several cases (hand-made, portal shapes)', () => {
  const { procedure, warnings, error } = parseFixture('several-cases.json');
  if (!procedure) throw new Error(`fixture did not parse: ${error}`);

  it('normalises NFD text and the look-alike Đ', () => {
    expect(procedure.name).toBe('Cấp giấy chứng nhận thử nghiệm (thực hiện tại cấp xã)');
    expect(procedure.name).toBe(procedure.name.normalize('NFC'));
    expect(procedure.field).toBe('Đăng ký thử nghiệm');
    expect(warnings).toEqual([]);
  });

  it('reads identity, levels, agencies and source', () => {
    expect(procedure.code).toBe('9.000001');
    expect(procedure.levels).toEqual(['Cấp xã', 'Cấp tỉnh']);
    expect(procedure.subjects).toEqual(['Công dân Việt Nam', 'Tổ chức']);
    expect(procedure.agencies).toEqual({ competent: 'Ủy ban nhân dân cấp xã', executing: 'Ủy ban nhân dân cấp xã' });
    expect(procedure.aliases).toEqual([]);
    expect(procedure.source).toEqual({
      url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/00000000-0000-0000-0000-000000000001',
      retrievedAt: '2026-07-01',
    });
  });

  it('splits the run-together channel table, with nested brackets in the fee note', () => {
    const [online, direct, postal] = procedure.channels;
    expect(online).toMatchObject({
      method: 'online',
      processingTime: { value: 7, unit: 'working_day' },
      note: 'Nộp trên Cổng Dịch vụ công quốc gia.',
    });
    expect(online.fees).toEqual([{ kind: 'fee', amount: 10000, currency: 'VND', note: 'Lệ phí: 10.000 đồng/lần (giảm 50% khi nộp trực tuyến)' }]);
    expect(procedure.onlineService).toBe('partial');
    expect(direct.method).toBe('direct');
    expect(postal.method).toBe('postal');
  });

  it('keeps a bare number as unit "other" with a note, never as days', () => {
    const direct = procedure.channels[1];
    expect(direct.processingTime).toEqual({ value: 1, unit: 'other', note: 'Cổng Dịch vụ công ghi “1” mà không nêu đơn vị.' });
  });

  it('keeps "Miễn phí" next to a province note as amount 0 with that note, not "free"', () => {
    expect(procedure.channels[1].fees).toEqual([
      { kind: 'fee', amount: 0, currency: 'VND', note: 'Mức lệ phí do Hội đồng nhân dân cấp tỉnh quyết định; miễn cho trẻ em' },
    ]);
    expect(procedure.channels[2].fees).toEqual([{ kind: 'fee', amount: 0, currency: 'VND', note: 'Miễn phí.' }]);
  });

  it('quotes the description when the time cell says "Không có thông tin"', () => {
    expect(procedure.channels[2].processingTime).toMatchObject({ value: null, unit: 'other' });
    expect(procedure.channels[2].processingTime?.note).toContain('Trong thời hạn 05 ngày làm việc');
  });

  it('reads documents per case and kind, with originals, copies and forms', () => {
    const [general, authorised, present] = procedure.documents;
    expect(general).toMatchObject({ case: '', kind: 'submit' });
    expect(general.items).toEqual([
      {
        name: 'Tờ khai đề nghị cấp giấy chứng nhận (Mẫu TN01 ban hành kèm theo Thông tư số 1/2020/TT-BTN)',
        originals: 1,
        copies: 0,
        form: 'Mẫu TN01',
      },
      // the date glued to the count ("…01/01/20201 bản chính") does not become 20201 originals
      { name: 'Bản sao giấy tờ chứng minh nơi cư trú ngày 01/01/2020', originals: 1, copies: 2 },
      // a count quoted inside a name does not end the row
      { name: 'Đơn đề nghị (nộp kèm: 01 bản chính.)', originals: 1, copies: 0 },
    ]);
    expect(authorised).toMatchObject({ case: 'Trường hợp ủy quyền thực hiện thủ tục', kind: 'submit' });
    expect(authorised.items.map((i) => i.name)).toEqual(['Văn bản ủy quyền được chứng thực']);
    expect(present).toMatchObject({ kind: 'present', items: [{ name: 'Giấy tờ tùy thân còn giá trị sử dụng', originals: 1, copies: 0 }] });
  });

  it('turns "0 bản chính" explanations and the "* Lưu ý" table into notes, not documents', () => {
    expect(procedure.documents[0].notes).toEqual(['Trường hợp người yêu cầu đã nộp bản điện tử thì không phải nộp bản giấy.']);
    expect(procedure.documents[2].notes).toEqual(['Gửi qua bưu chính thì kèm bản sao có chứng thực.']);
    const names = procedure.documents.flatMap((c) => c.items.map((i) => i.name));
    expect(names.some((n) => n.startsWith('Trường hợp') || n.startsWith('Gửi qua'))).toBe(false);
  });

  it('splits legal basis where the number column ends a title', () => {
    expect(procedure.legalBasis).toEqual([
      { number: '99/2020/QH14', title: 'Luật Thử nghiệm 99/2020/QH14' },
      { number: '12/2021/NĐ-CP', title: 'Nghị định số 12/2021/NĐ-CP ngày 01/01/2021 của Chính phủ quy định chi tiết Luật Thử nghiệm' },
      { number: '5/2022/QĐ-TTg', title: 'Quyết định về việc công bố thủ tục' },
    ]);
  });

  it('strips result codes and page junk; one entry per marked step, its details kept with it', () => {
    expect(procedure.results).toEqual(['Giấy chứng nhận thử nghiệm', 'Thông báo từ chối (nếu có)']);
    expect(procedure.steps).toEqual([
      'Bước 1: Người yêu cầu nộp hồ sơ.',
      'Bước 2: Cán bộ kiểm tra hồ sơ. Trường hợp hồ sơ chưa đủ thì hướng dẫn bổ sung.',
      'Bước 3: Trả kết quả.',
    ]);
  });
});

describe('parseDvcRecord on a record with missing fields', () => {
  const file = path.join(fixtures, 'missing-fields.json');
  const { procedure, warnings } = parseFixture('missing-fields.json');

  it('still imports, with fallbacks that say they are unknown', () => {
    expect(procedure?.field).toBe('Chưa rõ lĩnh vực');
    expect(procedure?.levels).toEqual(['Chưa rõ cấp thực hiện']);
    expect(procedure?.documents).toEqual([]);
    expect(procedure?.results).toEqual([]);
    expect(procedure?.steps).toEqual(['Bước 1. Nộp tờ khai.', 'Bước 2. Nhận kết quả.']);
  });

  it('separates a bare time glued to an amount, and reads a time given in words', () => {
    const [online, direct] = procedure?.channels ?? [];
    expect(online.processingTime).toMatchObject({ value: 1, unit: 'other' });
    // The cell's "20" is the note's "20.000 vnđ", typed in thousands.
    expect(online.fees[0]).toMatchObject({ amount: 20000, note: '20.000 vnđ /tờ khai' });
    expect(direct).toMatchObject({ method: 'direct', processingTime: { value: null, unit: 'other', note: 'Không quy định' } });
    expect(direct.fees).toEqual([{ kind: 'fee', amount: 0, currency: 'VND', note: 'Miễn phí.' }]);
  });

  it('names the record and what was not understood in every warning', () => {
    expect(warnings.length).toBeGreaterThanOrEqual(5);
    for (const warning of warnings) expect(warning.startsWith(`9.000002 (${file}): `)).toBe(true);
    expect(warnings.join('\n')).toMatch(/linh_vuc \(field\) is missing/);
    expect(warnings.join('\n')).toMatch(/cap_thuc_hien \(levels\) is missing/);
    expect(warnings.join('\n')).toMatch(/time and amount run together in "120"/);
    expect(warnings.join('\n')).toMatch(/amount 20 VND looks too small/);
    expect(warnings.join('\n')).toMatch(/the fee cell says 20 VND beside its description's 20000 VND; read as 20000 VND/);
    expect(warnings.join('\n')).toMatch(/can_cu_phap_ly: no document number found/);
  });
});

describe('parseDvcRecord errors', () => {
  it('rejects a record without a valid code, naming the file', () => {
    const result = parseFixture('no-code.json');
    expect(result.procedure).toBeUndefined();
    expect(result.error).toMatch(/no-code\.json: ma_thu_tuc "" is not a national code/);
  });

  it('rejects a record without a name and anything that is not an object', () => {
    expect(parseDvcRecord({ ma_thu_tuc: '1.000001', ten_thu_tuc: '  ' }, 'x.json').error).toMatch(
      /1\.000001 \(x\.json\): ten_thu_tuc \(name\) is missing/,
    );
    expect(parseDvcRecord('text', 'y.json').error).toMatch(/y\.json: not a portal record/);
  });

  it('defaults retrievedAt to today', () => {
    const { procedure } = parseDvcRecord(
      { ma_thu_tuc: '1.000001', ten_thu_tuc: 'Tên', linh_vuc: 'L', cap_thuc_hien: 'Cấp xã', detail_url: 'https://dichvucong.gov.vn/x' },
      'z.json',
    );
    expect(procedure?.source.retrievedAt).toBe(new Date().toISOString().slice(0, 10));
  });
});
