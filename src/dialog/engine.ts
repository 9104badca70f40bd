import type { Catalog } from '../catalog/store.js';
import type { ChannelMethod, Procedure } from '../catalog/schema.js';
import type { DossierService } from '../dossier/service.js';
import type { Understander, Understanding } from '../nlu/index.js';
import { fold } from '../text/index.js';
import { type ProcedureIntent, type ReplyContext, ReplyBuilder, filingDate, nextChunk, pageSize, paginate, shortName } from './replies.js';
import { vietnamDay } from '../calendar/index.js';
import type { InboxStore, SessionState, SessionStore } from './sessions.js';
import { type Replies, fill } from './templates.js';
import type { AskInput, AskResult, Assistant, Intent } from './types.js';

/**
 * The conversation engine: normalise → understand → decide (with the session's context) →
 * answer. It knows nothing of HTTP or Telegram; every channel calls `ask`.
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
  /** The clock answers are dated by (fees in force, due dates); Date.now by default. */
  now?: () => number;
}

const procedureIntents = new Set<Intent>(['documents', 'duration', 'fees', 'where', 'online', 'steps', 'forms', 'requirements', 'overview']);
/** Intents a strongly named procedure overrides: the message is about that procedure. */
const smallTalk = new Set<Intent>(['greeting', 'thanks', 'help', 'out_of_scope']);
const moreWords = new Set(['xem them', 'them nua', 'xem tiep', 'tiep', 'tiep di', 'con nua', 'xem them di']);
const retryWords = new Set(['thu lai', 'thu lai sau', 'thu lai di', 'tra lai']);
const maxInput = 2000;

type Turn = Omit<AskResult, 'notifications'>;

export class Engine implements Assistant {
  private readonly builder: ReplyBuilder;

  constructor(private readonly deps: EngineDeps) {
    this.builder = new ReplyBuilder(deps.replies, {
      now: deps.now,
      upcoming: (code) => deps.catalog.upcoming(code),
      lookup: (code) => deps.catalog.get(code),
    });
  }

  async ask(input: AskInput): Promise<AskResult> {
    const text = cleanInput(input.text);
    const sessionId = input.sessionId;
    const state: SessionState = sessionId ? this.deps.sessions.get(sessionId) : { recent: [] };
    const clientKey = input.clientKey ?? sessionId ?? 'anonymous';
    const turn = await this.turn(text, state, sessionId, clientKey);
    if (sessionId && turn.procedure) this.deps.interest?.recordInterest(sessionId, turn.procedure.code);
    if (sessionId) {
      state.recent.push({ role: 'user', text: text.slice(0, 500) }, { role: 'assistant', text: turn.reply.slice(0, 500) });
      this.deps.sessions.save(sessionId, state);
    }
    const notifications = sessionId && input.channel !== 'telegram' ? this.deps.dossiers.takeMessages(sessionId) : [];
    return notifications.length ? { ...turn, notifications } : turn;
  }

