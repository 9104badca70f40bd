import type { EverydayNames, Procedure } from '../catalog/schema.js';
import { type ContextPostings, indexRecordContext } from './context.js';
import { clauseEnds, expandedWords, fold, foldWord, nameWords, prepare } from '../text/index.js';
import { type Facets, FacetReader, exclusionPairs, withoutExclusion } from './facets.js';
import { type SearchLexicon, buildPhraseTable, containsPhrase, loadSearchLexicon, stripPhrases } from './phrases.js';
import { type IntArray, PackedLists, compactInts } from './packed.js';
import { ChannelVariants, ExclusiveTerms, JoinedParts, RegisterState, applyQualifiers } from './qualifiers.js';
import { TypoIndex } from './typo.js';
import { procedureKeys, sameKeys, variantKey, withoutLevel } from './variants.js';
import { Vocabulary } from './vocabulary.js';

export { variantKey, withoutLevel } from './variants.js';
export type { Facets } from './facets.js';
export { withoutExclusion } from './facets.js';

export { loadSearchLexicon, stripPhrases };

/**
 * Procedure search: an inverted index over the words of every name, alias and result (a
 * "unit"), scored by how much of a unit the question covers and how much of the question the
 * procedure explains. Folded words find text typed without marks; when the question has marks,
 * matching marks weigh more (khai tử ≠ từ). Order-free with an in-order bonus; one typo per
 * word tolerated.
 *
 * Scoring runs in typed arrays over the postings of the question's words; the costlier parts
 * (word order, variants, qualifiers) run only on the few candidates that can still win.
 */

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
  /** The action and subject of the record's name (what tells it from its siblings). */
  facets: Facets;
}

export interface SearchResult {
  /** The question's folded words, one per typed word (after shorthand expansion). */
  tokens: string[];
  hits: SearchHit[];
  /** How many of the question's words are not framing ("cần giấy tờ gì", "ở đâu"): what it is about. */
  contentWords: number;
  /** The action and subject the question asks for ("làm lại vì mất", "người nước ngoài"). */
  asked: Facets;
}

export interface IndexOptions {
  lexicon?: SearchLexicon;
  /** How many recent results to keep; 0 turns the cache off (benchmarks of the search itself). */
  cacheSize?: number;
  /** Everyday names by national code, indexed as aliases of whichever record carries the code. */
  everydayNames?: EverydayNames;
  vocabulary?: Vocabulary;
  facets?: FacetReader;
}

export interface SearchOptions {
  limit?: number;
  /** Drop hits scoring below this. */
  minScore?: number;
  /** Facets told elsewhere in the message (a story's other sentences): they hold for this text too. */
  told?: Facets;
  /** The whole message a sentence comes from, folded: what it tells of the civil status register holds for this text too. */
  story?: string;
}

interface Credit {
  id: number;
  /** The word itself when credited exactly (not a typo neighbour): its record context counts too. */
  word: string | null;
  /** 1 for the word itself, less for a one-typo neighbour. */
  weight: number;
  /** The forms with marks the question used for this word ("tử"), when it had marks. */
  marks: Set<string>;
}

/** A name's words as the index holds them: ids in order, and each id once with the form with marks it has there. */
interface UnitWords {
  sequence: number[];
  distinct: number[];
  distinctMarks: number[];
}

interface Candidate {
  doc: number;
  unit: number;
  score: number;
  coverage: number;
}

const unitWeights = { name: 1, alias: 1, result: 0.75 } as const;
const orderWeight = 0.12;
/** What a record found only by the words that say who the question is about keeps of its score. */
const whoOnlyWeight = 0.7;
const markMismatch = 0.35;
const typoWeight = 0.8;
const elsewhereWeight = 0.6;
const framingWeight = 0.5;
/** An everyday name that says an action the question does not ask ("làm mất …" for a first application). */
const aliasOtherAction = 0.85;
/** Official words meant by an everyday phrase ("sổ đỏ" → giấy chứng nhận quyền sử dụng đất). */
const vocabularyWeight = 0.7;
/** A word found only in the rest of the record (requirements, documents, subjects), not its names. */
const contextWeight = 0.25;
/** A variant of a name another field also publishes, when the question says the other field's words. */
const otherFieldWeight = 0.94;
/** A word of what the person already has or did ("đã có giấy khai sinh"): the background, not the request. */
const backgroundWeight = 0.4;
/** Official words meant by the question's everyday words: by what it asks, and by what it tells as background. */
type Official = { asked: string[]; told: string[] };

