import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ChannelMethod } from '../catalog/schema.js';
import { extractReceiptCode, looksLikeMalformedCode } from '../dossier/code.js';
import { intentsDir } from '../paths.js';
import { type ProcedureSearch, type SearchHit, type SearchResult, variantKey } from '../search/index.js';
import { type PreparedText, prepare } from '../text/index.js';
import { type Intent, intents } from '../dialog/types.js';
import { IntentClassifier } from './classifier.js';
import { AskCues, type NarrowIntent } from './asks.js';
import { type LifeEvent, type Referral, Situations } from './situations.js';

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
  /** The narrow questions asked about a procedure, in order ("mang gì, bao lâu" → documents, duration). */
  asks: NarrowIntent[];
  /** Words of the message beyond its framing: a message with several and no good match is about something else. */
  contentWords: number;
  /** A life event the message tells ("bố tôi vừa mất"), with the procedures it usually needs. */
  lifeEvent: LifeEvent | null;
  /** A question outside the catalog and the right door for it (divorce → the court). */
  referral: Referral | null;
}

export type { LifeEvent, LifeEventTexts, Referral } from './situations.js';

/** Classifier guesses a narrow question ("ở đâu", "bao lâu") overrides when it is not sure of them. */
const overridable = new Set<Intent>(['overview', 'requirements', 'steps', 'documents', 'where', 'duration', 'fees', 'online', 'forms', 'feedback', 'handoff', 'out_of_scope', 'browse', 'greeting', 'help']);
const overrideBelow = 0.9;
/** …and, when the classifier thought the message was not about a procedure, a hit at least this good. */
const cueNeedsHit = 0.35;
const procedureIntents = new Set<Intent>(['documents', 'duration', 'fees', 'where', 'online', 'steps', 'forms', 'requirements', 'overview']);
const cueConfidence = 0.9;

/** Messages at least this long are read as a story with a question at the end. */
const longMessage = { words: 22, questionWeight: 0.6 };

/** The bar to name a procedure: the configured score for short questions, lower for long stories. */
function acceptScoreFor(base: number, words: number): number {
  const floor = 0.3;
  if (words <= 12) return base;
  return Math.max(floor, base - ((base - floor) * (words - 12)) / 28);
}

/** The last sentence that asks something (at least a few words), or null for a one-sentence message. */
function lastSentence(text: string): string | null {
  const parts = text.split(/[.?!;\n]+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return null;
  let question = parts[parts.length - 1];
  if (question.split(/\s+/).length < 6) question = `${parts[parts.length - 2]} ${question}`;
  return question;
}

export interface UnderstandingOptions {
  /** A hit at or above this names the procedure. */
  acceptScore?: number;
  /** Hits within this of the best are "close" (ask which one). */
  closeMargin?: number;
}

export class Understander {
  private readonly channels: Array<{ method: ChannelMethod; phrases: string[][] }>;

  constructor(
    private readonly classifier: IntentClassifier,
    private readonly search: () => ProcedureSearch,
    private readonly options: Required<UnderstandingOptions>,
    entities: z.infer<typeof entitiesSchema>,
    private readonly cues: AskCues,
    private readonly situations: Situations,
  ) {
    this.channels = (Object.entries(entities.channels) as Array<[ChannelMethod, string[]]>).map(([method, phrases]) => ({
      method,
      phrases: phrases.map((p) => p.split(' ')),
    }));
  }

  get lifeEventTexts() {
    return this.situations.texts;
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
      { acceptScore: options.acceptScore ?? 0.5, closeMargin: options.closeMargin ?? 0.015 },
      entities,
      AskCues.load(dir),
      Situations.load(dir),
    );
  }

  understand(text: string): Understanding {
    const receiptCode = extractReceiptCode(text);
    const prepared = prepare(text);
    const result = receiptCode ? { tokens: prepared.tokens, hits: [], contentWords: 0 } : this.find(text, prepared.tokens.length);
    const hits = result.hits;
    const top = hits[0];
    // A long story explains little of any one name: the bar to name a procedure falls with length.
    const accept = acceptScoreFor(this.options.acceptScore, prepared.tokens.length);
    // A name is only named when the question covers at least half of it ("chào" is not "cháo").
    const named = top && top.score >= accept && top.coverage >= 0.5 ? top : null;
    // Close candidates that are other procedures, not the same one at another level or channel.
    const ambiguous = named
      ? hits.filter((h) => h.score >= accept && top.score - h.score <= this.options.closeMargin && (h === top || variantKey(h.procedure.name) !== variantKey(top.procedure.name)))
      : [];

    const framing = this.frame(result.tokens, new Set(named?.positions ?? []), receiptCode !== null);
    const prediction = this.classifier.predict(framing);
    const asks = receiptCode ? [] : this.cues.asks(prepared.tokens);
    let intent = prediction.label as Intent;
    let confidence = prediction.confidence;
    const decisive = AskCues.decisive(asks);
    const aboutProcedure = procedureIntents.has(intent) || (top !== undefined && top.score >= Math.min(cueNeedsHit, accept - 0.05));
    if (decisive && aboutProcedure && overridable.has(intent) && (intent !== decisive || confidence < cueConfidence) && prediction.confidence < overrideBelow) {
      intent = decisive;
      confidence = cueConfidence;
    }
    return {
      prepared,
      intent,
      confidence: Math.round(confidence * 1000) / 1000,
      asks,
      contentWords: result.contentWords,
      lifeEvent: receiptCode ? null : this.situations.lifeEvent(prepared.tokens),
      referral: receiptCode ? null : this.situations.referral(prepared.tokens),
      hits,
      named,
      ambiguous: ambiguous.length > 1 ? ambiguous : [],
      receiptCode,
      malformedCode: !receiptCode && looksLikeMalformedCode(text),
      channel: this.findChannel(result.tokens),
    };
  }

  /**
   * The procedure search for a message. A long message tells its story first and asks last: its
   * last sentence is searched too, and a record it names weighs more than one the story mentions.
   */
  private find(text: string, length: number): SearchResult {
    const whole = this.search().searchDetailed(text, { limit: 6, minScore: 0.2 });
    const question = length >= longMessage.words ? lastSentence(text) : null;
    if (!question) return whole;
    const asked = this.search().searchDetailed(question, { limit: 6, minScore: 0.2 });
    const scores = new Map<string, { hit: SearchHit; score: number }>();
    for (const hit of whole.hits) scores.set(hit.procedure.code, { hit, score: (1 - longMessage.questionWeight) * hit.score });
    for (const hit of asked.hits) {
      const entry = scores.get(hit.procedure.code);
      const score = (entry?.score ?? 0) + longMessage.questionWeight * hit.score;
      // Positions must point into the whole message's tokens: keep the whole message's hit when there is one.
      scores.set(hit.procedure.code, { hit: entry?.hit ?? { ...hit, positions: [] }, score });
    }
    const hits = [...scores.values()]
      .sort((a, b) => b.score - a.score)
      .slice(0, 6)
      .map(({ hit, score }) => ({ ...hit, score: Math.round(score * 1000) / 1000 }));
    return { tokens: whole.tokens, hits, contentWords: whole.contentWords };
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

