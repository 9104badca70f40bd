/**
 * Vietnamese text normalisation used by everything that reads user or catalog text.
 * Display always uses the original text (toDisplay); these forms are for matching only.
 */
import { canonicalWords, foldToken, foldWords, hasDiacritics } from './canonical.js';
import { createExpander } from './expand.js';
import { defaultLexicon } from './lexicon.js';
import { hasTone } from './syllable.js';

export { toDisplay } from './display.js';
export { hasTone } from './syllable.js';
export { canonical, canonicalWords, fold, foldToken, foldWord, hasDiacritics } from './canonical.js';

const expander = createExpander(defaultLexicon);

/** canonical() plus teencode/shorthand expanded, resolved by context. Output keeps diacritics. */
export function expand(text: string): string {
  return expandedWords(text).join(' ');
}

/** The words of expand(text), without joining them only to split them again. */
export function expandedWords(text: string): string[] {
  return expandSentences(text).expanded;
}

/**
 * The canonical words and their expansion, each sentence expanded on its own: a word's neighbours across a
 * full stop are not its context ("… bị đột quỵ mất. Mẹ em …" ends a sentence on "mất", so someone died).
 */
function expandSentences(text: string): { words: string[]; expanded: string[] } {
  const sentences = sentenceEnd.test(text) ? text.split(sentenceEnd) : [text];
  const words: string[] = [];
  const expanded: string[] = [];
  for (const sentence of sentences) {
    const own = canonicalWords(sentence);
    words.push(...own);
    expanded.push(...expander.expandWords(own));
  }
  return { words, expanded };
}

export interface PreparedText {
  /** As typed (used for display). */
  original: string;
  /** canonical(original) */
  canonical: string;
  /** expand(original) */
  expanded: string;
  /** fold(expanded) */
  folded: string;
  /** folded.split(' ') without empties */
  tokens: string[];
  /** Did the user type Vietnamese marks (ignoring đ-only)? Used for eval splits. */
  hasDiacritics: boolean;
}

export function prepare(text: string): PreparedText {
  const { words, expanded: expandedWords } = expandSentences(text);
  const tokens = foldWords(expandedWords);
  return {
    original: text,
    canonical: words.join(' '),
    expanded: expandedWords.join(' '),
    folded: tokens.join(' '),
    tokens,
    hasDiacritics: hasDiacritics(text),
  };
}

/** Each token's word as typed (lowercase), when the message was typed with marks and its words line up with its tokens; else null. */
export function typedWords(prepared: PreparedText): string[] | null {
  if (!prepared.hasDiacritics) return null;
  const words = prepared.expanded.split(' ').filter((w) => foldToken(w) !== '');
  return words.length === prepared.tokens.length ? words.map((w) => w.toLowerCase()) : null;
}

/**
 * The tokens, with `~` after each word typed with a mark that `marked` does not list for it ("vì" is not "ví"):
 * phrases of folded words then never read it as that word.
 */
export function markOtherWords(prepared: PreparedText, marked: Readonly<Record<string, readonly string[]>>): string[] {
  return markOtherTokens(prepared.tokens, typedWords(prepared), marked);
}

/** `markOtherWords` over tokens and the words as typed (lowercase, one per token; null when typed without marks). */
export function markOtherTokens(
  tokens: readonly string[],
  typed: readonly string[] | null,
  marked: Readonly<Record<string, readonly string[]>>,
): string[] {
  if (!typed) return [...tokens];
  // Only a tone of its own makes it another word: one typed without ("mât") may be a slip.
  return tokens.map((t, i) => (marked[t] !== undefined && hasTone(typed[i]) && !marked[t].includes(typed[i]) ? `${t}~` : t));
}

/** A full stop ends something only before a space or the end: "TP.HCM", "1.500.000 đồng" run on. */
const fullStop = String.raw`\.+(?=\s|$)`;
/** Where a sentence ends: a question mark, a semicolon, a line break, a full stop. */
export const sentenceEnd = new RegExp(String.raw`[?!;\n]+|${fullStop}`);
/** Where a clause ends: a comma or a colon too. */
const clauseEnd = new RegExp(String.raw`[,?!;:\n]+|${fullStop}`);

/** The text up to its first clause end. */
export function firstClause(text: string): string {
  return text.split(clauseEnd, 1)[0];
}

/** The index just past each clause's last word, counted in prepare(text).tokens. */
export function clauseEnds(text: string): Set<number> {
  const ends = new Set<number>();
  let at = 0;
  for (const clause of text.split(clauseEnd)) {
    at += prepare(clause).tokens.length;
    ends.add(at);
  }
  return ends;
}

/** An official name's folded words without its opening "Thủ tục", which names no procedure. */
export function nameWords(name: string): string[] {
  const words = prepare(name).tokens;
  return words[0] === 'thu' && words[1] === 'tuc' ? words.slice(2) : words;
}
