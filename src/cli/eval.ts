import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Assistant } from '../dialog/types.js';
import { hasDiacritics } from '../text/index.js';

/** Scores the assistant on labelled conversations (format: shared/eval/README.md). */

const turnSchema = z.object({
  text: z.string(),
  expect: z.object({
    intent: z.array(z.string()).optional(),
    procedure: z.array(z.string()).nullable().optional(),
    receiptCode: z.string().optional(),
  }),
});
/** `category` (optional) groups a set's conversations in the report: plain, rambling, sibling, foreigner… */
const conversationSchema = z.object({ id: z.string(), category: z.string().optional(), turns: z.array(turnSchema).min(1) });
export type Conversation = z.infer<typeof conversationSchema>;

export function readConversations(file: string): Conversation[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, n }) => {
      const parsed = conversationSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

interface Tally {
  turns: number;
  correct: number;
  intentChecked: number;
  intentCorrect: number;
  procedureChecked: number;
  procedureCorrect: number;
}

export interface EvalMiss {
  id: string;
  text: string;
  expected: Conversation['turns'][number]['expect'];
  got: { intent: string; procedure: string | null; receiptCode: string | null };
}

export interface EvalReport {
  overall: Tally;
  withDiacritics: Tally;
  withoutDiacritics: Tally;
  byCategory: Record<string, Tally>;
  misses: EvalMiss[];
}

const emptyTally = (): Tally => ({ turns: 0, correct: 0, intentChecked: 0, intentCorrect: 0, procedureChecked: 0, procedureCorrect: 0 });

export async function evaluate(assistant: Assistant, conversations: Conversation[], runId = Date.now().toString(36)): Promise<EvalReport> {
  const report: EvalReport = { overall: emptyTally(), withDiacritics: emptyTally(), withoutDiacritics: emptyTally(), byCategory: {}, misses: [] };
  for (const conversation of conversations) {
    const sessionId = `eval:${runId}:${conversation.id}`;
    for (const turn of conversation.turns) {
      const result = await assistant.ask({ text: turn.text, sessionId, channel: 'cli' });
      const { expect } = turn;
      const intentOk = !expect.intent || expect.intent.includes(result.intent);
      const procedureOk =
        expect.procedure === undefined ||
        (expect.procedure === null ? result.procedure === null : result.procedure !== null && expect.procedure.includes(result.procedure.code));
      const codeOk = expect.receiptCode === undefined || expect.receiptCode === result.receiptCode;
      const ok = intentOk && procedureOk && codeOk;
      const tallies = [report.overall, hasDiacritics(turn.text) ? report.withDiacritics : report.withoutDiacritics];
      if (conversation.category) tallies.push((report.byCategory[conversation.category] ??= emptyTally()));
      for (const tally of tallies) {
        tally.turns++;
        if (ok) tally.correct++;
        if (expect.intent) {
          tally.intentChecked++;
          if (intentOk) tally.intentCorrect++;
        }
        if (expect.procedure !== undefined) {
          tally.procedureChecked++;
          if (procedureOk) tally.procedureCorrect++;
        }
      }
      if (!ok) {
        report.misses.push({
          id: conversation.id,
          text: turn.text,
          expected: expect,
          got: { intent: result.intent, procedure: result.procedure?.code ?? null, receiptCode: result.receiptCode },
        });
      }
    }
  }
  return report;
}

export const accuracy = (correct: number, total: number): number => (total === 0 ? 1 : correct / total);

export function formatReport(report: EvalReport): string {
  const pct = (c: number, t: number) => `${(accuracy(c, t) * 100).toFixed(1)}% (${c}/${t})`;
  const row = (label: string, t: Tally) =>
    `${label.padEnd(18)} turns ${pct(t.correct, t.turns).padEnd(18)} intent ${pct(t.intentCorrect, t.intentChecked).padEnd(18)} procedure ${pct(t.procedureCorrect, t.procedureChecked)}`;
  const lines = [
    row('overall', report.overall),
    row('with diacritics', report.withDiacritics),
    row('without diacritics', report.withoutDiacritics),
    ...Object.entries(report.byCategory)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, tally]) => row(`  ${category}`, tally)),
  ];
  if (report.misses.length) {
    lines.push('', `misses (${report.misses.length}):`);
    for (const m of report.misses) {
      lines.push(
        `  [${m.id}] ${m.text}\n      expected intent ${m.expected.intent?.join('|') ?? '-'} procedure ${m.expected.procedure === undefined ? '-' : m.expected.procedure === null ? 'null' : m.expected.procedure.join('|')}${m.expected.receiptCode ? ` code ${m.expected.receiptCode}` : ''}\n      got      intent ${m.got.intent} procedure ${m.got.procedure ?? 'null'}${m.got.receiptCode ? ` code ${m.got.receiptCode}` : ''}`,
      );
    }
  }
  return lines.join('\n');
}
