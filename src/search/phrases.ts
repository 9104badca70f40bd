import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';

/** The search lexicon (`intents/search.json`) and the phrase matching it needs. */

const searchLexiconSchema = z.object({
  cuePhrases: z.array(z.string()),
  cueWordForms: z.record(z.string(), z.array(z.string())).default({}),
  levels: z.record(z.string(), z.array(z.string())),
  levelOrder: z.array(z.string()),
  authorityWords: z.array(z.string()).default([]),
  interchangeableWords: z.array(z.string()).default([]),
  /** Procedures some records join into one ("khai sinh kết hợp nhận cha, mẹ, con"): how a name and a question say each. */
  parts: z
    .record(
      z.string(),
      z.object({
        name: z.array(z.string()),
        ask: z.array(z.string()),
        /** Words that make an ask phrase one or two words after them a thing done ("con đã làm giấy khai sinh", "lúc làm khai sinh cho cháu"). */
        notAfter: z.array(z.string()).default([]),
        /** Phrases that tell the part already done ("phần tên cha để trống", "có giấy khai sinh rồi"): then it is not asked. */
        done: z.array(z.string()).default([]),
        /** "chưa đăng ký thường trú", "hộ khẩu thì để sau" deny it; "chưa có tên bố" does not deny a recognition, it asks one. */
        deniable: z.boolean().default(false),
      }),
    )
    .default({}),
  /** Records published once per channel ("… trực tuyến toàn trình" / "… một phần hoặc trực tiếp"): how a name and a question say each. */
  channelVariants: z.record(z.string(), z.object({ name: z.array(z.string()), ask: z.array(z.string()) })).default({}),
  /**
   * Whether the civil status register still holds an entry ("ở xã vẫn còn lưu sổ") or lost it ("sổ lưu cũng mất"): a
   * copy is made from a register that holds it, a registration is made again only when it is gone. In a question with
   * a `context` word, a `register` word with a `lost` word within `window` words after it (or a `lostPhrases` phrase)
   * tells the loss, one with a `kept` word (or a `keptPhrases` phrase: "vẫn còn lưu sổ") the entry kept; names saying `copyName` / `againName` fit one or the other.
   */
  registers: z
    .object({
      context: z.array(z.string()),
      register: z.array(z.string()),
      lost: z.array(z.string()),
      lostPhrases: z.array(z.string()),
      kept: z.array(z.string()),
      keptPhrases: z.array(z.string()),
      window: z.number().int().positive(),
      copyName: z.array(z.string()),
      againName: z.array(z.string()),
    })
    .optional(),
  /**
   * Terms that share a word but name different things ("khai sinh" / "khai tử", "tàu biển" / "tàu cá"); each term is
   * its phrases. A story that says one term of a group and no other fits no name that says only others of it.
   */
  exclusiveTerms: z.array(z.array(z.array(z.string()).min(1)).min(2)).default([]),
  /** Words two channel copies of one procedure may differ in ("thực hiện bằng dịch vụ công…", "tại cấp tỉnh"). */
  channelWords: z.array(z.string()).default([]),
  /**
   * "chở bò từ Nghệ An ra Hà Nội": a journey between two places of a subject's list (`places`: the provinces of
   * "domestic"), told with a `from` word and a `towards` word, means the official words for leaving a province. The
   * place it goes to may come up to `reach` words later ("trại ở Đồng Nai, tháng sau xuất một xe heo ra Hà Nội").
   */
  journey: z
    .object({
      places: z.string(),
      from: z.array(z.string()),
      towards: z.array(z.string()),
      reach: z.number().int().nonnegative().default(0),
      means: z.string(),
    })
    .optional(),
  /**
   * "còn lệ phí thì sao?" typed "con le phi thi sao": a follow-up's opening word (after one of `after`: "thế còn") in
   * one of its `forms`, or unmarked and not before one of `notBefore` ("con tôi", "con gái"), names nothing.
   */
  followUpLead: z
    .object({ word: z.string(), forms: z.array(z.string()), after: z.array(z.string()).default([]), notBefore: z.array(z.string()).default([]) })
    .optional(),
});
export type SearchLexicon = z.infer<typeof searchLexiconSchema>;

export function loadSearchLexicon(dir = intentsDir): SearchLexicon {
  return searchLexiconSchema.parse(JSON.parse(readFileSync(path.join(dir, 'search.json'), 'utf8')));
}

/** Phrases keyed by their first word, longest first, for greedy removal. */
export function buildPhraseTable(phrases: string[]): Map<string, string[][]> {
  const table = new Map<string, string[][]>();
  for (const phrase of phrases) {
    const words = phrase.split(' ').filter(Boolean);
    if (words.length === 0) continue;
    const list = table.get(words[0]) ?? [];
    list.push(words);
    table.set(words[0], list);
  }
  for (const list of table.values()) list.sort((a, b) => b.length - a.length);
  return table;
}

/** keep[i] is false for words that belong to a framing phrase. */
export function stripPhrases(tokens: string[], table: Map<string, string[][]>): boolean[] {
  const keep = tokens.map(() => true);
  let i = 0;
  while (i < tokens.length) {
    const phrase = table.get(tokens[i])?.find((p) => p.every((w, k) => tokens[i + k] === w));
    if (phrase) {
      for (let k = 0; k < phrase.length; k++) keep[i + k] = false;
      i += phrase.length;
    } else {
      i++;
    }
  }
  return keep;
}

/** Does the folded text hold one of these phrases (folded) as whole words? */
export function saysAny(folded: string, phrases: readonly string[]): boolean {
  const text = ` ${folded} `;
  return phrases.some((p) => text.includes(` ${p} `));
}

/** The phrase's words stand in `tokens` from `at` on. */
export function phraseAt(tokens: readonly string[], phrase: readonly string[], at: number): boolean {
  return phrase.every((w, k) => tokens[at + k] === w);
}

export function containsPhrase(tokens: string[], phrase: string[]): boolean {
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phraseAt(tokens, phrase, i)) return true;
  }
  return false;
}
