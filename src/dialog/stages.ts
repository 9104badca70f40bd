import { prepare } from '../text/index.js';
import { askFor, pendingCapture } from './capture.js';
import { dossierStage } from './dossier-stage.js';
import { answerStage, morePages } from './answer.js';
import { type Decision, type Stage, type Step, type TurnContext, plain } from './pipeline.js';
import { applyIntentRules } from './policy.js';
import { resolveProcedure } from './procedure-stage.js';
import { situationStage } from './situation-stage.js';
import { shortName } from './replies.js';

/**
 * The turn, in order. To add a stage, write one function returning a `Step` and put it here,
 * before the stage whose work it pre-empts; `answer` stays last (it always replies).
 */
export const stages: readonly Stage[] = [
  { name: 'not text', run: (ctx, d) => (/[\p{L}\p{N}]/u.test(ctx.text) ? undefined : { reply: plain('out_of_scope', 0, ctx.deps.replies.notText, ctx.deps.replies.suggestions.start ?? [], d.u) }) },
  pendingCapture,
  { name: 'commands', run: commands },
  { name: 'document case', run: documentCase },
  { name: 'offered choice', run: offeredChoice },
  { name: 'procedure code', run: procedureCode },
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
function documentCase(ctx: TurnContext, d: Decision): Step {
  const current = ctx.state.lastIntent === 'documents' && ctx.state.procedureCode ? ctx.deps.catalog.get(ctx.state.procedureCode) : undefined;
  const caseIndex = current ? ctx.deps.builder.caseChoice(current, ctx.text) : null;
  return current && caseIndex !== null ? { decide: { procedure: current, via: 'offered', intent: 'documents', caseIndex } } : undefined;
}

/** "2", "số 2", "cái thứ hai", or an option's quick reply, right after a clarifying question: that option. */
function offeredChoice(ctx: TurnContext, d: Decision): Step {
  const options = (ctx.state.offered ?? []).map((code) => ctx.deps.catalog.get(code));
  const byName = options.find((p) => p && prepare(shortName(p)).folded === d.u.prepared.folded);
  const procedure = d.u.choice !== null ? options[d.u.choice - 1] : byName;
  return procedure ? { decide: { procedure, via: 'offered', intent: 'overview' } } : undefined;
}

/** A national procedure code typed in the message ("thủ tục 1.004194 lệ phí bao nhiêu"). */
function procedureCode(ctx: TurnContext, d: Decision): Step {
  const procedure = d.u.procedureCode ? ctx.deps.catalog.get(d.u.procedureCode) : undefined;
  return procedure ? { decide: { procedure, via: 'code' } } : undefined;
}
