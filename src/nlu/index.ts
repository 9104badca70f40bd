import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ChannelMethod } from '../catalog/schema.js';
import { extractReceiptCode, looksLikeMalformedCode, partialCodeDigits } from '../dossier/code.js';
import { intentsDir } from '../paths.js';
import { type Facets, type ProcedureSearch, type SearchHit, type SearchResult, withoutLevel } from '../search/index.js';

const noFacets: Facets = { actions: [], subjects: [], denied: [], base: false };
import { type PreparedText, clauseEnds, firstClause, fold, nameWords, prepare, sentenceEnd } from '../text/index.js';
import { type AskKind, AskCues, type NarrowIntent, questionWords } from './asks.js';
import { IntentClassifier, type Prediction, type TrainingExample, savedModelFile } from './classifier.js';
import { type Cue, CueReader } from './cues.js';
import { type Intent, type ProcedureIntent, intents, isProcedureIntent } from './intents.js';
import { type LifeEvent, type Referral, Situations } from './situations.js';

export { type Intent, type ProcedureIntent, intents, isProcedureIntent, procedureIntents } from './intents.js';
export type { Cue } from './cues.js';
export type { LifeEvent, LifeEventTexts, Referral } from './situations.js';

/**
 * Understanding one message: its intent (classifier over the words that frame the question),
 * the procedure it names (search), a receipt code, and the submission channel it cares about.
 */

export const procedureMarker = 'xproc';
export const codeMarker = 'xcode';

const phraseFileSchema = z.object({ intent: z.enum(intents), phrases: z.array(z.string().min(1)).min(1) });
const entitiesSchema = z.object({ channels: z.record(z.enum(['online', 'direct', 'postal']), z.array(z.string())) });

export interface Understanding {
  prepared: PreparedText;
  intent: Intent;
  confidence: number;
  /** Search hits for the message, best first (may be empty). */
  hits: SearchHit[];
  /** The procedure this message names, when one stands out. */
  named: SearchHit | null;
  /** Close candidates when the message names a procedure but two or more fit. */
  ambiguous: SearchHit[];
  /** A record nearly as close as the one named, not asked about (it differs in what it is about, not in action or subject). */
  alternative: SearchHit | null;
  receiptCode: string | null;
  malformedCode: boolean;
  channel: ChannelMethod | null;
  /** Conversation cues in the message ("xem thêm", "gửi", "khác", a late dossier…). */
  cues: Cue[];
  /** The option picked when the message, or its first clause, is only a choice ("số 2", "cái thứ hai, nộp ở đâu"), 1-based. */
  choice: number | null;
  /** A national procedure code typed in the message ("thủ tục 1.004194 …"). */
  procedureCode: string | null;
  /** Digits of a receipt code typed only in part ("hồ sơ số 0031"). */
  partialCode: string | null;
  /** "còn … thì sao": the message continues the previous question. */
  followUp: boolean;
  /** A follow-up that names only a procedure or a channel: the previous question is meant. */
  bareFollowUp: boolean;
  /** Several questions in one message ("mang gì, bao lâu, bao nhiêu tiền"): their intents, in order. */
  parts: Intent[];
  /** The narrow questions asked about a procedure ("ở đâu", "bao lâu"), in order, wherever they sit. */
  asks: Array<Exclude<NarrowIntent, 'steps'>>;
  /** The action and subject the message asks for ("mất rồi" → reissue, "người nước ngoài" → foreigner). */
  asked: Facets;
  /** The score a hit needed to name a procedure in this message (lower for long stories). */
  acceptScore: number;
  /** Words of the message beyond its framing: a message with several and no good match is about something else. */
  contentWords: number;
  /** A life event the message tells ("bố tôi vừa mất"), with the procedures it usually needs. */
  lifeEvent: LifeEvent | null;
  /** The message asks for everything a situation needs ("cần làm những thủ tục gì"), not one procedure. */
  listAsked: boolean;
  /** Read as a dossier question, but asks where to hand a file in ("hồ sơ gửi đâu"): the procedure discussed is meant. */
  submitWhere: boolean;
  /** A question outside the catalog and the right door for it (divorce → the court). */
  referral: Referral | null;
  /** The named record's name opens what the person says they want ("… giờ cần làm hộ chiếu"): their story is background. */
  namedWanted: boolean;
  /** The question about a procedure the classifier finds likeliest, whatever it read the message as. */
  procedureGuess: ProcedureIntent;
}

export interface UnderstandingOptions {
  /** A hit at or above this names the procedure. */
  acceptScore?: number;
  /** Hits within this of the best are "close": offered beside the answer. */
  closeMargin?: number;
  /**
   * Close hits within this of the best that differ in action or subject (or that nothing tells apart) are asked about
   * instead: only a near tie is a real doubt; a record a little behind is offered beside the answer, one tap away.
   */
  askMargin?: number;
  /** Each question of a several-question message must be read at least this surely. */
  partConfidence?: number;
}

/** The defaults: tuned on the labelled conversations (`test/nlu/conversations.test.ts`); `askMargin` on the national sets in `test/fixtures`. */
export const understandingDefaults: Required<UnderstandingOptions> = { acceptScore: 0.5, closeMargin: 0.015, askMargin: 0.005, partConfidence: 0.5 };

const procedureCodePattern = /(?<![\d.])(\d\.\d{6})(?![\d.])/;
/**
 * How long messages and narrow questions are read: a story asks at its end, and a narrow
 * question ("ở đâu", "bao lâu") decides over a classifier that is unsure.
 */
