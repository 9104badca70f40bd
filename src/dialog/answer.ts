import type { Procedure } from '../catalog/schema.js';
import type { SearchHit } from '../search/index.js';
import { type Intent, type ProcedureIntent, isProcedureIntent } from '../nlu/index.js';
import { askFor, showBack } from './capture.js';
import {
  type Decision,
  type SessionChanges,
  type Stage,
  type Step,
  type Turn,
  type TurnContext,
  candidatesOf,
  discussed,
  plain,
} from './pipeline.js';
import { isBareFeedbackRequest, limits, isOutsideCatalog, thresholds } from './policy.js';
import { vietnamDay } from '../calendar/index.js';
import { type ProcedureReply, distinctLabels, filingDate, page, shortName } from './replies.js';
import { fill } from './templates.js';

/** The last stage: answers what was decided (a procedure question, a list, small talk). It always replies. */
export const answerStage: Stage = {
  name: 'answer',
  run(ctx, d) {
    if (d.intent === 'browse') return browse(ctx, d);
    if (!isProcedureIntent(d.intent)) return smallTalk(ctx, d);
    if (!d.procedure) return askProcedure(ctx, d, d.intent);
    // Several questions: in this message, or in the one before "which procedure?".
    const pending = ctx.state.pendingParts && d.intent === ctx.state.pendingIntent ? ctx.state.pendingParts : [];
    const parts = (d.u.parts.length > 1 ? d.u.parts : pending).filter(isProcedureIntent);
    if (parts.length > 1 && !d.procedure.abolished) return severalQuestions(ctx, d, d.procedure, parts);
    return procedureAnswer(ctx, d, d.procedure, d.intent);
  },
};

/** "xem thêm": the next message of the last long answer, for as long as one is left. */
export function morePages(ctx: TurnContext): Step {
  const t = ctx.deps.replies;
  const pages = ctx.state.pages;
  if (!pages?.chunks.length) return { reply: plain('help', 1, t.moreNone, t.suggestions.start ?? []) };
  const [chunk, ...rest] = pages.chunks;
  const procedure = pages.procedureCode ? ctx.deps.catalog.get(pages.procedureCode) : undefined;
  const suggestions = rest.length ? (t.suggestions.more ?? []) : (t.suggestions[pages.intent] ?? []);
  return {
    reply: { ...plain(pages.intent, 1, chunk, suggestions), procedure: procedure ? { code: procedure.code, name: procedure.name } : null },
    session: { pages: rest.length ? { ...pages, chunks: rest } : undefined },
  };
}

function procedureAnswer(ctx: TurnContext, d: Decision, procedure: Procedure, intent: ProcedureIntent): Step {
  const t = ctx.deps.replies;
  // "nộp ngày 30/11 thì bao giờ có?": the expected date counts from the day the person names.
  const filedOn = intent === 'duration' ? filingDate(d.u.prepared.original, vietnamDay(ctx.deps.now())) : undefined;
  const reply = ctx.deps.builder.build(intent, procedure, d.u.channel, {
    filedOn,
    caseIndex: d.caseIndex,
    validity: d.u.cues.includes('validityAsk'),
  });
  const paged = page(reply, t);
  // A record nearly as close as this one, or named beside it: said in one line, one tap away.
  const other = d.alongside ?? (d.via === 'named' && d.u.alternative?.procedure.code !== procedure.code ? d.u.alternative?.procedure : undefined);
  const text = other ? `${paged.first}\n\n${fill(t.alsoClose, { name: shortName(other) })}` : paged.first;
  // The answer's own options (the other cases of a checklist) come first.
  const own = [...(reply.options ?? []), ...(other ? [shortName(other)] : []), ...(t.suggestions[intent] ?? [])];
  const suggestions = [...(paged.chunks.length ? (t.suggestions.more ?? []) : []), ...own];
  const turn = procedureTurn(d, procedure, intent, text, suggestions);
  return {
    reply: { ...turn, suggestions: suggestions.slice(0, reply.options?.length ? limits.suggestionsWithOptions : limits.suggestions) },
    session: {
      ...aboutProcedure(procedure, intent),
      // A short answer leaves the last long one's "xem thêm" working; a long one replaces it.
      ...(paged.chunks.length ? { pages: { intent, procedureCode: procedure.code, chunks: paged.chunks } } : {}),
    },
  };
}

