import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ChannelMethod } from '../catalog/schema.js';
import { extractReceiptCode, looksLikeMalformedCode, partialCodeDigits } from '../dossier/code.js';
import { intentsDir } from '../paths.js';
import type { ProcedureSearch, SearchHit } from '../search/index.js';
import { type PreparedText, prepare } from '../text/index.js';
import { IntentClassifier } from './classifier.js';
import { type Cue, CueReader } from './cues.js';
import { type Intent, intents, isProcedureIntent } from './intents.js';

export { type Intent, type ProcedureIntent, intents, isProcedureIntent, procedureIntents } from './intents.js';
export type { Cue } from './cues.js';

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
  receiptCode: string | null;
  malformedCode: boolean;
  channel: ChannelMethod | null;
  /** Conversation cues in the message ("xem thêm", "gửi", "khác", a late dossier…). */
  cues: Cue[];
  /** The option picked when the message is only a choice ("số 2", "cái thứ hai"), 1-based. */
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
}

export interface UnderstandingOptions {
  /** A hit at or above this names the procedure. */
  acceptScore?: number;
  /** Hits within this of the best are "close" (ask which one). */
  closeMargin?: number;
  /** Each question of a several-question message must be read at least this surely. */
  partConfidence?: number;
}

/** The defaults: tuned on the labelled conversations (`test/nlu/conversations.test.ts`). */
export const understandingDefaults: Required<UnderstandingOptions> = { acceptScore: 0.5, closeMargin: 0.015, partConfidence: 0.5 };

const procedureCodePattern = /(?<![\d.])(\d\.\d{6})(?![\d.])/;
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
  ) {
    this.channels = (Object.entries(entities.channels) as Array<[ChannelMethod, string[]]>).map(([method, phrases]) => ({
      method,
      phrases: phrases.map((p) => p.split(' ')),
    }));
  }

  /** Trains the classifier from `intents/phrases/*.json`. `search` is read per call: the catalog can be replaced live. */
  static fromDirectory(search: () => ProcedureSearch, dir = intentsDir, options: UnderstandingOptions = {}): Understander {
    const examples = readdirSync(path.join(dir, 'phrases'))
      .filter((f) => f.endsWith('.json'))
      .flatMap((file) => {
        const parsed = phraseFileSchema.parse(JSON.parse(readFileSync(path.join(dir, 'phrases', file), 'utf8')));
        return parsed.phrases.map((phrase) => ({
          text: prepare(phrase.replaceAll('{p}', ` ${procedureMarker} `)).folded,
          label: parsed.intent,
        }));
      });
    const entities = entitiesSchema.parse(JSON.parse(readFileSync(path.join(dir, 'entities.json'), 'utf8')));
    return new Understander(
      IntentClassifier.train(examples),
      search,
      { ...understandingDefaults, ...options },
      entities,
      CueReader.fromDirectory(dir),
    );
  }

  understand(text: string): Understanding {
    const receiptCode = extractReceiptCode(text);
    const prepared = prepare(text);
    const result = receiptCode ? { tokens: prepared.tokens, hits: [] } : this.search().searchDetailed(text, { limit: 6, minScore: 0.2 });
    const hits = result.hits;
    const top = hits[0];
    // A name is only named when the question covers at least half of it ("chào" is not "cháo").
    const named = top && top.score >= this.options.acceptScore && top.coverage >= 0.5 ? top : null;
    const ambiguous = named
      ? hits.filter((h) => h.score >= this.options.acceptScore && top.score - h.score <= this.options.closeMargin)
      : [];

    const positions = new Set(named?.positions ?? []);
    const { intent, confidence, followUp, bare } = this.classify(result.tokens, positions, receiptCode !== null);
    const channel = this.findChannel(result.tokens);
    return {
      prepared,
      intent,
      confidence: Math.round(confidence * 1000) / 1000,
      hits,
      named,
      ambiguous: ambiguous.length > 1 ? ambiguous : [],
      receiptCode,
      malformedCode: !receiptCode && looksLikeMalformedCode(text),
      channel,
      cues: this.cues.read(prepared.tokens),
      choice: this.cues.choice(prepared.tokens),
      procedureCode: procedureCodePattern.exec(text)?.[1] ?? null,
      partialCode: receiptCode ? null : partialCodeDigits(text),
      followUp,
      bareFollowUp: bare && (named !== null || channel !== null),
      parts: receiptCode ? [] : this.parts(text, named ? new Set(named.positions.map((i) => result.tokens[i])) : new Set()),
    };
  }

  /**
   * The intent of the framing. A follow-up ("còn phí thì sao") is also read without its
   * follow-up words, and the surer reading wins: "thì sao" alone says nothing about the question.
   */
  private classify(tokens: string[], procedure: Set<number>, hasCode: boolean) {
    const whole = this.classifier.predict(this.frame(tokens, procedure, hasCode));
    const cue = new Set(this.cues.followUpPositions(tokens));
    if (cue.size === 0) return { intent: whole.label as Intent, confidence: whole.confidence, followUp: false, bare: false };
    const rest = tokens.flatMap((t, i) => (cue.has(i) ? [] : [{ t, i }]));
    const core = this.classifier.predict(this.frame(rest.map((r) => r.t), new Set(rest.flatMap((r, k) => (procedure.has(r.i) ? [k] : []))), hasCode));
    const best = core.confidence > whole.confidence ? core : whole;
    // Nothing left but the procedure's name, or a channel in a word or three ("nộp trực tuyến").
    const left = rest.filter((r) => !procedure.has(r.i)).map((r) => r.t);
    const bare = left.length === 0 || (left.length <= 3 && this.findChannel(left) !== null);
    return { intent: best.label as Intent, confidence: best.confidence, followUp: true, bare };
  }

  /** Two or more distinct procedure questions, each read surely enough; otherwise none. */
  private parts(text: string, procedureWords: Set<string>): Intent[] {
    const pieces = text.split(partSeparator).map((p) => prepare(p).tokens).filter((t) => t.length > 0);
    if (pieces.length < 2) return [];
    const found: Intent[] = [];
    for (const tokens of pieces) {
      const framing = tokens.map((t) => (procedureWords.has(t) ? procedureMarker : t)).filter((t, i, all) => t !== procedureMarker || all[i - 1] !== t);
      const prediction = this.classifier.predict(framing.join(' '));
      const intent = prediction.label as Intent;
      if (prediction.confidence < this.options.partConfidence || !isProcedureIntent(intent) || intent === 'overview') continue;
      if (!found.includes(intent)) found.push(intent);
    }
    return found.length >= 2 ? found : [];
  }

  /** The message as the classifier was trained on it: the procedure's words and the code replaced by markers. */
  private frame(tokens: string[], procedurePositions: Set<number>, hasCode: boolean): string {
    const out: string[] = [];
    for (const [i, token] of tokens.entries()) {
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

