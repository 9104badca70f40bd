import { vietnamDay } from '../calendar/index.js';
import type { AskInput, AskResult } from '../dialog/types.js';
import { isProcedureIntent } from '../nlu/intents.js';
import type { Repositories, TurnOutcome } from '../store/index.js';
import { scrubPersonalData } from '../privacy/index.js';

/**
 * The turn log analytics read: one insert per answered turn, written after the reply is built
 * and never awaited by it. No session id is kept, and the text passes the personal-data
 * scrubber (receipt codes, phone and ID numbers, e-mail addresses, names). Turns from the CLI (and from code calling the engine
 * without a channel: tests, evaluations) are not people asking, so they are not logged.
 */
export interface TurnLog {
  record(input: AskInput, result: AskResult): void;
}

const TEXT_MAX = 500;
const ACTION_MAX = 200;

/** What became of a question: answered, a clarifying question, nothing found, or outside the catalog. */
export function outcomeOf(result: Pick<AskResult, 'intent' | 'procedure' | 'candidates'>): TurnOutcome {
  if (result.intent === 'out_of_scope') return 'out_of_scope';
  if (result.procedure) return 'answered';
  if (result.candidates.length > 0 && result.intent !== 'browse') return 'clarified';
  if (isProcedureIntent(result.intent)) return 'unanswered';
  return 'answered';
}

/** The assistant's move in short: the procedure or the options, then the first line of the reply. */
export function actionOf(result: AskResult): string {
  const codes = result.procedure ? [result.procedure.code] : result.candidates.slice(0, 3).map((c) => c.code);
  const firstLine = result.reply.split('\n', 1)[0] ?? '';
  return scrubPersonalData([codes.join(', '), firstLine].filter(Boolean).join(' — ')).slice(0, ACTION_MAX);
}

export function createTurnLog(deps: { repositories: Repositories; onError?: (error: Error) => void; now?: () => number }): TurnLog {
  const now = deps.now ?? Date.now;
  return {
    record(input, result) {
      if (!input.channel || input.channel === 'cli') return;
      const at = now();
      deps.repositories.turns
        .record({
          at,
          day: vietnamDay(at),
          channel: input.channel,
          intent: result.intent,
          confidence: Math.round(result.confidence * 1000) / 1000,
          procedureCode: result.procedure?.code ?? null,
          outcome: outcomeOf(result),
          text: scrubPersonalData(input.text).slice(0, TEXT_MAX),
          action: actionOf(result),
        })
        .catch((error: Error) => deps.onError?.(error));
    },
  };
}