  private async turn(text: string, state: SessionState, sessionId: string | undefined, clientKey: string): Promise<Turn> {
    const t = this.deps.replies;
    if (!/[\p{L}\p{N}]/u.test(text)) return this.plain('out_of_scope', 0, t.notText, t.suggestions.start);

    // Understood once, when first needed; the awaited-text check and the answer share it.
    let understood: Understanding | undefined;
    const understandText = () => (understood ??= this.deps.understander.understand(text));

    if (state.awaiting && sessionId) {
      const kind = state.awaiting;
      state.awaiting = undefined;
      // The awaited text, unless the person clearly moved on (asked for the hotline, gave a code…).
      if (!movedOn(understandText())) {
        const id = this.deps.inbox.add(kind, sessionId, text, state.recent);
        const template = kind === 'feedback' ? t.feedbackSaved : t.staffQuestionSaved;
        return this.plain(kind === 'feedback' ? 'feedback' : 'handoff', 1, fill(template, { id, hotline: this.deps.hotline }), []);
      }
    }

    const folded = fold(text);
    if (moreWords.has(folded)) return this.more(state);
    if (retryWords.has(folded) && state.receiptCode) return this.lookupAgain(state, clientKey);
    if (sessionId && t.suggestions.handoff.some((s) => fold(s) === folded)) {
      state.awaiting = 'staff_question';
      return this.plain('handoff', 1, t.askStaffQuestion, []);
    }
    // A quick reply naming one case of the documents checklist just shown.
    const current = state.lastIntent === 'documents' && state.procedureCode ? this.deps.catalog.get(state.procedureCode) : undefined;
    const caseIndex = current ? this.builder.caseChoice(current, text) : null;
    if (current && caseIndex !== null) return this.answer('documents', current, null, understandText(), state, { caseIndex });
    const offered = this.pickOffered(folded, state);
    const u = offered ? this.deps.understander.understand(offered.name) : understandText();
    const coded = offered ? undefined : this.byCode(text);
    const chosen = offered ?? coded;
    if (!coded && (u.receiptCode || u.malformedCode || ['dossier_status', 'subscribe', 'unsubscribe'].includes(u.intent))) {
      const dossierTurn = await this.dossierTurn(u, state, sessionId, clientKey);
      if (dossierTurn) return dossierTurn;
    }

    let intent = u.intent;
    let procedure: Procedure | undefined = chosen;
    if (!procedure && u.named) {
      const picked = this.pickNamed(u, state);
      if (picked === 'clarify') return this.clarify(u, state, intent);
      procedure = picked;
      const strong = u.named.coverage >= 0.7 || u.confidence < 0.5;
      if (procedure && procedureIntents.has(intent) && u.confidence < 0.35) intent = 'overview';
      if (procedure && !procedureIntents.has(intent) && smallTalk.has(intent) && !strong) procedure = undefined;
      else if (procedure && !procedureIntents.has(intent) && (smallTalk.has(intent) || u.confidence < 0.5)) intent = 'overview';
    }
    if (coded && !procedureIntents.has(intent)) intent = 'overview';
    if (procedure && state.pendingIntent && procedureIntents.has(state.pendingIntent) && (chosen || intent === 'overview')) intent = state.pendingIntent;
    state.pendingIntent = undefined;
    state.offered = undefined;

    if (intent === 'browse') return this.browse(u, text);
    if (!procedureIntents.has(intent)) return this.smallTalk(intent, u, state);

    // A follow-up ("còn online thì sao?") keeps the procedure and, for time or fees, the question.
    if (!procedure && state.procedureCode) procedure = this.deps.catalog.get(state.procedureCode);
    if (!procedure) {
      if (intent === 'overview') return this.plain('out_of_scope', u.confidence, t.unclear, t.suggestions.start, u);
      state.pendingIntent = intent;
      return this.plain(intent, u.confidence, t.askProcedure, t.suggestions.start, u);
    }
    if (intent === 'online' && u.channel && !u.named && state.lastIntent && isChannelFollowUp(u.prepared.folded)) {
      if (['duration', 'fees', 'documents'].includes(state.lastIntent)) intent = state.lastIntent;
    }
    const channel: ChannelMethod | null = u.channel ?? null;
    state.procedureCode = procedure.code;
    state.lastIntent = intent;
    // "nộp ngày 30/11 thì bao giờ có?": the expected date counts from the day the person names.
    const filedOn = intent === 'duration' ? filingDate(u.prepared.original, vietnamDay((this.deps.now ?? Date.now)())) : undefined;
    return this.answer(intent as ProcedureIntent, procedure, channel, u, state, filedOn ? { filedOn } : {});
  }

  private answer(
    intent: ProcedureIntent, procedure: Procedure, channel: ChannelMethod | null, u: Understanding, state: SessionState, context: ReplyContext = {},
  ): Turn {
    const reply = this.builder.build(intent, procedure, channel, context);
    const { first: text, chunks: rest } = paginate(reply, this.deps.replies);
    state.more = rest.length ? rest : undefined;
    const own = [...(reply.options ?? []), ...(this.deps.replies.suggestions[intent] ?? [])];
    const suggestions = rest.length ? [...this.deps.replies.suggestions.more, ...own] : own;
    return {
      intent,
      confidence: u.named ? Math.max(u.confidence, u.named.score) : u.confidence,
      procedure: { code: procedure.code, name: procedure.name },
      candidates: this.candidates(u),
      receiptCode: null,
      reply: text,
      suggestions: suggestions.slice(0, reply.options?.length ? 6 : 4),
    };
  }

