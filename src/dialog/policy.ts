import { type Intent, type Understanding, isProcedureIntent } from '../nlu/index.js';
import { nameWords, prepare } from '../text/index.js';
import type { Decision } from './pipeline.js';
import type { SessionState } from './sessions.js';

/**
 * The conversation's judgement calls in one place: named thresholds, and the rules that
 * override what the classifier read, as one ordered table. Each rule sees the understanding,
 * the decision so far and the session, and returns what it changes (or nothing).
 */

export const thresholds = {
  /** A newly named procedure covering this much of its name is a change of topic, not a follow-up. */
  topicChangeCoverage: 0.7,
  /** The procedure discussed still fits when it scores within this of the best new match… */
  keepCurrentMargin: 0.1,
  /** …unless the message says every word of the new one's name (this coverage) and not of the one discussed. */
  wholeNameCoverage: 1,
  /** A message that names another procedure this well, agreeing with what it asks, is a new topic, not a sibling of the last. */
  siblingOwnScore: 0.75,
  /** A follow-up read with the procedure discussed names another record by at least this many words of its own. */
  otherOfTopicWords: 2,
  /** A follow-up that fits several records this closely (and at least this well, with this many words of its own)… */
  nearTopicMargin: 0.2,
  nearTopicScore: 0.3,
  nearTopicWords: 3,
  /** An answer to a clarifying question in its own words picks the option it matches this well… */
  offeredByText: 0.3,
  /** …covering at least this much of it: "xin ở đâu" says one stray word of an everyday name ("xin giấy phép sửa chữa …"). */
  offeredByTextCoverage: 0.3,
  /** …by this much over the next option. */
  offeredTextMargin: 0.02,
  /** Below this the classifier's intent is a guess: a named procedure then gets its overview. */
  intentGuess: 0.5,
  /** Below this a procedure question about a named procedure is answered with the overview. */
  weakQuestion: 0.35,
  /** Read at least this surely, small talk or a dossier request while text is awaited means the person moved on. */
  movedOn: 0.8,
  /** Read less surely than this, a subscription, a complaint, help, a person or out of scope while a procedure is discussed is a question about it. */
  unsureReading: 0.45,
  /** A feedback read less surely than this (and without "phản ánh", "kiến nghị"…) is no request to leave one. */
  feedbackClear: 0.6,
  /** A procedure question read this surely, while a complaint is awaited, is answered rather than stored. */
  plainQuestion: 0.6,
  /** A feedback request of at most this many words is only the request: its content comes next. */
  bareRequestWords: 5,
  /** Options whose names share this much of the shorter one's words are one thing done differently: asked about the action. */
  sameThingShare: 0.6,
  /** What a correction's own words add to a record's fit when it is read together with the procedure discussed. */
  correctionOwnWeight: 0.5,
  /** A correction's sibling of the procedure discussed, in its field, read together with it this well, is meant even below the bar. */
  sameFieldSiblingScore: 0.35,
  /** A message names one procedure outright, not just a situation around it, at this coverage and score… */
  outrightCoverage: 0.8,
  outrightScore: 0.55,
  /** …or, asked a narrow question about it ("… cần giấy gì"), at this coverage and score. */
  askedCoverage: 0.7,
  askedScore: 0.5,
  /** …or, one of the procedures its life event lists, at this coverage (and the outright score). */
  listedCoverage: 0.6,
  /** A message this long tells a story: around a procedure it names, its life event is background; nothing found in it, the person is asked for the one thing wanted. */
  storyWords: 20,
  /** A message with this many words of its own and no hit this good is outside the catalog. */
  outsideContentWords: 3,
  outsideBestHit: 0.45,
  /** Nothing named, the best record within this of the bar and covering this much of a name: offered as a question. */
  nearMissMargin: 0.05,
  nearMissCoverage: 0.75,
  /** …or past the bar and covering this much of a name. */
  partNameCoverage: 0.35,
  /** …with the records within this of it. */
  nearMissSpread: 0.06,
  /** Read as outside the catalog or not understood, a message with this many words of its own is offered the records
   * that reach this score and cover this much of a name. */
  likelyContentWords: 3,
  likelyScore: 0.35,
  likelyCoverage: 0.5,
} as const;

