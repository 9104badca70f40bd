import { prepare } from '../text/index.js';
import { AskCues } from '../nlu/asks.js';
import { askFor, pendingCapture } from './capture.js';
import { dossierStage } from './dossier-stage.js';
import { answerStage, morePages } from './answer.js';
import { type Decision, type SessionChanges, type Stage, type Step, type Turn, type TurnContext, discussed, plain } from './pipeline.js';
import type { Intent } from '../nlu/index.js';
import { applyIntentRules, limits, thresholds } from './policy.js';
import { resolveProcedure } from './procedure-stage.js';
import { situationStage } from './situation-stage.js';
import type { Procedure } from '../catalog/schema.js';
import { bareQuestion, pickByAnswer } from './clarify.js';
import { shortName } from './replies.js';
import { fill } from './templates.js';

/**
 * The turn, in order. To add a stage, write one function returning a `Step` and put it here,
 * before the stage whose work it pre-empts; `answer` stays last (it always replies).
 */
export const stages: readonly Stage[] = [
  {
    name: 'not text',
    run: (ctx, d) =>
      /[\p{L}\p{N}]/u.test(ctx.text)
        ? undefined
        : { reply: plain('out_of_scope', 0, ctx.deps.replies.notText, ctx.deps.replies.suggestions.start ?? [], d.u) },
  },
  pendingCapture,
  { name: 'commands', run: commands },
  { name: 'document case', run: documentCase },
  { name: 'offered choice', run: offeredChoice },
  { name: 'procedure code', run: procedureCode },
  { name: 'bare word', run: bareWord },
  situationStage,
  dossierStage,
  resolveProcedure,
  { name: 'intent policy', run: (ctx, d) => ({ decide: applyIntentRules(d, ctx.state) }) },
  answerStage,
];

/** "xem thêm", "để lại câu hỏi cho cán bộ". */
function commands(ctx: TurnContext, d: Decision): Step {
  const cues = d.u.cues;
  if (cues.includes('more')) return morePages(ctx);
  if (cues.includes('leaveQuestion') && ctx.sessionId) return askFor(ctx, 'staff_question');
  return undefined;
}

/** A quick reply naming one case of the documents checklist just shown: that case's checklist. */
function documentCase(ctx: TurnContext, _d: Decision): Step {
  const current = ctx.state.lastIntent === 'documents' ? discussed(ctx) : undefined;
  const caseIndex = current ? ctx.deps.builder.caseChoice(current, ctx.text) : null;
  return current && caseIndex !== null ? { decide: { procedure: current, via: 'offered', intent: 'documents', caseIndex } } : undefined;
}

/**
 * Right after a clarifying question: "2", "số 2", "cái thứ hai", an option's quick reply, or —
 * when the question asked about a difference — the answer to it ("mất rồi", "không").
 */
function offeredChoice(ctx: TurnContext, d: Decision): Step {
  const options = (ctx.state.offered ?? []).map((code) => ctx.deps.catalog.get(code));
  if (options.length === 0) return undefined;
  const folded = d.u.prepared.folded;
  const byName = options.findIndex((p) => p && prepare(shortName(p)).folded === folded);
  const labels = ctx.state.offeredLabels ?? [];
  const byAnswer = labels.length ? pickByAnswer(folded, labels, d.u.asked, options, (p) => ctx.deps.catalog.search.facetsOf(p)) : null;
  const index = d.u.choice !== null ? d.u.choice - 1 : byName >= 0 ? byName : byAnswer;
  const procedure = index !== null ? options[index] : offeredByText(ctx, d);
  // "cái thứ hai, nộp ở đâu": the question asked with the choice is answered.
  if (procedure) return { decide: { procedure, via: 'offered', intent: AskCues.decisive(d.u.asks) ?? 'overview' } };
  return asksOfOffered(d, ctx.state.offered ?? []) ? offerAgain(ctx, d, options) : undefined;
}

/**
 * "đóng qua app được không" right after the options: a narrow question that names no procedure but one of them asks
 * it of one of them, not of a new topic.
 */
function asksOfOffered(d: Decision, offered: readonly string[]): boolean {
  const named = d.u.named;
  return d.u.asks.length > 0 && !d.u.receiptCode && (!named || offered.includes(named.procedure.code));
}

/** The options asked about again, the question kept: picking one answers it. */
function offerAgain(ctx: TurnContext, d: Decision, options: ReadonlyArray<Procedure | undefined>): Step {
  const offered = options.filter((p): p is Procedure => p !== undefined);
  const asked = AskCues.decisive(d.u.asks) ?? 'overview';
  const step = numberedOptions(ctx, d, asked, ctx.deps.replies.clarifyAgain, offered, ctx.state.offeredLabels);
  return { ...step, session: { ...step.session, offeredLabels: ctx.state.offeredLabels, pendingIntent: asked === 'overview' ? undefined : asked } };
}

/** A question and its numbered options, each one tap away; the next turn may pick one ("2", a quick reply). */
function numberedOptions(
  ctx: TurnContext,
  d: Decision,
  intent: Intent,
  question: string,
  options: readonly Procedure[],
  labels: string[] = options.map(shortName),
): { reply: Turn; session: SessionChanges } {
  const lines = [question, ...options.map((p, i) => fill(ctx.deps.replies.clarifyLine, { n: i + 1, name: shortName(p) }))];
  return {
    reply: {
      ...plain(intent, d.u.confidence, lines.join('\n'), labels),
      candidates: options.map((p) => ({ code: p.code, name: p.name, score: 1 })),
    },
    session: { offered: options.map((p) => p.code) },
  };
}

/**
 * "hết hạn rồi chứ không mất" after "cấp lại vì cháy, hỏng" / "cấp lại vì hết hạn": the answer
 * says in its own words what one option's name says, and does not name another procedure outright.
 */
function offeredByText(ctx: TurnContext, d: Decision): Procedure | undefined {
  const offered = ctx.state.offered ?? [];
  const named = d.u.named;
  if (named && !offered.includes(named.procedure.code) && named.coverage >= thresholds.topicChangeCoverage) return undefined;
  const ranked = ctx.deps.catalog.search
    .search(ctx.text, { limit: limits.offeredSearch, told: d.u.asked })
    .filter((h) => offered.includes(h.procedure.code));
  const [first, second] = ranked;
  if (!first || first.score < thresholds.offeredByText || first.coverage < thresholds.offeredByTextCoverage) return undefined;
  return !second || first.score - second.score >= thresholds.offeredTextMargin ? first.procedure : undefined;
}

/** "cấp lại", "giấy phép" alone: which one, with the commonest to choose from. */
function bareWord(ctx: TurnContext, d: Decision): Step {
  // After a procedure was discussed, "cấp lại" is about that one.
  const bare = ctx.state.procedureCode ? undefined : bareQuestion(ctx.deps.clarify, d.u.prepared.folded);
  const options = (bare?.codes ?? []).map((code) => ctx.deps.catalog.get(code)).filter((p): p is Procedure => p !== undefined && !p.abolished);
  if (!bare || options.length === 0) return undefined;
  return numberedOptions(ctx, d, 'overview', bare.question, options);
}

/** A national procedure code typed in the message ("thủ tục 1.004194 lệ phí bao nhiêu"). */
function procedureCode(ctx: TurnContext, d: Decision): Step {
  const procedure = d.u.procedureCode ? ctx.deps.catalog.get(d.u.procedureCode) : undefined;
  return procedure ? { decide: { procedure, via: 'code' } } : undefined;
}
