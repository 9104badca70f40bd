import { leastPlausibleFee } from '../fees.js';
import type { Fee } from '../schema.js';

/**
 * Fee notes into dated periods. The portal puts the amount in one cell and the rest in a bracket:
 * "140,000,000 Việt Nam Đồng(Từ ngày 01/07/2025 đến hết ngày 31/12/2026, mức lệ phí bằng 50% mức
 * phí nêu trên theo … Thông tư 64/2025/TT-BTC)". The reduced amount gets its own period with the
 * percentage and the full amount it comes from; the full amount applies again the day after.
 */

const DATE = String.raw`(\d{1,2})\s*(?:\/|tháng\s+)(\d{1,2})\s*(?:\/|năm\s+)(\d{4})`;
const RANGE = new RegExp(String.raw`từ\s+(?:kể\s+từ\s+)?(?:ngày\s+)?${DATE}\s*(?:đến\s+hết|đến|tới\s+hết)\s+(?:ngày\s+)?${DATE}`, 'iu');
const UNTIL = new RegExp(String.raw`(?:đến\s+hết|áp\s+dụng\s+đến)\s+(?:ngày\s+)?${DATE}`, 'iu');
const FROM = new RegExp(String.raw`(?:kể\s+)?từ\s+(?:ngày\s+)?${DATE}`, 'iu');
const PERCENT_OF = /bằng\s+(\d{1,3})\s*%/iu;
const PERCENT_OFF = /giảm\s+(\d{1,3})\s*%/iu;
/** "25.000đ", "10.000.000 đồng", "500.000 đồng (Năm trăm nghìn đồng)", "02 triệu đồng". */
const AMOUNT = /(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(triệu\s+)?(?:đồng|đ\b|đ\/|VNĐ)/giu;
const LEGAL = /\d+\/\d{4}\/[\p{Lu}Đ][\p{Lu}Đ\d-]*[\p{Lu}Đ\d]/u;

export interface FeePeriods {
  fees: Fee[];
  warnings: string[];
}

const iso = (d: string, m: string, y: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function amountsIn(text: string): number[] {
  return [...text.matchAll(AMOUNT)].map((m) => Number(m[1].replace(/[.,]/g, '')) * (m[2] ? 1_000_000 : 1));
}

interface Clause {
  from?: string;
  until?: string;
  segment: string;
}

/** Every dated clause of a note, with the sentence or list item it sits in. */
function clauses(note: string): Clause[] {
  const segments = note.split(/(?<=[.;])\s+(?=[-+*\p{Lu}])|\s+-\s+|\n/u);
  const found: Clause[] = [];
  for (const segment of segments) {
    const range = RANGE.exec(segment);
    if (range) {
      found.push({ from: iso(range[1], range[2], range[3]), until: iso(range[4], range[5], range[6]), segment });
      continue;
    }
    const until = UNTIL.exec(segment);
    if (until) {
      found.push({ until: iso(until[1], until[2], until[3]), segment });
      continue;
    }
    const from = FROM.exec(segment);
    if (from && /áp dụng/iu.test(segment)) found.push({ from: iso(from[1], from[2], from[3]), segment });
  }
  return found;
}

/** The one amount a note states outside its dated clauses, if exactly one. */
export function undatedAmount(note: string): number | undefined {
  const dated = new Set(clauses(note).map((c) => c.segment));
  const segments = note.split(/(?<=[.;])\s+(?=[-+*\p{Lu}])|\s+-\s+|\n/u).filter((s) => !dated.has(s));
  const amounts = [...new Set(segments.flatMap(amountsIn))].filter((a) => a > 0);
  return amounts.length === 1 ? amounts[0] : undefined;
}

/**
 * A cell under 1,000 đồng beside a note that gives its unit: "155 VNĐ" beside "155 USD/thẻ" is in dollars, "50" beside
 * "50.000đ/giấy" was typed in thousands. Only the note's own figure counts (a reduced "25.000 đồng" beside "50" tells
 * nothing sure of the full amount); any other small cell stays as it is, and answers say it looks wrong.
 */
function cellUnit(fee: Fee, label: string, warnings: string[]): Fee {
  if (fee.currency !== 'VND' || fee.amount <= 0 || fee.amount >= leastPlausibleFee || !fee.note) return fee;
  const foreign = new RegExp(String.raw`(?<![\d.,])${fee.amount}\s*(USD|EUR)\b`).exec(fee.note);
  if (foreign) {
    warnings.push(`${label}: the fee cell says ${fee.amount} VND; its description says ${foreign[1]}`);
    return { ...fee, currency: foreign[1] as Fee['currency'] };
  }
  const scaled = fee.amount * 1000;
  if (!amountsIn(fee.note).includes(scaled)) return fee;
  warnings.push(`${label}: the fee cell says ${fee.amount} VND beside its description's ${scaled} VND; read as ${scaled} VND`);
  return { ...fee, amount: scaled };
}

/** Splits one portal fee into its periods; a fee without dated clauses is returned as it is. */
export function feePeriods(cellFee: Fee, label: string): FeePeriods {
  const warnings: string[] = [];
  const fee = cellUnit(cellFee, label, warnings);
  const note = fee.note ?? '';
  const found = clauses(note);
  if (found.length === 0) return { fees: [withDisagreement(fee, label, warnings)], warnings };
  // Several clauses ("từ 01/01/2025 đến hết 31/12/2025 … ; từ 01/7/2025 đến hết 31/12/2026 …"): the latest word wins.
  const clause = found.reduce((a, b) => ((b.until ?? b.from ?? '') > (a.until ?? a.from ?? '') ? b : a));
  const basis = LEGAL.exec(clause.segment)?.[0];
  const dated = {
    ...(clause.from ? { validFrom: clause.from } : {}),
    ...(clause.until ? { validUntil: clause.until } : {}),
    ...(basis ? { basis } : {}),
  };

  const percentOf = PERCENT_OF.exec(clause.segment);
  const percentOff = PERCENT_OFF.exec(clause.segment);
  const percent = percentOf ? Number(percentOf[1]) : percentOff ? 100 - Number(percentOff[1]) : undefined;
  const stated = amountsIn(clause.segment).filter((a) => a > 0 && a < fee.amount);
  let reduced: Fee | undefined;
  if (fee.amount > 0 && percent !== undefined && percent > 0 && percent < 100) {
    reduced = { ...fee, amount: Math.round((fee.amount * percent) / 100), ...dated, reducedFrom: { amount: fee.amount, percent } };
  } else if (fee.amount > 0 && stated.length > 0) {
    reduced = { ...fee, amount: stated[0], ...dated };
  }
  if (!reduced) return { fees: [{ ...fee, ...dated }], warnings };

  const full: Fee[] = [];
  if (clause.from) full.push({ ...fee, validUntil: shift(clause.from, -1) });
  if (clause.until) full.push({ ...fee, validFrom: shift(clause.until, 1) });
  if (!clause.until)
    warnings.push(`${label}: reduced amount ${reduced.amount} has no end date; the full amount ${fee.amount} is kept only before it`);
  return { fees: [...full.filter((f) => f.validUntil), reduced, ...full.filter((f) => f.validFrom)], warnings };
}

/**
 * The cell says one amount and the note, speaking of the same fee, another one: both are kept
 * and the answer says so. Only a note naming exactly one other amount counts, so lists of rates
 * for other cases do not.
 */
function withDisagreement(fee: Fee, label: string, warnings: string[]): Fee {
  if (fee.amount === 0 || !fee.note) return fee;
  const amounts = [...new Set(amountsIn(fee.note))];
  if (amounts.length !== 1 || amounts[0] === fee.amount || /%|tối đa|trở lên|từ trang|dưới|trên \d/iu.test(fee.note)) return fee;
  warnings.push(`${label}: the fee cell says ${fee.amount} VND but its description says ${amounts[0]} VND; both kept`);
  return { ...fee, statedElsewhere: amounts[0] };
}
