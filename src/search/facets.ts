import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { fold, markOtherTokens } from '../text/index.js';
import { buildPhraseTable, phraseAt, saysAny } from './phrases.js';

/**
 * What tells sibling procedures apart: the action of a name (cấp, cấp lại, cấp đổi, gia hạn,
 * thay đổi, chấm dứt, trình báo mất) and its subject (người nước ngoài, ở nước ngoài). A
 * question's facets must agree with the record it gets; "không phải …" removes a facet.
 * The phrases are data (`intents/facets.json`).
 */

const phrases = z.object({
  name: z.array(z.string()),
  ask: z.array(z.string()),
  means: z.string().optional(),
  /** Words that only count when negated: they deny the facet ("không mất" is not a reissue). */
  deny: z.array(z.string()).optional(),
  /** The facet said as already done ("đã báo mất rồi"): it denies the facet. */
  done: z.array(z.string()).optional(),
  /** Words that ask the facet unless the question names a sibling of it (`related`): "bị gãy, làm lại" asks the exchange. */
  hint: z.array(z.string()).optional(),
  /** Combined with `prefixes` into more `ask` phrases ("quốc tịch" + "hàn quốc"). */
  countries: z.array(z.string()).optional(),
  prefixes: z.array(z.string()).optional(),
  /** Another subject whose countries this one's prefixes take ("kết hôn ở" + the countries of "ở nước ngoài"). */
  countriesOf: z.string().optional(),
  /** The only prefixes a country takes when it is also an everyday word: "người anh trai", "chồng bị tai nạn", "bà ý". */
  countryPrefixes: z.record(z.string(), z.array(z.string())).optional(),
  /** Words after which a country is another word ("người lao động" is no Laotian). */
  countryNotFollowedBy: z.record(z.string(), z.array(z.string())).optional(),
  /** Countries that are also people's names ("ông Đức", "bà Nga"): they never take `namePrefixes`. */
  nameCountries: z.array(z.string()).optional(),
  namePrefixes: z.array(z.string()).optional(),
  /** A name's subject that stands for several a question may ask ("có yếu tố nước ngoài": a foreigner or a Vietnamese abroad). */
  answers: z.array(z.string()).optional(),
  /** How much a name without it keeps when a question asks it (default `missingSubject`; 1: any name may answer it, "bản sao bản án ly hôn"). */
  missing: z.number().min(0).max(1).optional(),
  /** Only a question is held to it: a name with it fits a question that does not say it ("ghi chú kết hôn" said otherwise). */
  askedOnly: z.boolean().optional(),
  /** Catalog fields whose every record serves this subject, whatever its name says (the police's own "Chính sách"). */
  fields: z.array(z.string()).optional(),
  /**
   * A record's official subjects (folded) that say it serves this subject although its name does not ("Nhập quốc tịch
   * Việt Nam" serves foreigners): a clarifying question does not ask about it beside such a record.
   */
  served: z.array(z.string()).optional(),
});
/** Phrases whose reach is the next `span` words, until a `stops` word. */
const spanned = z.object({ phrases: z.array(z.string()), span: z.number().int().positive(), stops: z.array(z.string()) });

