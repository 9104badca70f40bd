import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { buildPhraseTable } from '../search/phrases.js';
import { type PreparedText, hasTone, markOtherWords, typedWords } from '../text/index.js';

/**
 * The narrow questions a message asks about a procedure ("ở đâu", "bao lâu", "mang gì"), from
 * `intents/asks.json`, in the order they are asked. A long message tells a story first and asks
 * at the end; these cues find the question wherever it sits.
 */

export const narrowIntents = ['where', 'duration', 'fees', 'documents', 'online', 'forms', 'requirements', 'steps', 'overview'] as const;
export type NarrowIntent = (typeof narrowIntents)[number];
/**
 * What a cue asks: a narrow question, or `how` — a vague "làm sao", "thế nào" that wants the
 * procedure as a whole (answered as the overview), unlike "các bước", "quy trình" (steps).
 */
const askKinds = [...narrowIntents, 'how'] as const;
export type AskKind = (typeof askKinds)[number];

/**
 * Questions that yield to any other asked with them: a channel ("…, online được không?" answers
 * the other question for that channel), how to go about it ("thế nào") and which procedure
 * ("thủ tục gì"), which every narrower answer also tells.
 */
const yielding: readonly AskKind[] = ['online', 'steps', 'overview', 'how'];

/** Words that make a piece of a message a question (folded). */
export const questionWords: ReadonlySet<string> = new Set([
  'gi',
  'nao',
  'sao',
  'bao',
  'dau',
  'khong',
  'ko',
  'k',
  'chua',
  'may',
  'nhieu',
  'ai',
  'the',
  'nhu',
]);

const spanSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  /** Narrow questions inside the span that it answers instead ("có được … miễn phí không" asks whether one may). */
  over: z.array(z.enum(askKinds)).default([]),
});
const cueFileSchema = z.object({
  asks: z.partialRecord(z.enum(askKinds), z.array(z.string().min(1))),
  spans: z.partialRecord(z.enum(askKinds), z.array(spanSchema)).default({}),
  spanWords: z.number().int().positive().default(6),
  /** A span does not open right after these: the office is where the person would rather not go ("khỏi phải ra công an thì được không"). */
  spanNotAfter: z.array(z.string().min(1)).default([]),
  /** How many words may stand between a channel and the "có được không" that asks about it. */
  channelWords: z.number().int().nonnegative().default(1),
  /** Words that look like a cue but tell rather than ask ("khai tờ khai", "đã nộp ở", "được mấy tháng"). */
  tells: z.array(z.string().min(1)).default([]),
  /** Where to hand a file in ("hồ sơ gửi đâu") is a where-question, not a dossier's status, unless these say it is already in. */
  submitting: z.object({ words: z.array(z.string().min(1)), notWith: z.array(z.string().min(1)) }).default({ words: [], notWith: [] }),
  /** Question words that never carry a tone mark: typed with one ("đấu thầu", "lần đầu"), they are other words. */
  untoned: z.array(z.string().min(1)).default([]),
  /** Question words with a mark of their own: typed with another ("thẻ", not "thế"), they are other words. */
  marked: z.record(z.string(), z.array(z.string().min(1))).default({}),
});

type Span = z.infer<typeof spanSchema> & { intent: AskKind; fromWords: string[]; toWords: string[] };

interface Match {
  intent: AskKind;
  start: number;
  end: number;
}

/**
 * "qua bưu điện có được không", "nộp online từ bên Nhật thì có được không": whether one may, asked
 * within `words` words after a channel, asks about that channel; so does the office offered as its
 * other side ("làm trên mạng được không hay phải lên sở"), which alone asks where ("ở tỉnh được không hay phải ra Hà Nội").
 */
function channelAllowed(tokens: readonly string[], matches: Match[], words: number): Match[] {
  return matches.flatMap((m, i) => {
    const before = matches[i - 1];
    if (before?.intent !== 'online' || m.start - before.end > words) return [m];
    return m.intent === 'requirements' || (m.intent === 'where' && tokens[m.start] === 'hay') ? [] : [m];
  });
}

export class AskCues {
  private readonly table: Map<string, string[][]>;
  private readonly intentOf = new Map<string, AskKind | null>();
  private readonly spans: Span[];
  private readonly spanNotAfter: string[][];

