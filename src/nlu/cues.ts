import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type PreparedText, prepare } from '../text/index.js';

/**
 * Conversation cues from `intents/cues.json`: the words people use to steer a conversation
 * ("xem thêm", "gửi", "thôi", "còn … thì sao", "số 2"), as opposed to what they ask about.
 */

const phrases = z.array(z.string().min(1));
const cuesSchema = z.object({
  whole: z.object({
    more: phrases,
    retry: phrases,
    confirm: phrases,
    edit: phrases,
    cancel: phrases,
    leaveQuestion: phrases,
    resumeCapture: phrases,
  }),
  politeEndings: phrases,
  contains: z.object({
    another: phrases,
    feedbackRequest: phrases,
    late: phrases,
    dossierWord: phrases,
    dossierMissing: phrases,
    correction: phrases,
    needAsk: phrases,
    paperWord: phrases.default([]),
    backReference: phrases.default([]),
    placeOf: phrases.default([]),
    nextProcedure: phrases.default([]),
    validityAsk: phrases.default([]),
    /** Whom to ask or call ("vậy gọi ai để hỏi"): after a referral, the way to a person. */
    whoToAsk: phrases.default([]),
  }),
  /** Words a `contains` phrase's "…" stands for, up to three of them ("nơi … thường trú": "nơi em đang thường trú"). */
  fillers: phrases.default([]),
  /** Words that open what the person wants ("muốn", "cần"): a record named only before them is the story, not the request. */
  wanting: phrases.default([]),
  /** Per word of wanting, the words before which it says something else ("để lại", "xin lỗi"). */
  wantingNotBefore: z.record(z.string(), phrases).default({}),
  /** Words that, after a name's first word, still tell its action ("Xóa đăng ký …"): what is wanted is named after them. */
  nameActions: phrases.default([]),
  followUp: z.object({ start: phrases, end: phrases }),
  choice: z.object({ prefixes: phrases, numbers: z.record(z.string().regex(/^\d$/), phrases) }),
});

type CueFile = z.infer<typeof cuesSchema>;
export type WholeCue = keyof CueFile['whole'];
export type ContainedCue = keyof CueFile['contains'];
export type Cue = WholeCue | ContainedCue;

const words = (phrase: string) => prepare(phrase).tokens;
/** How many `fillers` a `contains` phrase's "…" stands for at most. */
const maxFillers = 3;

export class CueReader {
  private readonly whole: Map<string, WholeCue>;
  private readonly endings: string[][];
  private readonly contains: Array<{ cue: ContainedCue; phrases: string[][][] }>;
  private readonly fillers: ReadonlySet<string>;
  private readonly start: string[][];
  private readonly end: string[][];
  private readonly choices: Map<string, number>;
  private readonly wanting: Array<{ folded: string[]; written: string[]; notBefore: Set<string> }>;
  /** `nameActions`, folded. */
  readonly nameActions: ReadonlySet<string>;

  constructor(file: CueFile) {
    this.whole = new Map(
      (Object.entries(file.whole) as Array<[WholeCue, string[]]>).flatMap(([cue, list]) => list.map((p) => [words(p).join(' '), cue] as const)),
    );
    this.endings = file.politeEndings.map(words);
    this.contains = (Object.entries(file.contains) as Array<[ContainedCue, string[]]>).map(([cue, list]) => ({
      cue,
      phrases: list.map((p) => p.split('…').map(words)),
    }));
    this.fillers = new Set(file.fillers.flatMap(words));
    this.start = file.followUp.start.map(words);
    this.end = file.followUp.end.map(words);
    this.wanting = file.wanting.map((p) => ({
      folded: words(p),
      written: p.normalize('NFC').toLowerCase().split(/\s+/),
      notBefore: new Set((file.wantingNotBefore[p] ?? []).map((w) => words(w).join(' '))),
    }));
    this.nameActions = new Set(file.nameActions.map((p) => words(p).join(' ')));
    const prefixes = ['', ...file.choice.prefixes.map((p) => words(p).join(' '))];
    this.choices = new Map(
      Object.entries(file.choice.numbers).flatMap(([n, list]) =>
        list.flatMap((w) => prefixes.map((prefix) => [`${prefix} ${words(w).join(' ')}`.trim(), Number(n)] as const)),
      ),
    );
  }