const facetFileSchema = z.object({
  window: z.number().int().positive(),
  /** Cue words with a mark of their own: typed with another ("đòi giấy", "mặt thẻ") they are other words. */
  marked: z.record(z.string(), z.array(z.string())).default({}),
  /** A cue that opens with one of these words is no cue after the words listed ("chuẩn bị mở" is no "bị mờ"). */
  notAfter: z.record(z.string(), z.array(z.string())).default({}),
  /** A cue followed by one of these phrases is no cue ("bổ sung căn nhà vào sổ" registers the house, it amends nothing). */
  notBefore: z.record(z.string(), z.array(z.string())).default({}),
  /** Actions a question means only when it says so (reporting a loss, ending, unlocking). */
  neverImplied: z.array(z.string()).default([]),
  /** Actions an everyday name keeps to: "làm mất giấy miễn thị thực" fits a question that tells a loss, not a first application. */
  aliasLane: z.array(z.string()).default([]),
  /** Actions a name may say and still fit a question that asks none ("Thông báo thành lập tổ hợp tác" is how one sets it up). */
  plainActions: z.array(z.string()).default([]),
  /** Actions a base name fits: one that names no other action ("Cấp thẻ …", "Cấp, cấp lại …") is the first-time procedure. */
  baseActions: z.array(z.string()).default([]),
  /** Actions told by a circumstance, not named ("hết hạn"): they count only when the question names no other action. */
  hintActions: z.array(z.string()).default([]),
  /** What a base name costs, below 1, when a question asks one of these actions instead of the usual `baseForAskedAction`: "hết hạn" leans away from a first issue, no more. */
  baseCost: z.record(z.string(), z.number().positive().max(1)).default({}),
  negations: z.array(z.string()),
  /** A word between a negation and a cue that makes it not knowing, not denying ("không biết xóa …"). */
  uncertain: z.array(z.string()).default([]),
  /** Words between two cues that offer them as a choice ("hay", "hoặc"). */
  alternatives: z.array(z.string()).default([]),
  /** Words that may stand between the choice word and the other choice ("… hay muốn đổi sổ"). */
  alternativeFillers: z.array(z.string()).default([]),
  /** "không phải …": the words after it (up to `span`, until a `stops` word) are what the question denies. */
  denials: spanned
    .extend({
      /** Words after which a denial says one cannot, not that one does not want it ("không xin được giấy phép"). */
      notBefore: z.array(z.string()).default([]),
    })
    .optional(),
  /** "để …": the purpose of a request; who it names there ("để kết hôn với người nước ngoài") is not who the request is for. */
  purpose: z.object({ phrases: z.array(z.string()), notFollowedBy: z.array(z.string()), span: z.number().int().positive() }).optional(),
  /**
   * What a name's "không phải <X>" excludes, said in everyday words ("căn nhà", "mảnh đất" are a "bất động sản"):
   * keys are X's first words as the name says them (folded), values the phrases that say X.
   */
  negatedInstances: z.record(z.string(), z.array(z.string())).default({}),
  /** "mất" is also "died": where the question is about a death ("khai tử", "giấy chứng tử"), these cues of a loss ask nothing. */
  died: z.object({ context: z.array(z.string()), loose: z.array(z.string()) }).optional(),
  /** "đã có …": what follows (up to `span`, until a `stops` word) is what the person already has or did, the background of the question. */
  background: spanned
    .extend({
      /** "có … rồi": what follows these is background only when its clause closes with `closedBy` ("có đăng ký kết hôn rồi", not "có đăng ký … không"). */
      closed: z.array(z.string()).default([]),
      closedBy: z.array(z.string()).default([]),
      /** A story's sentence with one of these phrases, or ending on one of `doneEndings`, tells a thing done ("Chúng tôi đăng ký kết hôn ở xã rồi."). */
      donePhrases: z.array(z.string()).default([]),
      doneEndings: z.array(z.string()).default([]),
      /**
       * "ở nơi mẹ tạm trú", "xã nơi thường trú": a place told by who lives there. After an `opens` word (folded, with the
       * forms it must be typed in when typed with marks: "nói", "nội" open none) that follows one of `after` ("người không
       * có nơi cư trú" tells no place), up to `most` of `between` ("mẹ", "đang"), these `words` name where, not a
       * registration asked for.
       */
      places: z
        .object({
          opens: z.record(z.string(), z.array(z.string())),
          after: z.array(z.string()),
          between: z.array(z.string()),
          most: z.number().int().nonnegative(),
          words: z.array(z.string()),
        })
        .optional(),
      /**
       * "Công ty TNHH nhỏ của em …": the asker's own business, named before one of `owners` (with up to `most` of
       * `between` in between), says who asks, not what: its `kinds` words are background.
       */
      owned: z
        .object({
          kinds: z.array(z.string()),
          between: z.array(z.string()),
          most: z.number().int().nonnegative(),
          owners: z.array(z.string()),
        })
        .optional(),
    })
    .optional(),
  actions: z.record(z.string(), phrases),
  related: z.array(z.tuple([z.string(), z.string()])),
  subjects: z.record(z.string(), phrases),
  /**
   * Kinds of asker that rule each other out: a question that says `ask` and not `name` is no record's whose name says
   * `name` and not `ask`, nor one whose official subjects (folded) are all `onlyServes`.
   */
  kinds: z
    .array(z.object({ ask: z.array(z.string()), name: z.array(z.string()).default([]), onlyServes: z.array(z.string()).default([]) }))
    .default([]),
});
export type FacetLexicon = z.infer<typeof facetFileSchema>;
type AskerKind = FacetLexicon['kinds'][number];

export function loadFacetLexicon(dir = intentsDir): FacetLexicon {
  return facetFileSchema.parse(JSON.parse(readFileSync(path.join(dir, 'facets.json'), 'utf8')));
}

export interface Facets {
  actions: readonly string[];
  subjects: readonly string[];
  /** Facets the question explicitly denies ("không phải gia hạn"). */
  denied: readonly string[];
  /** Names only: the name also covers the first-time action (or names no action at all). */
  base: boolean;
  /**
   * Records only: subjects the record's official list serves although its name does not say them. Only a clarifying
   * question reads it ("có ai là người nước ngoài không?" tells nothing apart beside "Nhập quốc tịch Việt Nam"); ranking
   * reads the name, since the lists name foreigners on 652 of 2,642 records, most of them procedures for anyone.
   */
  serves?: readonly string[];
}

// How much a disagreeing facet costs a candidate (multipliers on its score).
const agreement = {
  otherAction: 0.75,
  baseForAskedAction: 0.8,
  relatedAction: 0.93,
  unaskedAction: 0.95,
  unaskedNeverImplied: 0.7,
  deniedFacet: 0.8,
  missingSubject: 0.8,
  unaskedSubject: 0.92,
  otherKind: 0.8,
} as const;

