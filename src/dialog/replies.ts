import { formReference, hasFileName } from '../catalog/import/dvc-clean.js';
import { implausibleAmount } from '../catalog/fees.js';
import type { Channel, ChannelMethod, DocumentCase, DocumentItem, Fee, Procedure } from '../catalog/schema.js';
import { distinctLabels, shortName } from '../catalog/short-name.js';
import type { UpcomingChange } from '../catalog/store.js';
import { type WorkCalendar, addDays, defaultCalendar, spokenDate, vietnamDay } from '../calendar/index.js';
import { feeText, formatDate, money } from './fee-text.js';
import type { ProcedureIntent } from '../nlu/intents.js';
import { fold } from '../text/index.js';
import { page } from './paging.js';
import { type Replies, fill } from './templates.js';

export { formatAmount, formatDate } from './fee-text.js';

/**
 * Reply builders: each turns one catalog record into the answer to one kind of question,
 * using only the record's facts. A reply is a head (always sent) and body lines; long bodies
 * are cut for a phone screen and the rest kept for "xem thêm".
 */

export interface ProcedureReply {
  head: string[];
  body: string[];
  tail: string[];
  /** Quick replies this answer offers (e.g. the other cases of a documents checklist). */
  options?: string[];
  /** Body lines that must be in the first message (never behind "xem thêm"). */
  key?: string[];
}

export interface ReplyContext {
  /** Which document case to list (index into the record's named cases); the first (main) one by default. */
  caseIndex?: number;
  /** The day the person says they will file (YYYY-MM-DD); today by default. */
  filedOn?: string;
  /** Leave out the source line (dry runs compare the facts only). */
  noSource?: boolean;
  /** The question asks how long the paper holds ("có giá trị bao lâu"), not what it takes or how long it takes. */
  validity?: boolean;
}

export interface ReplyOptions {
  now?: () => number;
  calendar?: WorkCalendar;
  /** Published changes that are not yet in force, by code. */
  upcoming?: (code: string) => UpcomingChange | undefined;
  /** Other records by code (the replacement of an abolished procedure). */
  lookup?: (code: string) => Procedure | undefined;
}

export type { ProcedureIntent } from '../nlu/intents.js';

export { type PagedReply, firstMessageLimit, page, pageSize } from './paging.js';

export class ReplyBuilder {
  private readonly now: () => number;
  private readonly calendar: WorkCalendar;
  private readonly rareCase: RegExp;
  /** The validity phrases, folded once. */
  private readonly validitySays: { says: string[]; notSays: string[] };

  constructor(
    private readonly t: Replies,
    private readonly options: ReplyOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.calendar = options.calendar ?? defaultCalendar();
    this.rareCase = new RegExp(`\\b(?:${t.documents.rareCases.map((w) => fold(w)).join('|')})\\b`);
    this.validitySays = { says: t.validity.says.map(fold), notSays: t.validity.notSays.map(fold) };
  }

  build(intent: ProcedureIntent, p: Procedure, channel: ChannelMethod | null, context: ReplyContext = {}): ProcedureReply {
    if (p.abolished) {
      const replacement = p.abolished.replacedBy ? this.options.lookup?.(p.abolished.replacedBy) : undefined;
      const replaced = p.abolished.replacedBy
        ? fill(this.t.abolishedReplaced, { code: p.abolished.replacedBy, name: replacement?.name ?? p.abolished.replacedBy })
        : '';
      const head = fill(this.t.abolished, { name: p.name, decision: p.abolished.decision, summary: p.abolished.summary }) + replaced;
      return { head: [head.trim()], body: [], tail: [], ...(replacement ? { options: [shortName(replacement)] } : {}) };
    }
    const today = vietnamDay(this.now());
    const reply = this.answer(intent, withShortName(p), channel, context, today);
    const upcoming = this.options.upcoming?.(p.code);
    if (upcoming && upcoming.effectiveDate > today && (upcoming.record.abolished || ['fees', 'duration', 'where', 'online'].includes(intent))) {
      const later = upcoming.record.abolished
        ? this.build(intent, upcoming.record, channel, { noSource: true }).head
        : this.answer(intent, upcoming.record, channel, context, upcoming.effectiveDate).body;
      const now = [...reply.head, ...reply.body].join('\n');
      const then = later.filter((line) => !now.includes(line));
      if (then.length) {
        reply.body.push(fill(this.t.willBe, { date: formatDate(upcoming.effectiveDate), decision: upcoming.decision }), ...then);
      }
    }
    if (!context.noSource) reply.tail.push(this.source(p));
    return reply;
  }