/** "mang gì, bao lâu, bao nhiêu tiền": each question answered briefly, in one reply. */
function severalQuestions(ctx: TurnContext, d: Decision, procedure: Procedure, intents: ProcedureIntent[]): Step {
  const t = ctx.deps.replies;
  const replies = intents.map((intent) => ctx.deps.builder.build(intent, procedure, d.u.channel));
  const blocks = replies.map((r) => brief(r, t.partMore).join('\n'));
  const source = replies[0].tail.at(-1) ?? '';
  const text = [...blocks, source].filter(Boolean).join('\n\n');
  const last = intents[intents.length - 1];
  // The question the message was read as asking (the one it ends on) names the turn, when it is one of them.
  const main = intents.find((i) => i === d.u.intent) ?? intents[0];
  return { reply: procedureTurn(d, procedure, main, text, t.suggestions[last] ?? []), session: aboutProcedure(procedure, last) };
}

function brief(reply: ProcedureReply, partMore: string): string[] {
  const shown = reply.body.slice(0, limits.briefLines);
  const left = reply.body.slice(limits.briefLines).filter((l) => !l.trimEnd().endsWith(':') && !l.trimStart().startsWith('↳')).length;
  return [...reply.head, ...shown, ...(left ? [fill(partMore, { n: left })] : [])];
}

function procedureTurn(d: Decision, procedure: Procedure, intent: Intent, reply: string, suggestions: string[]): Turn {
  const u = d.u;
  return {
    intent,
    confidence: u.named ? Math.max(u.confidence, u.named.score) : u.confidence,
    procedure: { code: procedure.code, name: procedure.name },
    candidates: candidatesOf(u),
    receiptCode: null,
    reply,
    suggestions: suggestions.slice(0, limits.suggestions),
  };
}

const aboutProcedure = (procedure: Procedure, intent: Intent): SessionChanges => ({
  procedureCode: procedure.code,
  lastIntent: intent,
  topic: 'procedure',
});

function askProcedure(ctx: TurnContext, d: Decision, intent: ProcedureIntent): Step {
  const t = ctx.deps.replies;
  if (intent === 'overview') {
    // "… cần những thủ tục gì" asks for a list: the records it fits beat "chưa hiểu".
    if (d.u.listAsked && d.u.hits.length) return related(ctx, d);
    return notUnderstood(ctx, d, t.unclear, t.suggestions.unclear ?? t.suggestions.start ?? []);
  }
  // "Học phí lớp 10 bao nhiêu?": a subject of its own that no procedure fits is not a follow-up.
  if (isOutsideCatalog(d.u)) return notUnderstood(ctx, d, t.outOfScope, t.suggestions.start ?? [], t.outOfScopeLikely);
  const pendingParts = d.u.parts.length > 1 ? d.u.parts : undefined;
  return { reply: plain(intent, d.u.confidence, t.askProcedure, t.suggestions.start ?? [], d.u), session: { pendingIntent: intent, pendingParts } };
}

function browse(ctx: TurnContext, d: Decision): Step {
  const t = ctx.deps.replies;
  const group = ctx.deps.catalog.byField(ctx.text);
  if (!group) return related(ctx, d);
  const list: ProcedureReply = {
    head: [fill(t.browse.title, { field: group.field })],
    body: group.procedures.map((p) => fill(t.browse.line, { name: p.name })),
    tail: [],
  };
  const paged = page(list, t);
  const reply = plain('browse', d.u.confidence, paged.first, group.procedures.slice(0, 3).map(shortName), d.u);
  return { reply, session: paged.chunks.length ? { pages: { intent: 'browse', chunks: paged.chunks } } : {} };
}

/**
 * "Các thủ tục về hộ kinh doanh", "cho hỏi thủ tục về đăng ký tàu cá": no field of that name, but the
 * records the question fits, each one tap away.
 */
function related(ctx: TurnContext, d: Decision): Step {
  const t = ctx.deps.replies;
  const best = d.u.hits[0]?.score ?? 0;
  const fitting = d.u.hits.filter((h) => h.score >= best * limits.relatedShare);
  const options = ctx.deps.catalog.search.oneEach(fitting).slice(0, limits.relatedOptions);
  if (options.length === 0) return { reply: plain('browse', d.u.confidence, t.browse.none, t.suggestions.start ?? [], d.u) };
  return offerList(ctx, d, 'browse', [t.browse.related], options, [t.browse.pick]);
}

