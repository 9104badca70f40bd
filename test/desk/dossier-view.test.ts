import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/calendar/index.js';
import { staffDossierView, workingDaysLate } from '../../src/desk/dossier-view.js';
import { dossierRecordSchema } from '../../src/dossier/schema.js';
import { loadDossierTexts } from '../../src/dossier/texts.js';
import { type RunningApp, startApp } from '../support/app.js';
import { repoDir } from '../support/shared.js';
import { bearer, getJson } from './support.js';

/** The staff dossier view decoded for a call: words, dd/mm/yyyy, days late, apology, a script. */

const demo = JSON.parse(readFileSync(path.join(repoDir, 'data', 'demo-dossiers.json'), 'utf8')).dossiers as Array<{ MaHoSo: string }>;
const record = (code: string) => dossierRecordSchema.parse(demo.find((d) => d.MaHoSo === code));
const ctx = (now: string) => ({ texts: loadDossierTexts(), hotline: '1900 0000', now: Date.parse(now) });

describe('decoding a dossier for staff', () => {
  it('says how many working days late a dossier is and that an apology and a new date are owed', () => {
    // Due Thursday 01/10/2026 17:00; on Tuesday 06/10 it is 3 working days late (Fri, Mon, Tue).
    const view = staffDossierView(record('000.00.12.H56-260901-0012'), ctx('2026-10-06T10:00:00+07:00'));
    expect(view).toMatchObject({
      status: { code: 4, label: 'Đang xử lý' },
      receivedAt: '01/09/2026',
      dueAt: '01/10/2026',
      newDueAt: null,
      overdue: true,
      daysLate: 3,
      overdueText: 'Quá hạn 3 ngày làm việc (hẹn trả 01/10/2026)',
      delivery: 'Nhận kết quả tại Bộ phận Một cửa',
      apology: 'Cơ quan phải gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả, ghi một ngày hẹn mới.',
      applicant: 'Trịnh Văn Sơn',
    });
    expect(view.script[0]).toBe(
      'Hồ sơ 000.00.12.H56-260901-0012, thủ tục Cấp lại Giấy chứng nhận do bị mất, do Văn phòng đăng ký đất đai chi nhánh Hòa Bình (dữ liệu mẫu) giải quyết.',
    );
    expect(view.script).toContain(
      'Hồ sơ đã quá hạn 3 ngày làm việc. Cơ quan phải gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả, ghi một ngày hẹn mới.',
    );
    expect(view.script.join('\n')).not.toMatch(/\d{14}/);
  });

  it('names the new date an agency gave, the supplement list and delivery by post', () => {
    const view = staffDossierView(record('000.00.12.H56-260915-0013'), ctx('2026-10-20T10:00:00+07:00'));
    expect(view).toMatchObject({
      dueAt: '15/10/2026',
      newDueAt: '15/12/2027',
      overdue: true,
      daysLate: 3,
      apology: 'Cơ quan đã hẹn lại ngày trả kết quả: 15/12/2027.',
      delivery: 'Nhận kết quả qua bưu chính',
      supplements: [
        {
          requestedAt: '16/10/2026',
          content: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
          documents: '',
          previousDueAt: '15/10/2026',
          newDueAt: '15/12/2027',
        },
      ],
    });
    expect(view.script).toContain('Ngày hẹn trả kết quả mới: 15/12/2027 (hẹn cũ 15/10/2026).');
  });

  it('is not late before the due date, nor on the due day itself', () => {
    const onTime = staffDossierView(record('000.00.12.H56-260901-0012'), ctx('2026-10-01T16:00:00+07:00'));
    expect(onTime).toMatchObject({ overdue: false, daysLate: null, overdueText: null, apology: null });
  });

  it('counts working days only: weekends and official days off are not late days', () => {
    const calendar = defaultCalendar();
    expect(workingDaysLate('2026-10-02', '2026-10-05', calendar)).toBe(1); // Fri → Mon
    expect(workingDaysLate('2026-10-03', '2026-10-05', calendar)).toBe(0); // due on a Saturday: Monday is the due day
    const firstOff = calendar.data.days.find((d) => d.kind === 'off' && calendar.isWorkingDay(calendar.nextWorkingDay(d.date)))!;
    const after = calendar.nextWorkingDay(firstOff.date);
    expect(workingDaysLate(firstOff.date, after, calendar)).toBe(0);
  });
});

describe('GET /api/v1/staff/dossiers/{code} for the console', () => {
  const STAFF = 'staff-token-dossier-view-0123456789abcdef';
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ STAFF_TOKEN: STAFF });
  });
  afterAll(() => running.close());

  it('sends the record whole and decoded, and audits the view', async () => {
    const { status, json } = await getJson(`${running.baseUrl}/api/v1/staff/dossiers/000.00.12.h56-260901-0012`, bearer(STAFF));
    expect(status).toBe(200);
    expect(json).toMatchObject({ MaHoSo: '000.00.12.H56-260901-0012', SoDienThoai: '0900000012', TrangThaiHoSo: '4' });
    expect(json.decoded).toMatchObject({ status: { label: 'Đang xử lý' }, dueAt: '01/10/2026', overdue: true, daysLate: expect.any(Number) });
    expect(json.decoded.daysLate).toBeGreaterThan(0);
    expect(json.decoded.script.length).toBeGreaterThanOrEqual(4);
    const [audit] = await running.app.store.repositories.access.auditLog(1);
    expect(audit).toMatchObject({
      actor: 'env:staff',
      person: 'STAFF_TOKEN',
      action: 'dossier.view',
      target: '000.00.12.H56-260901-0012',
      status: 200,
    });
  });
});
