import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Procedure } from '../catalog/schema.js';
import { intentsDir } from '../paths.js';
import { fold, prepare } from '../text/index.js';
import { applyQualifiers } from './qualifiers.js';
import { TypoIndex } from './typo.js';

/**
 * Procedure search: an inverted index over the words of every name, alias and result, scored
 * by how much of a name the question covers and how much of the question the name explains.
 * Folded words find text typed without marks; when the question has marks, matching marks
 * weigh more (khai tử ≠ từ). Order-free with an in-order bonus, one typo per word tolerated.
 */

const searchLexiconSchema = z.object({
  cuePhrases: z.array(z.string()),
  levels: z.record(z.string(), z.array(z.string())),
  levelOrder: z.array(z.string()),
});
type SearchLexicon = z.infer<typeof searchLexiconSchema>;

export function loadSearchLexicon(dir = intentsDir): SearchLexicon {
  return searchLexiconSchema.parse(JSON.parse(readFileSync(path.join(dir, 'search.json'), 'utf8')));
}

export interface SearchHit {
  procedure: Procedure;
  /** 0..1: how well the best-matching name or alias and the question cover each other. */
  score: number;
  /** The name or alias that matched best. */
  matched: string;
  /** 0..1: how much of the best-matching name or alias the question covers. */
  coverage: number;
  /** Positions in `SearchResult.tokens` of the question's words that name this procedure. */
  positions: number[];
}

export interface SearchResult {
  /** The question's folded words, one per typed word (after shorthand expansion). */
  tokens: string[];
  hits: SearchHit[];
}

export interface SearchOptions {
  limit?: number;
  /** Drop hits scoring below this. */
  minScore?: number;
}

interface Unit {
  doc: number;
  text: string;
  weight: number;
  /** Distinct folded words with their idf sum (the unit's total weight). */
  words: string[];
  marked: string[];
  bigrams: Set<string>;
  total: number;
}

const unitWeights = { name: 1, alias: 1, result: 0.75 } as const;
const orderWeight = 0.04;
const levelSuffix = /\((?:thực hiện )?(?:tại )?cấp [^)]*\)/giu;

export class ProcedureSearch {
  private readonly units: Unit[] = [];
  /** Every word of every name, alias and result of a procedure, by position in `procedures`. */
  private readonly vocabulary: Array<Set<string>> = [];
  private readonly postings = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly typos: TypoIndex;
  private readonly levelRank: number[];
  /** Folded name without its level suffix: records sharing one are variants of a procedure. */
  private readonly baseNames: string[];
  private readonly cueTrie: Map<string, string[][]>;
  /** One-word framing words ("cho", "của"): ignored on both sides so they never decide a match. */
  private readonly cueWords: Set<string>;
  private readonly levelCues: Array<{ level: string; phrases: string[][] }>;

  constructor(
    private readonly procedures: readonly Procedure[],
    lexicon: SearchLexicon = loadSearchLexicon(),
  ) {
    this.cueTrie = buildPhraseTable(lexicon.cuePhrases);
    this.cueWords = new Set(lexicon.cuePhrases.filter((p) => !p.includes(' ')));
    this.levelCues = Object.entries(lexicon.levels).map(([level, phrases]) => ({
      level,
      phrases: phrases.map((p) => p.split(' ')),
    }));
    this.levelRank = procedures.map((p) => bestLevelRank(p.levels, lexicon.levelOrder));
    this.baseNames = procedures.map((p) => fold(p.name.replace(levelSuffix, ' ')));
    procedures.forEach((procedure, doc) => {
      this.addUnit(doc, procedure.name, unitWeights.name);
      for (const alias of procedure.aliases) this.addUnit(doc, alias, unitWeights.alias);
      for (const result of procedure.results) this.addUnit(doc, result, unitWeights.result);
    });
    const docFrequency = new Map<string, Set<number>>();
    for (const unit of this.units) {
      for (const word of unit.words) {
        let docs = docFrequency.get(word);
        if (!docs) docFrequency.set(word, (docs = new Set()));
        docs.add(unit.doc);
      }
    }
    const n = Math.max(procedures.length, 1);
    for (const [word, docs] of docFrequency) this.idf.set(word, Math.log(1 + n / docs.size));
    for (const unit of this.units) unit.total = unit.words.reduce((sum, w) => sum + (this.idf.get(w) ?? 0), 0);
    this.typos = new TypoIndex(docFrequency.keys());
  }

  get size(): number {
    return this.procedures.length;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.searchDetailed(query, options).hits;
  }

