/**
 * Repair of Telex/VNI remnants: text typed with the Vietnamese keyboard switched off, so the
 * keys that would have added marks stay in the word ("ddawng kys", "d9a8ng ky1" → "đăng ký").
 * Conservative: a token qualifies only when it used at least one mark key, is not already a
 * plausible unmarked syllable, and the result is a valid Vietnamese syllable.
 */
import { composeSyllable, isValidSyllable, parseSyllable, type Tone } from './syllable.js';

const plainVowels = new Set('aeiouy');
const consonants = new Set('bcdghklmnpqrstvx');
const telexTones: Record<string, Tone> = { s: 1, f: 2, r: 3, x: 4, j: 5 };
const circumflex: Record<string, string> = { a: 'â', e: 'ê', o: 'ô' };
const horn: Record<string, string> = { a: 'ă', o: 'ơ', u: 'ư' };
const finalPrefixes = new Set(['c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
/** Only these shapes are worth a look: ASCII letters and digits, optionally starting with đ. */
const candidateShape = /^đ?[a-z][a-z0-9]*$/;
/** License classes and similar codes ("a1", "b2", "c12") are never VNI. */
const letterThenDigits = /^[a-z][0-9]+$/;

interface Draft {
  initial: string;
  vowels: string[];
  final: string;
  tone: Tone;
  marks: number;
  /** A key no word of either language produces: a leading dd/d9 or a VNI digit inside the word. */
  certain: boolean;
}

export interface KeyboardRepair {
  syllable: string;
  certain: boolean;
}

/** Horn/breve key (Telex w, VNI 7/8): "uo" becomes "ươ", otherwise the rightmost vowel that takes it. */
function applyHorn(d: Draft, letters: Set<string>): boolean {
  const v = d.vowels;
  for (let i = 0; i + 1 < v.length; i++) {
    if (v[i] === 'u' && v[i + 1] === 'o' && letters.has('o')) {
      v[i] = 'ư';
      v[i + 1] = 'ơ';
      return true;
    }
  }
  for (let i = v.length - 1; i >= 0; i--) {
    if (letters.has(v[i])) {
      v[i] = horn[v[i]];
      return true;
    }
  }
  return false;
}

function applyCircumflex(d: Draft): boolean {
  for (let i = d.vowels.length - 1; i >= 0; i--) {
    const c = circumflex[d.vowels[i]];
    if (c) {
      d.vowels[i] = c;
      return true;
    }
  }
  return false;
}

const hornTelex = new Set('aou');
const hornVni = new Set('ou');
const breveVni = new Set('a');

/** Applies one key after the first vowel; false means "this is not a Telex/VNI word". */
function applyKey(d: Draft, key: string): boolean {
  const marked = (ok: boolean) => {
    if (ok) d.marks++;
    return ok;
  };
  const setTone = (tone: Tone) => {
    if (d.tone !== 0) return false; // a second tone key undoes or changes the first: too unsure
    d.tone = tone;
    return marked(true);
  };
  if (plainVowels.has(key)) {
    if (d.final !== '' || d.tone !== 0) return false;
    const last = d.vowels.length - 1;
    if (d.vowels[last] === key && circumflex[key]) {
      d.vowels[last] = circumflex[key]; // Telex aa/ee/oo
      return marked(true);
    }
    d.vowels.push(key);
    return true;
  }
  if (key === 'w') return marked(applyHorn(d, hornTelex));
  if (key in telexTones) return setTone(telexTones[key]);
  if (key >= '1' && key <= '5') return setTone(Number(key) as Tone);
  if (key === '6') return marked(applyCircumflex(d));
  if (key === '7') return marked(applyHorn(d, hornVni));
  if (key === '8') return marked(applyHorn(d, breveVni));
  if (key === '9') {
    if (d.initial !== 'd') return false;
    d.initial = 'đ';
    return marked(true);
  }
  if (consonants.has(key) && finalPrefixes.has(d.final + key)) {
    d.final += key;
    return true;
  }
  return false;
}

function isPlausibleUnmarked(token: string): boolean {
  const s = parseSyllable(token);
  return s !== undefined && isValidSyllable(s, 0);
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';

/**
 * The Vietnamese syllable a Telex/VNI-typed token may stand for, or undefined to leave it alone.
 * Only `certain` repairs stand on their own; the caller weighs the others against the message.
 */
export function repairKeyboard(token: string): KeyboardRepair | undefined {
  if (!candidateShape.test(token) || letterThenDigits.test(token) || isPlausibleUnmarked(token)) return undefined;
  const d: Draft = { initial: '', vowels: [], final: '', tone: 0, marks: 0, certain: false };
  let i = 0;
  if (token.startsWith('dd') || token.startsWith('d9')) {
    d.initial = 'đ';
    d.marks++;
    d.certain = true;
    i = 2;
  } else if (token[0] === 'đ') {
    d.initial = 'đ';
    i = 1;
  }
  while (i < token.length && consonants.has(token[i])) d.initial += token[i++];
  if (i >= token.length || !plainVowels.has(token[i])) return undefined;
  for (; i < token.length; i++) {
    if (!applyKey(d, token[i])) return undefined;
    if (isDigit(token[i]) && i + 1 < token.length && !isDigit(token[i + 1])) d.certain = true;
  }
  if (d.marks === 0) return undefined;
  const syllable = parseSyllable(d.initial + d.vowels.join('') + d.final);
  if (!syllable || !isValidSyllable(syllable, d.tone)) return undefined;
  return { syllable: composeSyllable(syllable, d.tone), certain: d.certain };
}
