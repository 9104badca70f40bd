import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { buildPhraseTable } from '../search/phrases.js';
import { fold } from '../text/index.js';

/**
 * Situations told in a message, beyond one procedure: life events ("bố mất", "mua đất") that
 * usually need several procedures, and questions outside the catalog with the right door for
 * them (divorce → the court). Both are data (`intents/life-events.json`, `intents/referrals.json`).
 */

const lifeEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  ask: z.array(z.string()).min(1),
  procedures: z.array(z.object({ code: z.string(), label: z.string() })).min(1),
});
const referralSchema = z.object({ id: z.string(), ask: z.array(z.string()).min(1), reply: z.string(), code: z.string().nullable() });

const lifeEventTextsSchema = z.object({ title: z.string(), line: z.string(), pick: z.string() });

export type LifeEvent = z.infer<typeof lifeEventSchema>;
export type LifeEventTexts = z.infer<typeof lifeEventTextsSchema>;
export type Referral = z.infer<typeof referralSchema>;

export class Situations {
  private readonly eventTable: Map<string, string[][]>;
  private readonly referralTable: Map<string, string[][]>;
  private readonly listTable: Map<string, string[][]>;
  private readonly eventByPhrase = new Map<string, LifeEvent>();
  private readonly referralByPhrase = new Map<string, Referral>();

  constructor(
    readonly events: readonly LifeEvent[],
    readonly referrals: readonly Referral[],
    readonly texts: LifeEventTexts,
    lists: string[] = [],
  ) {
    for (const event of events) for (const phrase of event.ask) this.eventByPhrase.set(fold(phrase), event);
    for (const referral of referrals) for (const phrase of referral.ask) this.referralByPhrase.set(fold(phrase), referral);
    this.eventTable = buildPhraseTable([...this.eventByPhrase.keys()]);
    this.referralTable = buildPhraseTable([...this.referralByPhrase.keys()]);
    this.listTable = buildPhraseTable(lists.map(fold));
  }

  static load(dir = intentsDir): Situations {
    const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const lifeEvents = z
      .object({ texts: lifeEventTextsSchema, lists: z.array(z.string()).default([]), events: z.array(lifeEventSchema) })
      .parse(read('life-events.json'));
    return new Situations(
      lifeEvents.events,
      z.object({ referrals: z.array(referralSchema) }).parse(read('referrals.json')).referrals,
      lifeEvents.texts,
      lifeEvents.lists,
    );
  }

  lifeEvent(tokens: readonly string[]): LifeEvent | null {
    return first(tokens, this.eventTable, this.eventByPhrase);
  }

  referral(tokens: readonly string[]): Referral | null {
    return first(tokens, this.referralTable, this.referralByPhrase);
  }

  /** The message asks for everything to do ("cần làm những thủ tục gì", "làm lại từ đâu"), not one procedure. */
  asksForList(tokens: readonly string[]): boolean {
    return firstPhrase(tokens, this.listTable) !== null;
  }
}

function first<T>(tokens: readonly string[], table: Map<string, string[][]>, byPhrase: Map<string, T>): T | null {
  const phrase = firstPhrase(tokens, table);
  return phrase ? (byPhrase.get(phrase.join(' ')) ?? null) : null;
}

function firstPhrase(tokens: readonly string[], table: Map<string, string[][]>): string[] | null {
  for (let i = 0; i < tokens.length; i++) {
    const phrase = table.get(tokens[i])?.find((p) => p.every((w, k) => tokens[i + k] === w));
    if (phrase) return phrase;
  }
  return null;
}