  constructor(
    asks: Partial<Record<AskKind, string[]>>,
    spans: Partial<Record<AskKind, Array<z.infer<typeof spanSchema>>>> = {},
    private readonly spanWords = 6,
    tells: string[] = [],
    private readonly submitting: { words: string[]; notWith: string[] } = { words: [], notWith: [] },
    private readonly untoned: ReadonlySet<string> = new Set(),
    private readonly marked: Readonly<Record<string, readonly string[]>> = {},
    private readonly channelWords = 1,
    spanNotAfter: readonly string[] = [],
  ) {
    this.spanNotAfter = spanNotAfter.map((p) => p.split(' '));
    for (const phrase of tells) this.intentOf.set(phrase, null);
    for (const [intent, phrases] of Object.entries(asks) as Array<[AskKind, string[]]>) {
      for (const phrase of phrases) this.intentOf.set(phrase, intent);
    }
    this.table = buildPhraseTable([...this.intentOf.keys()]);
    this.spans = (Object.entries(spans) as Array<[AskKind, Array<z.infer<typeof spanSchema>>]>).flatMap(([intent, list]) =>
      list.map((s) => ({ ...s, intent, fromWords: s.from.split(' '), toWords: s.to.split(' ') })),
    );
  }

  static load(dir = intentsDir): AskCues {
    const file = cueFileSchema.parse(JSON.parse(readFileSync(path.join(dir, 'asks.json'), 'utf8')));
    return new AskCues(
      file.asks,
      file.spans,
      file.spanWords,
      file.tells,
      file.submitting,
      new Set(file.untoned),
      file.marked,
      file.channelWords,
      file.spanNotAfter,
    );
  }

  /** The folded words to read questions in: "đi đấu thầu" is no "đi đâu" when the writer typed its marks. */
  questionTokens(prepared: PreparedText): string[] {
    const typed = typedWords(prepared);
    if (!typed) return prepared.tokens;
    const tokens = markOtherWords(prepared, this.marked);
    // A question word that never carries a tone mark, typed with one, is another word too.
    return tokens.map((t, i) => (this.untoned.has(t) && hasTone(typed[i]) ? `${t}~` : t));
  }

  /** "hồ sơ gửi đâu", "hồ sơ nộp ở công an hay sở": where to hand a file in, not where a filed one has got to ("đến đâu rồi"). */
  asksWhereToSubmit(tokens: readonly string[], asks: readonly AskKind[]): boolean {
    if (!asks.includes('where') || !tokens.some((t) => this.submitting.words.includes(t))) return false;
    const text = ` ${tokens.join(' ')} `;
    return !this.submitting.notWith.some((phrase) => text.includes(` ${phrase} `));
  }

  /**
   * Each narrow question asked, once, in the order of its last cue. A cue made only of the
   * procedure's own words ("lệ phí" in "khai lệ phí trước bạ") asks nothing.
   */
  asks(tokens: readonly string[], procedure: ReadonlySet<number> = new Set()): AskKind[] {
    return this.read(tokens, procedure).found;
  }

  /**
   * The narrow questions (not how, which or the channel) whose cue closes a clause: "nộp ở đâu, khai thế nào?"
   * asks where as surely as how, while "còn mấy tháng lương chưa lĩnh, lĩnh thay thế nào?" only tells a number.
   * `clauseEnds` holds the index just past each clause's last word.
   */
  closingAsks(tokens: readonly string[], clauseEnds: ReadonlySet<number>, procedure: ReadonlySet<number> = new Set()): AskKind[] {
    return this.read(tokens, procedure)
      .matches.filter((m) => clauseEnds.has(m.end) && !yielding.includes(m.intent))
      .map((m) => m.intent);
  }

  /** The narrow question the message ends on: its last cue ends within `slack` words of the end ("…, có online không?"). */
  endingAsk(tokens: readonly string[], slack: number, procedure: ReadonlySet<number> = new Set()): AskKind | null {
    const last = this.read(tokens, procedure).matches.at(-1);
    return last && tokens.length - last.end <= slack ? last.intent : null;
  }

  /** The positions of words that tell rather than ask ("mấy tháng nay", "ở đâu cả"): no reader should take them for a question. */
  toldPositions(tokens: readonly string[]): Set<number> {
    const told = new Set<number>();
    for (const { phrase, at } of this.cues(tokens)) if (this.intentOf.get(phrase.join(' ')) === null) phrase.forEach((_, k) => told.add(at + k));
    return told;
  }

