import type { Procedure } from '../catalog/schema.js';
import { type Intent, isProcedureIntent, type ProcedureIntent, spokenName, type Understanding } from '../nlu/index.js';
import { AskCues } from '../nlu/asks.js';
import { type Decision, type Stage, type Step, type TurnContext, discussed } from './pipeline.js';
import { isFeedbackRequest, limits, thresholds } from './policy.js';
import { facetQuestion } from './clarify.js';
import { distinctLabels } from './replies.js';
import type { SessionState } from './sessions.js';
import { fill } from './templates.js';
import { nameWords, prepare } from '../text/index.js';
import { type SearchHit, mergeFacets, withoutExclusion, withoutLevel } from '../search/index.js';

/**
 * Which procedure the turn is about: the one the message names, a question when two tie, or,
 * for a procedure question that names none, the one discussed before.
 */
export const resolveProcedure: Stage = {
  name: 'procedure',
  run(ctx, d) {
    if (d.procedure) return undefined;
    const next = nextOfTopic(ctx, d);
    if (next) return { decide: { procedure: next, via: 'named' } };
    const sameTopic = sameAsTopic(ctx, d);
    const place = sameTopic ? undefined : placeOfTopic(ctx, d);
    const same = sameTopic ?? place;
    // Misread as small talk, it asks what its words ask ("có mẫu sẵn không"), else the last question again;
    // whether a place will do ("nộp ở xã nơi em thường trú được không") asks where.
    if (same)
      return {
        decide: {
          procedure: same,
          via: 'kept',
          ...(place ? { intent: 'where' } : isProcedureIntent(d.intent) ? {} : { intent: AskCues.decisive(d.u.asks) ?? lastAsked(ctx.state) }),
        },
      };
    const current = discussed(ctx);
    if (current && (pointsBack(d) || (d.u.named && namesItsPaper(current, d.u.named, d.u.prepared.tokens))))
      return { decide: { procedure: current, via: 'kept' } };
    const told = siblingOfTopic(ctx, d) ?? correctedQuestion(ctx, d);
    const needed = told ? undefined : neededPaper(ctx, d);
    if (needed) return needed;
    const sibling = told ?? nearTopic(ctx, d) ?? otherOfTopic(ctx, d);
    // A correction that asks nothing ("à quên, vợ tôi là người Philippines") asks the last question again, of the sibling.
    const again = misreadCorrections.has(d.intent) && d.u.cues.includes('correction');
    if (sibling) return { decide: { procedure: sibling, via: 'named', ...(again ? { intent: lastAsked(ctx.state) } : {}) } };
    if (d.u.named) {
      if (current && namesBroader(ctx, d, current)) return { decide: { procedure: current, via: 'kept' } };
      // "đất bố mẹ cho con thì có được miễn khoản này không": the procedure discussed, not one the story names in part.
      if (current && d.u.cues.includes('backReference') && d.u.named.coverage < thresholds.wholeNameCoverage)
        return { decide: { procedure: current, via: 'kept' } };
      const picked = pickNamed(ctx, d.u);
      if (picked === 'clarify') return clarify(ctx, d);
      if (picked) return { decide: { procedure: picked, via: 'named' } };
    }
    // A follow-up ("còn online thì sao?") keeps the procedure discussed, and so does a narrow question
    // that names nothing ("lên xã hay lên tỉnh?"), however unsure the classifier is of it.
    const asked = plainAsk(d);
    const kept = isProcedureIntent(d.intent) || asked ? discussed(ctx) : undefined;
    if (kept) return { decide: { procedure: kept, via: 'kept', ...(asked && !isProcedureIntent(d.intent) ? { intent: asked } : {}) } };
    const near = nearMisses(ctx, d);
    // One record near the bar and nothing beside it: answered, its name heading the answer; a question offering one option asks nothing.
    if (near.length === 1) return { decide: { procedure: near[0].procedure, via: 'named' } };
    return near.length > 0 ? clarify(ctx, d, near) : undefined;
  },
};

/**
 * Nothing named, but the best records fall just short of the bar and cover most of a name
 * ("… muốn tận thu quặng thì xin phép gì"), or pass it and cover only part of one ("giấy đủ điều kiện
 * sản xuất cám"): offered as a question, never a dead end.
 */
