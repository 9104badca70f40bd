import type { Procedure } from '../catalog/schema.js';
import { fold } from '../text/index.js';
import { type IntArray, compactInts } from './packed.js';

/** The records whose other text has a word, and the word's weight there. */
export interface ContextPostings {
  docs: IntArray;
  idf: number;
}

/**
 * What separates the words of a record's text: whitespace (as /\s/ has it) and punctuation. A
 * table by code unit, scanned by hand: a RegExp split of the millions of characters (an array of
 * every piece first) took about twice as long.
 */
const separator = new Uint8Array(0x10000);
for (const ch of ',.;:()"“”\'/-–…!?+*%') separator[ch.charCodeAt(0)] = 1;
for (const code of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) separator[code] = 1;
for (let code = 0x2000; code <= 0x200a; code++) separator[code] = 1;

/** Calls `visit` with each run of non-separators in `text`, in order. */
export function forEachPiece(text: string, visit: (piece: string) => void): void {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (separator[text.charCodeAt(i)] === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) visit(text.slice(start));
}

/**
 * The words of each record beyond its names (field, subjects, requirements, documents): evidence
 * for a situation told in other words. `ignored` are the framing words, never evidence.
 *
 * Millions of words are read at start-up, so the loops work on word ids in plain arrays rather
 * than on Maps and Sets keyed by words; records repeat texts (one requirements text, a level
 * variant's documents, common items), so each distinct text is read once.
 */
export function indexRecordContext(procedures: readonly Procedure[], ignored: ReadonlySet<string>): Map<string, ContextPostings> {
  const words: string[] = [];
  const docsById: number[][] = [];
  /** Per id, the last text that had it: dedupes a text's words without a Set per text. */
  const lastText: number[] = [];
  const idByWord = new Map<string, number>();
  /** Each raw piece of text once: its word id, or -1 for a word that is not evidence. */
  const idByPiece = new Map<string, number>();
  const idsByText = new Map<string, number[]>();

  const wordId = (piece: string): number => {
    const word = fold(piece);
    if (word.length < 2 || ignored.has(word)) return -1;
    let id = idByWord.get(word);
    if (id === undefined) {
      idByWord.set(word, (id = words.length));
      words.push(word);
      docsById.push([]);
      lastText.push(-1);
    }
    return id;
  };
  const idsOf = (text: string): number[] => {
    const known = idsByText.get(text);
    if (known) return known;
    const textNumber = idsByText.size;
    const found: number[] = [];
    forEachPiece(text, (piece) => {
      let id = idByPiece.get(piece);
      if (id === undefined) idByPiece.set(piece, (id = wordId(piece)));
      if (id < 0 || lastText[id] === textNumber) return;
      lastText[id] = textNumber;
      found.push(id);
    });
    idsByText.set(text, found);
    return found;
  };

  procedures.forEach((p, doc) => {
    const add = (text: string) => {
      for (const id of idsOf(text)) {
        const docs = docsById[id];
        // Records are read in order: a word already credited to this one ends its list.
        if (docs[docs.length - 1] !== doc) docs.push(doc);
      }
    };
    add(p.field);
    for (const subject of p.subjects) add(subject);
    add(p.requirements);
    for (const { case: situation, items } of p.documents) {
      add(situation);
      for (const item of items) add(item.name);
    }
  });

  const n = Math.max(procedures.length, 1);
  const context = new Map<string, ContextPostings>();
  words.forEach((word, id) => context.set(word, { docs: compactInts(docsById[id]), idf: Math.log(1 + n / docsById[id].length) }));
  return context;
}
