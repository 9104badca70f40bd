import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { buildPhraseTable } from '../search/phrases.js';

/**
 * The narrow questions a message asks about a procedure ("ở đâu", "bao lâu", "mang gì"), from
 * `intents/asks.json`, in the order they are asked. A long message tells a story first and asks
 * at the end; these cues find the question wherever it sits.
 */

export const narrowIntents = ['where', 'duration', 'fees', 'documents', 'online', 'forms', 'requirements', 'overview'] as const;
export type NarrowIntent = (typeof narrowIntents)[number];

const cueFileSchema = z.object({ asks: z.record(z.enum(narrowIntents), z.array(z.string().min(1))) });

export class AskCues {
  private readonly table: Map<string, string[][]>;
  private readonly intentOf = new Map<string, NarrowIntent>();

  constructor(asks: Partial<Record<NarrowIntent, string[]>>) {
    for (const [intent, phrases] of Object.entries(asks) as Array<[NarrowIntent, string[]]>) {
      for (const phrase of phrases) this.intentOf.set(phrase, intent);
    }
    this.table = buildPhraseTable([...this.intentOf.keys()]);
  }

  static load(dir = intentsDir): AskCues {
    return new AskCues(cueFileSchema.parse(JSON.parse(readFileSync(path.join(dir, 'asks.json'), 'utf8'))).asks);
  }

  /** Each narrow question asked, once, in the order of its last cue. */
  asks(tokens: readonly string[]): NarrowIntent[] {
    return this.read(tokens).found;
  }

  /** Whether the message ends on a narrow question: its last cue ends within `slack` words of the end ("…, có online không?"). */
  endsOnAsk(tokens: readonly string[], slack: number): boolean {
    const { lastEnd } = this.read(tokens);
    return lastEnd >= 0 && tokens.length - lastEnd <= slack;
  }

  private read(tokens: readonly string[]): { found: NarrowIntent[]; lastEnd: number } {
    const found: NarrowIntent[] = [];
    let lastEnd = -1;
    let i = 0;
    while (i < tokens.length) {
      const phrase = this.table.get(tokens[i])?.find((p) => p.every((w, k) => tokens[i + k] === w));
      if (!phrase) {
        i++;
        continue;
      }
      const intent = this.intentOf.get(phrase.join(' '))!;
      // Ordered by where each is last asked: the question a message ends on decides.
      const at = found.indexOf(intent);
      if (at >= 0) found.splice(at, 1);
      found.push(intent);
      i += phrase.length;
      lastEnd = i;
    }
    return { found, lastEnd };
  }

  /** The question that decides a message's intent: the last narrow one, a submission channel only when nothing else is asked. */
  static decisive(asks: readonly NarrowIntent[]): NarrowIntent | null {
    // "lấy mẫu đơn ở đâu" asks for the form, wherever it is to be had.
    if (asks.includes('forms')) return 'forms';
    const narrow = asks.filter((a) => a !== 'online');
    return narrow.at(-1) ?? asks.at(-1) ?? null;
  }
}
