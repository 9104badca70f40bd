import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Procedure } from '../catalog/schema.js';
import { type Facets, type SearchHit, withoutLevel } from '../search/index.js';
import { intentsDir } from '../paths.js';
import { fold, nameWords } from '../text/index.js';
import { thresholds } from './policy.js';
import { shortName } from './replies.js';
import { fill } from './templates.js';

/**
 * Clarifying questions in plain words (`intents/clarify.json`): when close candidates differ
 * only in what they do ("làm lại vì mất" / "đổi") or whom they are for ("người nước ngoài"),
 * the question asks about that; the answer — a label, its first word, a number, or the facet
 * said in other words ("mất rồi") — picks the candidate.
 */

const clarifySchema = z.object({
  actionQuestion: z.string(),
  actions: z.record(z.string(), z.string()),
  subjects: z.record(z.string(), z.object({ question: z.string(), yes: z.string(), no: z.string() })),
  line: z.string(),
  bare: z.array(z.object({ ask: z.array(z.string()).min(1), question: z.string(), codes: z.array(z.string()).min(1) })),
});
export type ClarifyTexts = z.infer<typeof clarifySchema>;

export function loadClarifyTexts(dir = intentsDir): ClarifyTexts {
  return clarifySchema.parse(JSON.parse(readFileSync(path.join(dir, 'clarify.json'), 'utf8')));
}

export interface FacetQuestion {
  lines: string[];
  /** One quick reply per option, in the options' order. */
  labels: string[];
}

const actionKey = (f: Facets) => (f.actions.length ? f.actions[0] : 'base');
const subjectKey = (f: Facets) => [...f.subjects].sort().join('+');

/** A question about the one facet the options differ in, or null when they differ in more. */
export function facetQuestion(t: ClarifyTexts, options: readonly SearchHit[]): FacetQuestion | null {
  // One option differs from nothing: there is no facet to ask about.
  if (options.length < 2) return null;
  const actions = options.map((h) => actionKey(h.facets));
  const subjects = options.map((h) => subjectKey(h.facets));
  const lines = (question: string, labels: string[]) => [
    question,
    ...options.map((h, i) => fill(t.line, { n: i + 1, label: labels[i], name: shortName(h.procedure) })),
  ];
  if (new Set(subjects).size === 1 && new Set(actions).size === options.length && aboutOneThing(options)) {
    const labels = actions.map((a) => t.actions[a] ?? t.actions.base);
    return new Set(labels).size === labels.length ? { lines: lines(t.actionQuestion, labels), labels } : null;
  }
  if (new Set(actions).size === 1 && options.length === 2 && new Set(subjects).size === 2) {
    const subject = subjects.find(Boolean)?.split('+')[0];
    const texts = subject ? t.subjects[subject] : undefined;
    if (!texts || subjects.every(Boolean)) return null;
    // "Nhập quốc tịch Việt Nam" says no foreigner, yet serves them: "có ai là người nước ngoài không?" tells nothing apart.
    if (options.some((h, i) => !subjects[i] && subject !== undefined && h.facets.serves?.includes(subject))) return null;
    const labels = subjects.map((s) => (s ? texts.yes : texts.no));
    return { lines: lines(texts.question, labels), labels };
  }
  return null;
}

/** Whether every two options' names share most of their words: one thing done in different ways, not two matters. */
function aboutOneThing(options: readonly SearchHit[]): boolean {
  const words = options.map((h) => new Set(nameWords(withoutLevel(h.procedure.name))));
  return words.every((a, i) =>
    words.slice(i + 1).every((b) => [...a].filter((w) => b.has(w)).length >= thresholds.sameThingShare * Math.min(a.size, b.size)),
  );
}

/** Which offered option the answer picks: its label, the label's first word ("có", "không"), or the facet said ("mất rồi"). */
export function pickByAnswer(
  folded: string,
  labels: readonly string[],
  asked: Facets,
  options: ReadonlyArray<Procedure | undefined>,
  facetsOf: (p: Procedure) => Facets | undefined,
): number | null {
  const exact = labels.findIndex((l) => fold(l) === folded);
  if (exact >= 0) return exact;
  const byFirstWord = labels.flatMap((l, i) => (fold(l).split(/[ ,]+/)[0] === folded ? [i] : []));
  if (byFirstWord.length === 1) return byFirstWord[0];
  const fits = options.flatMap((p, i) => {
    const f = p ? facetsOf(p) : undefined;
    if (!f) return [];
    const action = asked.actions.some((a) => a === actionKey(f));
    const subject =
      asked.subjects.some((s) => f.subjects.includes(s)) ||
      (asked.denied.length > 0 && asked.denied.every((d) => !f.subjects.includes(d)) && f.subjects.length === 0);
    return action || subject ? [i] : [];
  });
  return fits.length === 1 ? fits[0] : null;
}

/** "cấp lại", "giấy phép" alone: the question and the commonest procedures to choose from. */
export function bareQuestion(t: ClarifyTexts, folded: string): ClarifyTexts['bare'][number] | undefined {
  return t.bare.find((b) => b.ask.includes(folded));
}
