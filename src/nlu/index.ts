import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ChannelMethod } from '../catalog/schema.js';
import { extractReceiptCode, looksLikeMalformedCode } from '../dossier/code.js';
import { intentsDir } from '../paths.js';
import type { ProcedureSearch, SearchHit } from '../search/index.js';
import { type PreparedText, prepare } from '../text/index.js';
import { type Intent, intents } from '../dialog/types.js';
import { IntentClassifier } from './classifier.js';

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
      { acceptScore: options.acceptScore ?? 0.5, closeMargin: options.closeMargin ?? 0.015 },
      entities,
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

    const framing = this.frame(result.tokens, new Set(named?.positions ?? []), receiptCode !== null);
    const prediction = this.classifier.predict(framing);
    return {
      prepared,
      intent: prediction.label as Intent,
      confidence: Math.round(prediction.confidence * 1000) / 1000,
      hits,
      named,
      ambiguous: ambiguous.length > 1 ? ambiguous : [],
      receiptCode,
      malformedCode: !receiptCode && looksLikeMalformedCode(text),
      channel: this.findChannel(result.tokens),
    };
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