function nearMisses(ctx: TurnContext, d: Decision): SearchHit[] {
  const top = d.u.hits[0];
  if (!isProcedureIntent(d.intent) || !top) return [];
  const near = top.coverage >= thresholds.nearMissCoverage && top.score >= d.u.acceptScore - thresholds.nearMissMargin;
  const partly = top.coverage >= thresholds.partNameCoverage && top.score >= d.u.acceptScore;
  if (!near && !partly) return [];
  const close = d.u.hits.filter((h) => h.score >= top.score - thresholds.nearMissSpread);
  return ctx.deps.catalog.search.oneEach(close).slice(0, limits.clarifyOptions);
}

/**
 * "có cần giấy xác nhận tình trạng hôn nhân không", "có phải quyết toán thuế xong mới làm được không" while the
 * marriage or the closing of a business is discussed: whether that procedure needs the paper or step the message
 * names. A paper's need its checklist shows (unless another question is asked); the named record is one tap away.
 */
function neededPaper(ctx: TurnContext, d: Decision): Step {
  const current = discussed(ctx);
  const named = d.u.named;
  if (!current || !named || !d.u.cues.includes('needAsk') || d.u.followUp || named.procedure.code === current.code) return undefined;
  const asked = AskCues.decisive(d.u.asks);
  const paper = d.u.cues.includes('paperWord') && (!asked || asked === 'requirements');
  const intent = paper ? 'documents' : (asked ?? (isProcedureIntent(d.intent) ? d.intent : 'requirements'));
  return { decide: { procedure: current, via: 'kept', intent, alongside: named.procedure } };
}

/**
 * "vợ tôi bị mất thẻ" after the foreigners' permanent-residence card: the message asks for another
 * action or subject of the procedure discussed without naming it again. Read together with that
 * procedure's name, the sibling that does what is asked is meant — unless the message names
 * something else outright.
 */
export function siblingOfTopic(ctx: TurnContext, d: Decision): Procedure | undefined {
  const current = discussed(ctx);
  const told = d.u.asked;
  if (!current || told.actions.length + told.subjects.length + told.denied.length === 0) return undefined;
  const search = ctx.deps.catalog.search;
  // Whom the conversation is about, and what is done, hold until the message says otherwise.
  const own = search.facetsOf(current);
  const asked = mergeFacets(told, told.actions.length > 0 ? { ...own, actions: [] } : own);
  const fit = search.agreement(asked, own);
  if (fit === 1) return undefined;
  const named = d.u.named;
  if (named && named.coverage >= thresholds.topicChangeCoverage && named.procedure.code !== current.code) {
    if (search.agreement(asked, named.facets) === 1 && named.score >= thresholds.siblingOwnScore) return undefined;
  }
  const together = search.search(textWithTopic(ctx, current), { limit: 6, told: asked });
  const fits = together.filter((h) => h.procedure.code !== current.code && search.agreement(asked, h.facets) > fit);
  const best = fits[0];
  if (best && best.score >= d.u.acceptScore) return best.procedure;
  // "không phải mất, sổ bị ướt rách" after the land certificate's reissue: the topic vouches for a sibling of its own field.
  return fits.find((h) => h.procedure.field === current.field && h.score >= thresholds.sameFieldSiblingScore)?.procedure;
}

/**
 * "không phải cấp mới, tôi có thẻ rồi, chỉ bị mất ví thôi" while the reissue is discussed: a message that
 * names nothing outright, asks no clear question, and whose actions the procedure discussed does, is about it —
 * not a new situation.
 */
export function sameAsTopic(ctx: TurnContext, d: Decision): Procedure | undefined {
  const current = discussed(ctx);
  const told = d.u.asked;
  if (!current || told.actions.length === 0) return undefined;
  // Only a message that names no other record outright and asks no clear question of its own.
  if (
    (d.u.named && d.u.named.coverage >= thresholds.topicChangeCoverage) ||
    (isProcedureIntent(d.intent) && d.u.confidence >= thresholds.intentGuess)
  )
    return undefined;
  const search = ctx.deps.catalog.search;
  const own = search.facetsOf(current);
  return told.actions.every((a) => search.fitsAction(a, own)) && !told.denied.some((a) => own.actions.includes(a)) ? current : undefined;
}

/**
 * "à nhầm, tôi thế chấp xe tải chứ không phải nhà đất" after the mortgage of land: a correction tells the
 * question again, amended. Of the records the message fits read together with the procedure discussed, the
 * one its own words also name is meant — unless the procedure discussed still fits at least as well
 * ("à nhầm, ô tô chứ không phải xe máy" keeps the registration fee of vehicles).
 */