export class ProcedureSearch {
  private readonly wordIds = new Map<string, number>();
  private readonly idf: Float64Array;
  /** Word id → the units containing it, and the unit's form with marks of that word (an index into `marks`). */
  private readonly postings: Array<number[] | IntArray> = [];
  private readonly postingMarks: Array<number[] | IntArray> = [];
  /** Each form with marks once ("giấy" stands in hundreds of thousands of postings), by its index. */
  private readonly marks: string[] = [];
  private readonly markIds = new Map<string, number>();
  private readonly unitDoc: number[] = [];
  private readonly unitWeight: number[] = [];
  private readonly unitText: string[] = [];
  /** Word ids in order (for the order bonus) and distinct (for coverage). */
  private readonly unitSequence = new PackedLists();
  private readonly unitDistinct = new PackedLists();
  private readonly unitTotal: Float64Array;
  private readonly docUnits = new PackedLists();
  private readonly typos: TypoIndex;
  private readonly levelRank: number[];
  /** Each record's field, as folded words ("Hải quan": hai, quan). */
  private readonly fieldWords: string[][];
  /** Folded name without its level suffix: records sharing one are variants of a procedure. */
  private readonly baseNames: string[];
  private readonly fullNames: string[];
  /** How many names open with each pair of words ("Thủ tục" and the level left out), counted when first asked. */
  private openings?: Map<string, number>;
  private readonly cueTrie: Map<string, string[][]>;
  /** One-word framing words ("cho", "của"): ignored on both sides so they never decide a match. */
  private readonly cueWords: Set<string>;
  private readonly cueWordForms: Record<string, string[]>;
  private readonly followUp: SearchLexicon['followUpLead'];
  private readonly levelCues: Array<{ level: string; phrases: string[][] }>;
  /** Words two names of one procedure may differ in: who does it, and words such as "giấy" that name nothing else. */
  private readonly sameProcedureWords: ReadonlySet<string>;
  /** Each record's keys for `sameProcedure`, read once: it compares every pair of hits, every turn. */
  private readonly procedureKeys = new WeakMap<Procedure, readonly [string, string]>();
  // Scratch space reused by every query (searches run one at a time on the event loop).
  private readonly unitMatched: Float64Array;
  private readonly docMatched: Float64Array;
  private readonly docStamp: Int32Array;
  private readonly docBest: Float64Array;
  private readonly docBestUnit: Int32Array;
  private readonly docBestCoverage: Float64Array;
  private stamp = 0;

  private readonly recent = new Map<string, SearchResult>();
  private readonly vocabulary: Vocabulary;
  private readonly facetReader: FacetReader;
  private readonly journey: SearchLexicon['journey'];
  private readonly places: string[][];
  private readonly nameFacets: Facets[];
  /** Word → the records whose other text (requirements, documents, subjects, field) has it, and its weight there. */
  private readonly context: Map<string, ContextPostings>;
  private readonly docContext: Float64Array;

  private readonly cacheSize: number;
  private readonly joinedParts: JoinedParts;
  private readonly channelVariants: ChannelVariants;
  private readonly registerState: RegisterState;
  private readonly exclusiveTerms: ExclusiveTerms;
  /** Each record's official subjects, folded: who it serves. */
  private readonly officialSubjects: ReadonlyArray<readonly string[]>;
  /** The actions an everyday name says, by unit (an index into `laneActions`, -1 for none): a question that asks none of them is not what it names. */
  private unitLane: Int32Array | number[] = [];
  private readonly laneActions: Array<readonly string[]> = [];
  /** Per record, the word pairs only its name's exclusion ("(trừ …)") has. */
  private readonly exclusions: string[][];

  constructor(
    private readonly procedures: readonly Procedure[],
    options: IndexOptions = {},
  ) {
    const lexicon = options.lexicon ?? loadSearchLexicon();
    this.cacheSize = options.cacheSize ?? 2000;
    const everydayNames: EverydayNames = options.everydayNames ?? new Map();
    this.vocabulary = options.vocabulary ?? Vocabulary.load();
    this.facetReader = options.facets ?? new FacetReader();
    this.fullNames = procedures.map((p) => fold(p.name));
    this.exclusions = procedures.map((p) => exclusionPairs(p.name));
    this.officialSubjects = procedures.map((p) => p.subjects.map((s) => fold(s)));
    this.joinedParts = new JoinedParts(lexicon.parts, this.fullNames);
    this.channelVariants = new ChannelVariants(lexicon.channelVariants, this.fullNames, lexicon.channelWords);
    this.registerState = new RegisterState(lexicon.registers, this.fullNames);
    // A term a name says only in the case it excludes ("(trừ … của nước nhập khẩu)") is not what it is.
    const whatNamesAre = procedures.map((p, i) => {
      const kept = withoutExclusion(p.name);
      return kept === p.name ? this.fullNames[i] : fold(kept);
    });
    this.exclusiveTerms = new ExclusiveTerms(lexicon.exclusiveTerms, whatNamesAre);
    this.nameFacets = shareEqual(
      this.fullNames.map((name, i) => this.facetReader.ofName(name.split(' '), procedures[i].field, procedures[i].subjects)),
      facetsKey,
    );
    this.cueTrie = buildPhraseTable(lexicon.cuePhrases);
    this.cueWords = new Set(lexicon.cuePhrases.filter((p) => !p.includes(' ')));
    this.cueWordForms = lexicon.cueWordForms;
    this.followUp = lexicon.followUpLead;
    this.journey = lexicon.journey;
    this.places = lexicon.journey ? this.facetReader.placesOf(lexicon.journey.places).sort((a, b) => b.length - a.length) : [];
    this.levelCues = Object.entries(lexicon.levels).map(([level, phrases]) => ({ level, phrases: phrases.map((p) => p.split(' ')) }));
    this.levelRank = procedures.map((p) => bestLevelRank(p.levels, lexicon.levelOrder));
    this.fieldWords = shareEqual(
      procedures.map((p) =>
        fold(p.field ?? '')
          .split(' ')
          .filter(Boolean),
      ),
      (words) => words.join(' '),
    );
    this.sameProcedureWords = new Set([...lexicon.authorityWords, ...lexicon.interchangeableWords]);
    this.baseNames = shareEqual(
      procedures.map((p) => variantKey(p.name)),
      (name) => name,
    );
    const seen = new Map<string, UnitWords>();
    procedures.forEach((procedure, doc) => {
      const units: number[] = [];
      this.addUnit(doc, procedure.name, unitWeights.name, seen, units);
      for (const alias of procedure.aliases) this.addAlias(doc, alias, seen, units);
      const own = new Set(procedure.aliases.map(fold));
      for (const name of everydayNames.get(procedure.code) ?? []) if (!own.has(name.folded)) this.addAlias(doc, name.text, seen, units);
      for (const result of procedure.results) this.addUnit(doc, result, unitWeights.result, seen, units);
      this.docUnits.push(units);
    });

    const n = Math.max(procedures.length, 1);
    this.idf = new Float64Array(this.postings.length);
    this.postings.forEach((units, id) => {
      let docs = 0;
      let last = -1;
      for (const unit of units) {
        if (this.unitDoc[unit] === last) continue;
        last = this.unitDoc[unit];
        docs++;
      }
      this.idf[id] = Math.log(1 + n / docs);
    });
    this.unitLane = Int32Array.from({ length: this.unitDoc.length }, (_, unit) => (this.unitLane as number[])[unit] ?? -1);
    this.unitSequence.seal();
    this.unitDistinct.seal();
    this.docUnits.seal();
    this.unitTotal = new Float64Array(this.unitDoc.length);
    for (let unit = 0; unit < this.unitDoc.length; unit++) {
      let total = 0;
      for (const id of this.unitDistinct.get(unit)) total += this.idf[id];
      this.unitTotal[unit] = total;
    }
    // Postings are final: typed arrays hold them in an eighth to a quarter of the space.
    for (let id = 0; id < this.postings.length; id++) {
      this.postings[id] = compactInts(this.postings[id]);
      this.postingMarks[id] = compactInts(this.postingMarks[id]);
    }
    this.markIds.clear();
    this.typos = new TypoIndex(this.wordIds.keys(), 5);
    this.unitMatched = new Float64Array(this.unitDoc.length);
    this.docMatched = new Float64Array(procedures.length);
    this.docStamp = new Int32Array(procedures.length);
    this.docBest = new Float64Array(procedures.length);
    this.docBestUnit = new Int32Array(procedures.length);
    this.docBestCoverage = new Float64Array(procedures.length);
    this.docContext = new Float64Array(procedures.length);
    this.context = indexRecordContext(procedures, this.cueWords);
  }

