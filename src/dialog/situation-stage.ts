import { AskCues } from '../nlu/asks.js';
import { isProcedureIntent, saysNameOpening } from '../nlu/index.js';
import { fill } from './templates.js';
import { type Stage, type Step, type TurnContext, type Decision, plain } from './pipeline.js';
import { asksOfTopic, isAboutLifeEvent, namesOneProcedure, thresholds } from './policy.js';
import { sameAsTopic, siblingOfTopic } from './procedure-stage.js';
import { shortName } from './replies.js';

/**
 * Beyond one procedure: a question outside the catalog gets the right door (divorce → the
 * court), a life event ("bố tôi vừa mất") the short list of procedures it usually needs, each one
 * tap away — unless the message names one procedure outright and does not ask for everything to do.
 */
export const situationStage: Stage = {
  name: 'situation',
  run(ctx, d) {
    if (d.procedure || d.u.receiptCode || d.u.malformedCode) return undefined;
    // "Mua lại xe cũ, phải làm những thủ tục gì?" asks for the whole list, even when one of its procedures fits.
    if (d.u.lifeEvent && d.u.listAsked) return lifeEvent(ctx, d);
    if (d.u.referral?.beforeProcedure) return referral(ctx, d);
    if (namesOneProcedure(d.u)) return undefined;
    // "có cần giấy khám sức khỏe không" while a procedure is discussed: whether that procedure needs it.
    if (ctx.state.procedureCode && !d.u.named && d.u.cues.includes('needAsk')) {
      return isProcedureIntent(d.intent) ? undefined : { decide: { intent: 'requirements' } };
    }
    if (d.u.referral && !namesDoorRecord(d)) return referral(ctx, d);
    // "à quên, vợ sắp cưới của tôi là người Philippines": another subject or action of the procedure discussed, no new situation.
    if (isAboutLifeEvent(d.u) && !(ctx.state.procedureCode && asksOfTopic(d.u)) && !sameAsTopic(ctx, d) && !siblingOfTopic(ctx, d))
      return lifeEvent(ctx, d);
    return undefined;
  },
};

/**
 * "bị lấn ranh, muốn xã hòa giải thì làm đơn thế nào": the door's own record, named well and by the words its name
 * opens with, is answered as that procedure.
 */
function namesDoorRecord(d: Decision): boolean {
  const named = d.u.named;
  if (named === null || named.procedure.code !== d.u.referral?.code) return false;
  return saysNameOpening(named.procedure, d.u.prepared.tokens) && named.coverage >= thresholds.askedCoverage && named.score >= thresholds.askedScore;
}

function referral(ctx: TurnContext, d: Decision): Step {
  const found = d.u.referral!;
  // A door asked beside a named procedure offers that procedure next ("khai sinh trễ có bị phạt không" → đăng ký khai sinh).
  const code = found.code ?? (found.beforeProcedure ? d.u.named?.procedure.code : undefined);
  const record = code ? ctx.deps.catalog.get(code) : undefined;
  const reply = fill(found.reply, { hotline: ctx.deps.hotline });
  return {
    reply: plain('out_of_scope', d.u.confidence, reply, record ? [shortName(record)] : (ctx.deps.replies.suggestions.start ?? [])),
    session: { offered: record ? [record.code] : undefined, referred: true },
  };
}

function lifeEvent(ctx: TurnContext, d: Decision): Step {
  const event = d.u.lifeEvent!;
  const texts = ctx.deps.understander.lifeEventTexts;
  const steps = event.procedures.map((p) => ({ ...p, record: ctx.deps.catalog.get(p.code) })).filter((p) => p.record && !p.record.abolished);
  if (steps.length === 0) return undefined;
  const lines = [fill(texts.title, { title: event.title }), ...steps.map((p, i) => fill(texts.line, { n: i + 1, label: p.label })), texts.pick];
  return {
    reply: {
      ...plain(
        'browse',
        d.u.confidence,
        lines.join('\n'),
        steps.map((p) => p.label),
      ),
      candidates: steps.map((p) => ({ code: p.code, name: p.record!.name, score: 1 })),
    },
    session: { offered: steps.map((p) => p.code), pendingIntent: AskCues.decisive(d.u.asks) ?? undefined },
  };
}