  /**
   * The cue phrases of a message, left to right, each the longest at its place; a phrase made only of
   * the procedure's own plain words (`procedure`: their positions) is no cue, and the next word is read.
   */
  private *cues(tokens: readonly string[], procedure: ReadonlySet<number> = new Set()): Generator<{ phrase: string[]; at: number }> {
    let i = 0;
    while (i < tokens.length) {
      const phrase = this.table.get(tokens[i])?.find((p) => p.every((w, k) => tokens[i + k] === w));
      // "ở đâu" asks even where the search read "đâu" as a name's "đậu"; a cue of plain words does not.
      if (!phrase || phrase.every((w, k) => procedure.has(i + k) && !questionWords.has(w))) {
        i++;
        continue;
      }
      yield { phrase, at: i };
      i += phrase.length;
    }
  }

  private read(tokens: readonly string[], procedure: ReadonlySet<number>): { found: AskKind[]; matches: Match[] } {
    const plain: Match[] = [];
    for (const { phrase, at } of this.cues(tokens, procedure)) {
      const intent = this.intentOf.get(phrase.join(' '));
      if (intent) plain.push({ intent, start: at, end: at + phrase.length });
    }
    const matches = this.submitted(
      tokens,
      channelAllowed(
        tokens,
        this.withSpans(tokens, plain).sort((a, b) => a.end - b.end),
        this.channelWords,
      ),
    );
    // Ordered by where each is last asked: the question a message ends on decides.
    const found: AskKind[] = [];
    for (const { intent } of matches) {
      const at = found.indexOf(intent);
      if (at >= 0) found.splice(at, 1);
      found.push(intent);
    }
    return { found, matches };
  }

  /** "tờ khai đó nộp ở đâu": a form named before where to hand it in is what is handed in, not the question. */
  private submitted(tokens: readonly string[], matches: Match[]): Match[] {
    const handedIn = (m: Match) => m.intent === 'where' && this.submitting.words.includes(tokens[m.start]);
    return matches.filter((m, i) => m.intent !== 'forms' || !matches.slice(i + 1).some(handedIn));
  }

  /**
   * "có được … không", "có phải … không": a yes-or-no question around a few words asks whether
   * one may or must; a narrower question inside it ("có nộp online được không") is the question,
   * unless the span answers it ("có được trợ giúp pháp lý miễn phí không" asks who may).
   */
  private withSpans(tokens: readonly string[], plain: Match[]): Match[] {
    let matches = plain;
    // A span opens on no word that tells ("giấy chứng nhận đủ điều kiện … thì xin thế nào" asks how, not the conditions).
    const told = this.toldPositions(tokens);
    const avoided = (i: number) => this.spanNotAfter.some((p) => p.every((w, k) => tokens[i - p.length + k] === w));
    for (const span of this.spans) {
      for (let i = 0; i < tokens.length; i++) {
        if (told.has(i) || !span.fromWords.every((w, k) => tokens[i + k] === w) || avoided(i)) continue;
        const after = i + span.fromWords.length;
        let end = -1;
        for (let j = after; j <= Math.min(tokens.length - span.toWords.length, after + this.spanWords); j++) {
          if (span.toWords.every((w, k) => tokens[j + k] === w)) {
            end = j + span.toWords.length;
            break;
          }
        }
        if (end < 0) continue;
        const inside = matches.filter((m) => m.start >= i && m.start < end);
        if (inside.some((m) => m.intent !== span.intent && !span.over.includes(m.intent))) continue;
        matches = [...matches.filter((m) => !inside.includes(m)), { intent: span.intent, start: i, end }];
      }
    }
    return matches;
  }

  /**
   * The question that decides a message's intent: the last narrow one; a channel, the steps,
   * which procedure or how to go about it (the overview) only when nothing narrower is asked —
   * except that a message ending on "… thì làm thế nào?" asks that, whatever its story told
   * before, unless a narrower question closed a clause of its own (`closing`).
   */
  static decisive(asks: readonly AskKind[], ending: AskKind | null = null, closing: readonly AskKind[] = []): NarrowIntent | null {
    // "lấy mẫu đơn ở đâu" asks for the form, wherever it is to be had.
    if (asks.includes('forms')) return 'forms';
    if ((ending === 'steps' || ending === 'how') && closing.length === 0) return asks.includes('steps') ? 'steps' : 'overview';
    const narrow = asks.filter((a) => !yielding.includes(a));
    const asked = narrow.at(-1) ?? closing.at(-1) ?? yielding.find((a) => asks.includes(a)) ?? null;
    return asked === 'how' ? 'overview' : asked;
  }
}