  /** The action and subject of a record's name (for clarifying questions about a difference). */
  facetsOf(procedure: Procedure): Facets {
    return this.facetReader.ofName(fold(procedure.name).split(' '), procedure.field, procedure.subjects);
  }

  /** How many names open with these two words (folded): "đăng ký" opens hundreds, "đính chính" a couple. */
  namesOpening(head: string): number {
    if (!this.openings) {
      this.openings = new Map();
      for (const procedure of this.procedures) {
        const key = nameWords(withoutLevel(procedure.name)).slice(0, 2).join(' ');
        this.openings.set(key, (this.openings.get(key) ?? 0) + 1);
      }
    }
    return this.openings.get(head) ?? 0;
  }

  /** One procedure, not a choice: variants at other levels or channels, or the same name from another authority. */
  sameProcedure(a: Procedure, b: Procedure): boolean {
    return sameKeys(this.keysOf(a), this.keysOf(b));
  }

  private keysOf(procedure: Procedure): readonly [string, string] {
    let keys = this.procedureKeys.get(procedure);
    if (!keys) this.procedureKeys.set(procedure, (keys = procedureKeys(procedure.name, this.sameProcedureWords)));
    return keys;
  }

  /** The hits, best first, with one per procedure: a variant of one already listed drops out (never a choice). */
  oneEach(hits: readonly SearchHit[]): SearchHit[] {
    return hits.filter((h, i) => !hits.slice(0, i).some((other) => this.sameProcedure(other.procedure, h.procedure)));
  }

  /** The question denies words the record's name says ("không phải xây mới" of "Cấp giấy phép xây dựng mới …"). */
  deniesName(query: string, procedure: Procedure): boolean {
    const { deniedWords } = this.readQuery(query);
    return this.facetReader.deniedWordsFactor(deniedWords, fold(procedure.name)) < 1;
  }

  /** Whether the question denies something ("không phải …", a negated cue). */
  denies(tokens: readonly string[]): boolean {
    return this.facetReader.deniedSpans(tokens).length > 0;
  }

  /** The record (its facets) does what `action` asks. */
  fitsAction(action: string, name: Facets): boolean {
    return this.facetReader.fitsAction(action, name);
  }

  /** A multiplier ≤ 1 for a record whose facets disagree with what a question asks. */
  agreement(asked: Facets, name: Facets): number {
    return this.facetReader.agreement(asked, name);
  }

  get size(): number {
    return this.procedures.length;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.searchDetailed(query, options).hits;
  }

  /** Whether a sentence of a story tells a thing done ("… đăng ký kết hôn ở xã rồi"), rather than asks. */
  tellsDone(sentence: string): boolean {
    return this.facetReader.tellsDone(prepare(sentence).tokens);
  }

