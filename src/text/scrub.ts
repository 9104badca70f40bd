/**
 * Identifiers out of free text kept for analytics: receipt codes, phone numbers, ID card and
 * other long numbers, e-mail addresses. Analytics are read by agencies, not only by the hotline,
 * so a question quoted there must not carry who asked it. (Scrubbing of public dossier fields
 * lives with the dossier view; the two may become one module.)
 */

/** A receipt code of spec §5: dotted agency part with a letter code, a date, a sequence. */
const RECEIPT_CODE = /(?<![\p{L}\p{N}])(?:(?:[a-z]\d{2}|\d{2,3})[\s.,;:_·/\\\-–—]{1,3}){2,5}\d{6}[\s.,;:_·/\\\-–—]{1,3}\d{4,7}(?!\p{N})/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/**
 * Phone numbers (+84 or 0, grouped or not) and ID numbers: nine or more digits in a run, whole
 * (never the tail of a longer number) and not an amount of money ("1.500.000.000 đồng").
 */
const LONG_NUMBER = /(?<!\d)\+?\d(?:[\s.-]?\d){8,}(?!\d)(?!\s*(?:đồng|đ|vnđ|vnd)(?!\p{L}))/giu;

export const SCRUBBED = {
  receipt: '[mã hồ sơ]',
  email: '[email]',
  number: '[số]',
} as const;

export function scrubIdentifiers(text: string): string {
  return text
    .replace(RECEIPT_CODE, SCRUBBED.receipt)
    .replace(EMAIL, SCRUBBED.email)
    .replace(LONG_NUMBER, SCRUBBED.number);
}