  private answer(intent: ProcedureIntent, p: Procedure, channel: ChannelMethod | null, context: ReplyContext, today: string): ProcedureReply {
    if (context.validity && ['requirements', 'duration', 'overview'].includes(intent)) return this.validity(p);
    switch (intent) {
      case 'fees':
        return this.fees(p, channel, today);
      case 'duration':
        return this.duration(p, channel, context, today);
      case 'documents':
        return this.documents(p, context);
      case 'overview':
        return this.overview(p, today);
      default:
        return this[intent](p);
    }
  }

  /**
   * Where the facts come from: the portal record's own retrieval date, and the agency decision
   * when one changed the record since.
   */
  private source(p: Procedure): string {
    const date = formatDate(p.source.retrievedAt);
    if (p.changedBy) {
      const from = p.changedBy.effectiveDate ?? p.updatedAt;
      // A record an agency added was never on the portal: its decision and agency are the only source.
      const template = p.changedBy.added ? this.t.sourceAdded : this.t.sourceDecision;
      return fill(template, { decision: p.changedBy.decision, agency: p.changedBy.agency, from: from ? formatDate(from) : '', date });
    }
    if (!p.updatedAt || p.updatedAt <= p.source.retrievedAt) return fill(this.t.source, { date });
    return fill(this.t.sourceUpdated, { date, updated: formatDate(p.updatedAt) });
  }

  /** "5 ngày làm việc" — or the record's own words when the unit is "other". */
  private time(channel: Channel): string {
    const time = channel.processingTime;
    if (!time || (time.value == null && !time.note)) return this.t.duration.unknown;
    if (time.unit === 'other' || time.value == null) return time.note ?? this.t.duration.unknown;
    const text = `${time.value} ${this.t.units[time.unit]}`;
    return time.note ? `${text} (${time.note})` : text;
  }

  private fees(p: Procedure, channel: ChannelMethod | null, today: string): ProcedureReply {
    const head = [fill(this.t.fees.title, { name: p.name })];
    const channels = this.pick(p, channel, head);
    if (channels.every((c) => c.fees.length === 0)) return { head: [fill(this.t.fees.none, { name: p.name })], body: [], tail: [] };
    const body = channels.map((c) => fill(this.t.fees.line, { channel: this.t.channelNames[c.method], fees: feeText(this.t, c.fees, today) }));
    return { head, body: dedupeChannels(body), tail: [] };
  }

  /** The overview's time: the number and unit, or a pointer to the details when the record has no plain number. */
  private shortTime(channel: Channel): string {
    const time = channel.processingTime;
    if (!time || time.value == null || time.unit === 'other') return this.t.overview.timeDetails;
    return `${time.value} ${this.t.units[time.unit]}`;
  }

  /** One short phrase for the overview: the amounts in force today only; the notes wait for "lệ phí bao nhiêu?". */
  private feeSummary(p: Procedure, today: string): string {
    const fees = p.channels.flatMap((c) => c.fees.filter((f) => (!f.validFrom || f.validFrom <= today) && (!f.validUntil || today <= f.validUntil)));
    if (fees.length === 0) return p.channels.some((c) => c.fees.length) ? this.t.overview.feeDetails : '';
    // Only amounts the portal states plainly make the range; a doubtful one ("25 VNĐ", or one its own description
    // contradicts) is told with its doubt under "lệ phí bao nhiêu?".
    const doubtful = (f: Fee) => implausibleAmount(f) || (f.statedElsewhere !== undefined && f.statedElsewhere !== f.amount);
    const plain = fees.filter((f) => !doubtful(f) && f.amount > 0);
    const currencies = new Set(plain.map((f) => f.currency));
    // Amounts in two currencies make no range: the details say which is which.
    if (currencies.size > 1) return this.t.overview.feeDetails;
    const amounts = [...new Set(plain.map((f) => f.amount))].sort((a, b) => a - b);
    if (amounts.length === 0) return fees.some((f) => f.amount > 0) ? this.t.overview.feeDetails : feeText(this.t, [fees[0]], today);
    const amount = (n: number) => money(this.t, n, plain[0].currency);
    const range =
      amounts.length === 1
        ? amount(amounts[0])
        : fill(this.t.overview.feeRange, { from: amount(amounts[0]), to: amount(amounts[amounts.length - 1]) });
    const dated = fees.some((f) => f.note || f.validUntil || f.statedElsewhere !== undefined);
    return dated || amounts.length > 1 ? `${range} ${this.t.overview.feeDetails}` : range;
  }