/** How much one reply shows. */
export const limits = {
  /** Quick replies under one message… */
  suggestions: 4,
  /** …and when an answer offers its own choices (the cases of a checklist). */
  suggestionsWithOptions: 6,
  /** Candidates reported with an answer (spec §2 `candidates`). */
  candidates: 3,
  /** Options in one clarifying question. */
  clarifyOptions: 4,
  /** A list of the records a question fits when it names no field: at most this many, scoring at least this share of the best. */
  relatedOptions: 6,
  /** Records offered under an apology for a question not understood. */
  likelyOptions: 3,
  relatedShare: 0.8,
  /** How deep an answer to a clarifying question, or a follow-up read with the procedure discussed, is searched. */
  offeredSearch: 40,
  /** Body lines of each answer in a several-question reply. */
  briefLines: 4,
} as const;

/** Small talk a strongly named procedure overrides: the message is about that procedure. */
const smallTalk = new Set<Intent>(['greeting', 'thanks', 'help', 'out_of_scope']);
/** Questions that a channel-only follow-up ("còn online thì sao?") asks again for that channel. */
const channelQuestions = new Set<Intent>(['duration', 'fees', 'documents']);
/** Questions only one procedure can answer ("what papers" or "may I" can be asked of a whole situation). */
const oneProcedureQuestions = new Set<Intent>(['where', 'duration', 'fees', 'forms', 'online']);
/** Intents that mean the person moved on from a capture, when read surely. */
const movedOnIntents = new Set<Intent>(['handoff', 'help', 'greeting', 'thanks', 'dossier_status', 'subscribe', 'unsubscribe']);

interface Rule {
  name: string;
  apply(u: Understanding, d: Decision, state: Readonly<SessionState>): Partial<Decision> | undefined;
}

const strongName = (u: Understanding) => (u.named?.coverage ?? 0) >= thresholds.topicChangeCoverage || u.confidence < thresholds.intentGuess;

export const intentRules: readonly Rule[] = [
  {
    name: 'a clear request to complain that only brushes a procedure name is a complaint',
    apply: (u, d) =>
      u.cues.includes('feedbackRequest') && (d.via === undefined || (d.via === 'named' && !strongName(u)))
        ? { intent: 'feedback', procedure: undefined, via: undefined }
        : undefined,
  },
  {
    name: 'whom to ask, right after a door outside the catalog, asks for a person',
    apply: (u, d, state) =>
      state.referred && u.cues.includes('whoToAsk') && !d.procedure ? { intent: 'handoff', procedure: undefined, via: undefined } : undefined,
  },
  {
    name: 'an unsure feedback is a question, not a complaint',
    apply: (u, d) => (d.intent === 'feedback' && !isFeedbackRequest(u) ? { intent: 'overview' } : undefined),
  },
  {
    name: 'a weak question about a named procedure gets its overview',
    apply: (u, d) =>
      d.via === 'named' && isProcedureIntent(d.intent) && u.confidence < thresholds.weakQuestion ? { intent: 'overview' } : undefined,
  },
  {
    name: 'small talk that only brushes a procedure name stays small talk',
    apply: (u, d) => (d.via === 'named' && smallTalk.has(d.intent) && !strongName(u) ? { procedure: undefined, via: undefined } : undefined),
  },
  {
    name: 'a named procedure with small talk or an unsure intent gets its overview',
    apply: (u, d) =>
      d.via === 'named' && !isProcedureIntent(d.intent) && (smallTalk.has(d.intent) || u.confidence < thresholds.intentGuess)
        ? { intent: 'overview' }
        : undefined,
  },
  {
    name: 'a typed procedure code without a question gets the overview',
    apply: (_u, d) => (d.via === 'code' && !isProcedureIntent(d.intent) ? { intent: 'overview' } : undefined),
  },
  {
    name: 'the question asked before "which procedure?" is answered once the procedure is known',
    apply: (_u, d, state) =>
      d.procedure && isProcedureIntent(state.pendingIntent) && d.intent === 'overview' ? { intent: state.pendingIntent } : undefined,
  },
  {
    name: '"còn khai tử thì sao?" asks the last question about another procedure',
    apply: (u, d, state) =>
      u.bareFollowUp && !u.channel && d.procedure && isProcedureIntent(state.lastIntent) && state.lastIntent !== 'overview'
        ? { intent: state.lastIntent }
        : undefined,
  },
  {
    name: '"à nhầm, không phải bố mẹ mà là bác ruột cho thì sao" asks the last question again',
    apply: (u, d, state) =>
      u.cues.includes('correction') &&
      u.asks.length === 0 &&
      d.procedure &&
      isProcedureIntent(state.lastIntent) &&
      // …and so does one that names nothing, read unsure ("à quên, mình không ở nước ngoài đâu").
      ((u.followUp && (d.intent === 'overview' || (!isProcedureIntent(d.intent) && u.confidence < thresholds.unsureReading))) ||
        (!u.named && u.confidence < thresholds.unsureReading))
        ? { intent: state.lastIntent }
        : undefined,
  },
  {
    name: '"còn online thì sao?" asks the last time, fee or document question for that channel',
    apply: (u, d, state) =>
      d.intent === 'online' && u.channel && !u.named && u.followUp && state.lastIntent && channelQuestions.has(state.lastIntent)
        ? { intent: state.lastIntent }
        : undefined,
  },
];