function correctedQuestion(ctx: TurnContext, d: Decision): Procedure | undefined {
  const current = discussed(ctx);
  if (!current || !d.u.cues.includes('correction')) return undefined;
  const search = ctx.deps.catalog.search;
  const alone = new Map(d.u.hits.map((h) => [h.procedure.code, h.score]));
  const fit = (h: SearchHit) => h.score + thresholds.correctionOwnWeight * (alone.get(h.procedure.code) ?? 0);
  let kept = -1;
  let best: { procedure: Procedure; fit: number } | undefined;
  for (const h of withTopic(ctx, d, current).hits) {
    if (search.sameProcedure(h.procedure, current)) kept = Math.max(kept, fit(h));
    else if (h.score >= d.u.acceptScore && fit(h) > (best?.fit ?? kept)) best = { procedure: h.procedure, fit: fit(h) };
  }
  return best && best.fit > kept ? best.procedure : undefined;
}

/**
 * "sau này muốn ngừng dự án thì báo thế nào?" after the investment certificate: of the records the
 * message fits about equally well, the one that belongs with the procedure discussed is meant (the
 * project's suspension, not a household business's). Read together with that procedure's name, it
 * comes first — unless the message fits the procedure discussed itself.
 */
function nearTopic(ctx: TurnContext, d: Decision): Procedure | undefined {
  const current = discussed(ctx);
  const top = d.u.hits[0];
  if (!current || !top || d.u.contentWords < thresholds.nearTopicWords || top.procedure.code === current.code) return undefined;
  if (d.u.hits.some((h) => h.procedure.code === current.code && h.score >= top.score - thresholds.keepCurrentMargin)) return undefined;
  const search = ctx.deps.catalog.search;
  // Only a message that names another record outright, or asks another action of this one; the rest
  // ("thế đăng ký xong mất bao lâu?", "tự xóa trên điện thoại được không") asks about the procedure discussed.
  const namesOther = d.u.named !== null && d.u.named.coverage >= thresholds.topicChangeCoverage;
  const own = search.facetsOf(current);
  const asksOther = d.u.asked.actions.some((action) => !search.fitsAction(action, own));
  if (!namesOther && !asksOther) return undefined;
  const fits = d.u.hits.filter((h) => h.score >= Math.max(thresholds.nearTopicScore, top.score - thresholds.nearTopicMargin));
  const fitting = new Set(fits.map((h) => h.procedure.code));
  const together = withTopic(ctx, d, current).hits;
  const best = together.find((h) => fitting.has(h.procedure.code) && !search.sameProcedure(h.procedure, current));
  // The best fit on its own is what the message names anyway, unless too weak alone: then the topic vouches for it.
  if (!best || (d.u.named && search.sameProcedure(best.procedure, top.procedure))) return undefined;
  // Another action asked of nothing named is asked of the topic's own object: "có phải đăng báo mất không" while the
  // land certificate's reissue is discussed is a step of it, not a passport's loss report from another field.
  if (!namesOther && best.procedure.field !== current.field) return undefined;
  // A name said whole ("có phải khai báo tạm vắng không") is not traded for one the topic's words lift,
  // unless that one's name holds it ("đăng ký thường trú" in the birth, residence and insurance in one).
  const whole =
    d.u.named &&
    namedWhole(
      d.u.named,
      d.u.hits.find((h) => h.procedure.code === best.procedure.code),
    );
  return whole && !nameHolds(best.procedure, d.u.named!.procedure) ? undefined : best.procedure;
}

/**
 * "còn giấy phép khai thác thì sao" after the fishing boat's registration: a follow-up that names
 * another paper of the same matter only in part. Read together with the procedure discussed, the
 * record that its own new words name is meant — unless the message names one outright.
 */
function otherOfTopic(ctx: TurnContext, d: Decision): Procedure | undefined {
  const current = discussed(ctx);
  if (!current || !d.u.followUp || (d.u.named && d.u.named.coverage >= thresholds.topicChangeCoverage)) return undefined;
  const search = ctx.deps.catalog.search;
  // "còn mẫu đơn xin thôi quốc tịch thì sao" while that is discussed: the message names the procedure itself.
  if (d.u.named && search.sameProcedure(d.u.named.procedure, current)) return undefined;
  const own = d.u.prepared.tokens;
  const currentWords = new Set(prepare(withoutLevel(current.name)).tokens);
  // The discussed name itself comes first there: the best of the others that the message's own new words name.
  const newWords = (hit: SearchHit) => new Set(hit.positions.filter((i) => i < own.length && !currentWords.has(own[i])).map((i) => own[i])).size;
  const best = withTopic(ctx, d, current).hits.find(
    (h) => h.score >= d.u.acceptScore && !search.sameProcedure(h.procedure, current) && newWords(h) >= thresholds.otherOfTopicWords,
  );
  return best?.procedure;
}