  /**
   * The checklist of one case (the main one unless the person chose another), the papers to
   * present, and the other cases offered as quick replies.
   */
  private documents(p: Procedure, context: ReplyContext): ProcedureReply {
    if (p.documents.length === 0) return { head: [fill(this.t.documents.none, { name: p.name })], body: [], tail: [] };
    const named = p.documents.filter((d) => d.case);
    // The main case is the record's first, unless that one is plainly an exception ("trẻ em bị bỏ
    // rơi", "ủy quyền"): people in it say so and pick it from the quick replies. With only
    // exceptions beside a general list, the general list is the answer.
    const general = p.documents.some((d) => !d.case && d.kind === 'submit');
    const usual = named.find((d) => !this.rareCase.test(fold(d.case))) ?? (general ? undefined : named[0]);
    const chosen = context.caseIndex !== undefined ? named[context.caseIndex] : usual;
    const shown = p.documents.filter((d) => !d.case || d === chosen);
    const body: string[] = [];
    const key: string[] = [];
    for (const kind of ['submit', 'present'] as const) {
      for (const group of shown.filter((d) => d.kind === kind)) {
        body.push(`${this.t.documents[kind]}${group.case ? ` — ${fill(this.t.documents.case, { case: group.case })}` : ''}:`);
        body.push(...this.checklist(group, key));
      }
    }
    const others = named.filter((c) => c !== chosen);
    const reply: ProcedureReply = { head: [fill(this.t.documents.title, { name: p.name })], body, tail: [], key };
    if (others.length) {
      reply.tail.push(fill(this.t.documents.otherCases, { n: others.length }));
      reply.options = others.slice(0, 6).map((c) => caseLabel(this.t, c));
    }
    return reply;
  }

  private checklist(group: DocumentCase, key: string[]): string[] {
    const items = [...group.items].sort((a, b) => Number(isKeyDocument(b.name)) - Number(isKeyDocument(a.name)));
    const lines = items.map((item) => {
      const counts = [
        item.originals ? fill(this.t.documents.originals, { n: item.originals }) : '',
        item.copies ? fill(this.t.documents.copies, { n: item.copies }) : '',
        form(item) ? fill(this.t.documents.form, { form: form(item)! }) + (item.formUrl ? ` ${item.formUrl}` : '') : '',
      ].filter(Boolean);
      const line = fill(this.t.documents.item, { name: item.name }) + (counts.length ? ` (${counts.join(', ')})` : '');
      if (isKeyDocument(item.name)) key.push(line);
      return line;
    });
    return [...lines, ...group.notes.map((note) => `  ↳ ${note}`)];
  }

  /** Which of the record's named cases a quick reply or a typed answer names; null when none. */
  caseChoice(p: Procedure, text: string): number | null {
    const wanted = squash(text);
    if (!wanted) return null;
    const index = p.documents
      .filter((d) => d.case)
      .findIndex((c) => c.case && (squash(caseLabel(this.t, c)) === wanted || squash(c.case) === wanted));
    return index < 0 ? null : index;
  }

  private duration(p: Procedure, channel: ChannelMethod | null, context: ReplyContext, today: string): ProcedureReply {
    const head = [fill(this.t.duration.title, { name: p.name })];
    const channels = this.pick(p, channel, head);
    if (channels.length === 0) return { head: [fill(this.t.duration.none, { name: p.name })], body: [], tail: [] };
    const body = dedupeChannels(channels.map((c) => fill(this.t.duration.line, { channel: this.t.channelNames[c.method], time: this.time(c) })));
    const due = this.dueLine(channels[0], context.filedOn ?? today, today);
    if (due) body.push(due);
    return { head, body, tail: [] };
  }