  private more(state: SessionState): Turn {
    const rest = state.more ?? [];
    const t = this.deps.replies;
    if (rest.length === 0) return this.plain('help', 1, t.moreNone, t.suggestions.start);
    const next = nextChunk(rest, t);
    state.more = next.rest.length ? next.rest : undefined;
    const procedure = state.procedureCode ? this.deps.catalog.get(state.procedureCode) : undefined;
    const intent = state.lastIntent ?? 'overview';
    return {
      ...this.plain(intent, 1, next.text, state.more ? t.suggestions.more : t.suggestions[intent] ?? []),
      procedure: procedure ? { code: procedure.code, name: procedure.name } : null,
    };
  }

  /**
   * Which procedure the message names, given the one being discussed: the discussed one when
   * it still fits about as well; nothing (a follow-up) when the new match covers too little of
   * any name to be a change of topic; a question when two procedures tie.
   */
  private pickNamed(u: Understanding, state: SessionState): Procedure | undefined | 'clarify' {
    const named = u.named!;
    const current = state.procedureCode;
    if (current) {
      const stillFits = u.hits.find((h) => h.procedure.code === current && h.score >= named.score - 0.1);
      if (stillFits) return stillFits.procedure;
      if (named.coverage < 0.7) return undefined;
    }
    if (u.ambiguous.length > 1) return 'clarify';
    return named.procedure;
  }

  /** A national procedure code typed in the message ("thủ tục 1.004194 lệ phí bao nhiêu"). */
  private byCode(text: string): Procedure | undefined {
    const code = /(?<![\d.])(\d\.\d{6})(?![\d.])/.exec(text)?.[1];
    return code ? this.deps.catalog.get(code) : undefined;
  }

  /** "1", "số 2", or a candidate's exact name after a clarifying question. */
  private pickOffered(folded: string, state: SessionState): Procedure | undefined {
    if (!state.offered?.length) return undefined;
    const number = /^(?:so |thu tuc )?(\d)$/.exec(folded);
    const code = number ? state.offered[Number(number[1]) - 1] : undefined;
    return code ? this.deps.catalog.get(code) : undefined;
  }

  private clarify(u: Understanding, state: SessionState, intent: Intent): Turn {
    const t = this.deps.replies;
    const options = u.ambiguous.slice(0, 4);
    state.offered = options.map((h) => h.procedure.code);
    state.pendingIntent = procedureIntents.has(intent) && intent !== 'overview' ? intent : undefined;
    const lines = [t.clarify, ...options.map((h, i) => fill(t.clarifyLine, { n: i + 1, name: h.procedure.name }))];
    return {
      intent,
      confidence: u.confidence,
      procedure: null,
      candidates: this.candidates(u),
      receiptCode: null,
      reply: lines.join('\n'),
      suggestions: options.map((h) => shortName(h.procedure)),
    };
  }

  private async dossierTurn(u: Understanding, state: SessionState, sessionId: string | undefined, clientKey: string): Promise<Turn | null> {
    const dossiers = this.deps.dossiers;
    // "Tra cứu hồ sơ khác": another dossier, so the one discussed is no answer.
    if (!u.receiptCode && /\bkhac\b/.test(u.prepared.folded)) state.receiptCode = undefined;
    const code = u.receiptCode ?? state.receiptCode ?? null;
    let intent: Intent = u.intent === 'subscribe' || u.intent === 'unsubscribe' ? u.intent : 'dossier_status';
    if (!u.receiptCode && !u.malformedCode && u.intent === 'dossier_status' && u.named) return null;
    // "Báo cho tôi khi có kết quả" asked before the code was given.
    if (u.receiptCode && intent === 'dossier_status' && state.pendingIntent === 'subscribe') intent = 'subscribe';
    state.pendingIntent = !code && intent === 'subscribe' ? 'subscribe' : undefined;
    let answer: { reply: string; suggestions: string[] };
    if (intent === 'unsubscribe') {
      answer = sessionId ? dossiers.unsubscribe(sessionId, u.receiptCode ?? undefined) : dossiers.askForCodeReply();
    } else if (u.malformedCode && !u.receiptCode) {
      intent = 'dossier_status';
      answer = dossiers.malformedReply();
    } else if (!code) {
      answer = dossiers.askForCodeReply();
    } else if (intent === 'subscribe') {
      answer = sessionId ? await dossiers.subscribe(sessionId, code, { clientKey }) : dossiers.askForCodeReply();
    } else {
      const found = await dossiers.lookup(code, { clientKey });
      if (found.kind === 'found') state.receiptCode = found.code;
      answer = found;
    }
    if (u.receiptCode) state.receiptCode = u.receiptCode;
    return {
      intent,
      confidence: u.confidence,
      procedure: null,
      candidates: [],
      receiptCode: u.receiptCode,
      reply: answer.reply,
      suggestions: answer.suggestions,
    };
  }