  /**
   * Citizens ask the same few questions over and over: recent results are kept per catalog
   * (a new catalog builds a new index, so nothing stale survives a change).
   */
  searchDetailed(query: string, options: SearchOptions = {}): SearchResult {
    const told = options.told ? `${options.told.actions}/${options.told.subjects}/${options.told.denied}` : '';
    const key = `${options.limit ?? 10}|${options.minScore ?? 0}|${told}|${options.story ?? ''}|${query}`;
    const cached = this.recent.get(key);
    if (cached) {
      this.recent.delete(key);
      this.recent.set(key, cached);
      return cached;
    }
    const result = this.run(query, options);
    if (this.cacheSize > 0) {
      this.recent.set(key, result);
      if (this.recent.size > this.cacheSize) this.recent.delete(this.recent.keys().next().value!);
    }
    return result;
  }

  private run(query: string, options: SearchOptions): SearchResult {
    const limit = options.limit ?? 10;
    const minScore = options.minScore ?? 0;
    const { tokens, cueTokens, kept, words, marked, framing, levels, typedMarks, deniedWords, background: had, said } = this.readQuery(query);
    const own = this.facetReader.ofQuestion(cueTokens);
    const asked = options.told ? mergeFacets(own, options.told) : own;
    // "có giấy phép rồi, giờ muốn nghỉ hẳn": what one has is what an asked action (ending, reissuing it) is about.
    const background = asked.actions.length > 0 ? new Set<string>() : had;
    const none = { tokens, hits: [], contentWords: words.length, asked };
    const official = this.officialWords(words, marked, asked, background, tokens);
    const journey = this.journeyWords(tokens).filter((w) => !words.includes(w) && !official.asked.includes(w));
    const credits = this.credit(words, marked, framing, { ...official, asked: [...official.asked, ...journey] }, background);
    const contextOnly = [...new Set(words)].filter((w) => !this.wordIds.has(w) && this.context.has(w));
    const queryTotal =
      words.reduce((sum, w) => sum + this.wordWeight(w) * (background.has(w) ? backgroundWeight : 1), 0) +
      contextOnly.reduce((sum, w) => sum + contextWeight * this.context.get(w)!.idf, 0);
    if (credits.length === 0 || queryTotal === 0) return none;

    const touchedUnits: number[] = [];
    const touchedDocs: number[] = [];
    const touchedContext: number[] = [];
    try {
      this.accumulate(credits, contextOnly, touchedUnits, touchedDocs, touchedContext);
      const candidates = this.bestPerDoc(touchedUnits, touchedDocs, queryTotal, limit, /\d+ tuoi/.test(tokens.join(' ')), asked.actions);
      const bigrams = this.queryBigrams(words);
      const kinds = this.facetReader.kindsAsked(said);
      for (const c of candidates) {
        c.score = (c.score + this.orderBonus(c.unit, bigrams)) / (1 + orderWeight);
        const name = this.fullNames[c.doc];
        c.score *=
          this.facetReader.agreement(asked, this.nameFacets[c.doc]) *
          this.facetReader.deniedWordsFactor(deniedWords, name, this.exclusions[c.doc]) *
          this.facetReader.negatedNameFactor(said, name) *
          this.facetReader.otherKindFactor(kinds, name, this.officialSubjects[c.doc]) *
          this.facetReader.excludedCaseFactor(said, this.exclusions[c.doc]);
      }
      const folded = tokens.join(' ');
      // An official name typed in full names that record, before its variants at other levels.
      const exact = (c: Candidate) => (this.fullNames[c.doc] === folded ? 1 : 0);
      // What the question denies ("không phải công ty TNHH") qualifies nothing.
      const qualified = applyQualifiers(this.rankVariants(candidates, levels, words), said, (doc) => this.fullNames[doc], options.story);
      const ranked = this.channelVariants
        .qualify(
          this.exclusiveTerms.qualify(
            this.registerState.qualify(this.joinedParts.qualify(qualified, folded), options.story ?? folded),
            options.story ?? folded,
          ),
          folded,
        )
        .filter((c) => Math.min(1, c.score) >= minScore)
        .sort(
          (a, b) =>
            exact(b) - exact(a) || b.score - a.score || this.procedures[a.doc].name.length - this.procedures[b.doc].name.length || a.doc - b.doc,
        )
        .slice(0, limit)
        .map((c) => ({ ...c, score: Math.min(1, exact(c) ? Math.max(c.score, 1) : c.score) }));
      const hits = ranked.map((c) => this.hit(c, tokens, kept, typedMarks));
      // "Tôi người Hàn Quốc, … đại lý đổi ngoại tệ": a record found only by who the question is about is not what it asks.
      // Matched again only when the question says who it is about: most say nothing of it.
      const subjectWords = own.subjects.length > 0 ? this.facetReader.subjectPositions(tokens) : new Set<number>();
      const whoOnly = (h: SearchHit) => h.positions.length > 0 && h.positions.every((i) => subjectWords.has(i));
      const weighed =
        subjectWords.size === 0
          ? hits
          : hits.map((h) => (whoOnly(h) ? { ...h, score: round(h.score * whoOnlyWeight) } : h)).sort((a, b) => b.score - a.score);
      return deepFreeze({ tokens, hits: weighed, contentWords: words.length, asked });
    } finally {
      for (const unit of touchedUnits) this.unitMatched[unit] = 0;
      for (const doc of touchedDocs) this.docMatched[doc] = this.docBest[doc] = 0;
      for (const doc of touchedContext) this.docContext[doc] = 0;
    }
  }