/** How many of the word pairs only a name's exclusion has a question must say to tell the excluded case. */
const excludedPairsToTell = 2;

/** A name's bracketed exclusion, "(trừ …)" or "(ngoại trừ …)"; what it excludes is the group. */
const exclusion = /\(\s*(?:ngoại\s+)?trừ\s+([^()]+)\)/iu;

/** A name without the case it excludes: the words of what it is. */
export function withoutExclusion(name: string): string {
  return name.replace(exclusion, ' ');
}

/**
 * The folded word pairs only a name's exclusion has: "(trừ cơ sở an toàn dịch bệnh theo yêu cầu
 * của nước nhập khẩu)" → "theo yêu", "yêu cầu", "nước nhập", "nhập khẩu"… Only a bracketed "(trừ …)"
 * excludes ("khấu trừ", "miễn trừ" do not; ", trừ …" runs on into the name).
 */
export function exclusionPairs(name: string): string[] {
  const match = exclusion.exec(name);
  if (!match) return [];
  const pairs = (text: string) => {
    const words = fold(text).split(' ').filter(Boolean);
    return words.slice(1).map((w, i) => `${words[i]} ${w}`);
  };
  const rest = new Set(pairs(name.replace(match[0], ' ')));
  return [...new Set(pairs(match[1]))].filter((pair) => !rest.has(pair));
}

/** How many words after a name's "không phải" tell which case it excludes ("viên chức", "cộng tác", "xin phép"). */
const negatedHeadWords = 2;

export class FacetReader {
  private readonly ask: Map<string, string[][]>;
  private readonly nameTable: Map<string, string[][]>;
  private readonly facetOf = new Map<string, { kind: 'action' | 'subject'; facet: string; use: 'ask' | 'deny' | 'done' | 'hint' }>();
  /** Cues that are other words before these ("người lao" + "động"). */
  private readonly notFollowedBy = new Map<string, ReadonlySet<string>>();
  private readonly nameFacetOf = new Map<string, { kind: 'action' | 'subject'; facet: string }>();
  private readonly negations: string[][];
  /** The denial phrases as words, longest first. */
  private readonly denialPhrases: string[][];
  private readonly related: Set<string>;

  /** `background.places.words` and `background.owned` kinds and owners, as words: read for every sentence searched. */
  private readonly placeWords: string[][];
  private readonly ownedKinds: string[][];
  private readonly owners: string[][];

