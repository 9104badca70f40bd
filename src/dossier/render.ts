import { OFFICE_CLOSES_MINUTE, type WorkCalendar, defaultCalendar, vietnamTime } from '../calendar/index.js';
import { maskName, scrubPersonalData } from '../privacy/index.js';
import { toDisplay } from '../text/display.js';
import { finalStatuses, latestNewDueDate, parseTimestamp, type DossierRecord } from './schema.js';
import { fill, type DossierTexts } from './texts.js';

/**
 * What a citizen may see of a dossier, and the chat reply built from it. Only named fields are
 * read, so phone, e-mail, address and ID numbers never reach a public channel; every free-text
 * field of the upstream record passes the personal-data scrubber first (`publicRecord`), in case
 * it quotes them or names someone.
 */

export interface RenderContext {
  texts: DossierTexts;
  hotline: string;
  now: number;
}

/** What every view of a dossier states, for the public (masked) and for staff (whole). */
export interface DossierSummary {
  procedure: { code: string; name: string };
  applicant: string;
  agency: string;
  status: { code: number; label: string; meaning: string };
  receivedAt: string | null;
  dueAt: string | null;
  newDueAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  overdue: boolean;
  fees: Array<{ name: string; amount: number | null }>;
}

export interface PublicDossierView extends DossierSummary {
  receiptCode: string;
  delivery: 'counter' | 'post';
  supplementRequests: Array<{ requestedAt: string | null; content: string; documents: string }>;
  reason: string | null;
  nextStep: string;
  reply: string;
}

/** Fields of the record that must never be shown, whatever free text quotes them. */
const privateFields = ['DiaChi', 'SoGiayTo', 'SoDienThoai', 'Email', 'SoCCCD', 'SoCMND'] as const;

/**
 * The record as the public may read it: every free-text field scrubbed of phone, e-mail, ID and
 * other receipt numbers and of personal names (the applicant's masked the way the view shows it),
 * the private fields dropped. Citizen-facing rendering only ever receives this.
 */
export function publicRecord(record: DossierRecord): DossierRecord {
  if (scrubbed.has(record)) return record;
  const secrets = privateFields.map((field) => (record as Record<string, unknown>)[field]).filter((v): v is string => typeof v === 'string');
  const options = { names: record.ChuHoSo.trim() ? [record.ChuHoSo] : [], secrets, keepCodes: [record.MaHoSo] };
  const clean = (text: string) => scrubPersonalData(text, options);
  const result: DossierRecord = {
    MaHoSo: record.MaHoSo,
    MaTTHC: clean(record.MaTTHC),
    TenTTHC: clean(record.TenTTHC),
    ChuHoSo: record.ChuHoSo,
    SoDienThoai: '',
    Email: '',
    DonViXuLy: clean(record.DonViXuLy),
    HinhThuc: record.HinhThuc,
    NgayTiepNhan: record.NgayTiepNhan,
    NgayHenTra: record.NgayHenTra,
    NgayKetThucXuLy: record.NgayKetThucXuLy,
    NgayTra: record.NgayTra,
    TrangThaiHoSo: record.TrangThaiHoSo,
    GhiChu: clean(record.GhiChu),
    DanhSachLePhi: record.DanhSachLePhi.map((f) => ({ TenPhiLePhi: clean(f.TenPhiLePhi), MaPhiLePhi: '', Gia: f.Gia })),
    DanhSachHoSoBoSung: record.DanhSachHoSoBoSung.map((b) => ({
      NgayBoSung: b.NgayBoSung,
      NoiDungBoSung: clean(b.NoiDungBoSung),
      DanhSachGiayToBoSung: clean(b.DanhSachGiayToBoSung),
      NgayHenTraTruoc: b.NgayHenTraTruoc,
      NgayHenTraMoi: b.NgayHenTraMoi,
    })),
  };
  scrubbed.add(result);
  return result;
}

/** Records already scrubbed: every public renderer below scrubs what it is given, once. */
const scrubbed = new WeakSet<DossierRecord>();

/** dd/mm/yyyy of a `yyyyMMddHHmmss` timestamp. */
export function formatDate(timestamp: string): string {
  return `${timestamp.slice(6, 8)}/${timestamp.slice(4, 6)}/${timestamp.slice(0, 4)}`;
}

