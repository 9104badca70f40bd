import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataDir } from '../paths.js';

/**
 * Vietnam days and the public agencies' working-day calendar (data/calendar/vn-days-off.json):
 * Monday–Friday minus the official days off, plus make-up Saturdays. Due dates for dossiers and
 * the "in force today" of fees are both counted in Vietnam time.
 */

/** A dossier received at or after this minute of the day is received the next working day. */
export const OFFICE_CLOSES_MINUTE = 17 * 60;
/** Same-day procedures: received before 15:00 → returned that day, else the next working day. */
export const SAME_DAY_CUTOFF_MINUTE = 15 * 60;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const calendarSchema = z.object({
  version: z.string(),
  years: z.record(z.string().regex(/^\d{4}$/), z.object({ status: z.enum(['official', 'provisional']), source: z.string().min(1) })),
  days: z.array(z.object({ date: isoDay, kind: z.enum(['off', 'workday']), name: z.string().min(1), source: z.string().min(1) })),
});
export type CalendarData = z.infer<typeof calendarSchema>;

const vietnamFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Vietnam calendar day (YYYY-MM-DD) and minute of the day of an instant. */
export function vietnamTime(ms: number): { day: string; minute: number } {
  const parts = Object.fromEntries(vietnamFormat.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function vietnamDay(ms: number): string {
  return vietnamTime(ms).day;
}

const toUtc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * 86_400_000);
}

export function addMonths(day: string, n: number): string {
  const date = new Date(toUtc(day));
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return fromUtc(target.getTime());
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(toUtc(day)).getUTCDay();
}

export interface DueDate {
  /** YYYY-MM-DD of the expected return. */
  date: string;
  /** The day the count started from (the receipt day, or the next working day). */
  receivedOn: string;
  /** True when a day in the count falls in a year the calendar marks provisional or does not cover. */
  provisional: boolean;
}

export interface Duration {
  value: number | null;
  unit: 'working_day' | 'day' | 'hour' | 'month' | 'other';
  note?: string;
}

const SAME_DAY = /\b(trong ngày|ngay trong ngày|trong ngày làm việc)\b/iu;

export class WorkCalendar {
  private readonly off: Set<string>;
  private readonly workdays: Set<string>;

  constructor(readonly data: CalendarData) {
    this.off = new Set(data.days.filter((d) => d.kind === 'off').map((d) => d.date));
    this.workdays = new Set(data.days.filter((d) => d.kind === 'workday').map((d) => d.date));
  }

  static load(file = path.join(dataDir, 'calendar', 'vn-days-off.json')): WorkCalendar {
    return new WorkCalendar(calendarSchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
  }

  isWorkingDay(day: string): boolean {
    if (this.workdays.has(day)) return true;
    const w = weekday(day);
    return w !== 0 && w !== 6 && !this.off.has(day);
  }

  /** Whether the calendar's entries for the year of `day` are final. */
  isOfficial(day: string): boolean {
    return this.data.years[day.slice(0, 4)]?.status === 'official';
  }

  nextWorkingDay(day: string): string {
    let next = addDays(day, 1);
    while (!this.isWorkingDay(next)) next = addDays(next, 1);
    return next;
  }

  /** The day itself when it is a working day, else the next one. */
  onOrAfter(day: string): string {
    return this.isWorkingDay(day) ? day : this.nextWorkingDay(day);
  }

  /** `n` working days after `day`, `day` itself not counted. */
  addWorkingDays(day: string, n: number): string {
    let current = day;
    for (let i = 0; i < n; i++) current = this.nextWorkingDay(current);
    return current;
  }

  /**
   * The expected return date of a dossier received at `receivedAt` (ms) for a procedure taking
   * `time`; null when the time is not a count of days or months. The receipt day is not counted;
   * after office hours or on a day off the dossier counts as received the next working day.
   */
  dueDate(receivedAt: number, time: Duration | null): DueDate | null {
    if (!time) return null;
    const { day, minute } = vietnamTime(receivedAt);
    const sameDay = (time.value === 0 && time.unit === 'working_day') || (time.value == null && SAME_DAY.test(time.note ?? ''));
    const late = minute >= OFFICE_CLOSES_MINUTE;
    const receivedOn = !this.isWorkingDay(day) || late ? this.nextWorkingDay(day) : day;
    const cutoff = receivedOn === day ? minute : 0;
    let date: string;
    if (sameDay) date = cutoff < SAME_DAY_CUTOFF_MINUTE ? receivedOn : this.nextWorkingDay(receivedOn);
    else if (time.value == null || time.value <= 0 || !Number.isInteger(time.value)) return null;
    else if (time.unit === 'working_day') date = this.addWorkingDays(receivedOn, time.value);
    else if (time.unit === 'day') date = this.onOrAfter(addDays(receivedOn, time.value));
    else if (time.unit === 'month') date = this.onOrAfter(addMonths(receivedOn, time.value));
    else return null;
    return { date, receivedOn, provisional: !this.isOfficial(day) || !this.isOfficial(date) };
  }
}

let shared: WorkCalendar | undefined;
/** The bundled calendar, read once. */
export function defaultCalendar(): WorkCalendar {
  return (shared ??= WorkCalendar.load());
}

const weekdayNames = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

/** "thứ Hai 07/12/2026" */
export function spokenDate(day: string): string {
  return `${weekdayNames[weekday(day)]} ${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
