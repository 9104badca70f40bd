import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { buildPhraseTable } from '../search/phrases.js';
import { type PreparedText, fold, markOtherWords } from '../text/index.js';

/**
 * Situations told in a message, beyond one procedure: life events ("bố mất", "mua đất") that
 * usually need several procedures, and questions outside the catalog with the right door for
 * them (divorce → the court). Both are data (`intents/life-events.json`, `intents/referrals.json`).
 */

const lifeEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  ask: z.array(z.string()).min(1),
  /** Words right after a trigger that give it another sense ("mất ví", "mất bao lâu" after "bố tôi mất"). */
  notFollowedBy: z.array(z.string()).default([]),
  procedures: z.array(z.object({ code: z.string(), label: z.string() })).min(1),
});
const referralSchema = z.object({
  id: z.string(),
  ask: z.array(z.string()).min(1),
  reply: z.string(),
  code: z.string().nullable(),
  /** The door's question is another one than the procedure named beside it ("khai sinh trễ có bị phạt không"): the door answers. */
  beforeProcedure: z.boolean().default(false),
  /** Said as what the person wants ("tôi muốn ly hôn …"), the door answers even beside a procedure the message names. */
  whenWanted: z.boolean().default(false),
  /** Phrases (folded) that tell the question is another one ("vào Việt Nam", "ở lại thêm": a visa in Việt Nam, not one to go abroad). */
  notWith: z.array(z.string()).default([]),
});

const lifeEventTextsSchema = z.object({ title: z.string(), line: z.string(), pick: z.string() });

/** Filler words a trigger tolerates between its own words ("mở một quán", "ông nội mình mới mất"), at most `most` in a row. */
const fillerSchema = z.object({ words: z.array(z.string()), most: z.number().int().min(0) });

export type LifeEvent = z.input<typeof lifeEventSchema>;
export type LifeEventTexts = z.infer<typeof lifeEventTextsSchema>;
export type Referral = z.infer<typeof referralSchema>;
type Fillers = z.infer<typeof fillerSchema>;

const noFillers: Fillers = { words: [], most: 0 };

/** How many words before a phrase a denial reaches ("chưa muốn kiện"). */
const denialReach = 2;

/** Phrases matched on folded words, tolerating fillers between their words. */
class PhraseMatcher<T> {
  private readonly table: Map<string, string[][]>;
  private readonly byPhrase = new Map<string, T>();
  private readonly fillers: Set<string>;
  private readonly notFollowedBy = new Map<string, string[][]>();

  constructor(
    entries: Iterable<[phrase: string, value: T, notFollowedBy?: readonly string[]]>,
    private readonly limit: Fillers,
    /** Words that, within the few words before a phrase, deny it ("chưa muốn kiện ra tòa"). */
    private readonly deniedAfter: ReadonlySet<string> = new Set(),
    /** Words that, right before a phrase, make it a thing of the past ("đã ly hôn", "từng ly hôn"): no request. */
    private readonly pastAfter: ReadonlySet<string> = new Set(),
  ) {
    for (const [phrase, value, after = []] of entries) {
      const key = fold(phrase);
      this.byPhrase.set(key, value);
      this.notFollowedBy.set(
        key,
        after.map((a) => fold(a).split(' ')),
      );
    }
    this.table = buildPhraseTable([...this.byPhrase.keys()]);
    this.fillers = new Set(limit.words.map(fold));
  }

  /** The value of the first phrase found, left to right. */
  first(tokens: readonly string[]): T | null {
    return this.firstAt(tokens)?.value ?? null;
  }

  /** The first phrase found, left to right: its value, where it starts and where it ends (one past its last word). */
  firstAt(tokens: readonly string[]): { value: T; at: number; end: number } | null {
    // What a denial covers ("chưa muốn kiện ra tòa") names nothing, nor does any shorter phrase inside it ("ra tòa").
    let deniedUntil = -1;
    for (let i = 0; i < tokens.length; i++) {
      for (const phrase of this.table.get(tokens[i]) ?? []) {
        const end = this.endOf(phrase, tokens, i);
        if (end < 0) continue;
        const key = phrase.join(' ');
        // Fillers between the trigger and what follows it do not hide it ("bố tôi mất cái ví").
        const next = this.skipFillers(tokens, end);
        if (this.notFollowedBy.get(key)!.some((after) => after.every((w, k) => tokens[next + k] === w))) continue;
        if (
          i < deniedUntil ||
          tokens.slice(Math.max(0, i - denialReach), i).some((t) => this.deniedAfter.has(t)) ||
          this.pastAfter.has(tokens[i - 1])
        ) {
          deniedUntil = Math.max(deniedUntil, end);
          continue;
        }
        return { value: this.byPhrase.get(key)!, at: i, end };
      }
    }
    return null;
  }

