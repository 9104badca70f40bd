import { describe, expect, it } from 'vitest';
import { isOverdue } from '../../src/dossier/render.js';
import type { DossierRecord } from '../../src/dossier/schema.js';

/** The overdue check counts on the same working-day calendar as the due dates the assistant gives. */

const record = (due: string) => ({ TrangThaiHoSo: '4', NgayKetThucXuLy: '', NgayHenTra: due, DanhSachHoSoBoSung: [] }) as unknown as DossierRecord;
const at = (iso: string) => Date.parse(iso);

describe('overdue on the working-day calendar', () => {
  it('a due date that falls on a day off (Tết 2026) moves to the end of the next working day', () => {
    const dueOnTet = record('20260217170000');
    expect(isOverdue(dueOnTet, at('2026-02-19T10:00:00+07:00'))).toBe(false);
    expect(isOverdue(dueOnTet, at('2026-02-23T16:59:00+07:00'))).toBe(false);
    expect(isOverdue(dueOnTet, at('2026-02-23T17:01:00+07:00'))).toBe(true);
  });

  it('a due date on a working day is overdue once it has passed', () => {
    const due = record('20261126170000');
    expect(isOverdue(due, at('2026-11-26T16:00:00+07:00'))).toBe(false);
    expect(isOverdue(due, at('2026-11-26T17:30:00+07:00'))).toBe(true);
  });
});
