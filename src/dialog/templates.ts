import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';

/** Reply texts live in `intents/replies.json`; this reads and checks them once at start-up. */

const section = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.string()])) as Record<K, z.ZodString>);

const repliesSchema = z.object({
  channelNames: z.object({ direct: z.string(), online: z.string(), postal: z.string() }),
  units: z.object({ working_day: z.string(), day: z.string(), hour: z.string(), month: z.string() }),
  documents: section([
    'title',
    'submit',
    'present',
    'case',
    'item',
    'originals',
    'copies',
    'form',
    'none',
    'caseOption',
    'otherCases',
  ] as const).extend({
    /** Words that mark a case as an exception, never the main checklist. */
    rareCases: z.array(z.string()),
  }),
  duration: section(['title', 'line', 'unknown', 'none', 'due', 'dueOn', 'provisional'] as const),
  fees: section([
    'title',
    'line',
    'free',
    'amount',
    'foreignAmount',
    'none',
    'province',
    'unpublished',
    'until',
    'then',
    'reduced',
    'basis',
    'ended',
    'upcoming',
    'disagree',
    'cellFree',
    'described',
    'implausible',
  ] as const),
  where: section(['title', 'executing', 'competent', 'stated', 'level', 'none'] as const),
  online: section(['full', 'partial', 'none', 'postalToo', 'how', 'vneid', 'postal'] as const),
  steps: section(['title', 'line', 'none'] as const),
  forms: section(['title', 'line', 'none', 'where'] as const),
  requirements: section(['title', 'none'] as const),
  /** How long the paper holds: the record's own sentences that say it (`says`, not `notSays`: a document that must still be valid). */
  validity: section(['title', 'none', 'ask'] as const).extend({ says: z.array(z.string()).min(1), notSays: z.array(z.string()).default([]) }),
  overview: section(['title', 'level', 'time', 'timeDetails', 'fee', 'feeRange', 'feeDetails', 'result', 'ask'] as const).extend({
    online: z.object({ full: z.string(), partial: z.string(), none: z.string() }),
  }),
  browse: section(['title', 'line', 'none', 'related', 'likely', 'pick'] as const),
  suggestions: z.record(z.string(), z.array(z.string())),
  ...Object.fromEntries(
    [
      'abolished',
      'abolishedReplaced',
      'willBe',
      'sourceDecision',
      'sourceAdded',
      'source',
      'sourceUpdated',
      'more',
      'moreNone',
      'channelOnly',
      'channelMissing',
      'clarify',
      'clarifyAgain',
      'clarifyLine',
      'alsoClose',
      'askProcedure',
      'greeting',
      'help',
      'thanks',
      'handoff',
      'handoffAbout',
      'askStaffQuestion',
      'staffQuestionSaved',
      'askFeedback',
      'feedbackSaved',
      'outOfScope',
      'outOfScopeLikely',
      'storyNotFound',
      'unclear',
      'notText',
      'captureFeedback',
      'captureQuestion',
      'captureRewrite',
      'captureCancelled',
      'partMore',
      'continued',
      'slowDown',
    ].map((k) => [k, z.string()]),
  ),
});

export type Replies = z.infer<typeof repliesSchema> &
  Record<
    | 'abolished'
    | 'abolishedReplaced'
    | 'willBe'
    | 'sourceDecision'
    | 'sourceAdded'
    | 'source'
    | 'sourceUpdated'
    | 'more'
    | 'moreNone'
    | 'channelOnly'
    | 'channelMissing'
    | 'clarify'
    | 'clarifyAgain'
    | 'clarifyLine'
    | 'alsoClose'
    | 'askProcedure'
    | 'greeting'
    | 'help'
    | 'thanks'
    | 'handoff'
    | 'handoffAbout'
    | 'askStaffQuestion'
    | 'staffQuestionSaved'
    | 'askFeedback'
    | 'feedbackSaved'
    | 'outOfScope'
    | 'outOfScopeLikely'
    | 'storyNotFound'
    | 'unclear'
    | 'notText'
    | 'captureFeedback'
    | 'captureQuestion'
    | 'captureRewrite'
    | 'captureCancelled'
    | 'partMore'
    | 'continued'
    | 'slowDown',
    string
  >;

export function loadReplies(dir = intentsDir): Replies {
  return repliesSchema.parse(JSON.parse(readFileSync(path.join(dir, 'replies.json'), 'utf8'))) as Replies;
}

export { fill } from '../text/template.js';
