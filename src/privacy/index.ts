import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { toDisplay } from '../text/display.js';

/**
 * The one scrubber for personal data in free text that reaches the public (the dossier view, chat
 * replies, pushed notices) or analytics: phone numbers, e-mail addresses, ID and passport numbers,
 * addresses after a label, receipt codes other than the ones asked about, and personal names —
 * after an honorific ("ông", "bà"…), a label ("người nộp:") or a common family name, and the
 * names the caller knows (the applicant) — masked like the applicant ("Nguyễn V. A."). The cue
 * words are data: `intents/privacy.json`.
 */

const wordsSchema = z.object({
  honorifics: z.array(z.string().min(1)),
  nameLabels: z.array(z.string().min(1)),
  addressLabels: z.array(z.string().min(1)),
  idLabels: z.array(z.string().min(1)),
  familyNames: z.array(z.string().min(1)),
  placeWords: z.array(z.string().min(1)),
  currencyWords: z.array(z.string().min(1)),
  notNames: z.array(z.string().min(1)),
});
export type PrivacyWords = z.infer<typeof wordsSchema>;

export interface ScrubOptions {
  /** Names to mask wherever they appear, whatever their case (the applicant's). */
  names?: string[];
  /** Exact values never to show (the record's phone, ID, address fields). */
  secrets?: string[];
  /** Receipt codes that may stay: the one the citizen asked about. */
  keepCodes?: string[];
}

export const MASK = '***';