  /** "Nộp hôm nay (thứ Năm 26/11) thì hẹn trả dự kiến thứ Hai 07/12/2026" from the working-day calendar. */
  private dueLine(channel: Channel, filedOn: string, today: string): string | undefined {
    // Filed today: the real time of day matters (after office hours, the 15:00 rule); another day: at opening.
    const at = filedOn === today ? this.now() : Date.parse(`${filedOn}T08:00:00+07:00`);
    const due = this.calendar.dueDate(at, channel.processingTime);
    if (!due) return undefined;
    const template = filedOn === today ? this.t.duration.due : this.t.duration.dueOn;
    const line = fill(template, { filed: spokenDate(filedOn), due: spokenDate(due.date), received: spokenDate(due.receivedOn) });
    return due.provisional ? `${line} ${this.t.duration.provisional}` : line;
  }

  /** The place from the record, and the agency that executes the procedure at its level (not the ministry above it). */
  private where(p: Procedure): ProcedureReply {
    const head = [fill(this.t.where.title, { name: p.name })];
    const body: string[] = [];
    if (p.where) body.push(p.where);
    const agency = p.agencies.executing ?? p.agencies.competent;
    if (agency) body.push(fill(this.t.where.executing, { agency: trimStop(agency), levels: p.levels.join(', ') }));
    if (p.agencies.competent && p.agencies.executing && p.agencies.competent !== p.agencies.executing) {
      body.push(fill(this.t.where.competent, { agency: trimStop(p.agencies.competent) }));
    }
    if (body.length === 0) body.push(...placeFromRecord(p).map((line) => fill(this.t.where.stated, { line: trimStop(line) })));
    if (body.length === 0 && p.levels.length) body.push(fill(this.t.where.level, { levels: p.levels.join(', ') }));
    if (body.length === 0) return { head: [fill(this.t.where.none, { name: p.name })], body: [], tail: [] };
    return { head, body, tail: [] };
  }

  private online(p: Procedure): ProcedureReply {
    const methods = new Set(p.channels.map((c) => c.method));
    const hasOnline = methods.has('online') && p.onlineService !== 'none';
    const level = hasOnline ? (p.onlineService === 'none' ? 'partial' : p.onlineService) : 'none';
    const head = [fill(this.t.online[level], { name: p.name, postal: methods.has('postal') ? this.t.online.postalToo : '' })];
    const body: string[] = [];
    if (hasOnline) {
      body.push(fill(this.t.online.how, { short: shortName(p) }));
      if (/vneid|định danh quốc gia/i.test(`${p.where} ${p.steps.join(' ')}`)) body.push(this.t.online.vneid);
      if (methods.has('postal')) body.push(this.t.online.postal);
    }
    return { head, body, tail: [] };
  }

  private steps(p: Procedure): ProcedureReply {
    if (p.steps.length === 0) return { head: [fill(this.t.steps.none, { name: p.name })], body: [], tail: [] };
    return {
      head: [fill(this.t.steps.title, { name: p.name })],
      // Numbered once: the record's own "Bước 2:" or "2." gives way to ours.
      body: p.steps
        .map((step) => step.replace(STEP_NUMBER, '').trim())
        .filter(Boolean)
        .map((step, i) => fill(this.t.steps.line, { n: i + 1, step })),
      tail: [],
    };
  }

  private forms(p: Procedure): ProcedureReply {
    const items = p.documents.flatMap((d) => d.items).filter((i) => form(i));
    if (items.length === 0) return { head: [fill(this.t.forms.none, { name: p.name })], body: [], tail: [this.t.forms.where] };
    const body = items.map((i) => fill(this.t.forms.line, { form: form(i)!, document: i.name }) + (i.formUrl ? ` ${i.formUrl}` : ''));
    return { head: [fill(this.t.forms.title, { name: p.name })], body, tail: [this.t.forms.where] };
  }

