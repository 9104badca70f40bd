import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formReference, joinSteps, stripFileNames } from '../../../src/catalog/import/dvc-clean.js';
import { parseDocuments } from '../../../src/catalog/import/dvc-documents.js';
import { parseChannels } from '../../../src/catalog/import/dvc-channels.js';
import { feePeriods } from '../../../src/catalog/import/dvc-fees.js';
import { parseDvcDir } from '../../../src/catalog/import/index.js';
import { parseDvcRecord } from '../../../src/catalog/import/dvc-scrape.js';

/** The importer's fee periods, self-contradicting cells, form references, steps, units and dates. */

const fee = (amount: number, note: string) => ({ kind: 'fee' as const, amount, currency: 'VND' as const, note });

describe('fee notes into periods', () => {
  it('a percentage reduction becomes the reduced amount for its period, with the full amount before and after', () => {
    const note = 'Từ ngày 01/07/2025 đến hết ngày 31/12/2026, mức lệ phí bằng 50% mức phí nêu trên theo quy định tại Thông tư 64/2025/TT-BTC';
    const { fees } = feePeriods(fee(140_000_000, note), 'x');
    expect(fees.map(({ amount, validFrom, validUntil, basis, reducedFrom }) => ({ amount, validFrom, validUntil, basis, reducedFrom }))).toEqual([
      { amount: 140_000_000, validFrom: undefined, validUntil: '2025-06-30', basis: undefined, reducedFrom: undefined },
      {
        amount: 70_000_000,
        validFrom: '2025-07-01',
        validUntil: '2026-12-31',
        basis: '64/2025/TT-BTC',
        reducedFrom: { amount: 140_000_000, percent: 50 },
      },
      { amount: 140_000_000, validFrom: '2027-01-01', validUntil: undefined, basis: undefined, reducedFrom: undefined },
    ]);
  });

  it('a stated reduced amount with only an end date', () => {
    const { fees } = feePeriods(
      fee(
        50000,
        '- 50.000đ/tem “AB” (Thông tư số 25/2021/TT-BTC). - 25.000đ/tem “AB” (áp dụng đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC ngày 30/6/2025).',
      ),
      'x',
    );
    expect(fees.map((f) => [f.amount, f.validFrom, f.validUntil])).toEqual([
      [25000, undefined, '2026-12-31'],
      [50000, '2027-01-01', undefined],
    ]);
  });

  it('an amount the note dates as ended keeps its end, so it is never given as current', () => {
    const { fees } = feePeriods(
      fee(
        160000,
        '+ 160.000/hộ chiếu, trường hợp cấp lại do bị hư hỏng hoặc bị mất: 320.000đ/hộ chiếu (áp dụng đến hết ngày 31/12/2023 theo Thông tư số 44/2023/TT-BTC ngày 29/6/2023)',
      ),
      'x',
    );
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ amount: 160000, validUntil: '2023-12-31', basis: '44/2023/TT-BTC' });
  });

  it('the cell and its own description disagreeing: warned, both kept', () => {
    const { fees, warnings } = feePeriods(
      fee(
        5000,
        '- Gia hạn tạm trú (cá nhân, hộ gia đình): + Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực tuyến thu 7.000 đồng/lần đăng ký.',
      ),
      'cach_thuc_thuc_hien (online)',
    );
    expect(fees[0]).toMatchObject({ amount: 5000, statedElsewhere: 7000 });
    expect(warnings).toEqual(['cach_thuc_thuc_hien (online): the fee cell says 5000 VND but its description says 7000 VND; both kept']);
  });
});

describe('a fee cell under 1,000 đồng', () => {
  it('takes its unit from its own description: thousands when it states that figure, dollars when it says USD', () => {
    const thousands = feePeriods(fee(40, '40.000đ/giấy thông hành (Thông tư số 25/2021/TT-BTC)'), 'x');
    expect(thousands.fees).toMatchObject([{ amount: 40000, currency: 'VND' }]);
    expect(thousands.warnings).toEqual(["x: the fee cell says 40 VND beside its description's 40000 VND; read as 40000 VND"]);
    const dollars = feePeriods(fee(155, 'Thẻ tạm trú có thời hạn từ trên 02 năm đến 05 năm: 155 USD/thẻ.'), 'x');
    expect(dollars.fees).toMatchObject([{ amount: 155, currency: 'USD' }]);
  });

  it('a cell in dollars is a fee in dollars, not a missing one', () => {
    const { channels } = parseChannels(
      'Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việc145 USD(Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.)Nộp hồ sơ trực tuyến.',
    );
    expect(channels[0].fees).toEqual([{ kind: 'fee', amount: 145, currency: 'USD', note: 'Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.' }]);
  });

  it('is never scaled from another figure: a reduced "25.000 đồng" says nothing sure of the full amount', () => {
    const { fees } = feePeriods(
      fee(50, '(áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC)'),
      'x',
    );
    expect(fees.every((f) => f.amount === 50)).toBe(true);
  });
});

