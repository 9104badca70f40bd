import { type Step, type Stage, type TurnContext, plain } from './pipeline.js';
import { isPlainProcedureQuestion, movedOn } from './policy.js';
import type { SessionState } from './sessions.js';
import { fill } from './templates.js';

/**
 * Leaving something for staff (a question, a complaint): asked for on a clear request only,
 * shown back, and stored only on a yes ("gửi"); "sửa" rewrites, "thôi" drops it.
 */

type Capture = NonNullable<SessionState['capture']>;
type Kind = Capture['kind'];

export const pendingCapture: Stage = {
  name: 'pending capture',
  async run(ctx, d) {
    const capture = ctx.state.capture;
    if (!capture || !ctx.sessionId) return undefined;
    const cues = d.u.cues;
    if (capture.stage === 'paused') return cues.includes('resumeCapture') ? askFor(ctx, capture.kind) : undefined;
    if (cues.includes('cancel')) return cancelled(ctx);
    if (capture.stage === 'confirm') {
      if (cues.includes('confirm') && capture.text) return store(ctx, capture.kind, capture.text);
      if (cues.includes('edit'))
        return {
          reply: plain(intentOf(capture.kind), 1, ctx.deps.replies.captureRewrite, []),
          session: { capture: { kind: capture.kind, stage: 'awaiting' } },
        };
      // Anything else: the person moved on; nothing is stored.
      return { session: { capture: undefined } };
    }
    // A question for staff about the person's own dossier carries its code: that is the question, not a new lookup.
    if (capture.kind === 'staff_question' && d.u.receiptCode) return showBack(ctx, capture.kind, ctx.text);
    if (movedOn(d.u)) return { session: { capture: undefined } };
    // A complaint awaited, but a code or a plain question came: answer it, offer to come back.
    if (capture.kind === 'feedback' && (d.u.receiptCode || isPlainProcedureQuestion(d.u)))
      return { session: { capture: { kind: 'feedback', stage: 'paused' } } };
    return showBack(ctx, capture.kind, ctx.text);
  },
};

/** Asks for the text to leave; the next message is it. */
export function askFor(ctx: TurnContext, kind: Kind): Step {
  const t = ctx.deps.replies;
  const reply = plain(intentOf(kind), 1, kind === 'feedback' ? t.askFeedback : t.askStaffQuestion, []);
  return { reply, session: ctx.sessionId ? { capture: { kind, stage: 'awaiting' } } : {} };
}

/** The text as it will be sent, with gửi / sửa / thôi. */
export function showBack(ctx: TurnContext, kind: Kind, text: string): Step {
  const t = ctx.deps.replies;
  const reply = plain(intentOf(kind), 1, fill(kind === 'feedback' ? t.captureFeedback : t.captureQuestion, { text }), t.suggestions.confirm ?? []);
  return { reply, session: ctx.sessionId ? { capture: { kind, stage: 'confirm', text } } : {} };
}

async function store(ctx: TurnContext, kind: Kind, text: string): Promise<Step> {
  const t = ctx.deps.replies;
  const id = await ctx.deps.inbox.add(kind, ctx.sessionId!, text, ctx.state.recent, ctx.state.procedureCode);
  const template = kind === 'feedback' ? t.feedbackSaved : t.staffQuestionSaved;
  return { reply: plain(intentOf(kind), 1, fill(template, { id, hotline: ctx.deps.hotline }), []), session: { capture: undefined } };
}

function cancelled(ctx: TurnContext): Step {
  const t = ctx.deps.replies;
  return { reply: plain('help', 1, t.captureCancelled, t.suggestions.start ?? []), session: { capture: undefined } };
}

const intentOf = (kind: Kind) => (kind === 'feedback' ? 'feedback' : 'handoff');