function isoDate(timestamp: string): string | null {
  if (!timestamp) return null;
  const t = timestamp;
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}+07:00`;
}

/**
 * "Quá hạn" (spec §5): still open, no end of processing, and the due date has passed. A due date
 * on a day off (Tết, a holiday) counts to the close of the next working day, on the same calendar
 * the assistant's expected dates come from.
 */
export function isOverdue(record: DossierRecord, now: number, calendar: WorkCalendar = defaultCalendar()): boolean {
  if (record.NgayKetThucXuLy || finalStatuses.has(record.TrangThaiHoSo) || record.TrangThaiHoSo === '9') return false;
  let due = parseTimestamp(record.NgayHenTra);
  if (!Number.isFinite(due)) return false;
  const { day } = vietnamTime(due);
  if (!calendar.isWorkingDay(day)) {
    const next = calendar.nextWorkingDay(day);
    due = Date.parse(`${next}T00:00:00+07:00`) + OFFICE_CLOSES_MINUTE * 60_000;
  }
  return due < now;
}

/** The due date in force: the latest re-scheduled date when there is one. */
export function effectiveDueDate(record: DossierRecord): string {
  return latestNewDueDate(record) || record.NgayHenTra;
}

/** Statuses where the dossier waits for the citizen: supplement documents, pay fees. */
const CITIZEN_ACTS: ReadonlySet<string> = new Set(['5', '6']);

/** The procedure's name without a leading "Thủ tục", which the reply's label already says. */
export function procedureName(record: DossierRecord): string {
  const name = toDisplay(record.TenTTHC)
    .trim()
    .replace(/^thủ tục\s+/iu, '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function feeAmount(gia: string): number | null {
  const amount = Number(gia);
  return gia.trim() !== '' && Number.isFinite(amount) && amount > 0 ? amount : null;
}

function feesText(record: DossierRecord, ctx: RenderContext): string {
  const { reply } = ctx.texts;
  const fees = record.DanhSachLePhi.map((f) => ({ name: toDisplay(f.TenPhiLePhi).trim(), amount: feeAmount(f.Gia) }))
    .filter((f) => f.name || f.amount !== null)
    .map((f) => (f.amount === null ? f.name : fill(reply.fee, { name: f.name, amount: f.amount.toLocaleString('vi-VN') }).trim()));
  return fees.length ? fees.join(reply.listSeparator) : reply.feesUnknown;
}

function documentsText(record: DossierRecord, ctx: RenderContext): string {
  const latest = record.DanhSachHoSoBoSung.at(-1);
  const raw = latest ? latest.DanhSachGiayToBoSung || latest.NoiDungBoSung : '';
  const items = raw
    .split(/[;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items.join(ctx.texts.reply.listSeparator) : ctx.texts.reply.documentsUnknown;
}

function agencyName(record: DossierRecord, ctx: RenderContext): string {
  return toDisplay(record.DonViXuLy).trim() || ctx.texts.reply.unknownAgency;
}

function reasonOf(record: DossierRecord): string | null {
  const reason = record.GhiChu.trim().replace(/[.\s]+$/, '');
  return (record.TrangThaiHoSo === '3' || record.TrangThaiHoSo === '8') && reason ? reason : null;
}

/** The citizen's next step for the record's status, in plain words. */
export function nextStep(upstream: DossierRecord, ctx: RenderContext): string {
  const record = publicRecord(upstream);
  const status = ctx.texts.statuses[record.TrangThaiHoSo];
  const template = record.TrangThaiHoSo === '9' && record.HinhThuc === '1' && status.nextPost ? status.nextPost : status.next;
  const reason = reasonOf(record);
  return fill(template, {
    agency: agencyName(record, ctx),
    hotline: ctx.hotline,
    reason: reason ? fill(ctx.texts.reply.reason, { reason }) : '',
    documents: template.includes('{documents}') ? documentsText(record, ctx) : '',
    fees: template.includes('{fees}') ? feesText(record, ctx) : '',
  });
}

/** The chat reply for a found dossier: short lines for a phone screen. */
export function renderReply(upstream: DossierRecord, ctx: RenderContext): string {
  const record = publicRecord(upstream);
  const { reply, statuses } = ctx.texts;
  const status = statuses[record.TrangThaiHoSo];
  const agency = agencyName(record, ctx);
  const date = (t: string) => (t ? formatDate(t) : reply.noDate);
  const newDue = latestNewDueDate(record);
  const rescheduled = newDue !== '' && newDue !== record.NgayHenTra;
  const overdue = isOverdue(record, ctx.now);
  const lines = [
    fill(reply.header, { code: record.MaHoSo }),
    fill(reply.procedure, { procedure: procedureName(record) || reply.unknownProcedure }),
    fill(reply.agency, { agency }),
  ];
  const applicant = maskName(record.ChuHoSo);
  if (applicant) lines.push(fill(reply.applicant, { applicant }));
  const dateVars = { received: date(record.NgayTiepNhan), due: date(record.NgayHenTra), newDue: date(newDue) };
  lines.push(fill(rescheduled && !overdue ? reply.datesRescheduled : reply.dates, dateVars));
  lines.push(fill(reply.status, { label: status.label, meaning: status.meaning }));
  if (overdue) {
    const template = newDue ? reply.overdueWithNewDate : reply.overdue;
    lines.push(fill(template, { ...dateVars, agency, hotline: ctx.hotline }));
  }
  // Once overdue, the overdue notice is the next step, unless the dossier waits for the citizen.
  if (!overdue || CITIZEN_ACTS.has(record.TrangThaiHoSo)) lines.push(fill(reply.next, { next: nextStep(record, ctx) }));
  return lines.join('\n');
}

export function buildPublicView(upstream: DossierRecord, ctx: RenderContext): PublicDossierView {
  const record = publicRecord(upstream);
  const status = ctx.texts.statuses[record.TrangThaiHoSo];
  return {
    receiptCode: record.MaHoSo,
    procedure: { code: record.MaTTHC, name: toDisplay(record.TenTTHC) },
    applicant: maskName(record.ChuHoSo),
    agency: toDisplay(record.DonViXuLy),
    status: { code: Number(record.TrangThaiHoSo), label: status.label, meaning: status.meaning },
    receivedAt: isoDate(record.NgayTiepNhan),
    dueAt: isoDate(record.NgayHenTra),
    newDueAt: isoDate(latestNewDueDate(record)),
    finishedAt: isoDate(record.NgayKetThucXuLy),
    returnedAt: isoDate(record.NgayTra),
    overdue: isOverdue(record, ctx.now),
    delivery: record.HinhThuc === '1' ? 'post' : 'counter',
    fees: record.DanhSachLePhi.map((f) => ({ name: toDisplay(f.TenPhiLePhi), amount: feeAmount(f.Gia) })),
    supplementRequests: record.DanhSachHoSoBoSung.map((s) => ({
      requestedAt: isoDate(s.NgayBoSung),
      content: s.NoiDungBoSung,
      documents: s.DanhSachGiayToBoSung,
    })),
    reason: reasonOf(record),
    nextStep: nextStep(record, ctx),
    reply: renderReply(record, ctx),
  };
}

/** What a follow-up about the dossier in focus asks: when, what is missing, where, fees, why late, what next. */
export type DossierFacet = 'due' | 'missing' | 'where' | 'fees' | 'late' | 'next';

/** One short answer about one facet of a found dossier, from the record only. */
export function renderFacet(upstream: DossierRecord, facet: DossierFacet, ctx: RenderContext): string {
  const record = publicRecord(upstream);
  const { focus, reply, statuses } = ctx.texts;
  const status = record.TrangThaiHoSo;
  const due = effectiveDueDate(record);
  const vars = {
    code: record.MaHoSo,
    label: statuses[status].label,
    meaning: statuses[status].meaning,
    agency: agencyName(record, ctx),
    next: nextStep(record, ctx),
    hotline: ctx.hotline,
    due: due ? formatDate(due) : reply.noDate,
  };
  const ended = finalStatuses.has(status) || status === '9';
  if (facet === 'late' || (facet === 'due' && isOverdue(record, ctx.now))) {
    if (!isOverdue(record, ctx.now)) return fill(ended ? focus.ended : focus.notLate, vars);
    const newDue = latestNewDueDate(record);
    const overdue = fill(newDue ? reply.overdueWithNewDate : reply.overdue, {
      ...vars,
      due: formatDate(record.NgayHenTra),
      newDue: newDue ? formatDate(newDue) : '',
    });
    return [fill(reply.header, vars), overdue, fill(focus.lateAgain, vars)].join('\n');
  }
  switch (facet) {
    case 'due':
      return fill(status === '9' || status === '10' ? focus.done : ended ? focus.ended : focus.due, vars);
    case 'missing':
      return status === '5' ? fill(focus.missing, { ...vars, documents: documentsText(record, ctx) }) : fill(focus.noMissing, vars);
    case 'fees':
      return fill(status === '6' ? focus.fees : focus.noFees, vars);
    case 'where':
      return fill(focus.where, vars);
    default:
      return fill(focus.next, vars);
  }
}
