/**
 * Vietnamese syllable structure: letters with their tone split off, a parser for
 * initial + vowel cluster + final, one tone placement, and a validity check that the
 * keyboard repair uses to decide whether a conversion produced a real syllable.
 */

/** Tone index: 0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng. */
export type Tone = 0 | 1 | 2 | 3 | 4 | 5;
const toneMarks = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const;

/** Vowels as written before a tone is added (quality marks ă â ê ô ơ ư are part of the letter). */
const vowelBases = 'aăâeêioôơuưy';
const qualityMarked = new Set('ăâêôơư');

/** Lower-case toned vowel → [base vowel, tone]; built once from Unicode composition. */
const toned = new Map<string, readonly [string, Tone]>();
/** `${base}${tone}` → composed lower-case letter. */
const composeTable = new Map<string, string>();
for (const base of vowelBases) {
  for (let tone = 0; tone < toneMarks.length; tone++) {
    const letter = (base + toneMarks[tone]).normalize('NFC');
    toned.set(letter, [base, tone as Tone]);
    composeTable.set(base + tone, letter);
  }
}

export function isVowelLetter(ch: string): boolean {
  return toned.has(ch);
}

/** [base letter, tone] of a lower-case letter; consonants come back with tone 0. */
export function splitTone(ch: string): readonly [string, Tone] {
  return toned.get(ch) ?? [ch, 0];
}

/** Whether a lower-case word carries a tone mark ("mặt" does, "mât" does not). */
export function hasTone(word: string): boolean {
  return [...word].some((ch) => splitTone(ch)[1] !== 0);
}

function withTone(base: string, tone: Tone): string {
  return composeTable.get(base + tone) ?? base;
}

const initials = [
  'ngh',
  'ng',
  'nh',
  'ch',
  'gh',
  'gi',
  'kh',
  'ph',
  'qu',
  'th',
  'tr',
  'b',
  'c',
  'd',
  'đ',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'x',
];
const finals = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
const stopFinals = new Set(['c', 'ch', 'p', 't']);

/** Vowel clusters and whether they take a final consonant: 'open' (never), 'closed' (always), 'any'. */
type FinalRule = 'open' | 'closed' | 'any';
const clusters = new Map<string, FinalRule>();
const addClusters = (rule: FinalRule, list: string) => list.split(' ').forEach((c) => clusters.set(c, rule));
addClusters('any', 'a e ê i o ô ơ u ư y oa oe uê uy');
addClusters('closed', 'ă â iê yê uô ươ oă uâ uyê oo');
addClusters('open', 'ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu uơ iêu yêu oai oay oeo uây uôi ươi ươu uya uyu');

export interface Syllable {
  initial: string;
  /** Base vowels, tone removed. */
  vowels: string;
  final: string;
}

/** Splits a toneless lower-case syllable; undefined when it is not shaped like one. */
export function parseSyllable(base: string): Syllable | undefined {
  let initial = '';
  for (const candidate of initials) {
    if (base.startsWith(candidate)) {
      initial = candidate;
      break;
    }
  }
  let i = initial.length;
  // "gì", "gìn": the i of gi is the vowel when nothing else follows it.
  if (initial === 'gi' && (i >= base.length || !isVowelLetter(base[i]))) {
    initial = 'g';
    i = 1;
  }
  const vowelStart = i;
  while (i < base.length && isVowelLetter(base[i])) i++;
  const vowels = base.slice(vowelStart, i);
  const final = base.slice(i);
  if (vowels === '' || !finals.has(final)) return undefined;
  return { initial, vowels, final };
}

/** True when the syllable is one Vietnamese spelling allows (cluster, final and tone agree). */
export function isValidSyllable(s: Syllable, tone: Tone): boolean {
  const rule = clusters.get(s.vowels);
  if (rule === undefined) return false;
  if (rule === 'open' && s.final !== '') return false;
  if (rule === 'closed' && s.final === '') return false;
  // Syllables closed by c/ch/p/t only carry sắc or nặng.
  if (stopFinals.has(s.final) && tone !== 1 && tone !== 5) return false;
  return true;
}

/** Index in `vowels` that carries the tone, traditional placement (hòa, thủy, khỏe, quý, người). */
function toneIndex(s: Syllable): number {
  const v = s.vowels;
  for (let i = v.length - 1; i >= 0; i--) if (qualityMarked.has(v[i])) return i;
  if (s.final !== '') return v.length - 1;
  if (v.length === 3) return 1;
  return 0;
}

/** Writes a parsed syllable with its tone on the canonical vowel. */
export function composeSyllable(s: Syllable, tone: Tone): string {
  if (tone === 0) return s.initial + s.vowels + s.final;
  const at = toneIndex(s);
  const v = s.vowels;
  return s.initial + v.slice(0, at) + withTone(v[at], tone) + v.slice(at + 1) + s.final;
}

/** Initials after which a lone final i is written y by the i/y unification (lí→lý, kĩ→kỹ, qui→quy). */
const iToYInitials = new Set(['h', 'k', 'l', 'm', 's', 't', 'qu']);

/**
 * One spelling per syllable: tone moved to its canonical vowel and the lone i after
 * h/k/l/m/s/t/qu written y. Tokens that are not a single Vietnamese syllable are returned unchanged.
 */
export function normalizeSyllable(token: string): string {
  let base = '';
  let tone: Tone = 0;
  for (const ch of token) {
    const [b, t] = splitTone(ch);
    if (t !== 0) {
      if (tone !== 0) return token; // two tones: not a syllable we understand
      tone = t;
    }
    base += b;
  }
  const s = parseSyllable(base);
  if (!s || !isValidSyllable(s, tone)) return token; // words run together, foreign words, typos
  if (s.vowels === 'i' && s.final === '' && iToYInitials.has(s.initial)) s.vowels = 'y';
  return composeSyllable(s, tone);
}