  /** "từ Bắc Giang về Hà Nội": the official words for leaving a province, when the question tells such a journey. */
  private journeyWords(tokens: readonly string[]): string[] {
    if (!this.journey) return [];
    const { from, towards, reach, means } = this.journey;
    const placeAt = (i: number) => this.places.find((p) => p.every((w, k) => tokens[i + k] === w));
    for (let i = 0; i < tokens.length; i++) {
      if (!from.includes(tokens[i])) continue;
      const start = placeAt(i + 1);
      if (!start) continue;
      const after = i + 1 + start.length;
      for (let j = after; j <= Math.min(after + reach, tokens.length - 1); j++) {
        const end = towards.includes(tokens[j]) ? placeAt(j + 1) : undefined;
        if (end && end.join(' ') !== start.join(' ')) return means.split(' ');
      }
    }
    return [];
  }

  /**
   * The official words the question's everyday words and facets mean, not already among its words. Those meant only
   * by what the person already has ("chỉ có CCCD với học bạ" → thẻ căn cước) count as little as that background.
   */
  private officialWords(words: string[], marked: string[], asked: Facets, background: ReadonlySet<string>, tokens: readonly string[]): Official {
    const own = (list: string[]) => list.filter((w) => !words.includes(w));
    const meant = this.vocabulary.officialWords(words, marked, tokens);
    const fromFacets = this.facetReader.officialWords(asked);
    if (background.size === 0) return { asked: own([...meant, ...fromFacets]), told: [] };
    const requested = new Set(
      this.vocabulary.officialWords(
        words.map((w) => (background.has(w) ? '' : w)),
        marked,
        tokens,
      ),
    );
    return { asked: own([...meant.filter((w) => requested.has(w)), ...fromFacets]), told: own(meant.filter((w) => !requested.has(w))) };
  }

  /**
   * Each question word credits itself, or, when unknown, its one-typo neighbours at a discount.
   * Framing words ("thời hạn", "không") credit names that contain them at a discount, but a
   * name without them loses nothing: "Đăng ký tàu biển không thời hạn" is still found by name.
   */
  private credit(words: string[], marked: string[], framing: string[], official: Official, background: ReadonlySet<string>): Credit[] {
    const byId = new Map<number, Credit>();
    const soft = (list: string[], weight: number) => {
      for (const word of list) {
        const id = this.wordIds.get(word);
        if (id !== undefined && !byId.has(id)) byId.set(id, { id, word, weight, marks: new Set() });
      }
    };
    soft(framing, framingWeight);
    words.forEach((word, i) => {
      const id = this.wordIds.get(word);
      const targets = id !== undefined ? [id] : this.typos.near(word).map((t) => this.wordIds.get(t)!);
      for (const target of targets) {
        const entry = byId.get(target) ?? { id: target, word: null, weight: 0, marks: new Set<string>() };
        if (id !== undefined) entry.word = word;
        entry.weight = Math.max(entry.weight, (id !== undefined ? 1 : typoWeight) * (background.has(word) ? backgroundWeight : 1));
        if (marked[i]) entry.marks.add(marked[i]);
        byId.set(target, entry);
      }
    });
    soft(official.asked, vocabularyWeight);
    soft(official.told, vocabularyWeight * backgroundWeight);
    return [...byId.values()];
  }

  private wordWeight(word: string): number {
    const id = this.wordIds.get(word);
    if (id !== undefined) return this.idf[id];
    let best = 0;
    for (const near of this.typos.near(word)) best = Math.max(best, this.idf[this.wordIds.get(near)!]);
    return best;
  }

  /** Matched weight per unit, and per procedure (each question word counted once per procedure). */
  private accumulate(credits: Credit[], contextOnly: string[], touchedUnits: number[], touchedDocs: number[], touchedContext: number[]): void {
    if (this.stamp > 2e9) {
      this.stamp = 0;
      this.docStamp.fill(0);
    }
    for (const { id, word, weight, marks } of credits) {
      const stamp = ++this.stamp;
      const idf = this.idf[id];
      const units = this.postings[id];
      const unitMarks = this.postingMarks[id];
      for (let j = 0; j < units.length; j++) {
        const unit = units[j];
        // With marks typed, a mark mismatch (tử vs từ) counts for little.
        const factor = marks.size > 0 && !marks.has(this.marks[unitMarks[j]]) ? weight * markMismatch : weight;
        if (this.unitMatched[unit] === 0) touchedUnits.push(unit);
        this.unitMatched[unit] += idf * factor;
        const doc = this.unitDoc[unit];
        if (this.docStamp[doc] !== stamp) {
          this.docStamp[doc] = stamp;
          if (this.docMatched[doc] === 0) touchedDocs.push(doc);
          this.docMatched[doc] += idf * weight;
        }
      }
      // The same word in the rest of a record whose names lack it: weaker evidence.
      const context = word === null ? undefined : this.context.get(word);
      if (context) this.addContext(context, weight, (doc) => this.docStamp[doc] !== stamp, touchedContext);
    }
    for (const word of contextOnly) this.addContext(this.context.get(word)!, 1, () => true, touchedContext);
  }

  private addContext(context: ContextPostings, weight: number, counts: (doc: number) => boolean, touched: number[]): void {
    const { docs, idf } = context;
    for (let j = 0; j < docs.length; j++) {
      const doc = docs[j];
      if (!counts(doc)) continue;
      if (this.docContext[doc] === 0) touched.push(doc);
      this.docContext[doc] += idf * weight;
    }
  }