  searchDetailed(query: string, options: SearchOptions = {}): SearchResult {
    const limit = options.limit ?? 10;
    const minScore = options.minScore ?? 0;
    const { tokens, kept, words, marked, bigrams, levels } = this.readQuery(query);
    const none = { tokens, hits: [] };
    if (words.length === 0) return none;

    // Each query word matches itself, or, when unknown, its one-typo neighbours at a discount.
    const credit = new Map<string, { weight: number; marked: Set<string> }>();
    words.forEach((word, i) => {
      const known = this.idf.has(word);
      const targets = known ? [word] : this.typos.near(word);
      for (const target of targets) {
        const entry = credit.get(target) ?? { weight: 0, marked: new Set<string>() };
        entry.weight = Math.max(entry.weight, known ? 1 : 0.8);
        if (marked[i]) entry.marked.add(marked[i]);
        credit.set(target, entry);
      }
    });
    const queryTotal = words.reduce((sum, w) => {
      const best = this.idf.get(w) ?? Math.max(0, ...this.typos.near(w).map((t) => this.idf.get(t) ?? 0));
      return sum + best;
    }, 0);
    if (queryTotal === 0) return none;

    const matchedWeight = new Map<number, number>();
    for (const [word, { weight, marked: markedForms }] of credit) {
      const idf = this.idf.get(word) ?? 0;
      for (const unitId of this.postings.get(word) ?? []) {
        const unit = this.units[unitId];
        // With marks typed, a mark mismatch (tử vs từ) counts for little.
        let factor = weight;
        if (markedForms.size > 0) {
          const unitMarked = unit.marked[unit.words.indexOf(word)];
          if (unitMarked && !markedForms.has(unitMarked)) factor *= 0.35;
        }
        matchedWeight.set(unitId, (matchedWeight.get(unitId) ?? 0) + idf * factor);
      }
    }

    // Words the question shares with a procedure's other names count too ("cho con dưới 14 tuổi").
    const docMatched = new Map<number, number>();
    const sharedWithDoc = (doc: number) => {
      let total = docMatched.get(doc);
      if (total === undefined) {
        total = 0;
        for (const [word, { weight }] of credit) if (this.vocabulary[doc].has(word)) total += (this.idf.get(word) ?? 0) * weight;
        docMatched.set(doc, total);
      }
      return total;
    };

    const bestByDoc = new Map<number, { score: number; unit: Unit; coverage: number }>();
    for (const [unitId, matched] of matchedWeight) {
      const unit = this.units[unitId];
      if (unit.total === 0) continue;
      const unitCoverage = Math.min(1, matched / unit.total);
      const elsewhere = Math.max(0, sharedWithDoc(unit.doc) - matched);
      const queryCoverage = Math.min(1, (matched + 0.6 * elsewhere) / queryTotal);
      let order = 0;
      for (const bigram of bigrams) if (unit.bigrams.has(bigram)) order++;
      const orderBonus = bigrams.length > 0 ? orderWeight * (order / bigrams.length) : 0;
      // Scaled into 0..1 without capping, so a perfect match in order still beats one out of order.
      const score = (unit.weight * (Math.pow(unitCoverage, 0.6) * Math.pow(queryCoverage, 0.4)) + orderBonus) / (1 + orderWeight);
      const current = bestByDoc.get(unit.doc);
      if (!current || score > current.score) bestByDoc.set(unit.doc, { score, unit, coverage: unitCoverage });
    }

    const ranked = applyQualifiers(
      this.rankVariants([...bestByDoc].map(([doc, best]) => ({ doc, ...best })), levels),
      tokens.join(' '),
      (doc) => this.procedures[doc].name,
    )
      .map((r) => ({ ...r, score: Math.min(1, r.score) }))
      .filter((r) => r.score >= minScore);
    ranked.sort((a, b) => b.score - a.score || this.procedures[a.doc].name.length - this.procedures[b.doc].name.length);
    const hits = ranked.slice(0, limit).map(({ doc, score, unit, coverage }) => {
      const vocabulary = this.vocabulary[doc];
      const names = (token: string) =>
        vocabulary.has(token) || (!this.idf.has(token) && this.typos.near(token).some((t) => vocabulary.has(t)));
      return {
        procedure: this.procedures[doc],
        score: round(score),
        matched: unit.text,
        coverage: round(coverage),
        positions: tokens.flatMap((token, i) => (kept[i] && names(token) ? [i] : [])),
      };
    });
    return { tokens, hits };
  }