const reading = {
  /** Messages at least this long are read as a story, sentence by sentence… */
  longMessageWords: 22,
  /** …the best sentence weighing this much of the procedure search… */
  sentenceWeight: 0.4,
  /** …a sentence before the last counting this much of its score… */
  earlierSentenceWeight: 0.85,
  /** …one that tells a thing done ("Chúng tôi đăng ký kết hôn ở xã rồi.") this much… */
  doneSentenceWeight: 0.55,
  /**
   * …and the first of a story this long, when it wants nothing, this much: it says who is asking ("Tôi mở tiệm tạp
   * hóa ở quận 8."), and what they ask comes later ("… nghi là tiền giả, … gửi ở đâu?").
   */
  introductionWeight: 0.7,
  introductionMinSentences: 3,
  /** …and a sentence with fewer words than this beyond its framing joining the one before. */
  sentenceContentWords: 3,
  /** A narrower variant this close to the record it narrows is preferred when the message says what narrows it. */
  narrowerMargin: 0.03,
  /** …and this close when its name is the other's with words the message says ("… đã cấp lần đầu …"). */
  saidNarrowerMargin: 0.04,
  /** A record this close whose name the message says word for word, this many words in a row… */
  namePhraseMargin: 0.06,
  namePhraseWords: 5,
  /** …and this many more in a row than of the best record's name. */
  namePhraseLead: 2,
  /** The bar to name a procedure falls with length, from `acceptScore` at this many words… */
  shortMessageWords: 12,
  /** …to this at 40 words and more. */
  longMessageAccept: 0.3,
  /** A narrow question overrides a classifier less sure than this… */
  overrideBelow: 0.9,
  /** …and, when the classifier thought the message was not about a procedure, needs a hit this good. */
  narrowNeedsHit: 0.35,
  /** A narrow question whose cue ends within this many words of the end is the one the message ends on. */
  endingAskSlack: 2,
  /** The confidence reported for an intent a narrow question decided. */
  narrowConfidence: 0.9,
  /** A record this close to the best whose name opens with this many words the person says they want ("muốn nhập quốc tịch") leads. */
  wantedMargin: 0.15,
  wantedHeadWords: 3,
  /** "… muốn đính chính thì cần gì": words said alone open what is wanted only when they open this few names ("đăng ký" opens hundreds). */
  headOnlyNames: 5,
  /** …or this close, when the best says nothing of it ("lấy chồng Đài Loan, … giờ cần làm hộ chiếu"). */
  storyOnlyMargin: 0.3,
  /** A door the story passes gives way to a record that opens what is wanted and covers this much of its name. */
  doorYieldsCoverage: 0.8,
  /** Read without its procedure words this surely, a message about the assistant itself ("bạn hỗ trợ những gì") is that. */
  aboutAssistant: 0.9,
} as const;
/** The likeliest procedure question of a reading. */
const procedureGuess = (p: Prediction): ProcedureIntent =>
  (p.ranking.find((r) => isProcedureIntent(r.label))?.label as ProcedureIntent | undefined) ?? 'overview';
/** What a message about the assistant itself asks: what it can do, or a thank-you. */
const assistantIntents = new Set<Intent>(['help', 'thanks']);
/** How a message, and each sentence of a story, is searched for procedures. */
const sentenceSearch = { limit: 6, minScore: 0.2 } as const;
/** Guesses a narrow question overrides (a dossier or a thanks it does not). */
const overridable = new Set<Intent>([
  'overview',
  'requirements',
  'steps',
  'documents',
  'where',
  'duration',
  'fees',
  'online',
  'forms',
  'feedback',
  'handoff',
  'out_of_scope',
  'browse',
  'greeting',
  'help',
]);

/** "không", "chưa" ask only at the end ("… được không?"); before that they deny ("không đi lĩnh được"). */
const yesNo = new Set(['khong', 'ko', 'k', 'chua']);
const asksSomething = (tokens: string[]) => tokens.some((t, i) => questionWords.has(t) && (!yesNo.has(t) || i >= tokens.length - 2));

const foldedNames = new WeakMap<SearchHit['procedure'], string>();
const spokenNames = new WeakMap<SearchHit['procedure'], string[]>();

/** A record's name as the message would say it: folded words, without "Thủ tục" or its level; read once per record. */
export function spokenName(procedure: SearchHit['procedure']): string[] {
  let words = spokenNames.get(procedure);
  if (words === undefined) {
    words = nameWords(withoutLevel(procedure.name));
    spokenNames.set(procedure, words);
  }
  return words;
}

/** The message, from `from` on, says the first two words of the procedure's name ("… muốn xã hòa giải", "muốn nhập quốc tịch"). */
export function saysNameOpening(procedure: SearchHit['procedure'], tokens: readonly string[], from = 0): boolean {
  const opening = spokenName(procedure).slice(0, 2);
  return opening.length === 2 && ` ${tokens.slice(from).join(' ')} `.includes(` ${opening.join(' ')} `);
}

/** A record's name, folded, without "Thủ tục", between spaces: read once per record. */
function foldedName(procedure: SearchHit['procedure']): string {
  let name = foldedNames.get(procedure);
  if (name === undefined) {
    name = ` ${fold(procedure.name).replace(/^thu tuc /, '')} `;
    foldedNames.set(procedure, name);
  }
  return name;
}

/**
 * A sentence that names a procedure ("… chưa bao giờ đăng ký khai sinh") also names its narrower
 * variants, whose names continue its own ("… khai sinh cho người đã có hồ sơ, giấy tờ cá nhân"):
 * when the whole story fits the narrower one at least as well, it gets that sentence's evidence too.
 */