  private requirements(p: Procedure): ProcedureReply {
    if (!p.requirements.trim()) return { head: [fill(this.t.requirements.none, { name: p.name })], body: [], tail: [] };
    const body = p.requirements
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean);
    return { head: [fill(this.t.requirements.title, { name: p.name })], body, tail: [] };
  }

  /** "có giá trị bao lâu": what the record itself says of how long a paper holds, word for word; else that it does not say. */
  private validity(p: Procedure): ProcedureReply {
    const v = this.t.validity;
    const { says, notSays } = this.validitySays;
    const texts = [p.requirements, ...p.steps, ...p.results, ...p.notes, ...p.documents.flatMap((d) => d.notes)];
    const sentences = texts.flatMap((t) => t.split(/\n+|(?<=[.;])\s+/u)).map((l) => trimStop(l.replace(LEADING_MARKS, '')));
    const said = [...new Set(sentences)].filter((l) => {
      const folded = ` ${fold(l)} `;
      return says.some((w) => folded.includes(` ${w} `)) && !notSays.some((w) => folded.includes(` ${w} `));
    });
    if (said.length > 0) return { head: [fill(v.title, { name: p.name })], body: said.slice(0, validityLines), tail: [] };
    const agency = p.agencies.executing ?? p.agencies.competent;
    return { head: [fill(v.none, { name: p.name })], body: agency ? [fill(v.ask, { agency: trimStop(agency) })] : [], tail: [] };
  }

  private overview(p: Procedure, today: string): ProcedureReply {
    const o = this.t.overview;
    const body: string[] = [];
    const agency = p.agencies.executing ?? p.agencies.competent;
    if (agency) body.push(fill(o.level, { levels: p.levels.join(', '), agency: trimStop(agency) }));
    const times = dedupeChannels(p.channels.map((c) => `${this.t.channelNames[c.method]}: ${this.shortTime(c)}`));
    if (times.length) body.push(fill(o.time, { time: times.join('; ') }));
    const fees = this.feeSummary(p, today);
    if (fees) body.push(fill(o.fee, { fees }));
    const hasOnline = p.channels.some((c) => c.method === 'online');
    body.push(o.online[hasOnline ? (p.onlineService === 'none' ? 'partial' : p.onlineService) : 'none']);
    if (p.results.length) body.push(fill(o.result, { results: p.results.join(', ') }));
    body.push(...p.notes.map((n) => `• ${n}`));
    return { head: [fill(o.title, { name: p.name })], body, tail: [o.ask] };
  }

  /** The channels to show: the one asked about first (or alone), else all. */
  private pick(p: Procedure, channel: ChannelMethod | null, head: string[]): Channel[] {
    if (!channel) return p.channels;
    const asked = p.channels.filter((c) => c.method === channel);
    if (asked.length === 0) {
      if (p.channels.length) head.push(fill(this.t.channelMissing, { channel: this.t.channelNames[channel].toLowerCase() }));
      return p.channels;
    }
    return [...asked, ...p.channels.filter((c) => c.method !== channel)];
  }
}

/** When every channel says the same, one line "Trực tiếp, trực tuyến: …" reads better than three. */
function dedupeChannels(lines: string[]): string[] {
  const byText = new Map<string, string[]>();
  for (const line of lines) {
    const match = /^(• )?([^:]+): (.*)$/s.exec(line);
    if (!match) return lines;
    const key = `${match[1] ?? ''}\u0000${match[3]}`;
    byText.set(key, [...(byText.get(key) ?? []), match[2]]);
  }
  return [...byText].map(([key, names]) => {
    const [bullet, text] = key.split('\u0000');
    const distinct = [...new Set(names)];
    return `${bullet}${distinct.map((n, i) => (i === 0 ? n : n.toLowerCase())).join(', ')}: ${text}`;
  });
}

/** Said where to go, and to which office. */
const OFFICE = '(?:ủy ban|uỷ ban|ubnd|sở|công an|bộ phận|trung tâm|cục|chi cục|cơ quan|phòng|bảo hiểm xã hội|kho bạc|cổng)';
const SUBMIT_AT = new RegExp(`(?<!\\p{L})(?:tại|đến)\\s+(?:\\p{L}+\\s+){0,2}?${OFFICE}(?!\\p{L})`, 'iu');
const SUBMIT_TO = new RegExp(
  `(?<!\\p{L})nộp(?!\\p{L})[^.;]*?(?<!\\p{L})(?:đến|tại|cho|trên|về|qua)\\s+(?:\\p{L}+\\s+){0,2}?${OFFICE}(?!\\p{L})`,
  'iu',
);

/**
 * A record that names no place and no agency often still says where in a channel's note ("Trực tiếp
 * tại Ủy ban nhân dân cấp xã, nơi thường trú") or in its first steps ("nộp hồ sơ đến UBND cấp xã").
 */
