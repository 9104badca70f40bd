import { describe, expect, it } from 'vitest';
import { buildPublicView, renderReply, type RenderContext } from '../../src/dossier/render.js';
import { maskName } from '../../src/privacy/index.js';
import { dossierRecordSchema, statusCodes, type DossierRecordInput } from '../../src/dossier/schema.js';
import { loadDossierTexts } from '../../src/dossier/texts.js';
import { daysFromNow, makeRecord } from './helpers.js';

const texts = loadDossierTexts();
const ctx = (): RenderContext => ({ texts, hotline: '1900 0000', now: Date.now() });
const reply = (overrides: Partial<DossierRecordInput> = {}) => renderReply(dossierRecordSchema.parse(makeRecord(overrides)), ctx());

/** Anything that would identify or reach the applicant. */
const PRIVATE = ['0912345678', 'an@example.vn', 'Số 5 đường Thử Nghiệm', '001203004567', 'Nguyễn Văn An'];

describe('dossier replies', () => {
  it.each(statusCodes)('status %s: plain words and a next step', (status) => {
    const text = reply({ TrangThaiHoSo: status, NgayKetThucXuLy: status === '9' || status === '10' ? daysFromNow(-1) : '' });
    expect(text).toContain(texts.statuses[status].label);
    expect(text).toContain(texts.statuses[status].meaning);
    expect(text).toContain('Thủ tục: Đăng ký khai sinh');
    expect(text).toContain('UBND xã Tân An');
    expect(text).toMatch(/Ngày nhận: \d{2}\/\d{2}\/\d{4} · Hẹn trả: \d{2}\/\d{2}\/\d{4}/);
    expect(text).toContain('Việc tiếp theo:');
    expect(text).not.toContain('quá hạn');
    expect(text.split('\n').length).toBeLessThanOrEqual(9);
  });

  it('shows dates as dd/mm/yyyy in Vietnam time', () => {
    const text = reply({ NgayTiepNhan: '20261020083000', NgayHenTra: '20991231235959' });
    expect(text).toContain('Ngày nhận: 20/10/2026 · Hẹn trả: 31/12/2099');
  });

  it('status 5 lists the documents to supplement and the one-written-request rule', () => {
    const text = reply({
      TrangThaiHoSo: '5',
      DanhSachHoSoBoSung: [
        {
          NgayBoSung: daysFromNow(-1),
          NoiDungBoSung: 'Thiếu giấy tờ',
          DanhSachGiayToBoSung: 'Giấy chứng sinh; Bản sao giấy đăng ký kết hôn',
          NgayHenTraTruoc: '',
          NgayHenTraMoi: '',
        },
      ],
    });
    expect(text).toContain('Cần bổ sung: Giấy chứng sinh; Bản sao giấy đăng ký kết hôn');
    expect(text).toContain('chỉ yêu cầu bổ sung một lần, bằng văn bản');
  });

  it('status 6 lists the fees to pay', () => {
    const text = reply({ TrangThaiHoSo: '6', DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí cấp bản sao', MaPhiLePhi: 'X', Gia: '8000' }] });
    expect(text).toContain('Cần nộp: Lệ phí cấp bản sao 8.000 đồng');
  });

  it('status 9 says to collect at the desk, or to wait for the post', () => {
    expect(reply({ TrangThaiHoSo: '9', HinhThuc: '0', NgayKetThucXuLy: daysFromNow(-1) })).toContain('Mời bạn đến UBND xã Tân An nhận kết quả');
    expect(reply({ TrangThaiHoSo: '9', HinhThuc: '1', NgayKetThucXuLy: daysFromNow(-1) })).toContain('gửi qua bưu điện');
  });

  it.each(['3', '8'] as const)('status %s gives the reason when there is one, and where to ask', (status) => {
    const withReason = reply({ TrangThaiHoSo: status, GhiChu: 'Không thuộc thẩm quyền. Liên hệ anh Nguyễn Văn An 0912345678.' });
    expect(withReason).toContain('Lý do: Không thuộc thẩm quyền.');
    expect(withReason).toContain('liên hệ UBND xã Tân An hoặc gọi 1900 0000');
    for (const item of PRIVATE) expect(withReason).not.toContain(item);
    expect(reply({ TrangThaiHoSo: status })).not.toContain('Lý do');
  });

  it('an overdue dossier says so and that an apology letter with a new date is owed', () => {
    const text = reply({ TrangThaiHoSo: '4', NgayHenTra: daysFromNow(-3) });
    expect(text).toContain('quá hạn');
    expect(text).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
  });

  it('an overdue dossier with a re-scheduled date shows the new date', () => {
    const newDue = daysFromNow(10);
    const text = reply({
      TrangThaiHoSo: '4',
      NgayHenTra: daysFromNow(-3),
      DanhSachHoSoBoSung: [
        {
          NgayBoSung: daysFromNow(-2),
          NoiDungBoSung: 'Phiếu xin lỗi',
          DanhSachGiayToBoSung: '',
          NgayHenTraTruoc: daysFromNow(-3),
          NgayHenTraMoi: newDue,
        },
      ],
    });
    expect(text).toContain('quá hạn');
    expect(text).toContain(`hẹn lại ngày trả kết quả là ${newDue.slice(6, 8)}/${newDue.slice(4, 6)}/${newDue.slice(0, 4)}`);
  });

  it('a finished dossier is not overdue even past its due date', () => {
    expect(reply({ TrangThaiHoSo: '10', NgayHenTra: daysFromNow(-3), NgayKetThucXuLy: daysFromNow(-4), NgayTra: daysFromNow(-3) })).not.toContain(
      'quá hạn',
    );
  });
});

describe('masking', () => {
  it.each([
    ['Nguyễn Văn An', 'Nguyễn V. A.'],
    ['Lê Thị Hồng Nhung', 'Lê T. H. N.'],
    ['  đặng   gia huy ', 'đặng G. H.'],
    ['Mai', 'M.'],
    ['', ''],
  ])('masks %j as %j', (name, masked) => expect(maskName(name)).toBe(masked));

  it('never shows phone, e-mail, address or ID numbers in the reply or the public view', () => {
    const record = dossierRecordSchema.parse(
      makeRecord({
        TrangThaiHoSo: '5',
        DanhSachHoSoBoSung: [
          {
            NgayBoSung: '',
            NoiDungBoSung: 'Gọi 0912 345 678 hoặc an@example.vn',
            DanhSachGiayToBoSung: 'CCCD số 001203004567 của Nguyễn Văn An',
            NgayHenTraTruoc: '',
            NgayHenTraMoi: '',
          },
        ],
      }),
    );
    const view = buildPublicView(record, ctx());
    const serialised = JSON.stringify(view);
    for (const item of [...PRIVATE, '0912 345 678']) expect(serialised).not.toContain(item);
    expect(view.applicant).toBe('Nguyễn V. A.');
    expect(view.reply).toContain('Người nộp: Nguyễn V. A.');
    expect(view).toMatchObject({ receiptCode: record.MaHoSo, status: { code: 5 }, overdue: false, delivery: 'counter' });
  });

  it('hides the applicant’s address when an officer’s note quotes it', () => {
    const record = dossierRecordSchema.parse(
      makeRecord({
        TrangThaiHoSo: '8',
        DiaChi: '12 Lê Lợi',
        GhiChu: 'Đã đến nhà 12 Lê Lợi nhưng không gặp; sai thông tin người cha.',
      } as Partial<DossierRecordInput>),
    );
    const view = buildPublicView(record, ctx());
    expect(JSON.stringify(view)).not.toContain('12 Lê Lợi');
    expect(view.reply).toContain('sai thông tin người cha');
  });
});