/** Records listed by number between a head and a tail, each one tap away (a number or its button picks it next turn). */
function offerList(ctx: TurnContext, d: Decision, intent: Intent, head: string[], options: readonly SearchHit[], tail: string[]): Step {
  const t = ctx.deps.replies;
  const lines = [...head, ...options.map((h, i) => fill(t.clarifyLine, { n: i + 1, name: h.procedure.name })), ...tail];
  return {
    reply: {
      ...plain(intent, d.u.confidence, lines.join('\n'), distinctLabels(options.map((h) => h.procedure)), d.u),
      candidates: options.map((h) => ({ code: h.procedure.code, name: h.procedure.name, score: h.score })),
    },
    session: { offered: options.map((h) => h.procedure.code) },
  };
}

/** The hotline; asked during a talk about a procedure, with that procedure named so staff find it at once. */
function handoff(ctx: TurnContext, d: Decision): Step {
  const t = ctx.deps.replies;
  const about = d.procedure ?? discussed(ctx);
  const text = about
    ? fill(t.handoffAbout, { hotline: ctx.deps.hotline, name: shortName(about), code: about.code })
    : fill(t.handoff, { hotline: ctx.deps.hotline });
  const reply = plain('handoff', d.u.confidence, text, t.suggestions.handoff ?? [], d.u);
  return { reply: about ? { ...reply, procedure: { code: about.code, name: about.name } } : reply };
}

function smallTalk(ctx: TurnContext, d: Decision): Step {
  const t = ctx.deps.replies;
  const say = (intent: Intent, text: string, suggestions: string[] | undefined) => ({
    reply: plain(intent, d.u.confidence, text, suggestions ?? [], d.u),
  });
  switch (d.intent) {
    case 'greeting':
      return say('greeting', t.greeting, t.suggestions.start);
    case 'thanks':
      return say('thanks', t.thanks, t.suggestions.start);
    case 'help':
      return say('help', t.help, t.suggestions.start);
    case 'handoff':
      return handoff(ctx, d);
    case 'feedback':
      return isBareFeedbackRequest(d.u) ? askFor(ctx, 'feedback') : showBack(ctx, 'feedback', ctx.text);
    case 'dossier_status':
    case 'subscribe':
    case 'unsubscribe': {
      const ask = ctx.deps.dossiers.askForCodeReply();
      return say('dossier_status', ask.reply, ask.suggestions);
    }
    default:
      return notUnderstood(ctx, d, t.outOfScope, t.suggestions.start ?? [], t.outOfScopeLikely);
  }
}

/**
 * "Tôi người Úc, … mang mèo về Úc thì xin kiểm dịch gì" read as outside the catalog or not understood: the records
 * that fit a good part of it are offered under the apology, each one tap away, so a question the catalog may hold
 * never ends there.
 */
function notUnderstood(ctx: TurnContext, d: Decision, text: string, suggestions: string[], textWithOptions = text): Step {
  const fitting = d.u.hits.filter((h) => h.score >= thresholds.likelyScore && h.coverage >= thresholds.likelyCoverage);
  const likely = d.u.contentWords >= thresholds.likelyContentWords ? ctx.deps.catalog.search.oneEach(fitting).slice(0, limits.likelyOptions) : [];
  if (likely.length === 0) {
    // A long story is about something the person needs done: no "mình chỉ hỗ trợ về thủ tục hành chính", but a request
    // for the one thing wanted, in a sentence, with the staff one tap away.
    if (d.u.prepared.tokens.length >= thresholds.storyWords) {
      const t = ctx.deps.replies;
      return { reply: plain('out_of_scope', d.u.confidence, t.storyNotFound, [...(t.suggestions.handoff ?? []), ...suggestions], d.u) };
    }
    return { reply: plain('out_of_scope', d.u.confidence, text, suggestions, d.u) };
  }
  // With a record to offer, no flat "mình chỉ hỗ trợ về thủ tục hành chính": the question may well be about one.
  return offerList(ctx, d, 'out_of_scope', [textWithOptions, ctx.deps.replies.browse.likely], likely, []);
}