function inheritSentenceEvidence(entries: Array<{ hit: SearchHit; whole: number; best: number }>): void {
  for (const narrow of entries)
    for (const base of entries)
      if (base.best > narrow.best && narrow.whole >= base.whole && continuesName(narrow.hit.procedure, base.hit.procedure)) narrow.best = base.best;
}

/** A narrower variant's name continues the other's ("đăng ký khai sinh" → "đăng ký khai sinh cho người đã có …"). */
function continuesName(narrow: SearchHit['procedure'], base: SearchHit['procedure']): boolean {
  const long = foldedName(narrow);
  const short = foldedName(base).trimEnd();
  return long.trimEnd().length > short.length && long.startsWith(`${short} `);
}

/**
 * A record and its narrower variant, about as good ("đăng ký khai sinh" / "… kết hợp đăng ký nhận cha, mẹ, con"):
 * the narrower one, when its words explain more of the message's words that the other does not than the other way round
 * ("chưa đăng ký kết hôn").
 */
function preferNarrower(hits: SearchHit[], search: ProcedureSearch, tokens: readonly string[], asked: Facets): SearchHit[] {
  const top = hits[0];
  if (!top) return hits;
  const narrower = hits.find(
    (h) =>
      h !== top &&
      top.score - h.score <= reading.saidNarrowerMargin &&
      !search.sameProcedure(h.procedure, top.procedure) &&
      h.positions.filter((p) => !top.positions.includes(p)).length > top.positions.filter((p) => !h.positions.includes(p)).length &&
      ((top.score - h.score <= reading.narrowerMargin && continuesName(h.procedure, top.procedure)) ||
        (addsSaidWords(h.procedure, top.procedure, tokens) && search.agreement(asked, h.facets) >= search.agreement(asked, top.facets))),
  );
  const preferred =
    narrower ??
    hits.find(
      (h) =>
        h !== top &&
        top.score - h.score <= reading.namePhraseMargin &&
        !search.sameProcedure(h.procedure, top.procedure) &&
        saysLongerRun(h.procedure, top.procedure, tokens) &&
        search.agreement(asked, h.facets) >= search.agreement(asked, top.facets),
    );
  // Ranked first, just above the record it narrows: told apart from it, so no question between the two.
  return preferred ? [{ ...preferred, score: Math.round((top.score + 0.001) * 1000) / 1000 }, ...hits.filter((h) => h !== preferred)] : hits;
}

/**
 * The other name is this one's with words added, and the message says at least half of them: "Thu hồi Giấy chứng nhận đã cấp
 * lần đầu …" for a message about a first certificate, over "Thu hồi Giấy chứng nhận đã cấp …" (an everyday name
 * of the broader record that leaves out what tells the two apart does not decide).
 */
function addsSaidWords(narrow: SearchHit['procedure'], base: SearchHit['procedure'], tokens: readonly string[]): boolean {
  const sequence = spokenName(narrow);
  const words = new Set(sequence);
  const own = new Set(spokenName(base));
  if ([...own].some((w) => !words.has(w))) return false;
  const added = [...words].filter((w) => !own.has(w));
  // Said as the name says it, beside a word it stands beside there ("cấp lần đầu"): "chưa đăng ký" is not "chưa khai thác".
  const besideInName = (w: string) => new Set(sequence.flatMap((x, i) => (x === w ? [sequence[i - 1], sequence[i + 1]] : [])));
  const said = added.filter((w) => {
    const beside = besideInName(w);
    return tokens.some((t, i) => t === w && (beside.has(tokens[i - 1]) || beside.has(tokens[i + 1])));
  });
  return said.length > 0 && said.length * 2 >= added.length;
}

/**
 * The message says word for word a run of the one's name at least `namePhraseWords` long, and `namePhraseLead` words
 * longer than any run of the other's ("… cấp giấy miễn thị thực …" over "Cấp thị thực cho người nước ngoài").
 */
function saysLongerRun(one: SearchHit['procedure'], other: SearchHit['procedure'], tokens: readonly string[]): boolean {
  const run = longestSaidRun(one, tokens);
  return run >= reading.namePhraseWords && run >= longestSaidRun(other, tokens) + reading.namePhraseLead;
}

/** How many words in a row of the record's name (without its level) the message says. */
function longestSaidRun(p: SearchHit['procedure'], tokens: readonly string[]): number {
  const name = spokenName(p);
  let best = 0;
  for (let i = 0; i < tokens.length; i++)
    for (let j = 0; j < name.length; j++) {
      let k = 0;
      while (i + k < tokens.length && j + k < name.length && tokens[i + k] === name[j + k]) k++;
      if (k > best) best = k;
    }
  return best;
}

