import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { fold } from '../text/index.js';
import { buildPhraseTable } from './phrases.js';

/**
 * The national colloquial vocabulary (`intents/vocabulary/*.json`): what people say ("sổ đỏ",
 * "sang tên", "cà vẹt") and the words of the official names it means. A question that says one
 * also credits the official words, so it finds records whose names never use the everyday word.
 */

const termSchema = z.object({
  say: z.array(z.string().trim().min(1)).min(1),
  means: z.string().trim().min(1),
  when: z.array(z.string().trim().min(1)).optional(),
  /** Phrases that undo the condition: "chưa đóng bảo hiểm xã hội" says the `when` words, yet no insured death. */
  unless: z.array(z.string().trim().min(1)).optional(),
});
const vocabularyFileSchema = z.object({ terms: z.array(termSchema) });

interface Term {
  means: string[];
  when: string[] | null;
  unless: string[];
  /** The saying's words as written, when it has marks: a question typed with marks must use them ("súng" is not "bổ sung"). */
  marked: string[] | null;
}

export class Vocabulary {
  private readonly table: Map<string, string[][]>;
  private readonly terms = new Map<string, Term[]>();

  constructor(entries: Array<z.infer<typeof termSchema>>) {
    const sayings: string[] = [];
    for (const entry of entries) {
      const means = fold(entry.means).split(' ').filter(Boolean);
      const when = entry.when?.map((w) => fold(w)) ?? null;
      const unless = entry.unless?.map((w) => fold(w)) ?? [];
      for (const say of entry.say) {
        const key = fold(say);
        if (!key) continue;
        const written = say.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean);
        const marked = written.join(' ') === key ? null : written;
        sayings.push(key);
        this.terms.set(key, [...(this.terms.get(key) ?? []), { means, when, unless, marked }]);
      }
    }
    this.table = buildPhraseTable(sayings);
  }

  static load(dir = path.join(intentsDir, 'vocabulary')): Vocabulary {
    if (!existsSync(dir)) return new Vocabulary([]);
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((file) => {
        const parsed = vocabularyFileSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
        if (!parsed.success) throw new Error(`${path.join(dir, file)}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
        return parsed.data.terms;
      });
    return new Vocabulary(entries);
  }

  /**
   * The official words meant by the everyday phrases in `tokens` (folded), not already there.
   * `marked`: the question's words as typed, when it was typed with marks (else empty strings). `context`: the
   * whole question, where a condition (`when`) may stand among its framing words ("muốn mang theo").
   */
  officialWords(tokens: readonly string[], marked: readonly string[] = [], context: readonly string[] = tokens): string[] {
    const out = new Set<string>();
    const text = ` ${context.join(' ')} `;
    for (let i = 0; i < tokens.length; i++) {
      for (const phrase of this.table.get(tokens[i]) ?? []) {
        if (!phrase.every((w, k) => tokens[i + k] === w)) continue;
        for (const term of this.terms.get(phrase.join(' ')) ?? []) {
          if (term.when && !term.when.some((w) => text.includes(` ${w} `))) continue;
          if (term.unless.some((w) => text.includes(` ${w} `))) continue;
          if (term.marked && marked[i] && !term.marked.every((w, k) => marked[i + k]?.normalize('NFC').toLowerCase() === w)) continue;
          for (const word of term.means) out.add(word);
        }
      }
    }
    for (const token of tokens) out.delete(token);
    return [...out];
  }
}
