import type { Catalog } from '../catalog/store.js';
import type { DossierService } from '../dossier/service.js';
import type { Understander } from '../nlu/index.js';
import { type StageDeps, type Turn, type TurnContext, runStages } from './pipeline.js';
import { limits } from './policy.js';
import { ReplyBuilder } from './replies.js';
import type { InboxStore, SessionState, SessionStore } from './sessions.js';
import { loadClarifyTexts } from './clarify.js';
import { stages } from './stages.js';
import type { Replies } from './templates.js';
import { type AskInput, type AskResult, type Assistant, pushChannels } from './types.js';

/**
 * The conversation engine: normalise → understand → decide (the stages of `stages.ts`, with the
 * session's context) → answer. It knows nothing of HTTP or Telegram; every channel calls `ask`.
 */

export interface EngineDeps {
  catalog: Catalog;
  understander: Understander;
  replies: Replies;
  sessions: SessionStore;
  inbox: InboxStore;
  dossiers: DossierService;
  /** Remembers who asked about which procedure, so they can be told when it changes. */
  interest?: { recordInterest(sessionId: string, code: string): void };
  hotline: string;
  /** Told of every answered turn (analytics); must not hold the reply up. */
  turnLog?: { record(input: AskInput, result: AskResult): void };
  /** The clock answers are dated by (fees in force, due dates); Date.now by default. */
  now?: () => number;
}

const maxInput = 2000;

export class Engine implements Assistant {
  private readonly stageDeps: StageDeps;

  constructor(private readonly deps: EngineDeps) {
    const now = deps.now ?? Date.now;
    const builder = new ReplyBuilder(deps.replies, {
      now,
      upcoming: (code) => deps.catalog.upcoming(code),
      lookup: (code) => deps.catalog.get(code),
    });
    this.stageDeps = { ...deps, now, builder, clarify: loadClarifyTexts() };
  }

  async ask(input: AskInput): Promise<AskResult> {
    const text = cleanInput(input.text);
    const sessionId = input.sessionId;
    const state: SessionState = sessionId ? await this.deps.sessions.get(sessionId) : { recent: [] };
    const ctx: TurnContext = { text, sessionId, clientKey: input.clientKey ?? sessionId ?? 'anonymous', state, deps: this.stageDeps };
    const u = this.deps.understander.understand(text);
    const { turn: decided, session } = await runStages(stages, ctx, { u, intent: u.intent });
    const next: SessionState = { ...state, ...session };
    const turn = this.offerToResume(decided, state, next);
    if (sessionId) {
      if (turn.procedure) this.deps.interest?.recordInterest(sessionId, turn.procedure.code);
      next.recent = [...state.recent, { role: 'user', text: text.slice(0, 500) }, { role: 'assistant', text: turn.reply.slice(0, 500) }];
      await this.deps.sessions.save(sessionId, next);
    }
    const notifications = sessionId && !(input.channel && pushChannels.has(input.channel)) ? await this.deps.dossiers.takeMessages(sessionId) : [];
    this.deps.turnLog?.record({ ...input, text }, turn);
    return notifications.length ? { ...turn, notifications } : turn;
  }

  /** A complaint set aside this turn to answer a question: offer the way back to it. */
  private offerToResume(turn: Turn, before: SessionState, after: SessionState): Turn {
    if (after.capture?.stage !== 'paused' || before.capture?.stage === 'paused') return turn;
    return { ...turn, suggestions: [...turn.suggestions.slice(0, limits.suggestions - 1), ...(this.deps.replies.suggestions.resume ?? [])] };
  }
}

/** Control characters out, whitespace folded, length bounded (the HTTP layer rejects longer input). */
function cleanInput(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxInput);
}