/** The classifier's examples: every phrase of `intents/phrases/*.json`, prepared as a message is. */
export function trainingExamples(dir = intentsDir): TrainingExample[] {
  return readdirSync(path.join(dir, 'phrases'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => {
      const parsed = phraseFileSchema.parse(JSON.parse(readFileSync(path.join(dir, 'phrases', file), 'utf8')));
      return parsed.phrases.map((phrase) => ({
        text: prepare(phrase.replaceAll('{p}', ` ${procedureMarker} `)).folded,
        label: parsed.intent,
      }));
    });
}

/** A saved model, or nothing when there is none or it cannot be read: the classifier is then trained. */
function readSavedModel(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Where one question of a several-question message ends. */
const partSeparator = /[,;?!\n]+|\s+(?:và|va|với cả)\s+/iu;

export class Understander {
  private readonly channels: Array<{ method: ChannelMethod; phrases: string[][] }>;

  constructor(
    private readonly classifier: IntentClassifier,
    private readonly search: () => ProcedureSearch,
    private readonly options: Required<UnderstandingOptions>,
    entities: z.infer<typeof entitiesSchema>,
    private readonly cues: CueReader,
    private readonly narrow: AskCues,
    private readonly situations: Situations,
  ) {
    this.channels = (Object.entries(entities.channels) as Array<[ChannelMethod, string[]]>).map(([method, phrases]) => ({
      method,
      phrases: phrases.map((p) => p.split(' ')),
    }));
  }

  /**
   * The classifier of `intents/phrases/*.json`: the one `npm run build` saved when it fits them, else trained now.
   * `search` is read per call: the catalog can be replaced live.
   */
  static fromDirectory(
    search: () => ProcedureSearch,
    dir = intentsDir,
    options: UnderstandingOptions = {},
    modelFile = savedModelFile,
  ): Understander {
    const entities = entitiesSchema.parse(JSON.parse(readFileSync(path.join(dir, 'entities.json'), 'utf8')));
    return new Understander(
      IntentClassifier.trainOrLoad(trainingExamples(dir), readSavedModel(modelFile)),
      search,
      { ...understandingDefaults, ...options },
      entities,
      CueReader.fromDirectory(dir),
      AskCues.load(dir),
      Situations.load(dir),
    );
  }

  get lifeEventTexts() {
    return this.situations.texts;
  }

  understand(text: string): Understanding {
    const receiptCode = extractReceiptCode(text);
    const prepared = prepare(text);
    const result = receiptCode
      ? { tokens: prepared.tokens, hits: [], contentWords: 0, asked: noFacets, sentences: [] }
      : this.find(text, prepared.tokens.length);
    // What the person wants opens after the last "muốn", "cần"… followed by words a record has ("… thì cần gì" asks, it wants nothing).
    const wantedStarts = receiptCode ? [] : this.cues.wantedStarts(prepared);
    const wantedFrom = wantedStarts.findLast((at) => result.hits.some((h) => h.positions.some((p) => p >= at))) ?? -1;
    const opening: NameOpening = {
      nameActions: this.cues.nameActions,
      rare: (head) => this.search().namesOpening(head) <= reading.headOnlyNames,
    };
    const hits = wantedFirst(result.hits, prepared.tokens, wantedFrom, opening);
    const top = hits[0];
    // A long story explains little of any one name: the bar to name a procedure falls with length.
    const accept = acceptScoreFor(this.options.acceptScore, prepared.tokens.length);
    // A name is only named when the question covers at least half of it ("chào" is not "cháo").
    // …or when every word it asks about is in that name ("thôi quốc tịch" of "Thôi quốc tịch Việt Nam ở trong nước").
    const explainsAll = top !== undefined && result.contentWords >= 3 && top.positions.length >= result.contentWords;
    const named = top && top.score >= accept && (top.coverage >= 0.5 || explainsAll) ? top : null;
    // Close candidates that are other procedures, not the same one at another level or channel.
    // A difference the message already settled ("vợ tôi quốc tịch Thái Lan") is not asked again.
    const settled = (h: SearchHit) => this.search().agreement(result.asked, h.facets) < this.search().agreement(result.asked, top.facets);
    // "Tôi người Lào lấy chồng Việt, … muốn nhập quốc tịch": a record whose words in what the person wants are fewer than,
    // and among, the named one's has the rest of its evidence in their story.
    const onlyStory = (h: SearchHit) => wantedFrom > 0 && h.positions.some((p) => p < wantedFrom) && saysMoreWanted(top, h, wantedFrom);
    // "Người nước ngoài muốn nhập quốc tịch": the named record opens what is wanted; one that does not is no choice beside it.
    const topWanted = top !== undefined && opensWantedWords(top, prepared.tokens, wantedFrom, opening);
    const namedOpensWanted = named !== null && topWanted;
    const notWanted = (h: SearchHit) => topWanted && !opensWantedWords(h, prepared.tokens, wantedFrom, opening);
    const ambiguous = named
      ? hits.filter(
          (h) =>
            h.score >= accept &&
            // Two records that differ in what they do or for whom are asked about; others when nothing in the message tells them apart.
            top.score - h.score <= (differInFacets(h.facets, top.facets) || !toldApart(top, h) ? this.options.askMargin : 0) &&
            (h === top || (!this.search().sameProcedure(h.procedure, top.procedure) && !settled(h) && !onlyStory(h) && !notWanted(h))),
        )
      : [];

    // Answered without asking, a close record of another kind is offered beside the answer.
    const alternative =
      named && ambiguous.length < 2
        ? (hits.find(
            (h) =>
              h !== top &&
              h.score >= accept &&
              top.score - h.score <= this.options.closeMargin &&
              !this.search().sameProcedure(h.procedure, top.procedure),
          ) ?? null)
        : null;
    const positions = new Set(named?.positions ?? []);
    const questionTokens = this.narrow.questionTokens(prepared);
    const classifiedTokens = questionTokens.length === result.tokens.length ? questionTokens : result.tokens;
    const classified = this.classify(classifiedTokens, positions, receiptCode !== null, this.narrow.toldPositions(classifiedTokens));
    const { followUp, bare } = classified;
    const procedureWords = nameSpan(prepared.tokens, named ?? (top && top.coverage >= 0.5 ? top : undefined));
    const asks = receiptCode ? [] : this.narrow.asks(questionTokens, procedureWords);
    const ending = receiptCode ? null : this.narrow.endingAsk(questionTokens, reading.endingAskSlack, procedureWords);
    const lastAsks = receiptCode ? [] : this.lastAsked(text, questionTokens, procedureWords, asks);
    const closing = ending === 'steps' || ending === 'how' ? this.narrow.closingAsks(questionTokens, clauseEnds(text), procedureWords) : [];
    const { intent, confidence } = this.narrowed(
      classified,
      lastAsks,
      top !== undefined && top.score >= Math.min(reading.narrowNeedsHit, accept - 0.05),
      ending,
      closing,
    );
    const channel = this.findChannel(result.tokens);
    return {
      prepared,
      intent,
      confidence: Math.round(confidence * 1000) / 1000,
      hits,
      named,
      ambiguous: ambiguous.length > 1 ? ambiguous : [],
      alternative,
      receiptCode,
      malformedCode: !receiptCode && looksLikeMalformedCode(text),
      channel,
      cues: this.cues.read(prepared.tokens),
      choice: this.choiceOf(prepared, text),
      procedureCode: procedureCodePattern.exec(text)?.[1] ?? null,
      partialCode: receiptCode ? null : partialCodeDigits(text),
      followUp,
      // "Còn hợp đồng tặng cho … được chứ, hay bắt buộc ra công chứng?" asks its own question, read with the procedure's words.
      bareFollowUp: bare && (named !== null || channel !== null) && !asks.some((a) => a !== 'steps' && a !== 'how'),
      parts: receiptCode ? [] : this.parts(text, named ? new Set(named.positions.map((i) => result.tokens[i])) : new Set()),
      // How to go about it ("làm sao", "các bước") decides the intent, but is no narrow question about one procedure.
      asks: asks.filter((a): a is Exclude<NarrowIntent, 'steps'> => a !== 'steps' && a !== 'how'),
      contentWords: result.contentWords,
      acceptScore: accept,
      asked: result.asked,
      lifeEvent: receiptCode ? null : this.lifeEventOf(prepared, named),
      listAsked: !receiptCode && this.asksForList(result.tokens, named),
      submitWhere: intent === 'dossier_status' && this.narrow.asksWhereToSubmit(questionTokens, lastAsks),
      referral: receiptCode ? null : this.referralOf(result.sentences, prepared.tokens, named, wantedStarts, wantedFrom, namedOpensWanted),
      procedureGuess: classified.procedureGuess,
      namedWanted: namedOpensWanted || (named !== null && saysMatchedFirst(named, prepared.tokens, wantedFrom)),
    };
  }

  /**
   * The narrow questions that decide: those of the last sentence when it asks one. A story's
   * earlier sentences tell ("thuế đã nộp ở Nhật", "được mấy tháng"); its last one asks.
   */
  private lastAsked(text: string, tokens: string[], procedureWords: Set<number>, asks: AskKind[]): AskKind[] {
    const sentences = text.split(sentenceEnd).filter((s) => s.trim());
    if (sentences.length < 2) return asks;
    const from = tokens.length - prepare(sentences[sentences.length - 1]).tokens.length;
    if (from <= 0) return asks;
    const last = this.narrow.asks(tokens.slice(from), new Set([...procedureWords].map((i) => i - from)));
    return last.length ? last : asks;
  }

  /** A narrow question asked last ("… thì nộp ở đâu?") decides over a classifier unsure of it. */
  private narrowed(
    c: { intent: Intent; confidence: number },
    asks: AskKind[],
    goodHit: boolean,
    ending: AskKind | null,
    closing: AskKind[],
  ): { intent: Intent; confidence: number } {
    const decisive = AskCues.decisive(asks, ending, closing);
    const aboutProcedure = isProcedureIntent(c.intent) || goodHit;
    if (!decisive || !aboutProcedure || !overridable.has(c.intent)) return c;
    // A sure classifier keeps its reading, unless the message ends on a narrow question it did not read.
    const unread = ending !== null && !asks.includes(c.intent as AskKind);
    if (c.confidence >= reading.overrideBelow && !unread) return c;
    if (c.intent === decisive && c.confidence >= reading.narrowConfidence) return c;
    return { intent: decisive, confidence: reading.narrowConfidence };
  }

  /**
   * The procedure search for a message. A long message tells a story and asks in one of its
   * sentences: each sentence is searched on its own (a sentence of mostly framing, "Hồ sơ gồm
   * những gì?", joins the one before it), and the best sentence's evidence, later sentences
   * weighing more, outweighs the whole message, whose narrative words dilute every name.
   */
  private find(text: string, length: number): SearchResult & { sentences: string[] } {
    const search = this.search();
    const whole = search.searchDetailed(text, sentenceSearch);
    if (length < reading.longMessageWords) return { ...whole, hits: preferNarrower(whole.hits, search, whole.tokens, whole.asked), sentences: [] };
    const sentences = storySentences(text, (s) => search.searchDetailed(s, sentenceSearch).contentWords);
    if (sentences.length < 2) return { ...whole, hits: preferNarrower(whole.hits, search, whole.tokens, whole.asked), sentences };
    const scores = new Map<string, { hit: SearchHit; whole: number; best: number }>();
    // The whole message is itself evidence as good as an earlier sentence: a story whose words are spread over its
    // sentences ("xe hư nát … bán ve chai rồi. … nộp lại giấy đăng ký và biển số") is not lost for want of one that says it all.
    for (const hit of whole.hits) scores.set(hit.procedure.code, { hit, whole: hit.score, best: reading.earlierSentenceWeight * hit.score });
    sentences.forEach((sentence, i) => {
      const introduces = i === 0 && sentences.length >= reading.introductionMinSentences && this.cues.wantedStarts(prepare(sentence)).length === 0;
      const weight =
        i === sentences.length - 1
          ? 1
          : search.tellsDone(sentence)
            ? reading.doneSentenceWeight
            : introduces
              ? reading.introductionWeight
              : reading.earlierSentenceWeight;
      // What the story says anywhere (a foreigner, "xóa", "không phải …") holds for each of its sentences.
      const found = search.searchDetailed(sentence, { ...sentenceSearch, told: whole.asked, story: whole.tokens.join(' ') });
      for (const hit of found.hits) {
        // A sentence's hit counts when it covers enough of a name: a stray word is not evidence.
        if (hit.coverage < 0.5) continue;
        const score = weight * hit.score;
        const entry = scores.get(hit.procedure.code);
        // Positions must point into the whole message's tokens: keep the whole message's hit when there is one.
        if (entry) entry.best = Math.max(entry.best, score);
        else scores.set(hit.procedure.code, { hit: { ...hit, positions: [] }, whole: 0, best: score });
      }
    });
    inheritSentenceEvidence([...scores.values()]);
    const hits = [...scores.values()]
      .map(({ hit, whole: w, best }) => ({ hit, score: (1 - reading.sentenceWeight) * w + reading.sentenceWeight * best }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 6)
      .map(({ hit, score }) => ({ ...hit, score: Math.round(score * 1000) / 1000 }));
    return { ...whole, hits: preferNarrower(hits, search, whole.tokens, whole.asked), sentences };
  }

  /** "số 2", or "cái thứ hai, nộp ở đâu": the message, or its first clause, picks an option. */
  private choiceOf(prepared: PreparedText, text: string): number | null {
    const whole = this.cues.choice(prepared.tokens);
    if (whole !== null) return whole;
    const first = firstClause(text);
    return first === text ? null : this.cues.choice(prepare(first).tokens);
  }

  private lifeEventOf(prepared: PreparedText, named: SearchHit | null): LifeEvent | null {
    const found = this.situations.lifeEvent(prepared);
    return found && named && namesOwnWords(found.ask, named, prepared.tokens) ? null : found;
  }

  /**
   * Asks for everything a situation needs ("mất ví, cần làm những giấy tờ gì") — unless its purpose, said right after,
   * names the one procedure wanted ("… những giấy tờ gì để anh ấy có lại thẻ thường trú") rather than a situation
   * ("… những giấy tờ gì để mở quán").
   */
  private asksForList(tokens: string[], named: SearchHit | null): boolean {
    const end = this.situations.listAskEnd(tokens);
    if (end === null) return false;
    if (tokens[end] !== 'de' || named === null || !named.positions.some((p) => p > end)) return true;
    return this.situations.lifeEvent(prepare(tokens.slice(end + 1).join(' '))) !== null;
  }

  /**
   * Where a question outside the catalog belongs. A story that names a procedure may pass a court
   * or a fine on the way ("họ bị phạt nguội … muốn xe không còn đứng tên em"): only its asking
   * sentence sends it elsewhere.
   */
  private referralOf(
    sentences: readonly string[],
    tokens: string[],
    named: SearchHit | null,
    wantedStarts: readonly number[],
    wantedFrom: number,
    namedOpensWanted: boolean,
  ): Referral | null {
    const at = this.situations.referralAt(tokens);
    const found = at?.value ?? null;
    if (!found || !named) return found;
    // "Tôi muốn ly hôn với chồng người Đài Loan … nộp đơn ở đâu": the door is what the person wants.
    if (found.whenWanted && wantedStarts.includes(at!.at)) return { ...found, beforeProcedure: true };
    // "Phòng khám của tôi muốn ký hợp đồng khám chữa bệnh BHYT": a door only the story passes gives way to the record wanted.
    if (
      found.beforeProcedure &&
      named.coverage >= reading.doorYieldsCoverage &&
      namedOpensWanted &&
      this.situations.referralAt(tokens.slice(wantedFrom)) === null
    )
      return { ...found, beforeProcedure: false };
    if (namesOwnWords(found.ask, named, tokens)) return null;
    if (sentences.length < 2) return found;
    return this.situations.referral(prepare(sentences[sentences.length - 1]).tokens);
  }

  /**
   * The intent of the framing. A follow-up ("còn phí thì sao") is also read without its
   * follow-up words, and the surer reading wins: "thì sao" alone says nothing about the question.
   */
  private classify(tokens: string[], procedure: Set<number>, hasCode: boolean, told: Set<number>) {
    const masked = this.classifier.predict(this.frame(tokens, procedure, hasCode, told));
    // Only an unsure reading with procedure words masked is read again without the mask.
    const whole = procedure.size > 0 && masked.confidence < reading.aboutAssistant ? (this.aboutAssistant(tokens, hasCode, told) ?? masked) : masked;
    const cue = new Set(this.cues.followUpPositions(tokens));
    if (cue.size === 0)
      return { intent: whole.label as Intent, confidence: whole.confidence, procedureGuess: procedureGuess(whole), followUp: false, bare: false };
    const rest = tokens.flatMap((t, i) => (cue.has(i) ? [] : [{ t, i }]));
    const core = this.classifier.predict(
      this.frame(
        rest.map((r) => r.t),
        new Set(rest.flatMap((r, k) => (procedure.has(r.i) ? [k] : []))),
        hasCode,
        new Set(rest.flatMap((r, k) => (told.has(r.i) ? [k] : []))),
      ),
    );
    const best = core.confidence > whole.confidence ? core : whole;
    // Nothing left but the procedure's name, or a channel in a word or three ("nộp trực tuyến"), or
    // words that ask nothing ("… cho người đã mất từ lâu thì sao?"): the previous question is meant.
    const left = rest.filter((r) => !procedure.has(r.i)).map((r) => r.t);
    const asksNothing = !asksSomething(left) && this.narrow.asks(left).length === 0;
    const bare = left.length === 0 || asksNothing || (left.length <= 3 && this.findChannel(left) !== null);
    return { intent: best.label as Intent, confidence: best.confidence, procedureGuess: procedureGuess(best), followUp: true, bare };
  }

  /** Two or more distinct procedure questions, each read surely enough; otherwise none. */
  private parts(text: string, procedureWords: Set<string>): Intent[] {
    const pieces = text
      .split(partSeparator)
      .map((p) => this.narrow.questionTokens(prepare(p)))
      .filter((t) => t.length > 0);
    if (pieces.length < 2) return [];
    const found: Intent[] = [];
    for (const tokens of pieces) {
      // A piece that asks nothing ("Giấy đăng ký ghi sai số căn cước", "mua xe máy") is the story, not a question.
      const asks = this.narrow.asks(tokens);
      if (!asksSomething(tokens) && asks.length === 0) continue;
      const framing = tokens
        .map((t) => (procedureWords.has(t) ? procedureMarker : t))
        .filter((t, i, all) => t !== procedureMarker || all[i - 1] !== t);
      // A piece is read as the whole message is: its narrow question, else the classifier.
      const prediction = this.classifier.predict(framing.join(' '));
      const asked = AskCues.decisive(asks, this.narrow.endingAsk(tokens, reading.endingAskSlack));
      const intent = asked ?? (prediction.label as Intent);
      if (!asked && prediction.confidence < this.options.partConfidence) continue;
      if (!isProcedureIntent(intent) || intent === 'overview') continue;
      if (!found.includes(intent)) found.push(intent);
    }
    return found.length >= 2 ? found : [];
  }

  /**
   * "Bạn hỗ trợ những gì?", "cảm ơn đã hỗ trợ": words of the assistant's own phrases that a record's name also holds
   * ("Hỗ trợ chi phí") are no procedure when the words as written say this surely that they are about the assistant.
   */
  private aboutAssistant(tokens: string[], hasCode: boolean, told: Set<number>) {
    const plain = this.classifier.predict(this.frame(tokens, new Set(), hasCode, told));
    return assistantIntents.has(plain.label as Intent) && plain.confidence >= reading.aboutAssistant ? plain : null;
  }

  /**
   * The message as the classifier was trained on it: the procedure's words and the code replaced
   * by markers, and words that only tell ("ở đâu cả") left out.
   */
  private frame(tokens: string[], procedurePositions: Set<number>, hasCode: boolean, told: Set<number> = new Set()): string {
    const out: string[] = [];
    for (const [i, token] of tokens.entries()) {
      if (told.has(i)) continue;
      let word = token;
      if (procedurePositions.has(i)) word = procedureMarker;
      else if (hasCode && /\d/.test(token)) word = codeMarker;
      if (word !== token && out[out.length - 1] === word) continue;
      out.push(word);
    }
    return out.join(' ');
  }

  private findChannel(tokens: string[]): ChannelMethod | null {
    for (const { method, phrases } of this.channels) {
      for (const phrase of phrases) {
        for (let i = 0; i + phrase.length <= tokens.length; i++) {
          if (phrase.every((w, k) => tokens[i + k] === w)) return method;
        }
      }
    }
    return null;
  }
}

/**
 * Where a message names its procedure: the words the search matched, widened over the
 * neighbouring words of the record's own name. Those words ask nothing: "lệ phí" in "khai lệ
 * phí trước bạ" names the procedure, not its fee.
 */
function nameSpan(tokens: readonly string[], hit: SearchHit | undefined): Set<number> {
  const span = new Set(hit?.positions ?? []);
  if (!hit) return span;
  const name = new Set(prepare(hit.procedure.name).tokens);
  for (const start of [...span]) {
    for (const step of [-1, 1]) {
      for (let i = start + step; tokens[i] !== undefined && !span.has(i) && name.has(tokens[i]); i += step) span.add(i);
    }
  }
  return span;
}

/** `more` has every word `less` has in what the person wants (from `from` on), and more of them. */
function saysMoreWanted(more: SearchHit, less: SearchHit, from: number): boolean {
  const wanted = (h: SearchHit) => h.positions.filter((p) => p >= from);
  return wanted(less).every((p) => more.positions.includes(p)) && wanted(more).length > wanted(less).length;
}

/**
 * "Em lấy chồng Lạng Sơn, giờ muốn nhập quốc tịch Việt Nam": the best record owes its lead to the story; a record nearly
 * as good whose name opens with the very words the person says they want, and that has as many words of its own there
 * as the best has of its own before, leads instead ("công ty mình muốn tạm ngừng kinh doanh" keeps the company's record).
 */
function wantedFirst(hits: SearchHit[], tokens: readonly string[], from: number, opening: NameOpening): SearchHit[] {
  if (from <= 0 || hits.length < 2) return hits;
  const opensWanted = (h: SearchHit) => opensWantedWords(h, tokens, from, opening);
  const top = hits[0];
  // A record found only sentence by sentence has no positions in the whole message: nothing to compare.
  if (top.positions.length === 0 || opensWanted(top)) return hits;
  // A best record that says nothing of what is wanted owes all of its lead to the story; one that says some of it keeps
  // its lead unless the other's own words there are as many as its own words in the story.
  const storyOnly = !top.positions.some((p) => p >= from);
  const better = hits.find(
    (h) => top.score - h.score <= (storyOnly ? reading.storyOnlyMargin : reading.wantedMargin) && opensWanted(h) && saysMoreWanted(h, top, from),
  );
  if (!better) {
    // "Người nước ngoài muốn nhập quốc tịch …": with the very same words said of both, the name that opens with them leads.
    const same = hits.find(
      (h) =>
        top.score - h.score <= reading.wantedMargin &&
        saysNameOpening(h.procedure, tokens, from) &&
        h.positions.length === top.positions.length &&
        h.positions.every((p) => top.positions.includes(p)),
    );
    return same ? [same, ...hits.filter((h) => h !== same)] : hits;
  }
  const ownWanted = better.positions.filter((p) => p >= from && !top.positions.includes(p)).length;
  const ownStory = top.positions.filter((p) => p < from && !better.positions.includes(p)).length;
  return storyOnly || ownWanted >= ownStory ? [better, ...hits.filter((h) => h !== better)] : hits;
}

/** What tells a name's opening words: the words after its first that still tell its action, and whether a pair of words opens few names. */
interface NameOpening {
  nameActions: ReadonlySet<string>;
  rare: (head: string) => boolean;
}

/** The record's name opens with words said from `from` on: its first words, or the object right after its first word ("Cấp hộ chiếu …": "làm hộ chiếu"). */
function opensWantedWords(h: SearchHit, tokens: readonly string[], from: number, opening: NameOpening): boolean {
  if (from <= 0) return false;
  const wanted = ` ${tokens.slice(from).join(' ')} `;
  const words = spokenName(h.procedure).slice(0, reading.wantedHeadWords);
  const says = (part: string[]) => wanted.includes(` ${part.join(' ')} `);
  // "… muốn đính chính thì cần gì": the wanted words are the name's first two, and nothing more is wanted.
  const head = words.slice(0, 2);
  const saysHeadOnly =
    head.every((w, k) => tokens[from + k] === w) && [undefined, 'thi'].includes(tokens[from + head.length]) && opening.rare(head.join(' '));
  // "Xóa đăng ký …": the words after the first tell the action too, not the object asked for.
  const object = words.slice(1);
  const objectSaid = !opening.nameActions.has(object.join(' ')) && says(object);
  return words.length === reading.wantedHeadWords && (says(words) || objectSaid || saysHeadOnly);
}

/** The everyday name that matched is said, its first words at least, right where what is wanted opens ("muốn xin thông tin quy hoạch"). */
function saysMatchedFirst(h: SearchHit, tokens: readonly string[], from: number): boolean {
  if (from <= 0) return false;
  const words = fold(h.matched).split(' ').slice(0, reading.wantedHeadWords);
  return words.length === reading.wantedHeadWords && words.every((w, k) => tokens[from + k] === w);
}

/** The message has words for the first record that the second lacks. */
function toldApart(first: SearchHit, second: SearchHit): boolean {
  return first.positions.some((p) => !second.positions.includes(p));
}

function differInFacets(a: Facets, b: Facets): boolean {
  const key = (f: Facets) => `${[...f.actions].sort().join('+')}|${[...f.subjects].sort().join('+')}`;
  return key(a) !== key(b);
}

/** The bar to name a procedure: the configured score for short questions, lower for long stories. */
function acceptScoreFor(base: number, words: number): number {
  if (words <= reading.shortMessageWords) return base;
  const span = 40 - reading.shortMessageWords;
  return Math.max(reading.longMessageAccept, base - ((base - reading.longMessageAccept) * (words - reading.shortMessageWords)) / span);
}

/** The sentences of a story; one with too few words beyond its framing joins the one before it. */
function storySentences(text: string, contentWords: (sentence: string) => number): string[] {
  const parts = text
    .split(sentenceEnd)
    .map((p) => p.trim())
    .filter(Boolean);
  for (let i = parts.length - 1; i > 0; i--) {
    if (contentWords(parts[i]) >= reading.sentenceContentWords) continue;
    parts[i - 1] = `${parts[i - 1]} ${parts[i]}`;
    parts.splice(i, 1);
  }
  return parts;
}

/**
 * "ủy quyền nhận thay trợ cấp thất nghiệp": a situation's or a door's phrase that is the named
 * record's own words tells which record is meant, not a situation around it.
 */
function namesOwnWords(phrases: readonly string[], named: SearchHit, tokens: readonly string[]): boolean {
  const nameTokens = prepare(named.procedure.name).tokens;
  const name = ` ${nameTokens.join(' ')} `;
  const text = ` ${tokens.join(' ')} `;
  const said = new Set(tokens);
  return phrases.some((phrase) => {
    if (!name.includes(` ${phrase} `) || !text.includes(` ${phrase} `)) return false;
    // "nhận trợ cấp thất nghiệp ở đâu" says nothing else of "Ủy quyền lĩnh thay … trợ cấp thất nghiệp": the door, not the record.
    const own = new Set(phrase.split(' '));
    return nameTokens.some((w) => !own.has(w) && !linkWords.has(w) && said.has(w));
  });
}

/** Words that link the parts of an official name and say nothing of their own. */
const linkWords = new Set(['cac', 'cho', 'va', 'cua', 'voi', 'theo', 'tai', 'o', 'doi', 'tu', 'trong', 've', 'hoac', 'thu', 'tuc']);
