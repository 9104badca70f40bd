import { AskCues } from '../nlu/asks.js';
import type { DossierFacet } from '../dossier/service.js';
import type { Intent, Understanding } from '../nlu/index.js';
import type { Decision, SessionChanges, Stage, Step, TurnContext } from './pipeline.js';
import { isLate, namedByTypoOnly, thresholds } from './policy.js';
import type { SessionState } from './sessions.js';

/**
 * Dossier turns: a receipt code, a code typed wrongly or in part, subscribing, a late dossier,
 * and follow-ups about the dossier in focus (the one this session looked up last).
 */

type Action =
  | { kind: 'lookup' | 'subscribe'; code: string }
  | { kind: 'unsubscribe'; code?: string }
  | { kind: 'facet'; code: string; facet: DossierFacet }
  | { kind: 'malformed' | 'late' }
  | { kind: 'partial'; digits: string }
  | { kind: 'askCode'; forget?: boolean; pending?: 'subscribe' };

const dossierIntents = new Set<Intent>(['dossier_status', 'subscribe', 'unsubscribe']);
const facetOf: Partial<Record<Intent, DossierFacet>> = {
  duration: 'due',
  documents: 'missing',
  where: 'where',
  fees: 'fees',
  steps: 'next',
  requirements: 'next',
};

export const dossierStage: Stage = {
  name: 'dossier',
  async run(ctx, d) {
    if (d.procedure) return undefined;
    // "thế hồ sơ gửi đâu" while a procedure is discussed asks where to hand it in; with no procedure, a dossier is meant.
    if (d.u.submitWhere && ctx.state.procedureCode && ctx.state.topic !== 'dossier') return { decide: { intent: 'where' } };
    const action = route(d.u, ctx.state);
    if (action) return act(ctx, d, action);
    // Not about a dossier after all: a question about a procedure — the narrow one it asks, else its overview.
    if (!dossierIntents.has(d.intent)) return undefined;
    const asked = AskCues.decisive(d.u.asks);
    return asked ? { decide: { intent: asked } } : d.intent === 'dossier_status' ? { decide: { intent: 'overview' } } : undefined;
  },
};

function route(u: Understanding, state: Readonly<SessionState>): Action | undefined {
  const focus = state.receiptCode;
  if (u.receiptCode) {
    if (u.intent === 'unsubscribe') return { kind: 'unsubscribe', code: u.receiptCode };
    const subscribe = u.intent === 'subscribe' || state.pendingIntent === 'subscribe';
    return { kind: subscribe ? 'subscribe' : 'lookup', code: u.receiptCode };
  }
  if (u.malformedCode) return { kind: 'malformed' };
  if (u.cues.includes('retry') && focus) return { kind: 'lookup', code: focus };
  const inFocus = Boolean(focus) && state.topic === 'dossier';
  // "sao trễ hẹn vậy" is about a dossier even if "sao" brushes "bản sao".
  const late = isLate(u) && (u.named?.coverage ?? 0) < thresholds.topicChangeCoverage;
  if (u.named && !late && !(inFocus && namedByTypoOnly(u))) return undefined;
  const aboutDossier = dossierIntents.has(u.intent) || u.cues.includes('dossierWord') || late;
  if (u.partialCode && aboutDossier)
    return focus?.endsWith(u.partialCode) ? { kind: 'lookup', code: focus } : { kind: 'partial', digits: u.partialCode };
  // Barely read as a subscription, with no word of a dossier, while a procedure is discussed ("khai theo tháng hay theo năm")
  // or asking a narrow question ("nhận in thiệp có hình tờ tiền, có phải xin phép không"): about a procedure.
  const aside = u.confidence < thresholds.unsureReading && !aboutDossierWords(u) && !inFocus && (Boolean(state.procedureCode) || u.asks.length > 0);
  // "thông báo sai sót thì dùng mẫu nào" while a procedure is discussed asks about it; it does not stop any notices.
  const asksOfTopic = u.asks.length > 0 && u.confidence < thresholds.movedOn && !inFocus && Boolean(state.procedureCode);
  if (u.intent === 'unsubscribe' && !aside && !asksOfTopic) return { kind: 'unsubscribe' };
  if (u.intent === 'subscribe' && !aside) return focus ? { kind: 'subscribe', code: focus } : { kind: 'askCode', pending: 'subscribe' };
  const another = u.cues.includes('another');
  if (focus && inFocus && !another) {
    const facet = u.cues.includes('late') ? 'late' : u.cues.includes('dossierMissing') ? 'missing' : facetOf[u.intent];
    if (facet) return { kind: 'facet', code: focus, facet };
  }
  if (late) return focus && !another ? { kind: 'facet', code: focus, facet: 'late' } : { kind: 'late' };
  if (u.intent !== 'dossier_status') return undefined;
  // A guess at a dossier ("đăng ký mã số cơ sở nuôi") with no code and no word of one is left to the procedures.
  if (u.confidence < thresholds.intentGuess && !aboutDossierWords(u) && !inFocus) return undefined;
  return focus && !another ? { kind: 'lookup', code: focus } : { kind: 'askCode', forget: another };
}

function aboutDossierWords(u: Understanding): boolean {
  return u.cues.includes('dossierWord') || u.cues.includes('late') || u.cues.includes('dossierMissing');
}

async function act(ctx: TurnContext, d: Decision, action: Action): Promise<Step> {
  const { dossiers } = ctx.deps;
  const sessionId = ctx.sessionId;
  const options = { clientKey: ctx.clientKey };
  const turn = (
    intent: Intent,
    answer: { reply: string; suggestions: string[] },
    receiptCode: string | null,
    session: SessionChanges = {},
  ): Step => ({
    reply: { intent, confidence: d.u.confidence, procedure: null, candidates: [], receiptCode, reply: answer.reply, suggestions: answer.suggestions },
    session,
  });
  switch (action.kind) {
    case 'lookup': {
      const found = await dossiers.lookup(action.code, options);
      const topic = found.kind === 'found' ? 'dossier' : undefined;
      return turn('dossier_status', found, found.code, { receiptCode: found.code, topic });
    }
    case 'facet': {
      const answer = await dossiers.followUp(action.code, action.facet);
      return turn('dossier_status', answer, action.code);
    }
    case 'subscribe':
      if (!sessionId) return turn('subscribe', dossiers.askForCodeReply(), null);
      return turn('subscribe', await dossiers.subscribe(sessionId, action.code, options), action.code, { receiptCode: action.code });
    case 'unsubscribe':
      return turn('unsubscribe', sessionId ? await dossiers.unsubscribe(sessionId, action.code) : dossiers.askForCodeReply(), action.code ?? null);
    case 'malformed':
      return turn('dossier_status', dossiers.malformedReply(), null);
    case 'partial':
      return turn('dossier_status', dossiers.partialCodeReply(action.digits), null);
    case 'late':
      return turn('dossier_status', dossiers.lateReply(), null);
    default: {
      const session: SessionChanges = action.forget ? { receiptCode: undefined, topic: undefined } : {};
      if (action.pending) session.pendingIntent = action.pending;
      return turn(action.pending ?? 'dossier_status', dossiers.askForCodeReply(), null, session);
    }
  }
}
