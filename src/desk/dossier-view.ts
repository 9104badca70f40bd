import { type WorkCalendar, defaultCalendar, vietnamDay, vietnamTime } from '../calendar/index.js';
import { type DossierSummary, effectiveDueDate, formatDate, isOverdue, nextStep, procedureName, type RenderContext } from '../dossier/render.js';
import { latestNewDueDate, parseTimestamp, type DossierRecord } from '../dossier/schema.js';
import { fill } from '../dossier/texts.js';
import { toDisplay } from '../text/display.js';
import { type DeskTexts, loadDeskTexts } from './texts.js';

/**
 * The staff dossier view decoded for someone with a caller on the line: the status in words,
 * dates as dd/mm/yyyy, how many working days late (on the working-day calendar), how the result
 * is handed over, the supplement requests, the apology and new date owed, and a short script to
 * read out. Staff see the record whole (this view is audited); nothing here is masked.
 */
export interface StaffDossierView extends DossierSummary {
  code: string;
  /** Working days past the due date, counted to today; null when not overdue. */
  daysLate: number | null;
  /** "Quá hạn 3 ngày làm việc (hẹn trả 16/10/2026)", or null. */
  overdueText: string | null;
  delivery: string;
  supplements: Array<{ requestedAt: string | null; content: string; documents: string; previousDueAt: string | null; newDueAt: string | null }>;
  /** What the agency owes a late dossier: the apology and a new date, or the new date it gave. */
  apology: string | null;
  nextStep: string;
  /** "đọc cho người dân": short lines to read out on the phone. */
  script: string[];
}

const date = (timestamp: string) => (timestamp ? formatDate(timestamp) : null);

/** Working days after `dueDay` up to and including `today` (a due date on a day off moves to the next working day). */
export function workingDaysLate(dueDay: string, today: string, calendar: WorkCalendar): number {
  let count = 0;
  for (let day = calendar.nextWorkingDay(calendar.onOrAfter(dueDay)); day <= today; day = calendar.nextWorkingDay(day)) count += 1;
  return count;
}

export function staffDossierView(
  record: DossierRecord,
  ctx: RenderContext,
  options: { calendar?: WorkCalendar; texts?: DeskTexts } = {},
): StaffDossierView {
  const calendar = options.calendar ?? defaultCalendar();
  const t = (options.texts ?? loadDeskTexts()).dossier;
  const status = ctx.texts.statuses[record.TrangThaiHoSo];
  const overdue = isOverdue(record, ctx.now, calendar);
  const due = date(record.NgayHenTra);
  const newDueStamp = latestNewDueDate(record);
  const newDue = newDueStamp && newDueStamp !== record.NgayHenTra ? date(newDueStamp) : null;
  const dueMs = parseTimestamp(record.NgayHenTra);
  const daysLate = overdue && Number.isFinite(dueMs) ? workingDaysLate(vietnamTime(dueMs).day, vietnamDay(ctx.now), calendar) : null;
  const overdueText = daysLate === null ? null : fill(daysLate > 0 ? t.overdue : t.overdueToday, { days: daysLate, due: due ?? '' });
  const apology = overdue ? (newDue ? fill(t.apologyGiven, { newDue }) : t.apologyOwed) : null;
  const agency = toDisplay(record.DonViXuLy).trim() || ctx.texts.reply.unknownAgency;
  const next = nextStep(record, ctx);
  const name = procedureName(record) || ctx.texts.reply.unknownProcedure;
  const effectiveDue = date(effectiveDueDate(record));

  const script = [
    fill(t.script.opening, { code: record.MaHoSo, procedure: name, agency }),
    fill(t.script.status, { label: status.label, meaning: status.meaning }),
  ];
  if (newDue) script.push(fill(t.script.rescheduled, { newDue, due: due ?? ctx.texts.reply.noDate }));
  else if (effectiveDue) script.push(fill(t.script.due, { due: effectiveDue }));
  if (daysLate !== null) script.push(fill(t.script.late, { days: daysLate, apology: apology ?? '' }).trim());
  script.push(fill(t.script.next, { next }));

  return {
    code: record.MaHoSo,
    procedure: { code: record.MaTTHC, name: toDisplay(record.TenTTHC) },
    applicant: toDisplay(record.ChuHoSo),
    agency,
    status: { code: Number(record.TrangThaiHoSo), label: status.label, meaning: status.meaning },
    receivedAt: date(record.NgayTiepNhan),
    dueAt: due,
    newDueAt: newDue,
    finishedAt: date(record.NgayKetThucXuLy),
    returnedAt: date(record.NgayTra),
    overdue,
    daysLate,
    overdueText,
    delivery: record.HinhThuc === '1' ? t.delivery.post : t.delivery.counter,
    fees: record.DanhSachLePhi.map((f) => {
      const amount = Number(f.Gia);
      return { name: toDisplay(f.TenPhiLePhi), amount: f.Gia.trim() !== '' && Number.isFinite(amount) && amount > 0 ? amount : null };
    }),
    supplements: record.DanhSachHoSoBoSung.map((s) => ({
      requestedAt: date(s.NgayBoSung),
      content: toDisplay(s.NoiDungBoSung),
      documents: toDisplay(s.DanhSachGiayToBoSung),
      previousDueAt: date(s.NgayHenTraTruoc),
      newDueAt: date(s.NgayHenTraMoi),
    })),
    apology,
    nextStep: next,
    script,
  };
}
