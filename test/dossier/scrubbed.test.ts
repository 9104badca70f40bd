import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startApp, type RunningApp } from '../support/app.js';
import { daysFromNow, makeRecord, sendJson, startStandIn } from './helpers.js';

/**
 * Issue 15: the public dossier view and the chat reply passed upstream free text through — a fee
 * name carried the applicant's full name and phone, the agency field an officer's phone. A hostile
 * upstream on loopback puts personal data in every free-text field.
 */

const CODE = '000.00.12.H56-261020-0031';
const secrets = [
  '0912345678',
  '0912 345 678',
  '0243.123.4567',
  '+84 987 654 321',
  'an.nguyen@example.vn',
  'canbo@tanan.gov.vn',
  '001203004567',
  '123456789',
  'C1234567',
  'Văn An',
  'VĂN AN',
  'Thị Cúc',
  'Văn Bình',
  'Hoàng Dũng',
  'Thu Hà',
  '000.00.12.H56-261020-0099',
  'Thử Nghiệm',
];

const hostile = makeRecord({
  MaHoSo: CODE,
  TenTTHC: 'Thủ tục đăng ký khai sinh (người nộp: Lê Hoàng Dũng, 0912 345 678)',
  ChuHoSo: 'Nguyễn Văn An',
  DonViXuLy: 'UBND xã Tân An - cán bộ thụ lý: Đỗ Thu Hà, ĐT 0243.123.4567, canbo@tanan.gov.vn',
  TrangThaiHoSo: '5',
  GhiChu: 'Ông Nguyễn Văn Bình gọi +84 987 654 321',
  DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí khai sinh - NGUYỄN VĂN AN 0912345678 an.nguyen@example.vn', MaPhiLePhi: 'LP01', Gia: '8000' }],
  DanhSachHoSoBoSung: [
    {
      NgayBoSung: daysFromNow(-1),
      NoiDungBoSung: 'Bổ sung CCCD 001203004567 của bà Trần Thị Cúc; gộp với hồ sơ 000.00.12.H56-261020-0099',
      DanhSachGiayToBoSung: 'Giấy ủy quyền cho Nguyễn Văn An; hộ chiếu C1234567; CMND 123456789; địa chỉ: Số 5 đường Thử Nghiệm',
      NgayHenTraTruoc: '',
      NgayHenTraMoi: '',
    },
  ],
});

let running: RunningApp;
let closeStandIn: () => Promise<void>;
beforeAll(async () => {
  const standIn = await startStandIn((_req, res) => sendJson(res, 200, hostile));
  closeStandIn = standIn.close;
  running = await startApp({ DOSSIER_API_URL: standIn.url, DOSSIER_LOOKUPS_PER_10_MIN: '1000' });
});
afterAll(async () => {
  await running.close();
  await closeStandIn();
});

function expectClean(body: string) {
  for (const secret of secrets) expect(body, secret).not.toContain(secret);
}

describe('personal data from a hostile upstream record', () => {
  it('is scrubbed from every field of the public view', async () => {
    const response = await fetch(`${running.baseUrl}/api/v1/dossiers/${CODE}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expectClean(body);
    const view = JSON.parse(body);
    expect(view.receiptCode).toBe(CODE);
    expect(view.applicant).toBe('Nguyễn V. A.');
    expect(view.fees[0].name).toContain('Nguyễn V. A.');
    expect(view.agency).toContain('UBND xã Tân An');
    expect(view.procedure.name).toContain('đăng ký khai sinh');
  });

  it('is scrubbed from the chat reply and its follow-ups', async () => {
    const first = await postJson(`${running.baseUrl}/api/v1/ask`, { text: `tra cứu hồ sơ ${CODE}`, sessionId: 'web:scrubbed-test' });
    expect(first.status).toBe(200);
    expect(first.json.reply).toContain(CODE);
    expect(first.json.reply).toContain('Nguyễn V. A.');
    expectClean(first.text);
    // Server-issued sessions answer with the id to send back; until then the caller's own id.
    const sessionId = first.json.sessionId ?? 'web:scrubbed-test';
    for (const text of ['thiếu giấy gì?', 'nộp bổ sung ở đâu?', 'khi nào có kết quả?']) {
      const next = await postJson(`${running.baseUrl}/api/v1/ask`, { text, sessionId });
      expectClean(next.text);
    }
  });
});