describe('portal text made fit to send', () => {
  it('file names become form references or go', () => {
    expect(formReference('Mau NA20-BCA.docx')).toBe('Mẫu NA20-BCA');
    expect(formReference('NA5 (1).doc')).toBe('Mẫu NA5');
    expect(formReference('9-Mẫu NA8.doc')).toBe('Mẫu NA8');
    expect(formReference('(1).pdf')).toBeUndefined();
    expect(stripFileNames('Tờ khai (mẫu: nxinnhnconnui.doc) nộp kèm')).toBe('Tờ khai nộp kèm');
    expect(stripFileNames('Văn bản đề nghị theo Nghị định số 58/2024/NĐ-CPMus132.docx')).toBe('Văn bản đề nghị theo Nghị định số 58/2024/NĐ-CP');
    expect(stripFileNames('Đơn theo Thông tư 94/2025/TT-BNNMTđơn công nhận.pdf')).toBe('Đơn theo Thông tư 94/2025/TT-BNNMT');
  });

  it('"Hồ sơ … gồm:" introduces the list everyone files, not a case; file names leave the names', () => {
    const { documents } = parseDocuments(
      '* Hồ sơ đăng ký tạm trú gồm: Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai thay đổi thông tin cư trúMau CT01 (1).doc1 bản chính',
    );
    expect(documents).toEqual([
      { case: '', kind: 'submit', items: [{ name: 'Tờ khai thay đổi thông tin cư trú', originals: 1, copies: 0, form: 'Mẫu CT01' }], notes: [] },
    ]);
  });

  it('steps are numbered once: a lone "Bước 1:" joins its text, loose lines join their step, fragments go', () => {
    expect(joinSteps(['Bước 1:', 'Công dân đến Công an cấp xã', 'hoặc nộp trực tuyến', '4.2.', 'Bước 2: Cán bộ tiếp nhận.'])).toEqual([
      'Bước 1: Công dân đến Công an cấp xã; hoặc nộp trực tuyến',
      'Bước 2: Cán bộ tiếp nhận.',
    ]);
  });

  const record = (time: string, description: string) => ({
    ma_thu_tuc: '9.000123',
    ten_thu_tuc: 'Thủ tục thử nghiệm đơn vị thời gian',
    cap_thuc_hien: 'Cấp xã',
    linh_vuc: 'Thử nghiệm',
    detail_url: 'https://dichvucong.gov.vn/x',
    cach_thuc_thuc_hien: `Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp${time}Miễn phí${description}`,
  });

  it('a bare number takes its unit from the record’s own words, and only then', () => {
    const withUnit = parseDvcRecord(record('3', 'Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ.'), 'x', {
      retrievedAt: '2026-11-01',
    }).procedure!;
    expect(withUnit.channels[0].processingTime).toEqual({ value: 3, unit: 'working_day' });
    const without = parseDvcRecord(record('3', 'Nộp tại Bộ phận Một cửa.'), 'x', { retrievedAt: '2026-11-01' }).procedure!;
    expect(without.channels[0].processingTime).toMatchObject({ value: 3, unit: 'other' });
  });

  it('a subject with a comma inside its brackets stays one subject', () => {
    const procedure = parseDvcRecord(
      { ...record('3', ''), doi_tuong_thuc_hien: 'Doanh nghiệp, Tổ chức (không bao gồm doanh nghiệp, HTX), Doanh nghiệp có vốn đầu tư nước ngoài' },
      'x',
      { retrievedAt: '2026-11-01' },
    ).procedure!;
    expect(procedure.subjects).toEqual(['Doanh nghiệp', 'Tổ chức (không bao gồm doanh nghiệp, HTX)', 'Doanh nghiệp có vốn đầu tư nước ngoài']);
  });

  it('the data date is the record file’s date, not the day of the import', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-retrieved-'));
    try {
      const file = path.join(dir, '9.000123.json');
      writeFileSync(file, JSON.stringify(record('3', '')));
      const when = new Date('2026-10-03T05:00:00Z');
      utimesSync(file, when, when);
      const { procedures } = await parseDvcDir(dir);
      expect(procedures[0].source.retrievedAt).toBe('2026-10-03');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
