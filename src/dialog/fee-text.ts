import { feesOnDay, implausibleAmount, zeroMeaning } from '../catalog/fees.js';
import type { Fee, Procedure } from '../catalog/schema.js';
import { type Replies, fill } from './templates.js';

/**
 * One channel's fees in words, as they stand on `day`: the amount in force first, then what
 * follows; an ended rate only as ended; a zero as free, set by the province, or unpublished —
 * exactly as the record says. Used by chat answers and by the hotline console's record view.
 */

const NOTE_MAX = 220;

export function feeText(t: Replies, fees: readonly Fee[], day: string): string {
  const f = t.fees;
  if (fees.length === 0) return f.unpublished;
  const { current, ended, upcoming } = feesOnDay(fees, day);
  const parts: string[] = [];
  for (const { fee, next } of current) {
    let text = amountText(t, fee);
    if (fee.validUntil) text = fill(f.until, { amount: text, date: formatDate(fee.validUntil) });
    if (next) text += fill(f.then, { amount: money(t, next.amount, next.currency) });
    parts.push(withNote(text, fee, day));
  }
  // Rates that ended on the same day are said once: "mức 160.000 đồng, 320.000 đồng chỉ áp dụng đến hết …".
  const endedBy = new Map<string, Set<string>>();
  for (const fee of ended) endedBy.set(fee.validUntil!, (endedBy.get(fee.validUntil!) ?? new Set()).add(money(t, fee.amount, fee.currency)));
  for (const [until, amounts] of endedBy) parts.push(fill(f.ended, { amount: [...amounts].join(', '), date: formatDate(until) }));
  for (const fee of upcoming) parts.push(fill(f.upcoming, { date: formatDate(fee.validFrom!), amount: money(t, fee.amount, fee.currency) }));
  return parts.join('; ');
}

/** Every channel's fees in words on `day`, keyed by method (the API's `feesInForce`, the console's fee lines). */
export function feesInForce(t: Replies, p: Procedure, day: string): Partial<Record<string, string>> {
  return Object.fromEntries(p.channels.map((c) => [c.method, feeText(t, c.fees, day)]));
}

/** The amount in force and where it comes from: a reduction, a basis, or the portal disagreeing with itself. */
function amountText(t: Replies, fee: Fee): string {
  const f = t.fees;
  if (fee.amount === 0 && !fee.statedElsewhere) {
    const meaning = zeroMeaning(fee);
    return meaning === 'free' ? f.free : meaning === 'province' ? f.province : meaning === 'described' ? f.described : f.unpublished;
  }
  let text = money(t, fee.amount, fee.currency);
  const how: string[] = [];
  if (fee.reducedFrom) how.push(fill(f.reduced, { percent: fee.reducedFrom.percent, full: money(t, fee.reducedFrom.amount, fee.currency) }));
  if (fee.basis) how.push(fill(f.basis, { basis: fee.basis }));
  if (how.length) text += ` (${how.join(', ')})`;
  // The portal's cell says "Miễn phí" (0) and its description the amount; or two different amounts.
  if (fee.statedElsewhere === 0) text = fill(f.cellFree, { text });
  else if (fee.statedElsewhere !== undefined) text = fill(f.disagree, { cell: text, text: money(t, fee.statedElsewhere) });
  else if (implausibleAmount(fee)) text = fill(f.implausible, { text });
  return text;
}

const ENDED_CLAUSE = /đến hết (?:ngày )?(\d{1,2})\/(\d{1,2})\/(\d{4})/u;

/** The note without its clauses about periods that ended before `day` (an ended rate is not repeated as if current). */
function currentNote(note: string, day: string): string {
  return note
    .split(/(?<=[.;])\s+|\s+-\s+/u)
    .filter((segment) => {
      const m = ENDED_CLAUSE.exec(segment);
      return !m || `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` >= day;
    })
    .join(' ')
    .replace(/^[-\s]+/, '');
}

/** The record's note, shortened for a phone; a bare "Miễn phí." adds nothing to "miễn phí". */
function withNote(text: string, fee: Fee, day: string): string {
  const note = currentNote((fee.note ?? '').trim(), day).replace(/[.;]\s*$/, '');
  if (!note || /^miễn (lệ )?phí$/iu.test(note)) return text;
  const short = note.length <= NOTE_MAX ? note : `${note.slice(0, NOTE_MAX).replace(/\s+\S*$/, '')}…`;
  return `${text} (${short})`;
}

export function money(t: Replies, amount: number, currency: Fee['currency'] = 'VND'): string {
  return currency === 'VND'
    ? fill(t.fees.amount, { amount: formatAmount(amount) })
    : fill(t.fees.foreignAmount, { amount: formatAmount(amount), currency });
}

export function formatAmount(amount: number): string {
  return amount.toLocaleString('de-DE');
}

/** YYYY-MM-DD → dd/mm/yyyy */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
