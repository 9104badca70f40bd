/**
 * Dossier receipt codes (interface spec §5): an agency part of dot-separated segments with one
 * letter code (H56, G01…), then the receipt date YYMMDD, then a 4–7 digit sequence.
 * TT 01/2018 `000.00.12.H56-261020-0031`, shorter `38.98.H29-210519-0003`,
 * H-code first `H15.50.05.13-261008-0975`. People type them in lower case, with spaces or
 * stray punctuation, so separators are loose; the letter segment and the date check are what
 * keep phone numbers, ID numbers and plain dates out.
 */

/** Between date and sequence: one to three of dots, dashes (incl. en/em dash), spaces, stray punctuation. */
const SEP = String.raw`[\s.,;:_·/\\\-–—]{1,3}`;
/** Inside the agency part a punctuation mark is required, so a number typed before the code is not swallowed. */
const AGENCY_SEP = String.raw`\s*[.,;:_·/\\\-–—]{1,2}\s*`;
const SEGMENT = String.raw`(?:[A-Z]\d{2}|\d{2,3})`;
const CODE_PATTERN = new RegExp(String.raw`(?<![A-Z0-9])(${SEGMENT}(?:${AGENCY_SEP}${SEGMENT}){1,4})${SEP}(\d{6})${SEP}(\d{4,7})(?![0-9])`, 'g');
/**
 * Codes typed with spaces only ("000 00 12 H56 261020 0031"): the agency part must then have one
 * of the known shapes exactly, so a number typed before the code is never taken into it.
 */
const SPACED_PATTERN = new RegExp(
  String.raw`(?<![A-Z0-9])(\d{3} \d{2} \d{2} [A-Z]\d{2}|\d{2} \d{2} [A-Z]\d{2}|[A-Z]\d{2} \d{2} \d{2} \d{2})${SEP}(\d{6})${SEP}(\d{4,7})(?![0-9])`,
  'g',
);
const LETTER_SEGMENT = /^[A-Z]\d{2}$/;
const SEGMENT_SPLIT = /[^A-Z0-9]+/;

/** Something that resembles a code: a letter code such as H56 next to digit groups. */
const CODE_LIKE = new RegExp(String.raw`(?<![A-Z])[A-Z]\d{2,3}(?![A-Z])`);
const CODE_LIKE_RUN = /[A-Z0-9][A-Z0-9\s.,;:_·/\\\-–—]{8,}[A-Z0-9]/g;

function isValidYymmdd(yymmdd: string): boolean {
  const year = 2000 + Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function normalisedMatch(agency: string, date: string, sequence: string): string | null {
  const segments = agency.split(SEGMENT_SPLIT);
  if (segments.filter((s) => LETTER_SEGMENT.test(s)).length !== 1) return null;
  if (!isValidYymmdd(date)) return null;
  return `${segments.join('.')}-${date}-${sequence}`;
}

function prepare(text: string): string {
  return text.normalize('NFKC').toUpperCase();
}

/** The first valid receipt code in free text, normalised (upper case, no spaces), or null. */
export function extractReceiptCode(text: string): string | null {
  const prepared = prepare(text);
  for (const pattern of [CODE_PATTERN, SPACED_PATTERN]) {
    for (const match of prepared.matchAll(pattern)) {
      const code = normalisedMatch(match[1], match[2], match[3]);
      if (code) return code;
    }
  }
  return null;
}

/**
 * True when the text holds something code-like (a letter code among digit groups) that is not a
 * valid receipt code — worth the "mã hồ sơ thường có dạng …" help rather than a catalog search.
 */
export function looksLikeMalformedCode(text: string): boolean {
  if (extractReceiptCode(text) !== null) return false;
  for (const [run] of prepare(text).matchAll(CODE_LIKE_RUN)) {
    const digits = run.replace(/\D/g, '').length;
    if (digits >= 8 && CODE_LIKE.test(run) && /[.\-–—]/.test(run)) return true;
  }
  return false;
}

/** A code as stored and compared: the parsed form when it parses, else upper case without spaces. */
export function normaliseCode(code: string): string {
  return extractReceiptCode(code) ?? prepare(code).replace(/\s+/g, '');
}

/** Dates (20/10, 15-10-2026) and years are not pieces of a code. */
const DATE_LIKE = /\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b/g;
const PIECE = /(?<![\d.])\d{4,7}(?![\d.])/g;

/**
 * The digits of a code typed only in part ("hồ sơ số 0031"): a group of 4–7 digits that is
 * neither a date nor a year. Such a piece must never select a dossier: many codes end the same.
 */
export function partialCodeDigits(text: string): string | null {
  if (extractReceiptCode(text) !== null) return null;
  const withoutDates = text.replace(DATE_LIKE, ' ');
  for (const [piece] of withoutDates.matchAll(PIECE)) {
    if (piece.length === 4 && /^(19|20)\d\d$/.test(piece)) continue;
    return piece;
  }
  return null;
}
