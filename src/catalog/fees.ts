import type { Fee } from './schema.js';

/**
 * Which of a channel's fees are in force on a day. A fee without dates is always in force; a fee
 * with `validUntil` before the day has ended and is never given as current; one with `validFrom`
 * after the day is what follows.
 */

export interface FeeInForce {
  fee: Fee;
  /** The amount that takes over the day after `fee.validUntil`, when the record states it. */
  next?: Fee;
}

export interface FeesOnDay {
  current: FeeInForce[];
  /** Ended periods with nothing in force after them: said as ended, never as current. */
  ended: Fee[];
  /** Periods that start later and follow no current fee. */
  upcoming: Fee[];
}

export function inForce(fee: Fee, day: string): boolean {
  return (!fee.validFrom || fee.validFrom <= day) && (!fee.validUntil || day <= fee.validUntil);
}

export function feesOnDay(fees: readonly Fee[], day: string): FeesOnDay {
  const current = fees.filter((f) => inForce(f, day));
  const later = fees.filter((f) => f.validFrom && f.validFrom > day);
  const followers = new Set<Fee>();
  const withNext = current.map((fee) => {
    const next = fee.validUntil ? successor(fee, later) : undefined;
    if (next) followers.add(next);
    return next ? { fee, next } : { fee };
  });
  // An ended rate is left out when something of the same kind now applies in its place.
  const ended = fees.filter((f) => f.validUntil && f.validUntil < day && !current.some((c) => c.kind === f.kind));
  return { current: withNext, ended, upcoming: later.filter((f) => !followers.has(f)) };
}

/** The fee that starts the day after `fee` ends, preferring the full amount a reduction was taken from. */
function successor(fee: Fee, later: Fee[]): Fee | undefined {
  const dayAfter = nextDay(fee.validUntil!);
  const candidates = later.filter((f) => f.validFrom === dayAfter && f.kind === fee.kind);
  return candidates.find((f) => fee.reducedFrom && f.amount === fee.reducedFrom.amount) ?? candidates[0];
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Under this many đồng a fee cell is no real amount (the smallest fees run to thousands): its unit is in doubt. */
export const leastPlausibleFee = 1000;

/** An amount the portal's cell gives that no one pays ("25 VNĐ"): answers give it as the portal's, and doubt it. */
export function implausibleAmount(fee: Fee): boolean {
  return fee.currency === 'VND' && fee.amount > 0 && fee.amount < leastPlausibleFee;
}

/** What a zero amount means, from the record's words: free, set by the province, or not published. */
export type ZeroMeaning = 'free' | 'province' | 'described' | 'unknown';

const PROVINCE = /Hội đồng nhân dân|HĐND|Ủy ban nhân dân (cấp )?tỉnh|UBND (cấp )?tỉnh|cấp tỉnh quy định|tỉnh quyết định/iu;
const FREE = /^(miễn phí|miễn lệ phí|không thu|không phải nộp)/iu;

export function zeroMeaning(fee: Fee): ZeroMeaning {
  const note = (fee.note ?? '').trim();
  if (PROVINCE.test(note)) return 'province';
  if (FREE.test(note) && !/nhưng|tuy nhiên|vẫn nộp|dẫn chiếu|dẫn Thông tư/iu.test(note)) return 'free';
  // "Miễn phí" in the cell, amounts in its description: said as that, never as free.
  if (/\d{1,3}(?:[.,]\d{3})+\s*(?:đồng|đ\b|VNĐ)/iu.test(note)) return 'described';
  return 'unknown';
}