function placeFromRecord(p: Procedure): string[] {
  const notes = [...new Set(p.channels.map((c) => c.note?.trim() ?? '').filter((n) => SUBMIT_AT.test(n)))];
  if (notes.length) return notes;
  const sentence = p.steps.flatMap((s) => s.replace(STEP_NUMBER, '').split(/(?<=[.;:])\s+/u)).find((s) => SUBMIT_TO.test(s));
  return sentence ? [sentence.replace(LEADING_MARKS, '')] : [];
}

/** Bullets, dashes and the separators records put before a sentence of their lists. */
const LEADING_MARKS = /^[-–•+|\s]+/u;

function trimStop(text: string): string {
  return text.trim().replace(/[.;]\s*$/, '');
}

export { distinctLabels, shortName };

/** Names longer than this (the portal has some of 1,000 characters) are cut in headings. */
const NAME_LIMIT = 160;
/** At most this many of the record's sentences on how long its paper holds. */
const validityLines = 3;

function withShortName(p: Procedure): Procedure {
  return p.name.length <= NAME_LIMIT ? p : { ...p, name: `${p.name.slice(0, NAME_LIMIT).replace(/\s+\S*$/, '')}…` };
}

/** The form to name: a reference, never a bare attached file name. */
function form(item: DocumentItem): string | undefined {
  return item.form && hasFileName(item.form) ? formReference(item.form) : item.form;
}

const STEP_NUMBER = /^\s*(?:(?:bước\s*\d+\s*[:.)–-]?|\d+\s*[.)]|[a-zđ]\))\s*)+/iu;

/** Application forms and proof papers people forget: never left behind "xem thêm". */
const KEY_DOCUMENT = /^(tờ khai|phiếu đề nghị|đơn đề nghị|đơn xin)|chứng minh (về )?(chỗ ở|nơi ở|quyền sở hữu)|chỗ ở hợp pháp/iu;

function isKeyDocument(name: string): boolean {
  return KEY_DOCUMENT.test(name);
}

/** The quick reply that picks a case: its name, short enough for a button. */
function caseLabel(t: Replies, group: DocumentCase): string {
  const name = group.case.length <= 48 ? group.case : `${group.case.slice(0, 45).replace(/\s+\S*$/, '')}…`;
  return fill(t.documents.caseOption, { case: name });
}

function squash(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The paging contract with the engine: the first message (at most `firstMessageLimit` characters,
 * with the head, the start of the body and the tail) and the rest as ready-to-send chunks of the
 * same size for "xem thêm". A line too long for one message is cut at sentence ends.
 */
const previewIntents: ProcedureIntent[] = ['overview', 'documents', 'duration', 'fees', 'where', 'online'];

/** How the answers about a record read on a day (09:00 Vietnam time), without the source line: for agencies' dry runs. */
export function answerPreview(t: Replies, catalog: { get(code: string): Procedure | undefined }) {
  return (record: Procedure, day: string): Record<string, string> => {
    const builder = new ReplyBuilder(t, { now: () => Date.parse(`${day}T09:00:00+07:00`), lookup: (code) => catalog.get(code) });
    return Object.fromEntries(
      previewIntents.map((intent) => {
        const { first, chunks } = page(builder.build(intent, record, null, { noSource: true }), t);
        return [intent, [first, ...chunks].join('\n')];
      }),
    );
  };
}

/**
 * The day the person says they will file: "nộp ngày 30/11", "nop 2/12/2026", "mai nộp". A day
 * without a year is its next occurrence from today. Read from the text as typed (folding for
 * search turns "30/11" into two numbers).
 */
export function filingDate(text: string, today: string): string | undefined {
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  if (/\b(ngay mai|mai nop|nop mai|sang mai|chieu mai)\b/.test(folded)) return addDays(today, 1);
  const match = /(?<![\d/])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}))?(?![\d/])/.exec(folded);
  if (!match || !/\b(nop|ngay|hom)\b/.test(folded)) return undefined;
  const [day, month] = [Number(match[1]), Number(match[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  const year = match[3] ? Number(match[3]) : Number(today.slice(0, 4));
  let iso = `${year}-${pad(month)}-${pad(day)}`;
  if (!match[3] && iso < today) iso = `${year + 1}-${pad(month)}-${pad(day)}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || new Date(`${iso}T00:00:00Z`).getUTCDate() !== day ? undefined : iso;
}