/** "Nguyễn Văn An" → "Nguyễn V. A.": the family name stays, the rest become initials. */
export function maskName(name: string): string {
  const [family, ...rest] = toDisplay(name).trim().split(/\s+/).filter(Boolean);
  if (!family) return '';
  if (rest.length === 0) return `${Array.from(family)[0]}.`;
  return [family, ...rest.map((w) => `${Array.from(w)[0].toUpperCase()}.`)].join(' ');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternatives = (words: string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
/** Not inside a word: what precedes a cue. */
const START = String.raw`(?<![\p{L}\p{N}])`;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** A receipt code (spec §5) in any of its shapes, loosely: the ones not asked about go. */
const RECEIPT_CODE = /(?<![\p{L}\p{N}])[A-Z0-9]{2,3}(?:\.[A-Z0-9]{2,3}){1,4}\s?[-–]\s?\d{6}\s?[-–]\s?\d{4,7}(?!\p{N})/giu;
/** Vietnamese passports: one letter and 7–8 digits. */
const PASSPORT = /(?<![\p{L}\p{N}])[A-Z]\d{7,8}(?!\p{N})/gu;
/** A run of digits with single spaces, dots, dashes or a bracketed area code between them. */
const NUMBER_RUN = /(?:\+\s?84|\(\+?84\)|\(0\d{1,3}\))?[\s.-]?\d(?:[\s.-]?\d)+/gu;
/** Phones and IDs have nine digits or more (CMND 9, mobile 10, landline 11, CCCD 12). */
const MIN_ID_DIGITS = 9;
/** An amount in thousands groups: "100.000.000". */
const AMOUNT = /^[1-9]\d{0,2}(?:[.,]\d{3})+$/;
/** One word of a name: a capitalised word, never an initial already masked ("V."). */
const NAME_WORD = String.raw`(?:\p{Lu}\p{Ll}+|\p{Lu}(?![.\p{L}]))`;
const NAME_AT = new RegExp(String.raw`${NAME_WORD}(?:[ \t]+${NAME_WORD}){0,4}`, 'uy');
const PLACEHOLDER = (i: number) => `\u0000${i}\u0000`;

export interface Scrubber {
  scrub(text: string, options?: ScrubOptions): string;
}

export function createScrubber(words: PrivacyWords = loadPrivacyWords()): Scrubber {
  const honorifics = new RegExp(`${START}(${alternatives(words.honorifics)})[ \\t]+`, 'giu');
  const nameLabels = new RegExp(
    `${START}(${alternatives(words.nameLabels)})[ \\t]*[:\\-–][ \\t]*|${START}(${alternatives(words.nameLabels)})[ \\t]+(?=\\p{Lu})`,
    'giu',
  );
  const familyNames = new RegExp(`${START}(?:${alternatives(words.familyNames)})(?=[ \\t]+\\p{Lu})`, 'gu');
  const placeBefore = new RegExp(`${START}(?:${alternatives(words.placeWords)})[ \\t]*$`, 'iu');
  // Only a label with its colon starts an address: "cư trú tại Việt Nam" is a condition, not one.
  const addresses = new RegExp(
    `${START}(?:${alternatives(words.addressLabels)})[ \\t]*:(?![ \\t]*https?:)[ \\t]*[^;\\n)]+?(?=[;\\n)]|\\.(?:\\s|$)|$)`,
    'giu',
  );
  const ids = new RegExp(
    `${START}((?:${alternatives(words.idLabels)})(?:[ \\t]+số)?[ \\t]*:?[ \\t]*)[A-Z]{0,2}\\d(?:[\\d.\\-]|[ \\t](?=\\d)){3,}\\d`,
    'giu',
  );
  const notName = new RegExp(`^(?:${alternatives(words.notNames)})(?![\\p{L}])`, 'u');
  const currencyAfter = new RegExp(`^[ \\t]*(?:${alternatives(words.currencyWords)})(?![\\p{L}])`, 'iu');

  /**
   * Masks the name that follows each cue (or starts at it, `include`); `accept` may veto a cue by
   * where it stands. Fewer than `minWords` capitalised words are not taken for a name: "cán bộ Tư
   * pháp" is a job, and a family name alone is no one in particular.
   */
  function namesAfter(text: string, cue: RegExp, accept: (match: RegExpExecArray) => boolean, minWords: number, include = false): string {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(cue)) {
      if (match.index < last || !accept(match)) continue;
      const start = include ? match.index : match.index + match[0].length;
      if (notName.test(text.slice(match.index)) || notName.test(text.slice(start))) continue;
      NAME_AT.lastIndex = start;
      const name = NAME_AT.exec(text);
      if (!name || name[0].split(/\s+/).length < minWords) continue;
      out += text.slice(last, start) + maskName(name[0]);
      last = start + name[0].length;
    }
    return out + text.slice(last);
  }

  /** A capitalised honorific mid-sentence is part of a proper name ("xã Bà Điểm"), not a title. */
  const titleHere = (text: string) => (match: RegExpExecArray) => {
    const word = match[1];
    if (word === word.toLowerCase()) return true;
    return /(?:^|[.:;!?(\n\-–]\s*)$/u.test(text.slice(0, match.index));
  };

  return {
    scrub(input, options = {}) {
      let text = toDisplay(input);
      for (const secret of options.secrets ?? []) {
        const value = toDisplay(secret).trim();
        if (value.length >= 4) text = text.replace(new RegExp(escape(value), 'giu'), MASK);
      }
      for (const name of options.names ?? []) {
        const value = toDisplay(name).trim();
        if (value.length >= 2) text = text.replace(new RegExp(`${START}${escape(value)}(?![\\p{L}])`, 'giu'), maskName(value));
      }
      // Kept codes step aside while numbers are masked, so their digits are not taken for a phone.
      const kept: string[] = [];
      const keep = new Set((options.keepCodes ?? []).map((c) => c.toUpperCase().replace(/\s+/g, '')));
      text = text.replace(RECEIPT_CODE, (code) => {
        if (!keep.has(code.toUpperCase().replace(/\s+/g, '').replace(/–/g, '-'))) return MASK;
        kept.push(code);
        return PLACEHOLDER(kept.length - 1);
      });
      text = text.replace(EMAIL, MASK);
      text = text.replace(addresses, MASK);
      text = text.replace(ids, (_all, label: string) => `${label}${MASK}`);
      text = text.replace(PASSPORT, MASK);
      text = text.replace(NUMBER_RUN, (run, offset: number, whole: string) => {
        const digits = run.replace(/\D/g, '').length;
        if (digits < MIN_ID_DIGITS) return run;
        if (AMOUNT.test(run.trim()) && currencyAfter.test(whole.slice(offset + run.length))) return run;
        return `${/^\s/.test(run) ? ' ' : ''}${MASK}`;
      });
      text = namesAfter(text, nameLabels, () => true, 2);
      text = namesAfter(text, honorifics, titleHere(text), 1);
      text = namesAfter(text, familyNames, (match) => !placeBefore.test(text.slice(0, match.index)), 2, true);
      text = text.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]);
      return text.replace(/\s+/g, ' ').trim();
    },
  };
}

let cached: PrivacyWords | undefined;
export function loadPrivacyWords(dir = intentsDir): PrivacyWords {
  if (dir === intentsDir && cached) return cached;
  const words = wordsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'privacy.json'), 'utf8')));
  if (dir === intentsDir) cached = words;
  return words;
}

let shared: Scrubber | undefined;
/** Scrubs with the project's own cue words. */
export function scrubPersonalData(text: string, options?: ScrubOptions): string {
  shared ??= createScrubber();
  return shared.scrub(text, options);
}
