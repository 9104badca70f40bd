import type { Fee } from '../../src/catalog/schema.js';

/** Whether amounts and times stated in our records and answers can be found in the official text. */

export const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** The ways the portal writes an amount: 100,000 / 100.000 / 100000. */
export function amountSpellings(amount: number): string[] {
  const plain = String(amount);
  const grouped = plain.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return [plain, grouped, grouped.replace(/,/g, '.')];
}

export function containsNumber(text: string, spelling: string): boolean {
  const escaped = spelling.replace(/[.,]/g, (c) => `\\${c}`);
  return new RegExp(`(^|[^\\d.,])0*${escaped}(?![\\d]|[.,]\\d)`).test(text);
}

export function containsAmount(text: string, amount: number): boolean {
  return (
    amountSpellings(amount).some((s) => containsNumber(text, s) || runTogether(text, s)) ||
    (amount % 1_000_000 === 0 && containsNumber(text, String(amount / 1_000_000)))
  );
}

/** "Trực tuyến120 VNĐ": a time cell run into the amount cell (1 day, 20 đồng), as the importer reads it. */
function runTogether(text: string, spelling: string): boolean {
  const escaped = spelling.replace(/[.,]/g, (c) => `\\${c}`);
  return new RegExp(`(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)\\d+?${escaped} ?(VNĐ|Việt Nam Đồng)`).test(text);
}

/** A fee is traceable when its amount is in the text, or it is the stated percentage of a full amount that is. */
export function feeTraceable(fee: Fee, text: string): boolean {
  if (fee.statedElsewhere !== undefined && fee.statedElsewhere > 0 && !containsAmount(text, fee.statedElsewhere)) return false;
  if (fee.amount === 0 || containsAmount(text, fee.amount)) return true;
  const reduced = fee.reducedFrom;
  return (
    !!reduced &&
    containsAmount(text, reduced.amount) &&
    text.includes(`${reduced.percent}%`) &&
    Math.round((reduced.amount * reduced.percent) / 100) === fee.amount
  );
}
