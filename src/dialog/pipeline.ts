import type { Catalog } from '../catalog/store.js';
import type { Procedure } from '../catalog/schema.js';
import type { DossierService } from '../dossier/service.js';
import type { Intent, Understander, Understanding } from '../nlu/index.js';
import { limits } from './policy.js';
import type { ClarifyTexts } from './clarify.js';
import type { ReplyBuilder } from './replies.js';
import type { InboxStore, SessionState } from './sessions.js';
import type { Replies } from './templates.js';
import type { AskResult } from './types.js';

/**
 * A turn is a list of named stages. Each reads the message, what was decided so far and the
 * session as it was, and returns what it changes: a reply (the turn ends), or decisions and
 * session changes for the stages after it. No stage changes the session in place.
 */

export type Turn = Omit<AskResult, 'notifications'>;

/** Everything a stage may use; read-only. */
export interface TurnContext {
  text: string;
  sessionId: string | undefined;
  clientKey: string;
  /** The session as it was before this turn. */
  state: Readonly<SessionState>;
  deps: StageDeps;
}

/** The procedure the conversation is about, from before this turn. */
export function discussed(ctx: TurnContext): Procedure | undefined {
  return ctx.state.procedureCode ? ctx.deps.catalog.get(ctx.state.procedureCode) : undefined;
}

export interface StageDeps {
  catalog: Catalog;
  understander: Understander;
  replies: Replies;
  builder: ReplyBuilder;
  inbox: InboxStore;
  dossiers: DossierService;
  hotline: string;
  /** The clock answers are dated by (fees in force, due dates). */
  now: () => number;
  clarify: ClarifyTexts;
}

/** What has been decided so far; the understanding of the message is where it starts. */
export interface Decision {
  u: Understanding;
  intent: Intent;
  procedure?: Procedure;
  /** How the procedure was found: typed code, an offered option, named in the message, or kept from before. */
  via?: 'code' | 'offered' | 'named' | 'kept';
  /** A record the message names beside the procedure kept ("có cần giấy … không"): offered one tap away. */
  alongside?: Procedure;
  /** Which case of a documents checklist to list (a quick reply naming one). */
  caseIndex?: number;
}

/** Session fields a turn may change; a key set to undefined is cleared. */
export type SessionChanges = Partial<Omit<SessionState, 'recent'>>;

export type Step = { reply: Turn; session?: SessionChanges } | { decide?: Partial<Decision>; session?: SessionChanges } | undefined;

export interface Stage {
  name: string;
  run(ctx: TurnContext, decision: Decision): Step | Promise<Step>;
}

/** Fields cleared unless this turn sets them again: an offer or a pending question lasts one turn. */
const oneTurn: SessionChanges = {
  offered: undefined,
  offeredLabels: undefined,
  pendingIntent: undefined,
  pendingParts: undefined,
  referred: undefined,
};

/** Runs the stages in order until one replies; returns the reply, the stage that gave it, and the session changes. */
export async function runStages(
  stages: readonly Stage[],
  ctx: TurnContext,
  start: Decision,
): Promise<{ turn: Turn; stage: string; session: SessionChanges }> {
  let decision = start;
  let session: SessionChanges = { ...oneTurn };
  for (const stage of stages) {
    const step = await stage.run(ctx, decision);
    if (!step) continue;
    session = { ...session, ...step.session };
    if ('reply' in step) return { turn: step.reply, stage: stage.name, session };
    decision = { ...decision, ...step.decide };
  }
  throw new Error('no stage answered: the last stage must always reply');
}

/** A reply that names no procedure or dossier. */
export function plain(intent: Intent, confidence: number, reply: string, suggestions: string[], u?: Understanding): Turn {
  return {
    intent,
    confidence,
    procedure: null,
    candidates: u ? candidatesOf(u) : [],
    receiptCode: null,
    reply,
    suggestions: suggestions.slice(0, limits.suggestions),
  };
}

export function candidatesOf(u: Understanding): Turn['candidates'] {
  return u.hits.slice(0, limits.candidates).map((h) => ({ code: h.procedure.code, name: h.procedure.name, score: h.score }));
}