  /** "Thử lại" after the dossier system was unavailable: the same lookup again. */
  private async lookupAgain(state: SessionState, clientKey: string): Promise<Turn> {
    const found = await this.deps.dossiers.lookup(state.receiptCode!, { clientKey });
    return { ...this.plain('dossier_status', 1, found.reply, found.suggestions), receiptCode: found.code };
  }

  private browse(u: Understanding, text: string): Turn {
    const t = this.deps.replies;
    const group = this.deps.catalog.byField(text);
    if (!group) return this.plain('browse', u.confidence, t.browse.none, t.suggestions.start, u);
    const names = group.procedures.map((p) => fill(t.browse.line, { name: p.name }));
    const lines = [fill(t.browse.title, { field: group.field }), ...names.slice(0, pageSize)];
    if (names.length > pageSize) lines.push(fill(t.more, { n: names.length - pageSize }));
    return this.plain('browse', u.confidence, lines.join('\n'), group.procedures.slice(0, 3).map(shortName), u);
  }

  private smallTalk(intent: Intent, u: Understanding, state: SessionState): Turn {
    const t = this.deps.replies;
    const hotline = this.deps.hotline;
    switch (intent) {
      case 'greeting':
        return this.plain(intent, u.confidence, t.greeting, t.suggestions.start, u);
      case 'thanks':
        return this.plain(intent, u.confidence, t.thanks, t.suggestions.start, u);
      case 'help':
        return this.plain(intent, u.confidence, t.help, t.suggestions.start, u);
      case 'handoff':
        return this.plain(intent, u.confidence, fill(t.handoff, { hotline }), t.suggestions.handoff, u);
      case 'feedback':
        state.awaiting = 'feedback';
        return this.plain(intent, u.confidence, t.askFeedback, [], u);
      default:
        return this.plain('out_of_scope', u.confidence, t.outOfScope, t.suggestions.start, u);
    }
  }

  private plain(intent: Intent, confidence: number, reply: string, suggestions: string[], u?: Understanding): Turn {
    return { intent, confidence, procedure: null, candidates: u ? this.candidates(u) : [], receiptCode: null, reply, suggestions };
  }

  private candidates(u: Understanding): AskResult['candidates'] {
    return u.hits.slice(0, 3).map((h) => ({ code: h.procedure.code, name: h.procedure.name, score: h.score }));
  }
}

/** Instead of the awaited feedback or question, the person clearly asked for something else. */
function movedOn(u: Understanding): boolean {
  if (u.receiptCode) return true;
  return ['handoff', 'help', 'greeting', 'thanks', 'dossier_status', 'subscribe', 'unsubscribe'].includes(u.intent) && u.confidence >= 0.8;
}

/** "còn online thì sao?", "thế nộp trực tiếp?": the same question again, for another channel. */
function isChannelFollowUp(folded: string): boolean {
  return /^(con|the con|vay con|the|con neu)\b/.test(folded) || /\b(thi sao|the nao|thi the nao)$/.test(folded);
}

/** Control characters out, whitespace folded, length bounded (the HTTP layer rejects longer input). */
function cleanInput(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxInput);
}