  /**
   * Each procedure's best unit by coverage both ways, then the ones that can still win once
   * the order bonus (≤ orderWeight) and an age qualifier (×1.1) are added.
   */
  private bestPerDoc(
    touchedUnits: number[],
    touchedDocs: number[],
    queryTotal: number,
    limit: number,
    hasAge: boolean,
    askedActions: readonly string[],
  ): Candidate[] {
    for (const unit of touchedUnits) {
      const total = this.unitTotal[unit];
      if (total === 0) continue;
      const matched = this.unitMatched[unit];
      const doc = this.unitDoc[unit];
      const coverage = Math.min(1, matched / total);
      // Words the question shares with the procedure's other names count too ("cho con dưới 14 tuổi").
      const elsewhere = elsewhereWeight * Math.max(0, this.docMatched[doc] - matched) + contextWeight * this.docContext[doc];
      const queryCoverage = Math.min(1, (matched + elsewhere) / queryTotal);
      const said = this.unitLane[unit] >= 0 ? this.laneActions[this.unitLane[unit]] : undefined;
      const lane = said && !said.some((a) => askedActions.includes(a)) ? aliasOtherAction : 1;
      const score = lane * this.unitWeight[unit] * Math.pow(coverage, 0.6) * Math.pow(queryCoverage, 0.4);
      if (score > this.docBest[doc]) {
        this.docBest[doc] = score;
        this.docBestUnit[doc] = unit;
        this.docBestCoverage[doc] = coverage;
      }
    }
    const keep = Math.max(limit * 4, 40);
    const docs = this.topDocs(touchedDocs, keep);
    let end = docs.length;
    if (docs.length > keep) {
      const cutoff = (this.docBest[docs[keep - 1]] - orderWeight) / (hasAge ? 1.1 : 1);
      end = keep;
      while (end < docs.length && this.docBest[docs[end]] >= cutoff) end++;
    }
    return docs.slice(0, end).map((doc) => ({
      doc,
      unit: this.docBestUnit[doc],
      score: this.docBest[doc],
      coverage: this.docBestCoverage[doc],
    }));
  }

  /**
   * The best procedures, best first: at least `keep` of them when there are, plus any within
   * reach of the last kept. Sorting only those above a threshold avoids sorting every
   * procedure that shares a common word with the question.
   */
  private topDocs(touchedDocs: number[], keep: number): number[] {
    let max = 0;
    for (const doc of touchedDocs) if (this.docBest[doc] > max) max = this.docBest[doc];
    let threshold = max / 2;
    let pool: number[] = [];
    for (;;) {
      pool = touchedDocs.filter((d) => this.docBest[d] >= threshold && this.docBest[d] > 0);
      if (pool.length >= keep + 64 || threshold < 1e-3) break;
      threshold /= 2;
    }
    pool.sort((a, b) => this.docBest[b] - this.docBest[a]);
    // Exactness: everything that could still overtake the last kept one must be in the pool.
    if (pool.length > keep) {
      const reach = (this.docBest[pool[keep - 1]] - orderWeight) / 1.1;
      if (reach < threshold) {
        pool = touchedDocs.filter((d) => this.docBest[d] >= reach && this.docBest[d] > 0);
        pool.sort((a, b) => this.docBest[b] - this.docBest[a]);
      }
    }
    return pool;
  }

  private queryBigrams(words: string[]): Set<number> {
    const pairs = new Set<number>();
    for (let i = 1; i < words.length; i++) {
      const a = this.wordIds.get(words[i - 1]);
      const b = this.wordIds.get(words[i]);
      if (a !== undefined && b !== undefined) pairs.add(a * 0x100000 + b);
    }
    return pairs;
  }

  /** Up to orderWeight for question word pairs that the unit has in the same order. */
  private orderBonus(unit: number, bigrams: Set<number>): number {
    if (bigrams.size === 0) return 0;
    const sequence = this.unitSequence.get(unit);
    let inOrder = 0;
    for (let i = 1; i < sequence.length; i++) if (bigrams.has(sequence[i - 1] * 0x100000 + sequence[i])) inOrder++;
    return orderWeight * Math.min(1, inOrder / bigrams.size);
  }

  /**
   * Level decides between variants of one procedure (same name but for "(thực hiện tại cấp …)"):
   * the level the question names, else the one closest to citizens (Cấp xã first); before the level,
   * the field the question names when two fields publish the name. It never outweighs a better textual
   * match between different procedures.
   */
  private rankVariants(candidates: Candidate[], askedLevels: string[], words: readonly string[]): Candidate[] {
    const groups = new Map<string, Candidate[]>();
    for (const c of candidates) {
      const key = this.baseNames[c.doc];
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    }
    // One name published by two fields ("Gia hạn nộp thuế": Thuế, Hải quan): the field the question says ("hải quan") first.
    const said = new Set(words);
    const fieldSaid = (doc: number) => {
      const field = this.fieldWords[doc];
      return field.length > 0 && field.every((w) => said.has(w)) ? field.length : 0;
    };
    for (const group of groups.values()) {
      const saidMost = group.length > 1 ? Math.max(...group.map((c) => fieldSaid(c.doc))) : 0;
      const best = Math.min(...group.map((c) => this.levelRank[c.doc]));
      // Variants are one procedure: how its everyday names happen to be spread over them says nothing.
      const top = Math.max(...group.map((c) => c.score));
      for (const c of group) {
        c.score = saidMost > 0 && fieldSaid(c.doc) < saidMost ? top * otherFieldWeight : top;
        if (askedLevels.length > 0) {
          if (!this.procedures[c.doc].levels.some((l) => askedLevels.includes(l))) c.score *= 0.9;
        } else if (group.length > 1) {
          c.score *= 1 - 0.03 * (this.levelRank[c.doc] - best);
        }
      }
    }
    return candidates;
  }