/** "tách thửa xong rồi, sang tên cho con thì làm tiếp thủ tục gì": the best other record, read with the procedure discussed. */
function nextOfTopic(ctx: TurnContext, d: Decision): Procedure | undefined {
  const current = discussed(ctx);
  if (!current || !d.u.cues.includes('nextProcedure')) return undefined;
  const search = ctx.deps.catalog.search;
  return withTopic(ctx, d, current).hits.find((h) => h.score >= d.u.acceptScore && !search.sameProcedure(h.procedure, current))?.procedure;
}

/** The message read together with the procedure discussed (one search, cached, for every rule that asks it). */
function withTopic(ctx: TurnContext, d: Decision, current: Procedure) {
  return ctx.deps.catalog.search.searchDetailed(textWithTopic(ctx, current), { limit: limits.offeredSearch, told: d.u.asked });
}

/** What a procedure discussed adds to a message read with it: its name, without its level and without the case it excludes ("(trừ tàu thuyền …)"). */
/** The message, then the discussed record's name as a clause of its own: what the message denies stops at its end. */
function textWithTopic(ctx: TurnContext, current: Procedure): string {
  return `${ctx.text}\n${withoutExclusion(withoutLevel(current.name))}`;
}

/** How a correction that asks nothing of its own is misread: a question outside the catalog, or a situation. */
const misreadCorrections = new Set<Intent>(['out_of_scope', 'browse']);

/** The question asked last in the conversation, asked again of a corrected procedure. */
function lastAsked(state: Readonly<SessionState>) {
  return state.lastIntent && isProcedureIntent(state.lastIntent) ? state.lastIntent : 'overview';
}

/** The question of a message that names nothing and that the classifier took for small talk or out of scope. */
function plainAsk(d: Decision): ProcedureIntent | undefined {
  if (d.u.named) return undefined;
  // Barely read as a subscription, a complaint, help, a person or out of scope ("cần bản vẽ thiết kế không?"): a question about the procedure.
  const unsure = unsureReadings.has(d.u.intent) && d.u.confidence < thresholds.unsureReading;
  // Read as outside the catalog, or as a complaint it does not clearly make ("khai qua app dc ko hay phai ve que").
  const misread = d.u.intent === 'out_of_scope' || (d.u.intent === 'feedback' && !isFeedbackRequest(d.u));
  if (!unsure && !misread) return undefined;
  return AskCues.decisive(d.u.asks) ?? (unsure ? d.u.procedureGuess : undefined);
}

/** Readings that, unsure, are taken for a question about the procedure discussed. */
const unsureReadings = new Set<Intent>(['subscribe', 'unsubscribe', 'feedback', 'help', 'handoff', 'out_of_scope']);

/**
 * The discussed procedure when it still fits about as well; nothing (a follow-up) when the new
 * match covers too little of any name to be a change of topic — unless the message denies what the
 * discussed one's name says ("không phải xây mới …"); a question when two tie.
 */
function pickNamed(ctx: TurnContext, u: Understanding): Procedure | undefined | 'clarify' {
  const named = u.named!;
  const current = ctx.state.procedureCode;
  if (current) {
    const stillFits = u.hits.find((h) => h.procedure.code === current && h.score >= named.score - thresholds.keepCurrentMargin);
    if (stillFits && !namedWhole(named, stillFits)) return stillFits.procedure;
    const discussed = ctx.deps.catalog.get(current);
    const denied = () => discussed !== undefined && ctx.deps.catalog.search.deniesName(ctx.text, discussed);
    if (named.coverage < thresholds.topicChangeCoverage && !denied()) return undefined;
  }
  if (u.ambiguous.length > 1) return 'clarify';
  return named.procedure;
}

/** Where an official name turns to what the procedure is done for ("Xác nhận … để đăng ký thường trú …"). */
const purpose = / để /;

/**
 * "sửa ở xã nơi đăng ký khai sinh hay xã nào cũng được", "nộp ở xã nơi em thường trú được không": a place told by what
 * was done there, asked where or whether it will do, is of the procedure discussed.
 */