  constructor(private readonly lexicon: FacetLexicon = loadFacetLexicon()) {
    const words = (phrases: readonly string[] = []) => phrases.map((p) => p.split(' '));
    this.placeWords = words(lexicon.background?.places?.words);
    // The longest kind first: "công ty trách nhiệm hữu hạn", not "công ty".
    this.ownedKinds = words(lexicon.background?.owned?.kinds).sort((a, b) => b.length - a.length);
    this.owners = words(lexicon.background?.owned?.owners);
    const askPhrases: string[] = [];
    const namePhrases: string[] = [];
    for (const [kind, group] of [
      ['action', lexicon.actions],
      ['subject', lexicon.subjects],
    ] as const) {
      for (const [facet, entry] of Object.entries(group)) {
        const { name, ask, prefixes = [], countryPrefixes = {}, countryNotFollowedBy = {}, deny = [], done = [], hint = [] } = entry;
        const { nameCountries = [], namePrefixes = [] } = entry;
        const countries = entry.countries ?? (entry.countriesOf ? (lexicon.subjects[entry.countriesOf]?.countries ?? []) : []);
        const prefixesOf = (country: string) =>
          countryPrefixes[country] ?? (nameCountries.includes(country) ? prefixes.filter((p) => !namePrefixes.includes(p)) : prefixes);
        const combined = countries.flatMap((country) =>
          prefixesOf(country).map((prefix) => {
            const phrase = `${prefix} ${country}`;
            if (countryNotFollowedBy[country]) this.notFollowedBy.set(phrase, new Set(countryNotFollowedBy[country]));
            return phrase;
          }),
        );
        for (const [use, list] of [
          ['ask', [...ask, ...combined]],
          ['deny', deny],
          ['done', done],
          ['hint', hint],
        ] as const) {
          for (const p of list) {
            askPhrases.push(p);
            this.facetOf.set(p, { kind, facet, use });
          }
        }
        for (const p of name) {
          namePhrases.push(p);
          this.nameFacetOf.set(p, { kind, facet });
        }
      }
    }
    this.ask = buildPhraseTable(askPhrases);
    this.nameTable = buildPhraseTable(namePhrases);
    this.negations = lexicon.negations.map((n) => n.split(' '));
    this.denialPhrases = (lexicon.denials?.phrases ?? []).map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
    this.related = new Set(lexicon.related.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
  }

  /** Facets of an official name (folded words): actions within its first words, subjects anywhere or by the record's field. */
  ofName(words: readonly string[], field?: string, officialSubjects: readonly string[] = []): Facets {
    const start = words[0] === 'thu' && words[1] === 'tuc' ? 2 : 0;
    const actions: string[] = [];
    const subjects: string[] = [];
    let firstAction = -1;
    // "Thông báo về việc tự quyết định chấm dứt hoạt động …": what is notified is read in the words after the notice.
    let windowEnd = start + this.lexicon.window;
    for (const { at, phrase } of matches(words, this.nameTable, start)) {
      const found = this.nameFacetOf.get(phrase.join(' '))!;
      if (found.kind === 'subject') add(subjects, found.facet);
      else if (at < windowEnd) {
        add(actions, found.facet);
        if (firstAction < 0) firstAction = at - start;
        if (this.lexicon.plainActions.includes(found.facet)) windowEnd = Math.max(windowEnd, at + phrase.length + this.lexicon.window);
      }
    }
    if (field !== undefined)
      for (const [facet, entry] of Object.entries(this.lexicon.subjects)) if (entry.fields?.includes(field)) add(subjects, facet);
    // "Cấp, cấp lại …" names the first-time action too; "Cấp lại …", "Đăng ký chấm dứt …" do not.
    const lead = words.slice(start, start + Math.max(firstAction, 0));
    const base = actions.every((a) => this.lexicon.plainActions.includes(a)) || (lead.length === 1 && lead[0] === 'cap');
    const official = new Set(officialSubjects.map((s) => fold(s)));
    const serves = Object.entries(this.lexicon.subjects)
      .filter(([facet, entry]) => !subjects.includes(facet) && entry.served?.some((s) => official.has(s)))
      .map(([facet]) => facet);
    return serves.length ? { actions, subjects, denied: [], base, serves } : { actions, subjects, denied: [], base };
  }

  /** The question's tokens as facet cues read them: a cue word typed with another mark ("đòi", "mặt") is another word. */
  questionTokens(tokens: readonly string[], typed: readonly string[] | null): string[] {
    return markOtherTokens(tokens, typed, this.lexicon.marked);
  }

  /** The actions of an everyday name that it fits only questions asking them (`aliasLane`: a loss, a reissue). */
  laneActions(tokens: readonly string[]): string[] {
    return this.ofQuestion(tokens).actions.filter((a) => this.lexicon.aliasLane.includes(a));
  }

  /** The places a subject lists (folded, as word lists): "domestic" gives the provinces and cities of Việt Nam. */
  placesOf(subject: string): string[][] {
    return (this.lexicon.subjects[subject]?.countries ?? []).map((c) => c.split(' '));
  }

  /** Positions of the question's words that only say who it is about ("tôi người Hàn Quốc", "vợ người Nhật"). */
  subjectPositions(tokens: readonly string[]): Set<number> {
    const at = new Set<number>();
    for (const { at: start, phrase } of matches(tokens, this.ask, 0))
      if (this.facetOf.get(phrase.join(' '))!.kind === 'subject') phrase.forEach((_, k) => at.add(start + k));
    return at;
  }

  /** Facets a question asks for, and those it denies. */
  ofQuestion(tokens: readonly string[]): Facets {
    const actions: string[] = [];
    const subjects: string[] = [];
    const denied: string[] = [];
    const hinted: string[] = [];
    const loose = this.looseLoss(tokens);
    const purpose = this.purposePositions(tokens);
    const found = [...matches(tokens, this.ask, 0)].filter(
      ({ at, phrase }) =>
        !loose.has(phrase.join(' ')) &&
        !(purpose.has(at) && this.facetOf.get(phrase.join(' '))!.kind === 'subject') &&
        !this.notFollowedBy.get(phrase.join(' '))?.has(tokens[at + phrase.length]) &&
        !this.lexicon.notAfter[phrase[0]]?.includes(tokens[at - 1]) &&
        !this.followedBy(tokens, at + phrase.length, this.lexicon.notBefore[phrase.join(' ')]),
    );
    // "không phải sửa đổi bổ sung": a cue right after a negated one of the same facet is negated with it.
    let negatedUpTo = -1;
    let negatedFacet = '';
    found.forEach(({ at, phrase }, n) => {
      const facet = this.facetOf.get(phrase.join(' '))!;
      if (facet.use === 'done') add(denied, facet.facet);
      else if (
        this.negatedAt(tokens, at) ||
        (at === negatedUpTo && facet.facet === negatedFacet) ||
        this.deniedAlternative(tokens, negatedUpTo, at) ||
        this.negatedChoice(tokens, at)
      ) {
        negatedUpTo = at + phrase.length;
        negatedFacet = facet.facet;
        // "Không phải đổi tên công ty, chỉ đổi giám đốc": the same verb said again plainly denies the object, not the action.
        if (!(facet.kind === 'action' && this.saidAgain(tokens, phrase[0], at + phrase.length))) add(denied, facet.facet);
      } else if (facet.use !== 'deny' && !this.alternative(tokens, found, n))
        add(facet.use === 'hint' ? hinted : facet.kind === 'action' ? actions : subjects, facet.facet);
    });
    // "Xóa thường trú, không phải xóa tạm trú": what is also asked plainly is not denied; the denial is about the rest.
    const kept = denied.filter((d) => !actions.includes(d) && !subjects.includes(d));
    // "hết hạn" only hints at an action: one the question names decides.
    const named = actions.filter((a) => !this.lexicon.hintActions.includes(a));
    const asked = named.length > 0 ? named : actions;
    // "bị gãy, làm lại thẻ": a word that only hints at an action yields to a sibling the question names.
    for (const a of hinted) if (!named.some((n) => this.related.has(`${a}|${n}`))) add(asked, a);
    return { actions: asked, subjects, denied: kept, base: false };
  }

  /** Do the tokens from `from` on open with one of `phrases`? A word typed with other marks ("mặt", not "mất") is still that word here. */
  private followedBy(tokens: readonly string[], from: number, phrases: readonly string[] | undefined): boolean {
    return (phrases ?? []).some((p) => p.split(' ').every((w, k) => tokens[from + k]?.replace(/~$/, '') === w));
  }

  /** `word` said again from `from` on, not itself negated. */
  private saidAgain(tokens: readonly string[], word: string, from: number): boolean {
    for (let j = from; j < tokens.length; j++) if (tokens[j] === word && !this.negatedAt(tokens, j)) return true;
    return false;
  }

  /**
   * What the question denies, as runs of positions: the words after "không phải" and the words of a negated cue. A run
   * ends with its clause (`clauseEndsOf`, as for `backgroundPositions`): "chứ chưa hết hạn, xin cấp lại" denies no "cấp lại".
   */
  deniedSpans(tokens: readonly string[], clauseEndsOf: () => ReadonlySet<number> = () => new Set()): number[][] {
    const spans = new Map<string, number[]>();
    const push = (run: number[]) => spans.set(run.join(','), run);
    const cues = [...matches(tokens, this.ask, 0)];
    const isCue = (j: number) => cues.some((c) => j >= c.at && j < c.at + c.phrase.length);
    for (const { at, phrase } of cues)
      if (this.facetOf.get(phrase.join(' '))!.use !== 'done' && this.negatedAt(tokens, at)) push(phrase.map((_, k) => at + k));
    const { span = 0, stops = [], notBefore = [] } = this.lexicon.denials ?? {};
    const isStop = (j: number) => stops.includes(tokens[j]);
    // The longest denial said at a place is the one said there ("chứ không phải nhà đất", not "chứ không" + "phải …").
    const opened = new Set<number>();
    for (const words of this.denialPhrases)
      for (let i = 0; i + words.length < tokens.length; i++) {
        if (opened.has(i) || !words.every((w, k) => tokens[i + k] === w)) continue;
        opened.add(i);
        if (notBefore.includes(tokens[i + words.length])) continue;
        const run: number[] = [];
        const start = i + words.length;
        const ends = clauseEndsOf();
        // A stop right after the denial, followed by a word of its own, is that word: folded, "mà" is also "mã"
        // ("không phải mã số thuế cá nhân"; "không phải, mà là …" denies nothing).
        const opensWithWord = isStop(start) && start + 1 < tokens.length && !isStop(start + 1);
        for (let j = start; j < Math.min(tokens.length, start + span) && (!isStop(j) || (j === start && opensWithWord)) && !ends.has(j); j++)
          run.push(j);
        // "Không phải đổi bằng lái hết hạn, mà bị mất": a denial that opens with an action the question asks
        // nowhere else denies that action, not its object; "xóa đăng ký, không phải xóa tạm trú" denies the object.
        const opening = cues.find((c) => c.at === run[0]);
        const facet = opening && this.facetOf.get(opening.phrase.join(' '))!;
        const askedElsewhere = cues.some((c) => c !== opening && !run.includes(c.at) && this.facetOf.get(c.phrase.join(' '))!.facet === facet?.facet);
        const denied = facet?.kind === 'action' && !askedElsewhere ? run.filter(isCue) : run;
        if (denied.length > 0) push(denied);
      }
    // A denial whose every word the question also says plainly ("xóa …, không phải xóa") denies nothing.
    const all = [...spans.values()];
    const inSpans = new Set(all.flat());
    const said = new Set(tokens.filter((_, i) => !inSpans.has(i)));
    return all.filter((run) => run.some((i) => !said.has(tokens[i])));
  }

  /**
   * Positions of what the question tells as already had or done ("cháu đã có giấy khai sinh", "đã có giấy chứng nhận
   * đầu tư, giờ muốn tăng vốn"), said nowhere else: the story around the question, weaker evidence than what it asks for.
   * It ends with its clause (`clauseEndsOf`: the index just past each clause's last word, read only when needed) or a stop
   * word, unless that word was written as another word (`typedOtherwise`: "có căn cước" holds no "cần"; `forms`, when
   * given, are the written forms of the word at `i`, else those of a cue word).
   */
  backgroundPositions(
    tokens: readonly string[],
    clauseEndsOf: () => ReadonlySet<number> = () => new Set(),
    typedOtherwise: (i: number, forms?: readonly string[]) => boolean = () => false,
  ): Set<number> {
    const { phrases = [], span = 0, stops = [], closed = [], closedBy = [] } = this.lexicon.background ?? {};
    const told = new Set<number>();
    let clauseEnds: ReadonlySet<number> | undefined;
    const read = (list: string[], mustClose: boolean) => {
      for (const words of list.map((p) => p.split(' ')))
        for (let i = 0; i + words.length < tokens.length; i++) {
          // A word typed with other marks is another word: "các chị được hưởng" tells nothing had, as "chỉ được" does.
          if (!words.every((w, k) => tokens[i + k] === w && !typedOtherwise(i + k))) continue;
          clauseEnds ??= clauseEndsOf();
          const start = i + words.length;
          let j = start;
          while (j < Math.min(tokens.length, start + span) && !(stops.includes(tokens[j]) && !typedOtherwise(j)) && !clauseEnds.has(j)) j++;
          if (mustClose && !closedBy.includes(tokens[j])) continue;
          for (let k = start; k < j; k++) told.add(k);
        }
    };
    read(phrases, false);
    read(closed, true);
    for (const at of this.placeWordPositions(tokens, typedOtherwise)) told.add(at);
    for (const at of this.ownedWordPositions(tokens)) told.add(at);
    const said = new Set(tokens.filter((_, i) => !told.has(i)));
    return new Set([...told].filter((i) => !said.has(tokens[i])));
  }

  /** Positions of the words that tell a place by who lives there ("nơi mẹ tạm trú": "tạm trú"). */
  private placeWordPositions(tokens: readonly string[], typedOtherwise: (i: number, forms?: readonly string[]) => boolean): number[] {
    const places = this.lexicon.background?.places;
    if (!places) return [];
    const found: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const forms = places.opens[tokens[i]];
      if (!forms || !places.after.includes(tokens[i - 1]) || typedOtherwise(i, forms)) continue;
      let words: string[] | undefined;
      const at = reachAfterFillers(tokens, i + 1, places, (j) => (words = this.placeWords.find((w) => phraseAt(tokens, w, j))) !== undefined);
      if (words) found.push(...words.map((_, k) => at + k));
    }
    return found;
  }