  /**
   * A hit with the positions of the question's words that belong to the procedure's names. When
   * the question has marks, a word only belongs if its marks match ("cần" is not "căn").
   */
  private hit(c: Candidate, tokens: string[], kept: boolean[], marked: string[]): SearchHit {
    const marksById = new Map<number, Set<string>>();
    for (const unit of this.docUnits.get(c.doc)) {
      for (const id of this.unitDistinct.get(unit)) {
        const marks = marksById.get(id) ?? new Set<string>();
        marks.add(this.markOf(id, unit));
        marksById.set(id, marks);
      }
    }
    const names = (token: string, mark: string | undefined) => {
      const id = this.wordIds.get(token);
      if (id === undefined) return this.typos.near(token).some((t) => marksById.has(this.wordIds.get(t)!));
      const marks = marksById.get(id);
      return marks !== undefined && (!mark || marks.has(mark));
    };
    return {
      procedure: this.procedures[c.doc],
      score: round(c.score),
      matched: this.unitText[c.unit],
      coverage: round(c.coverage),
      facets: this.nameFacets[c.doc],
      positions: tokens.flatMap((token, i) => (kept[i] && names(token, marked[i]) ? [i] : [])),
    };
  }

  /** The form with marks of word `id` in `unit` (postings are in unit order: binary search). */
  private markOf(id: number, unit: number): string {
    const units = this.postings[id];
    let low = 0;
    let high = units.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (units[mid] < unit) low = mid + 1;
      else high = mid;
    }
    return this.marks[this.postingMarks[id][low]];
  }

  /** The position of a follow-up's opening "còn" ("con le phi thi sao"), which names nothing: none or one. */
  private followUpLead(tokens: readonly string[], typed: readonly string[], hasMarks: boolean): number[] {
    const lead = this.followUp;
    if (!lead) return [];
    const at = lead.after.includes(tokens[0]) ? 1 : 0;
    if (tokens[at] !== lead.word || tokens.length === at + 1) return [];
    if (hasMarks) return lead.forms.includes(typed[at].toLowerCase()) ? [at] : [];
    return lead.notBefore.includes(tokens[at + 1]) ? [] : [at];
  }

  /**
   * A word written with marks that are not its `forms` (by default a cue word's: "căn" is not "cần"), typed so or spelled
   * out from "CCCD".
   */
  private typedOtherwise(token: string, typed: string | undefined, forms: readonly string[] | undefined = this.cueWordForms[token]): boolean {
    const form = typed?.toLowerCase();
    return forms !== undefined && form !== undefined && form !== token && !forms.includes(form);
  }

  /** The question's words with the framing ("cần giấy tờ gì", "ở đâu") removed. */
  private readQuery(query: string) {
    const prepared = prepare(query);
    const markedTokens = prepared.expanded.split(' ').filter(Boolean);
    const tokens = markedTokens.map(foldWord);
    const levels = this.levelCues.filter(({ phrases }) => phrases.some((p) => containsPhrase(tokens, p))).map(({ level }) => level);
    const cueTokens = this.facetReader.questionTokens(tokens, prepared.hasDiacritics ? markedTokens.map((w) => w.toLowerCase()) : null);
    // Words the question denies ("không phải dữ liệu dân cư") credit no record, nor "mất" for a death.
    let ends: ReadonlySet<number> | undefined;
    const clauseEndsOf = () => (ends ??= clauseEnds(query));
    const spans = this.facetReader.deniedSpans(cueTokens, clauseEndsOf);
    const denied = new Set([
      ...this.facetReader.deniedPositions(cueTokens, spans),
      ...this.facetReader.diedPositions(cueTokens),
      ...this.followUpLead(tokens, markedTokens, prepared.hasDiacritics),
    ]);
    const told = this.facetReader.backgroundPositions(tokens, clauseEndsOf, (i, forms) => this.typedOtherwise(tokens[i], markedTokens[i], forms));
    // A one-word cue followed by a count frames nothing ("tôi cho 50 con bò" typed for "chở").
    const counted = (i: number) => this.cueWords.has(tokens[i]) && /^\d+$/.test(tokens[i + 1] ?? '');
    const kept = stripPhrases(tokens, this.cueTrie).map((keep, i) => (keep || counted(i)) && !denied.has(i));
    const words: string[] = [];
    const marked: string[] = [];
    const framing: string[] = [];
    kept.forEach((keep, i) => {
      if (!tokens[i] || denied.has(i)) return;
      // With marks typed, "lâm" is not the cue "làm" and "hội" is not "hỏi": such a word stays.
      // …and a word of a framing phrase typed in another form ("có căn cước" is not "có cần").
      const forms = this.cueWordForms[tokens[i]];
      const notCue = prepared.hasDiacritics && forms !== undefined && !!markedTokens[i] && !forms.includes(markedTokens[i].toLowerCase());
      if (!keep && !notCue) {
        // Typed without marks, a one-word cue may be a name's word ("thi" bằng lái, "roi" = rơi): a soft credit.
        if (!this.cueWords.has(tokens[i]) || !prepared.hasDiacritics) framing.push(tokens[i]);
        return;
      }
      words.push(tokens[i]);
      marked.push(prepared.hasDiacritics ? markedTokens[i] : '');
    });
    // Per token, the form with marks when the person typed marks (else empty: nothing to compare).
    const typedMarks = prepared.hasDiacritics ? markedTokens : [];
    const deniedWords = spans.map((span) => span.map((i) => tokens[i]));
    const background = new Set([...told].map((i) => tokens[i]));
    const said = ` ${tokens.map((t, i) => (spans.some((span) => span.includes(i)) ? '_' : t)).join(' ')} `;
    return { tokens, cueTokens, kept, words, marked, framing, levels, typedMarks, deniedWords, background, said };
  }

  /** A one-word cue in one of the forms it frames a question in (any form when none are listed). */
  private isCueWord(word: string, marked: string): boolean {
    if (!this.cueWords.has(word)) return false;
    const forms = this.cueWordForms[word];
    return !forms || !marked || forms.includes(marked.toLowerCase());
  }

  /** The words of a name or alias as word ids; many texts repeat across records, so each is read once. */
  private unitWords(text: string, seen: Map<string, UnitWords>): UnitWords {
    // Variants at other levels share their words: read each stem once.
    const stem = withoutLevel(text);
    const known = seen.get(stem);
    if (known) return known;
    const marked: string[] = [];
    const folded: string[] = [];
    for (const form of expandedWords(stem)) {
      const word = foldWord(form);
      if (!word || this.isCueWord(word, form)) continue;
      marked.push(form);
      folded.push(word);
    }
    // "Thủ tục …" opens many official names and says nothing about which procedure it is.
    const start = folded.length > 2 && folded[0] === 'thu' && folded[1] === 'tuc' ? 2 : 0;
    const words: UnitWords = { sequence: [], distinct: [], distinctMarks: [] };
    for (let i = start; i < folded.length; i++) {
      const id = this.wordId(folded[i]);
      words.sequence.push(id);
      if (words.distinct.includes(id)) continue;
      words.distinct.push(id);
      words.distinctMarks.push(this.markId(marked[i]));
    }
    seen.set(stem, words);
    return words;
  }

  private markId(marked: string): number {
    let id = this.markIds.get(marked);
    if (id === undefined) {
      this.markIds.set(marked, (id = this.marks.length));
      this.marks.push(marked);
    }
    return id;
  }

  /** An everyday name, with the actions that keep it in its lane ("làm mất giấy miễn thị thực" is about a loss). */
  private addAlias(doc: number, text: string, seen: Map<string, UnitWords>, units: number[]): void {
    const before = this.unitDoc.length;
    this.addUnit(doc, text, unitWeights.alias, seen, units);
    if (this.unitDoc.length === before) return;
    const actions = this.facetReader.laneActions(fold(text).split(' '));
    if (actions.length === 0) return;
    (this.unitLane as number[])[before] = this.laneActions.length;
    this.laneActions.push(actions);
  }

  private addUnit(doc: number, text: string, weight: number, seen: Map<string, UnitWords>, units: number[]): void {
    const { sequence, distinct, distinctMarks } = this.unitWords(text, seen);
    if (sequence.length === 0) return;
    const unit = this.unitDoc.length;
    for (let i = 0; i < distinct.length; i++) {
      (this.postings[distinct[i]] as number[]).push(unit);
      (this.postingMarks[distinct[i]] as number[]).push(distinctMarks[i]);
    }
    this.unitDoc.push(doc);
    this.unitWeight.push(weight);
    this.unitText.push(text);
    this.unitSequence.push(sequence);
    this.unitDistinct.push(distinct);
    units.push(unit);
  }

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.postings.length;
      this.wordIds.set(word, id);
      this.postings.push([]);
      this.postingMarks.push([]);
    }
    return id;
  }
}