  /** The question's words with the framing ("cần giấy tờ gì", "ở đâu") removed. */
  private readQuery(query: string) {
    const prepared = prepare(query);
    const markedTokens = prepared.expanded.split(' ').filter(Boolean);
    const foldedTokens = markedTokens.map((t) => fold(t));
    const levels = this.levelCues
      .filter(({ phrases }) => phrases.some((p) => containsPhrase(foldedTokens, p)))
      .map(({ level }) => level);
    const kept = stripPhrases(foldedTokens, this.cueTrie);
    const words: string[] = [];
    const marked: string[] = [];
    kept.forEach((keep, i) => {
      if (!keep || !foldedTokens[i]) return;
      words.push(foldedTokens[i]);
      marked.push(prepared.hasDiacritics ? markedTokens[i] : '');
    });
    const bigrams: string[] = [];
    for (let i = 1; i < words.length; i++) bigrams.push(`${words[i - 1]} ${words[i]}`);
    return { tokens: foldedTokens, kept, words, marked, bigrams, levels };
  }

  /**
   * Level decides between variants of one procedure (same name but for "(thực hiện tại cấp …)"):
   * the level the question names, else the one closest to citizens (Cấp xã first). It never
   * outweighs a better textual match between different procedures.
   */
  private rankVariants<T extends { doc: number; score: number }>(ranked: T[], askedLevels: string[]): T[] {
    const groups = new Map<string, T[]>();
    for (const entry of ranked) {
      const key = this.baseNames[entry.doc];
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    for (const group of groups.values()) {
      for (const entry of group) {
        const levels = this.procedures[entry.doc].levels;
        if (askedLevels.length > 0) {
          if (!levels.some((l) => askedLevels.includes(l))) entry.score *= 0.9;
        } else if (group.length > 1) {
          const best = Math.min(...group.map((e) => this.levelRank[e.doc]));
          entry.score *= 1 - 0.03 * (this.levelRank[entry.doc] - best);
        }
      }
    }
    return ranked;
  }

  private addUnit(doc: number, text: string, weight: number): void {
    const prepared = prepare(text.replace(levelSuffix, ' '));
    const markedTokens = prepared.expanded.split(' ').filter(Boolean);
    let pairs = markedTokens.map((m) => ({ marked: m, word: fold(m) })).filter((p) => p.word && !this.cueWords.has(p.word));
    // "Thủ tục …" opens many official names and says nothing about which procedure it is.
    if (pairs.length > 2 && pairs[0].word === 'thu' && pairs[1].word === 'tuc') pairs = pairs.slice(2);
    if (pairs.length === 0) return;
    const words: string[] = [];
    const marked: string[] = [];
    for (const pair of pairs) {
      if (words.includes(pair.word)) continue;
      words.push(pair.word);
      marked.push(pair.marked);
    }
    const bigrams = new Set<string>();
    for (let i = 1; i < pairs.length; i++) bigrams.add(`${pairs[i - 1].word} ${pairs[i].word}`);
    const unitId = this.units.push({ doc, text, weight, words, marked, bigrams, total: 0 }) - 1;
    const vocabulary = (this.vocabulary[doc] ??= new Set());
    for (const word of words) vocabulary.add(word);
    for (const word of words) {
      let list = this.postings.get(word);
      if (!list) this.postings.set(word, (list = []));
      list.push(unitId);
    }
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function bestLevelRank(levels: readonly string[], order: readonly string[]): number {
  const ranks = levels.map((l) => order.indexOf(l)).filter((r) => r >= 0);
  return ranks.length > 0 ? Math.min(...ranks) : order.length;
}

/** Phrases keyed by their first word, longest first, for greedy removal. */
function buildPhraseTable(phrases: string[]): Map<string, string[][]> {
  const table = new Map<string, string[][]>();
  for (const phrase of phrases) {
    const words = phrase.split(' ').filter(Boolean);
    if (words.length === 0) continue;
    const list = table.get(words[0]) ?? [];
    list.push(words);
    table.set(words[0], list);
  }
  for (const list of table.values()) list.sort((a, b) => b.length - a.length);
  return table;
}

/** keep[i] is false for words that belong to a framing phrase. */
export function stripPhrases(tokens: string[], table: Map<string, string[][]>): boolean[] {
  const keep = tokens.map(() => true);
  let i = 0;
  while (i < tokens.length) {
    const phrase = table.get(tokens[i])?.find((p) => p.every((w, k) => tokens[i + k] === w));
    if (phrase) {
      for (let k = 0; k < phrase.length; k++) keep[i + k] = false;
      i += phrase.length;
    } else {
      i++;
    }
  }
  return keep;
}

function containsPhrase(tokens: string[], phrase: string[]): boolean {
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((w, k) => tokens[i + k] === w)) return true;
  }
  return false;
}