  /** Positions of the words of the asker's own business ("công ty TNHH nhỏ của em": "công ty trách nhiệm hữu hạn"). */
  private ownedWordPositions(tokens: readonly string[]): number[] {
    const owned = this.lexicon.background?.owned;
    if (!owned) return [];
    const found: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const kind = this.ownedKinds.find((k) => phraseAt(tokens, k, i));
      if (kind && reachAfterFillers(tokens, i + kind.length, owned, (j) => this.owners.some((o) => phraseAt(tokens, o, j))) >= 0)
        found.push(...kind.map((_, k) => i + k));
    }
    return found;
  }

  /** The sentence (folded words) tells a thing done, not what the person asks for: "Chúng tôi đã đăng ký kết hôn đàng hoàng." */
  tellsDone(tokens: readonly string[]): boolean {
    const { donePhrases = [], doneEndings = [] } = this.lexicon.background ?? {};
    if (tokens.length > 0 && doneEndings.includes(tokens[tokens.length - 1])) return true;
    const text = ` ${tokens.join(' ')} `;
    return donePhrases.some((p) => text.includes(` ${p} `));
  }

  /** Positions inside a purpose ("… để kết hôn với người nước ngoài"): up to `span` words after its word. */
  private purposePositions(tokens: readonly string[]): Set<number> {
    const { phrases = [], notFollowedBy = [], span = 0 } = this.lexicon.purpose ?? {};
    const inside = new Set<number>();
    tokens.forEach((t, i) => {
      if (!phrases.includes(t) || notFollowedBy.includes(tokens[i + 1])) return;
      for (let j = i + 1; j < Math.min(tokens.length, i + 1 + span); j++) inside.add(j);
    });
    return inside;
  }

  /** In a question about a death, the loss cues that only say someone died ("bố tôi mất rồi"). */
  private looseLoss(tokens: readonly string[]): ReadonlySet<string> {
    const { context = [], loose = [] } = this.lexicon.died ?? {};
    const text = ` ${tokens.join(' ')} `;
    return context.some((c) => text.includes(` ${c} `)) ? new Set(loose) : new Set();
  }

  /** Positions of "mất" that say someone died, in a question about a death: they credit no record ("làm lại … bị mất"). */
  diedPositions(tokens: readonly string[]): Set<number> {
    const loose = this.looseLoss(tokens);
    if (loose.size === 0) return new Set();
    const specific = new Set<number>();
    for (const { at, phrase } of matches(tokens, this.ask, 0)) {
      const key = phrase.join(' ');
      // "mất giấy", "mất sổ" name what was lost; a bare "mất" (a `deny` word) or a loose cue names nothing.
      if (!loose.has(key) && this.facetOf.get(key)!.use === 'ask') phrase.forEach((_, k) => specific.add(at + k));
    }
    return new Set(tokens.flatMap((t, i) => (t === 'mat' && !specific.has(i) ? [i] : [])));
  }

  /** Positions of denied words the question says nowhere else: they credit no record ("không phải dữ liệu dân cư"). */
  deniedPositions(tokens: readonly string[], spans = this.deniedSpans(tokens)): Set<number> {
    const denied = new Set(spans.flat());
    const said = new Set(tokens.filter((_, i) => !denied.has(i)));
    return new Set([...denied].filter((i) => !said.has(tokens[i])));
  }

  /** A multiplier ≤ 1 for an official name (folded words) that holds every word of something the question denies. */
  deniedWordsFactor(denied: ReadonlyArray<readonly string[]>, name: string, excluded: readonly string[] = []): number {
    if (denied.length === 0) return 1;
    const words = new Set(name.split(' '));
    // A name that itself says "không phải <it>" ("người dịch không phải là cộng tác viên") or excludes it
    // ("(trừ … theo yêu cầu của nước nhập khẩu)", `excluded`: its word pairs) agrees with the denial.
    const negated = new Set([
      ...name
        .split(/ khong phai (?:la )?/)
        .slice(1)
        .flatMap((rest) => rest.split(' ')),
      ...excluded.flatMap((pair) => pair.split(' ')),
    ]);
    return denied.some((run) => run.every((w) => words.has(w)) && !run.every((w) => negated.has(w))) ? agreement.deniedFacet : 1;
  }

  /**
   * A multiplier ≤ 1 for a name of another kind of business than the question's: "công ty … trả lại giấy phép" is no
   * household business's (`kinds`). A name or a question that says both kinds ("chuyển hộ kinh doanh lên doanh nghiệp") is
   * no other kind. `kinds` are the question's (`kindsAsked`); `officialSubjects` are the record's own list, folded.
   */
  otherKindFactor(kinds: readonly AskerKind[], name: string, officialSubjects: readonly string[] = []): number {
    const other = kinds.some(
      (kind) =>
        (saysAny(name, kind.name) && !saysAny(name, kind.ask)) ||
        // "Công ty tôi … xin cấp sổ lần đầu": a record whose official subjects are all people is for them.
        (kind.onlyServes.length > 0 && officialSubjects.length > 0 && officialSubjects.every((s) => kind.onlyServes.includes(s))),
    );
    return other ? agreement.otherKind : 1;
  }

  /** The kinds of asker a question says it is (`said` as for `negatedNameFactor`): read once, then held against each name. */
  kindsAsked(said: string): AskerKind[] {
    return this.lexicon.kinds.filter(({ ask, name }) => saysAny(said, ask) && !saysAny(said, name));
  }

  /**
   * A multiplier ≤ 1 for a name that says "không phải <X>" ("người dịch không phải là viên chức
   * lãnh sự") when the question says X plainly ("nhờ viên chức lãnh sự dịch"): it names the other case.
   * `said` is the question's folded words, space-padded, with what it denies blanked out.
   */
  negatedNameFactor(said: string, name: string): number {
    const negated = name
      .split(/ khong phai (?:la )?/)
      .slice(1)
      .map((rest) => rest.split(' ').slice(0, negatedHeadWords));
    // "có phải xin phép không" asks whether X is needed; it does not say X.
    const plain = (head: string) => said.includes(` ${head} `) && !/ (?:phai|can) $/.test(said.slice(0, said.indexOf(` ${head} `) + 1));
    const instances = this.lexicon.negatedInstances;
    const says = (head: string) => plain(head) || (instances[head] ?? []).some(plain);
    return negated.some((head) => head.length === negatedHeadWords && says(head.join(' '))) ? agreement.deniedFacet : 1;
  }

  /**
   * A multiplier ≤ 1 for a name that excludes a case ("… (trừ cơ sở … theo yêu cầu của nước nhập
   * khẩu)") when the question tells that very case: at least `excludedPairsToTell` of the word pairs
   * only the exclusion has (`exclusionPairs`). `said` is as for `negatedNameFactor`.
   */
  excludedCaseFactor(said: string, excluded: readonly string[]): number {
    if (excluded.length < excludedPairsToTell) return 1;
    const told = excluded.filter((pair) => said.includes(` ${pair} `)).length;
    return told >= excludedPairsToTell ? agreement.deniedFacet : 1;
  }

  /** The official words of the subjects a question asks for ("người nước ngoài"). */
  officialWords(question: Facets): string[] {
    return question.subjects.flatMap((s) =>
      fold(this.lexicon.subjects[s]?.means ?? '')
        .split(' ')
        .filter(Boolean),
    );
  }

  /** The name does what `action` asks: it says it, or it is a base name and the action is the first-time one ("lần đầu"). */
  fitsAction(action: string, name: Facets): boolean {
    return name.actions.includes(action) || (name.base && this.lexicon.baseActions.includes(action));
  }

  private baseCost(actions: readonly string[]): number {
    return Math.min(...actions.map((a) => this.lexicon.baseCost[a] ?? agreement.baseForAskedAction));
  }

  /** A multiplier ≤ 1 for a candidate whose facets disagree with the question's. */
  agreement(question: Facets, name: Facets): number {
    let factor = 1;
    if (question.actions.length === 0) {
      if (name.actions.some((a) => this.lexicon.neverImplied.includes(a))) factor *= agreement.unaskedNeverImplied;
      else if (!name.base) factor *= agreement.unaskedAction;
    } else if (!question.actions.some((a) => this.fitsAction(a, name))) {
      const related = question.actions.some((a) => name.actions.some((b) => this.related.has(`${a}|${b}`)));
      factor *= related ? agreement.relatedAction : name.actions.length === 0 ? this.baseCost(question.actions) : agreement.otherAction;
    }
    const answers = (subject: string) => this.lexicon.subjects[subject]?.answers ?? [];
    const answered = (subject: string) => name.subjects.some((s) => s === subject || answers(s).includes(subject));
    if (question.denied.some((d) => name.actions.includes(d) || answered(d))) factor *= agreement.deniedFacet;
    for (const subject of Object.keys(this.lexicon.subjects)) {
      const standsFor = answers(subject);
      const asked = standsFor.length > 0 ? standsFor.some((s) => question.subjects.includes(s)) : question.subjects.includes(subject);
      const named = name.subjects.includes(subject);
      const denied = question.denied.some((d) => d === subject || standsFor.includes(d));
      if (asked && standsFor.length === 0 && !answered(subject)) factor *= this.lexicon.subjects[subject].missing ?? agreement.missingSubject;
      else if (!asked && named && !denied && !this.lexicon.subjects[subject].askedOnly) factor *= agreement.unaskedSubject;
    }
    return factor;
  }

  /** "cấp đổi hay cấp lại": two actions offered as a choice ask for neither; the rest of the message decides. */
  private alternative(tokens: readonly string[], found: ReadonlyArray<{ at: number; phrase: string[] }>, n: number): boolean {
    const or = (i: number) => this.lexicon.alternatives.includes(tokens[i]);
    const next = found[n + 1];
    const previous = found[n - 1];
    const end = found[n].at + found[n].phrase.length;
    return (
      (next !== undefined && next.at === end + 1 && or(end)) ||
      (previous !== undefined && previous.at + previous.phrase.length + 1 === found[n].at && or(found[n].at - 1))
    );
  }

  /** "Không phải mất sổ hay muốn đổi sổ": a cue offered as the other choice to a denied one is denied with it. */
  private deniedAlternative(tokens: readonly string[], negatedUpTo: number, at: number): boolean {
    if (negatedUpTo < 0 || !this.lexicon.alternatives.includes(tokens[negatedUpTo])) return false;
    const between = tokens.slice(negatedUpTo + 1, at);
    return between.length <= 1 && between.every((w) => this.lexicon.alternativeFillers.includes(w));
  }

  /** "không bị kỷ luật hay thu hồi gì": the other choice of a negated one is negated with it, cue or not. */
  private negatedChoice(tokens: readonly string[], at: number): boolean {
    if (!this.lexicon.alternatives.includes(tokens[at - 1])) return false;
    return this.negations.some((n) => {
      for (let gap = 1; gap <= 3; gap++) {
        const from = at - 1 - gap - n.length;
        if (from >= 0 && n.every((w, k) => tokens[from + k] === w) && !this.lexicon.uncertain.includes(tokens[from + n.length])) return true;
      }
      return false;
    });
  }

  private negatedAt(tokens: readonly string[], at: number): boolean {
    return this.negations.some((n) => {
      for (let gap = 0; gap <= 1; gap++) {
        const from = at - gap - n.length;
        if (gap === 1 && this.lexicon.uncertain.includes(tokens[at - 1])) continue;
        if (from >= 0 && n.every((w, k) => tokens[from + k] === w)) return true;
      }
      return false;
    });
  }
}

/** Longest phrases first, left to right, never overlapping. */
function* matches(words: readonly string[], table: Map<string, string[][]>, start: number) {
  let i = start;
  while (i < words.length) {
    const phrase = table.get(words[i])?.find((p) => p.every((w, k) => words[i + k] === w));
    if (phrase) {
      yield { at: i, phrase };
      i += phrase.length;
    } else i++;
  }
}

function add(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** The first position from `start`, past at most `most` of `between`, where `found` holds; -1 when there is none. */
function reachAfterFillers(
  tokens: readonly string[],
  start: number,
  { between, most }: { between: readonly string[]; most: number },
  found: (at: number) => boolean,
): number {
  for (let at = start; at <= start + most; at++) {
    if (found(at)) return at;
    if (!between.includes(tokens[at])) return -1;
  }
  return -1;
}