/** Facets of two texts together; what either denies is removed from both. */
export function mergeFacets(a: Facets, b: Facets): Facets {
  const denied = [...new Set([...a.denied, ...b.denied])];
  const union = (x: readonly string[], y: readonly string[]) => [...new Set([...x, ...y])].filter((f) => !denied.includes(f));
  return { actions: union(a.actions, b.actions), subjects: union(a.subjects, b.subjects), denied, base: false };
}

/** Cached results are shared between callers, so none of them may change one. */
function deepFreeze(result: SearchResult): SearchResult {
  for (const hit of result.hits) {
    Object.freeze(hit.positions);
    Object.freeze(hit);
  }
  Object.freeze(result.hits);
  Object.freeze(result.tokens);
  return Object.freeze(result);
}

/** One object for each run of equal values (a level variant's facets and stem are its procedure's). */
function shareEqual<T>(values: T[], key: (value: T) => string): T[] {
  const first = new Map<string, T>();
  return values.map((value) => {
    const k = key(value);
    const known = first.get(k);
    if (known !== undefined) return known;
    first.set(k, value);
    return value;
  });
}

function facetsKey(facets: Facets): string {
  return `${facets.actions.join(',')}|${facets.subjects.join(',')}|${facets.denied.join(',')}|${facets.base}|${facets.serves?.join(',') ?? ''}`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function bestLevelRank(levels: readonly string[], order: readonly string[]): number {
  const ranks = levels.map((l) => order.indexOf(l)).filter((r) => r >= 0);
  return ranks.length > 0 ? Math.min(...ranks) : order.length;
}