/** Applies the table in order; later rules see earlier rules' changes. */
export function applyIntentRules(d: Decision, state: Readonly<SessionState>): Partial<Decision> {
  let current = d;
  for (const rule of intentRules) current = { ...current, ...rule.apply(d.u, current, state) };
  return { intent: current.intent, procedure: current.procedure, via: current.via };
}

/**
 * A clear request to leave a complaint: the words say so, or the classifier is sure — of a message that
 * does not correct what was said before ("à không phải đóng hẳn, nghỉ 6 tháng rồi mở lại" is no complaint).
 */
export function isFeedbackRequest(u: Understanding): boolean {
  if (u.cues.includes('feedbackRequest')) return true;
  return u.intent === 'feedback' && u.confidence >= thresholds.feedbackClear && !u.cues.includes('correction');
}

/** Only the request ("tôi muốn phản ánh"), with the content still to come. */
export function isBareFeedbackRequest(u: Understanding): boolean {
  return u.cues.includes('feedbackRequest') && u.prepared.tokens.length <= thresholds.bareRequestWords;
}

/** Instead of the awaited text, the person clearly asked for something else (or pressed "xem thêm"). */
export function movedOn(u: Understanding): boolean {
  return u.cues.includes('more') || u.cues.includes('retry') || (movedOnIntents.has(u.intent) && u.confidence >= thresholds.movedOn);
}

/** While a complaint is awaited: plainly a question about a procedure, to answer rather than store. */
export function isPlainProcedureQuestion(u: Understanding): boolean {
  return u.named !== null && isProcedureIntent(u.intent) && u.intent !== 'overview' && u.confidence >= thresholds.plainQuestion;
}

/** Late, said about a dossier ("hẹn trả … mà giờ chưa có"). */
export function isLate(u: Understanding): boolean {
  // "Tôi muốn phản ánh hồ sơ bị trễ hẹn" leaves a complaint: capture takes it.
  if (u.cues.includes('feedbackRequest')) return false;
  return u.cues.includes('late') && (u.cues.includes('dossierWord') || /\d{1,2}[/.-]\d{1,2}/.test(u.prepared.original));
}

/**
 * The procedure is named only through a tolerated typo ("thieu" read as "chiếu"): too weak a
 * name to leave the dossier in focus for.
 */
export function namedByTypoOnly(u: Understanding): boolean {
  if (!u.named) return false;
  const words = new Set(prepare(u.named.matched).tokens);
  return u.named.positions.some((i) => u.prepared.tokens[i] !== undefined && !words.has(u.prepared.tokens[i]));
}