function placeOfTopic(ctx: TurnContext, d: Decision): Procedure | undefined {
  return (d.intent === 'where' || d.intent === 'requirements') && d.u.cues.includes('placeOf') ? discussed(ctx) : undefined;
}

/** Every word of the inner record's name is in the outer one's. */
function nameHolds(outer: Procedure, inner: Procedure): boolean {
  const words = new Set(spokenName(outer));
  return spokenName(inner).every((w) => words.has(w));
}

/** The message says every word of the named record's name, and not of the other's. */
function namedWhole(named: SearchHit, other: SearchHit | undefined): boolean {
  return named.coverage >= thresholds.wholeNameCoverage && (other?.coverage ?? 0) < thresholds.wholeNameCoverage;
}

/**
 * "tờ khai đăng ký khai sinh có mẫu sẵn không" while the birth with a foreign element is discussed: naming the
 * broader record, whose every word the record discussed has, is still about the record discussed — unless the
 * message says something that record is not.
 */
function namesBroader(ctx: TurnContext, d: Decision, current: Procedure): boolean {
  const named = d.u.named!.procedure;
  if (named.code === current.code) return false;
  const words = spokenName(named);
  if (words.length === 0 || words.length >= new Set(spokenName(current)).size || !nameHolds(current, named)) return false;
  // "… để đăng ký thường trú": what the record discussed is done for is the next step, not that record.
  const done = new Set(nameWords(withoutLevel(current.name).split(purpose)[0]));
  if (!words.every((w) => done.has(w))) return false;
  const search = ctx.deps.catalog.search;
  // "Không phải, cháu có giấy khai sinh rồi … muốn làm nhận con": a message that denies something corrects the topic.
  if (search.denies(d.u.prepared.tokens)) return false;
  // Nor may it ask another action, or someone the record discussed does not serve ("chồng tôi là người Nhật").
  const own = search.facetsOf(current);
  const told = d.u.asked;
  if (told.actions.length > 0 && !told.actions.some((a) => search.fitsAction(a, own))) return false;
  const whoOnly = { ...own, actions: [], base: true };
  return told.subjects.every((subject) => search.agreement({ actions: [], subjects: [subject], denied: [], base: false }, whoOnly) === 1);
}

/**
 * "phí làm lại cho trường hợp này": a message that points back and names nothing asks of the procedure discussed; its
 * "làm lại" names no sibling. One that tells who it is about ("trường hợp này là chồng người Hàn") or denies something
 * corrects the topic instead.
 */
function pointsBack(d: Decision): boolean {
  return d.u.cues.includes('backReference') && !d.u.named && d.u.asked.denied.length === 0 && d.u.asked.subjects.length === 0;
}

/**
 * "mấy ngày thì có trích lục?" while the death registration is discussed: every word the message shares with the record
 * it names is in what the procedure discussed gives ("Trích lục khai tử"): that paper, not a record of its own.
 */
function namesItsPaper(current: Procedure, named: SearchHit, tokens: readonly string[]): boolean {
  if (named.procedure.code === current.code || named.positions.length === 0) return false;
  // What the paper is for ("… để đăng ký thường trú") is the next step, not the paper.
  const paper = new Set(current.results.flatMap((result) => nameWords(result.split(purpose)[0])));
  return named.positions.every((i) => paper.has(tokens[i]));
}

/** One short question with the candidates as quick replies; the question waits for the answer. */
function clarify(ctx: TurnContext, d: Decision, among: readonly SearchHit[] = d.u.ambiguous): Step {
  const t = ctx.deps.replies;
  const options = among.slice(0, limits.clarifyOptions);
  // Ask about the one difference in plain words when there is one; else list the names.
  const facet = facetQuestion(ctx.deps.clarify, options);
  const lines = facet?.lines ?? [t.clarify, ...options.map((h, i) => fill(t.clarifyLine, { n: i + 1, name: h.procedure.name }))];
  const labels = facet?.labels ?? distinctLabels(options.map((h) => h.procedure));
  return {
    reply: {
      intent: d.intent,
      confidence: d.u.confidence,
      procedure: null,
      candidates: options.map((h) => ({ code: h.procedure.code, name: h.procedure.name, score: h.score })),
      receiptCode: null,
      reply: lines.join('\n'),
      suggestions: labels,
    },
    session: {
      offered: options.map((h) => h.procedure.code),
      offeredLabels: labels,
      pendingIntent: isProcedureIntent(d.intent) && d.intent !== 'overview' ? d.intent : undefined,
    },
  };
}
