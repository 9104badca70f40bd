import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkCalendar, defaultCalendar, weekday } from '../../src/calendar/index.js';

/** The bundled days-off calendar: every entry sourced and in a declared year; the years' status as published. */

describe('data/calendar/vn-days-off.json', () => {
  const calendar = defaultCalendar();

  it('2025 and 2026 are official, 2027 provisional; every entry has a source and a declared year', () => {
    expect(calendar.data.years['2025'].status).toBe('official');
    expect(calendar.data.years['2026'].status).toBe('official');
    expect(calendar.data.years['2027'].status).toBe('provisional');
    for (const day of calendar.data.days) {
      expect(day.source.length, day.date).toBeGreaterThan(5);
      expect(calendar.data.years[day.date.slice(0, 4)], day.date).toBeDefined();
      // Make-up days are Saturdays; days off are never Sundays (a holiday on Sunday gives the Monday).
      if (day.kind === 'workday') expect(weekday(day.date), day.date).toBe(6);
      else expect(weekday(day.date), day.date).not.toBe(0);
    }
  });

  it('Tết 2026 (16–20/02) and the 2025 swap (02/05 off, Saturday 26/04 worked)', () => {
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2025-05-02'])
      expect(calendar.isWorkingDay(d), d).toBe(false);
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('refuses a calendar entry without a source', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-calendar-'));
    try {
      const file = path.join(dir, 'days.json');
      const day = { date: '2026-01-01', kind: 'off', name: 'Tết Dương lịch' };
      writeFileSync(file, JSON.stringify({ version: '1', years: { 2026: { status: 'official', source: 'BLLĐ' } }, days: [{ ...day, source: '' }] }));
      expect(() => WorkCalendar.load(file)).toThrow(/source/);
      writeFileSync(
        file,
        JSON.stringify({ version: '1', years: { 2026: { status: 'official', source: 'BLLĐ' } }, days: [{ ...day, source: 'BLLĐ 2019, Điều 112' }] }),
      );
      expect(WorkCalendar.load(file).isWorkingDay('2026-01-01')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