/** "làm ở xã nơi em ở trọ được không": where, how long, how much, which form or whether online, asked of nothing named, asks of the procedure discussed. */
export function asksOfTopic(u: Understanding): boolean {
  return !u.named && u.asks.some((a) => oneProcedureQuestions.has(a));
}

/**
 * The message names one procedure outright — a narrow question about it ("xóa thường trú cần
 * giấy gì"), or its name well covered — rather than telling a situation around it.
 */
export function namesOneProcedure(u: Understanding): boolean {
  if (!u.named) return false;
  const { coverage, score } = u.named;
  if (coverage >= thresholds.outrightCoverage && score >= thresholds.outrightScore) return true;
  // "… giờ muốn đăng ký kết hôn thì làm thế nào": the official name said in full.
  if (score >= thresholds.askedScore && saysWholeName(u)) return true;
  // "Em lấy chồng Đài Loan, … giờ cần làm hộ chiếu": the name opens what the person says they want.
  if (u.namedWanted && coverage >= thresholds.askedCoverage) return true;
  // Where, how long, how much, which form, whether online ("… làm đơn gửi đâu") fit one procedure, never a list: of those the event would list, the one named.
  if (u.asks.some((a) => oneProcedureQuestions.has(a)) && asksAboutListed(u)) return true;
  // "Ông tôi vừa qua đời, … chưa kịp lĩnh lương hưu, nhận thay thế nào?": one of the procedures the list would offer, named well enough.
  if (score >= thresholds.outrightScore && coverage >= thresholds.listedCoverage && listed(u) && saysMoreThanEvent(u)) return true;
  if (coverage < thresholds.askedCoverage || score < thresholds.askedScore) return false;
  // "mở tiệm cầm đồ thì phải xin giấy chứng nhận an ninh trật tự à": one of the procedures the list would offer, well named.
  if (score >= thresholds.outrightScore && listed(u)) return true;
  return u.asks.length > 0 || (asksAboutListed(u) && u.confidence >= thresholds.plainQuestion);
}

function saysWholeName(u: Understanding): boolean {
  const words = nameWords(u.named!.procedure.name);
  const said = ` ${u.prepared.tokens.join(' ')} `;
  if (words.length >= 2 && said.includes(` ${words.join(' ')} `)) return true;
  // "hủy đăng ký thường trú" for "Xóa đăng ký thường trú": the name after its action, with the action asked in other words.
  const actions = u.named!.facets.actions;
  if (u.asked.actions.length === 0 || !u.asked.actions.every((a) => actions.includes(a))) return false;
  return [1, 2].some((skip) => words.length - skip >= 2 && said.includes(` ${words.slice(skip).join(' ')} `));
}

/**
 * A question about one of the procedures the life event's list would offer ("mở nhà nghỉ có cần
 * giấy chứng nhận an ninh trật tự không"): the person already knows which one.
 */
function asksAboutListed(u: Understanding): boolean {
  return listed(u) && isProcedureIntent(u.intent) && u.intent !== 'overview' && u.intent !== 'steps';
}

/** The named record has words of the message beyond those of its life event ("lĩnh lương hưu" beside "qua đời"; "mở tiệm cầm đồ" alone has none). */
function saysMoreThanEvent(u: Understanding): boolean {
  const eventWords = new Set(u.lifeEvent?.ask.flatMap((phrase) => phrase.split(' ')) ?? []);
  return u.named!.positions.some((p) => !eventWords.has(u.prepared.tokens[p]));
}

const listed = (u: Understanding) => u.lifeEvent?.procedures.some((p) => p.code === u.named?.procedure.code) ?? false;

/** A life event's list fits a message that tells the event, not a long story that asks one thing about it. */
export function isAboutLifeEvent(u: Understanding): boolean {
  return u.lifeEvent !== null && !namesOneProcedure(u) && (u.prepared.tokens.length < thresholds.storyWords || (!u.named && u.asks.length === 0));
}

/** Several words of its own, and nothing in the catalog fits them: the question is about something else. */
export function isOutsideCatalog(u: Understanding): boolean {
  return u.contentWords >= thresholds.outsideContentWords && (u.hits[0]?.score ?? 0) < Math.min(thresholds.outsideBestHit, u.acceptScore);
}
