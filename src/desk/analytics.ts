import { addDays, vietnamDay } from '../calendar/index.js';
import type { Catalog } from '../catalog/store.js';
import { thresholds } from '../dialog/policy.js';
import type { Repositories, TurnEntry, TurnOutcome } from '../store/index.js';

/**
 * What people ask and where the assistant fails, for the agencies running it: questions per
 * Vietnam day, the top procedures and intents, the share answered / clarified / unanswered /
 * out of scope, and the questions the classifier read below `thresholds.intentGuess`, with
 * what the assistant did. Texts come from the turn log, already scrubbed.
 */
export interface AnalyticsReport {
  from: string;
  to: string;
  total: number;
  perDay: Array<{ day: string; total: number } & Record<OutcomeKey, number>>;
  rates: Record<OutcomeKey, number>;
  topProcedures: Array<{ code: string; name: string; count: number }>;
  topIntents: Array<{ intent: string; count: number }>;
  lowConfidence: Array<Omit<TurnEntry, 'at'> & { at: string }>;
}

type OutcomeKey = 'answered' | 'clarified' | 'unanswered' | 'outOfScope';
const keyOf: Record<TurnOutcome, OutcomeKey> = { answered: 'answered', clarified: 'clarified', unanswered: 'unanswered', out_of_scope: 'outOfScope' };
const outcomeKeys: OutcomeKey[] = ['answered', 'clarified', 'unanswered', 'outOfScope'];

export const analyticsLimits = {
  /** Longest period one report covers, in days. */
  maxDays: 366,
  /** The period when none is given: the last 30 Vietnam days. */
  defaultDays: 30,
  top: 10,
  lowConfidence: 100,
  /** Rows of one CSV export. */
  csvRows: 100_000,
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class PeriodError extends Error {}

/** The period asked for, as Vietnam days; PeriodError (English, for the API's 400) when it makes no sense. */
export function period(query: { from?: string; to?: string }, now: number): { from: string; to: string } {
  const to = query.to ?? vietnamDay(now);
  const from = query.from ?? addDays(to, -(analyticsLimits.defaultDays - 1));
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
      throw new PeriodError(`${name} must be a date YYYY-MM-DD`);
    }
  }
  if (from > to) throw new PeriodError('from must not be after to');
  if (addDays(from, analyticsLimits.maxDays) <= to) throw new PeriodError(`a report covers at most ${analyticsLimits.maxDays} days`);
  return { from, to };
}

export async function analyticsReport(repositories: Repositories, catalog: Catalog, range: { from: string; to: string }): Promise<AnalyticsReport> {
  const counts = await repositories.turns.counts(range.from, range.to, analyticsLimits.top);
  const days = new Map<string, { day: string; total: number } & Record<OutcomeKey, number>>();
  for (let day = range.from; day <= range.to; day = addDays(day, 1))
    days.set(day, { day, total: 0, answered: 0, clarified: 0, unanswered: 0, outOfScope: 0 });
  const totals: Record<OutcomeKey, number> = { answered: 0, clarified: 0, unanswered: 0, outOfScope: 0 };
  for (const row of counts.byDay) {
    const entry = days.get(row.day);
    if (!entry) continue;
    entry[keyOf[row.outcome]] += row.count;
    entry.total += row.count;
    totals[keyOf[row.outcome]] += row.count;
  }
  const total = outcomeKeys.reduce((sum, k) => sum + totals[k], 0);
  const rates = Object.fromEntries(outcomeKeys.map((k) => [k, total ? Math.round((totals[k] / total) * 1000) / 1000 : 0])) as Record<
    OutcomeKey,
    number
  >;
  const unsure = await repositories.turns.entries(range.from, range.to, {
    belowConfidence: thresholds.intentGuess,
    limit: analyticsLimits.lowConfidence,
  });
  return {
    ...range,
    total,
    perDay: [...days.values()],
    rates,
    topProcedures: counts.procedures.map((p) => ({ ...p, name: catalog.get(p.code)?.name ?? '' })),
    topIntents: counts.intents,
    lowConfidence: unsure.map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
  };
}

const csvColumns = ['time', 'day', 'channel', 'intent', 'confidence', 'procedure', 'outcome', 'text', 'action'] as const;

/** One cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every logged turn of the period, one row each (UTF-8 with a BOM, so spreadsheets read the accents). */
export async function analyticsCsv(repositories: Repositories, range: { from: string; to: string }): Promise<string> {
  const rows = await repositories.turns.entries(range.from, range.to, { limit: analyticsLimits.csvRows });
  const lines = [csvColumns.join(',')];
  for (const t of rows) {
    lines.push(
      [new Date(t.at).toISOString(), t.day, t.channel, t.intent, t.confidence, t.procedureCode, t.outcome, t.text, t.action].map(cell).join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
