/**
 * canonical(): the one spelling used for matching (lower case, NFC, look-alike Đ fixed, one
 * tone placement, i/y unified, Telex/VNI remnants repaired, punctuation gone); fold(): the same
 * without marks. Work is per token and memoised, since people and catalogs reuse a small vocabulary.
 */
import { repairKeyboard, type KeyboardRepair } from './keyboard.js';
import { defaultLexicon } from './lexicon.js';
import { normalizeSyllable, splitTone } from './syllable.js';

/** Letters and digits make words; everything else separates them. */
const separators = /[^\p{L}\p{N}]+/u;
/** Lower-case look-alikes of đ (Ð and Ɖ lower-case to these). */
const lookalikeD = /[\u00f0\u0256]/g;
const diacriticMarks = /[\u0300-\u036f]/;
const nonFoldChars = /[^a-z0-9]/g;
const hasLetter = /\p{L}/u;

/** Forms canonical() leaves exactly as typed: the lexicon's keep-list and every one-word shorthand. */
const protectedWords = new Set<string>(
  [...defaultLexicon.keep, ...defaultLexicon.plain.flatMap((e) => e.forms), ...defaultLexicon.context.flatMap((e) => e.forms)]
    .map((w) => w.normalize('NFC').toLowerCase())
    .filter((w) => !w.includes(' ')),
);

/** A Map that forgets everything when full: a bounded memo without bookkeeping per hit. */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string, compute: (k: string) => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      value = compute(key);
      this.map.set(key, value);
    }
    return value;
  }
}

interface WordForms {
  canonical: string;
  /** Numbers do not count as words when judging how much of a message is Telex/VNI. */
  isWord: boolean;
  /** The word read as Telex/VNI, when it can be; used only if the message as a whole agrees. */
  keyboard: KeyboardRepair | undefined;
}

const canonicalTokens = new Memo<WordForms>(50_000);
const foldedTokens = new Memo<string>(50_000);
const foldedWords = new Memo<string>(50_000);

function wordFormsUncached(token: string): WordForms {
  const isWord = hasLetter.test(token);
  if (protectedWords.has(token)) return { canonical: token, isWord, keyboard: undefined };
  const repair = repairKeyboard(token);
  const keyboard = repair && { ...repair, syllable: normalizeSyllable(repair.syllable) };
  return { canonical: normalizeSyllable(token), isWord, keyboard };
}

/**
 * Whether the possible Telex/VNI words of a message are meant as such. One certain word (dd…,
 * d9a8ng) settles it; otherwise they must be a third of the words, and more than one unless the
 * message is tiny, so "test" or "doc1" inside ordinary text stay as typed.
 */
function typedWithKeyboardOff(forms: readonly WordForms[], wordCount: number): boolean {
  let candidates = 0;
  for (const f of forms) {
    if (!f.keyboard) continue;
    if (f.keyboard.certain) return true;
    candidates++;
  }
  return candidates > 0 && candidates * 3 >= wordCount && (candidates >= 2 || wordCount <= 2);
}

function foldTokenUncached(token: string): string {
  let out = '';
  for (const ch of token) {
    if (ch === 'đ') out += 'd';
    else if (ch < '\u0080') out += ch;
    else out += splitTone(ch)[0].normalize('NFD');
  }
  return out.replace(nonFoldChars, '');
}

/** Marks removed, đ→d, only [a-z0-9] kept; the input is a canonical word. */
export function foldToken(token: string): string {
  return foldedTokens.get(token, foldTokenUncached);
}

/** Per UTF-16 code unit: 1 for a letter or digit, 2 for a separator, 0 until first seen. */
const unitKinds = new Uint8Array(0x10000);
const letterOrDigit = /[\p{L}\p{N}]/u;

/**
 * The pieces of `text` between separators, none empty. A scan with a table per code unit: the
 * Unicode RegExp split took three times as long, and every name and question goes through here.
 */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate is half of a code point: the RegExp reads those whole.
    if (code >= 0xd800 && code <= 0xdfff) return text.split(separators).filter((w) => w !== '');
    let kind = unitKinds[code];
    if (kind === 0) unitKinds[code] = kind = letterOrDigit.test(String.fromCharCode(code)) ? 1 : 2;
    if (kind === 1) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
}

/** Canonical words of a text, in order. */
export function canonicalWords(text: string): string[] {
  const words = splitWords(text.normalize('NFC').toLowerCase().replace(lookalikeD, 'đ'));
  const forms: WordForms[] = [];
  let anyKeyboard = false;
  let letterWords = 0;
  for (const w of words) {
    const f = canonicalTokens.get(w, wordFormsUncached);
    forms.push(f);
    if (f.keyboard) anyKeyboard = true;
    if (f.isWord) letterWords++;
  }
  const useKeyboard = anyKeyboard && typedWithKeyboardOff(forms, letterWords);
  return forms.map((f) => (useKeyboard && f.keyboard ? f.keyboard.syllable : f.canonical));
}

export function canonical(text: string): string {
  return canonicalWords(text).join(' ');
}

/** Folds words that are already canonical (e.g. the output of expand()). */
export function foldWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const f = foldToken(w);
    if (f !== '') out.push(f);
  }
  return out;
}

export function fold(text: string): string {
  return foldWords(canonicalWords(text)).join(' ');
}

/**
 * fold() of one word read on its own, memoised (names and questions fold word by word). Not
 * foldToken(): alone, a word may read as Telex/VNI ("test" → "tet"), and both sides of a match
 * must agree on that.
 */
export function foldWord(word: string): string {
  return foldedWords.get(word, fold);
}

/** Did the writer type Vietnamese tone or vowel marks? đ alone does not count. */
export function hasDiacritics(text: string): boolean {
  return diacriticMarks.test(text.normalize('NFD'));
}