  static fromDirectory(dir: string): CueReader {
    return new CueReader(cuesSchema.parse(JSON.parse(readFileSync(path.join(dir, 'cues.json'), 'utf8'))));
  }

  /**
   * The positions just after each word of wanting in the message ("… muốn nhập quốc tịch"), in order. A word typed
   * with other marks is another word ("cán bộ" is no "cần").
   */
  wantedStarts(prepared: PreparedText): number[] {
    const { tokens } = prepared;
    const typed = prepared.expanded.split(' ').filter(Boolean);
    const found: Array<{ at: number; end: number }> = [];
    for (const { folded, written, notBefore } of this.wanting)
      for (let i = 0; i + folded.length <= tokens.length; i++) {
        const same = (w: string, k: number) => tokens[i + k] === w && (typed[i + k] === w || typed[i + k]?.toLowerCase() === written[k]);
        if (folded.every(same) && !notBefore.has(tokens[i + folded.length])) found.push({ at: i, end: i + folded.length });
      }
    // "muốn xin thôi quốc tịch": a word of wanting right after another opens nothing new.
    const ends = new Set(found.map((f) => f.end));
    return [...new Set(found.filter((f) => !ends.has(f.at)).map((f) => f.end))].sort((a, b) => a - b);
  }

  /** Every cue in the message's folded tokens. */
  read(tokens: string[]): Cue[] {
    const found: Cue[] = [];
    const whole = this.whole.get(this.trimmed(tokens).join(' '));
    if (whole) found.push(whole);
    for (const { cue, phrases } of this.contains) if (phrases.some((p) => this.holds(tokens, p))) found.push(cue);
    return found;
  }

  /** 1-based number of an offered option the message picks ("2", "số 2", "cái thứ hai"), or null. */
  choice(tokens: string[]): number | null {
    return this.choices.get(this.trimmed(tokens).join(' ')) ?? null;
  }

  /** The follow-up words ("còn", "thì sao") at the start and end of the message, as token positions. */
  followUpPositions(tokens: string[]): number[] {
    const start = this.start.filter((p) => p.every((w, k) => tokens[k] === w)).sort((a, b) => b.length - a.length)[0] ?? [];
    const end =
      this.end
        .filter((p) => p.length <= tokens.length && p.every((w, k) => tokens[tokens.length - p.length + k] === w))
        .sort((a, b) => b.length - a.length)[0] ?? [];
    if (start.length + end.length > tokens.length) return [];
    return [...start.map((_, i) => i), ...end.map((_, i) => tokens.length - end.length + i)];
  }

  /** The phrase's pieces in order, each after the one before, with at most three filler words between them. */
  private holds(tokens: string[], pieces: string[][]): boolean {
    for (let at = 0; at + pieces[0].length <= tokens.length; at++) if (this.follows(tokens, at, pieces, 0, 0)) return true;
    return false;
  }

  /** The pieces from `n` on, in order from `from`, the first of them after at most `gaps` filler words. */
  private follows(tokens: string[], from: number, pieces: string[][], n: number, gaps: number): boolean {
    if (n === pieces.length) return true;
    for (let gap = 0; gap <= gaps; gap++) {
      if (gap > 0 && !this.fillers.has(tokens[from + gap - 1])) return false;
      const piece = pieces[n];
      if (piece.every((w, k) => tokens[from + gap + k] === w) && this.follows(tokens, from + gap + piece.length, pieces, n + 1, maxFillers))
        return true;
    }
    return false;
  }

  /** The tokens without polite words at the end ("tiếp đi nhé" → "tiếp"). */
  private trimmed(tokens: string[]): string[] {
    let out = tokens;
    for (let changed = true; changed && out.length > 1;) {
      const ending = this.endings.find((e) => e.length < out.length && e.every((w, k) => out[out.length - e.length + k] === w));
      changed = Boolean(ending);
      if (ending) out = out.slice(0, out.length - ending.length);
    }
    return out;
  }
}