  /** Where the phrase starting at `start` ends (one past its last word), or -1; fillers are skipped only between its words. */
  private endOf(phrase: readonly string[], tokens: readonly string[], start: number): number {
    let at = start + 1;
    for (let k = 1; k < phrase.length; k++) {
      at = this.skipFillers(tokens, at, phrase[k]);
      if (tokens[at] !== phrase[k]) return -1;
      at++;
    }
    return at;
  }

  /** The position after at most `limit.most` fillers from `at` (stopping early at `word`). */
  private skipFillers(tokens: readonly string[], at: number, word?: string): number {
    let skipped = 0;
    while (tokens[at] !== word && skipped < this.limit.most && this.fillers.has(tokens[at])) {
      at++;
      skipped++;
    }
    return at;
  }
}

export class Situations {
  private readonly eventMatcher: PhraseMatcher<LifeEvent>;
  private readonly referralMatcher: PhraseMatcher<Referral>;
  private readonly listMatcher: PhraseMatcher<true>;

  constructor(
    readonly events: readonly LifeEvent[],
    readonly referrals: readonly Referral[],
    readonly texts: LifeEventTexts,
    lists: string[] = [],
    fillers: Fillers = noFillers,
    referralDenials: readonly string[] = [],
    referralPast: readonly string[] = [],
    /** Trigger words with a mark of their own: typed with another ("mất vì bệnh", not "mất ví"), they are other words. */
    private readonly marked: Readonly<Record<string, readonly string[]>> = {},
  ) {
    this.eventMatcher = new PhraseMatcher(
      events.flatMap((e) => e.ask.map((a): [string, LifeEvent, readonly string[]] => [a, e, e.notFollowedBy ?? []])),
      fillers,
    );
    // Referrals are matched exactly: their phrases are specific ("tranh chấp thừa kế"), and a door wrongly shown costs more.
    this.referralMatcher = new PhraseMatcher(
      referrals.flatMap((r) => r.ask.map((a): [string, Referral] => [a, r])),
      noFillers,
      new Set(referralDenials),
      new Set(referralPast),
    );
    this.listMatcher = new PhraseMatcher(
      lists.map((l): [string, true] => [l, true]),
      fillers,
    );
  }

  static load(dir = intentsDir): Situations {
    const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const lifeEvents = z
      .object({
        texts: lifeEventTextsSchema,
        lists: z.array(z.string()).default([]),
        fillers: fillerSchema.default(noFillers),
        marked: z.record(z.string(), z.array(z.string().min(1))).default({}),
        events: z.array(lifeEventSchema),
      })
      .parse(read('life-events.json'));
    const referrals = z
      .object({ referrals: z.array(referralSchema), denials: z.array(z.string()).default([]), past: z.array(z.string()).default([]) })
      .parse(read('referrals.json'));
    return new Situations(
      lifeEvents.events,
      referrals.referrals,
      lifeEvents.texts,
      lifeEvents.lists,
      lifeEvents.fillers,
      referrals.denials,
      referrals.past,
      lifeEvents.marked,
    );
  }

  /** The life event a message tells of. */
  lifeEvent(prepared: PreparedText): LifeEvent | null {
    return this.eventMatcher.first(markOtherWords(prepared, this.marked));
  }

  referral(tokens: readonly string[]): Referral | null {
    return this.referralAt(tokens)?.value ?? null;
  }

  /** The first referral found, and where its phrase starts; none when the message says one of its `notWith`. */
  referralAt(tokens: readonly string[]): { value: Referral; at: number } | null {
    const found = this.referralMatcher.firstAt(tokens);
    if (!found || found.value.notWith.length === 0) return found;
    const text = ` ${tokens.join(' ')} `;
    return found.value.notWith.some((phrase) => text.includes(` ${phrase} `)) ? null : found;
  }

  /** Where a message asks for everything to do ("cần làm những thủ tục gì", "làm lại từ đâu"): one past the words that ask it. */
  listAskEnd(tokens: readonly string[]): number | null {
    return this.listMatcher.firstAt(tokens)?.end ?? null;
  }
}
