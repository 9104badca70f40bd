import type { Channel, ChannelMethod, Fee, Procedure } from '../catalog/schema.js';
import type { ProcedureIntent } from '../nlu/intents.js';
import { type Replies, fill } from './templates.js';

/**
 * Reply builders: each turns one catalog record into the answer to one kind of question,
 * using only the record's facts. A reply is a head (always sent) and body lines; long bodies
 * are cut for a phone screen and the rest kept for "xem thêm".
 */

export interface ProcedureReply {
  head: string[];
  body: string[];
  tail: string[];
}

export type { ProcedureIntent } from '../nlu/intents.js';

/** Lines shown before the rest is offered with "xem thêm". */
export const pageSize = 12;

/** A reply cut for a phone screen: the first message, and the rest as ready-to-send messages. */
export interface PagedReply {
  first: string;
  chunks: string[];
}

/**
 * Cuts a long body into pages of at most `pageSize` lines, never leaving a heading at the foot
 * of a page or a note away from its item. Every message but the last ends with `more` filled
 * with the number of items still to come (headings and notes are not items).
 */
export function page(reply: ProcedureReply, t: Pick<Replies, 'more' | 'continued'>): PagedReply {
  const pages: string[][] = [];
  let rest = reply.body;
  while (rest.length > 0) {
    let cut = Math.min(pageSize, rest.length);
    while (cut > 1 && cut < rest.length && (isHeading(rest[cut - 1]) || isNote(rest[cut]))) cut--;
    pages.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  const left = (from: number) => {
    const lines = pages.slice(from).flat();
    return lines.filter((l) => !isHeading(l) && !isNote(l)).length || lines.length;
  };
  const message = (lines: string[], i: number) => (i + 1 < pages.length ? [...lines, fill(t.more, { n: left(i + 1) })] : lines);
  // Later messages say what they continue: other turns may come in between.
  const title = reply.head[0] ? [fill(t.continued, { title: reply.head[0].replace(/:\s*$/, '') })] : [];
  return {
    first: [...reply.head, ...message(pages[0] ?? [], 0), ...reply.tail].join('\n'),
    chunks: pages.slice(1).map((lines, i) => [...title, ...message(lines, i + 1)].join('\n')),
  };
}

const isHeading = (line: string) => line.trimEnd().endsWith(':');
const isNote = (line: string) => line.trimStart().startsWith('↳');

export class ReplyBuilder {
  constructor(private readonly t: Replies) {}

  build(intent: ProcedureIntent, p: Procedure, channel: ChannelMethod | null): ProcedureReply {
    if (p.abolished) {
      return { head: [fill(this.t.abolished, { name: p.name, decision: p.abolished.decision, summary: p.abolished.summary })], body: [], tail: [] };
    }
    const reply = this[intent](p, channel);
    reply.tail.push(this.source(p));
    return reply;
  }

  /** Where the facts come from, and when the record was last changed when that is later. */
  private source(p: Procedure): string {
    const date = formatDate(p.source.retrievedAt);
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

  private fees(p: Procedure, channel: ChannelMethod | null): ProcedureReply {
    const head = [fill(this.t.fees.title, { name: p.name })];
    const channels = this.pick(p, channel, head);
    if (channels.every((c) => c.fees.length === 0)) return { head: [fill(this.t.fees.none, { name: p.name })], body: [], tail: [] };
    const body = channels.map((c) =>
      fill(this.t.fees.line, { channel: this.t.channelNames[c.method], fees: this.feeText(c.fees) }),
    );
    return { head, body: dedupeChannels(body), tail: [] };
  }

  private feeText(fees: Fee[]): string {
    if (fees.length === 0) return this.t.duration.unknown;
    return fees
      .map((fee) => {
        // A zero with a note is whatever the note says (often: the province sets the amount) — never "free".
        if (fee.amount === 0) return fee.note ? trimStop(fee.note) : this.t.fees.noFee;
        const amount = fill(this.t.fees.amount, { amount: formatAmount(fee.amount) });
        return fee.note ? `${amount} (${trimStop(fee.note)})` : amount;
      })
      .join('; ');
  }

  /** The overview's time: the number and unit, or a pointer to the details when the record has no plain number. */
  private shortTime(channel: Channel): string {
    const time = channel.processingTime;
    if (!time || time.value == null || time.unit === 'other') return this.t.overview.timeDetails;
    return `${time.value} ${this.t.units[time.unit]}`;
  }

  /** One short phrase for the overview: the amounts only; the notes wait for "lệ phí bao nhiêu?". */
  private feeSummary(p: Procedure): string {
    const fees = p.channels.flatMap((c) => c.fees);
    if (fees.length === 0) return '';
    const amounts = [...new Set(fees.map((f) => f.amount).filter((a) => a > 0))].sort((a, b) => a - b);
    if (amounts.length === 0) return this.feeText([fees[0]]);
    const amount = (n: number) => fill(this.t.fees.amount, { amount: formatAmount(n) });
    const range = amounts.length === 1 ? amount(amounts[0]) : fill(this.t.overview.feeRange, { from: amount(amounts[0]), to: amount(amounts[amounts.length - 1]) });
    return fees.some((f) => f.note) || amounts.length > 1 ? `${range} ${this.t.overview.feeDetails}` : range;
  }

  private documents(p: Procedure): ProcedureReply {
    if (p.documents.length === 0) return { head: [fill(this.t.documents.none, { name: p.name })], body: [], tail: [] };
    const body: string[] = [];
    for (const kind of ['submit', 'present'] as const) {
      const cases = p.documents.filter((d) => d.kind === kind);
      if (cases.length === 0) continue;
      body.push(`${this.t.documents[kind]}:`);
      for (const group of cases) {
        if (group.case) body.push(fill(this.t.documents.case, { case: group.case }) + ':');
        for (const item of group.items) {
          const counts = [
            item.originals ? fill(this.t.documents.originals, { n: item.originals }) : '',
            item.copies ? fill(this.t.documents.copies, { n: item.copies }) : '',
            item.form ? fill(this.t.documents.form, { form: item.form }) : '',
          ].filter(Boolean);
          body.push(fill(this.t.documents.item, { name: item.name }) + (counts.length ? ` (${counts.join(', ')})` : ''));
        }
        for (const note of group.notes) body.push(`  ↳ ${note}`);
      }
    }
    return { head: [fill(this.t.documents.title, { name: p.name })], body, tail: [] };
  }

  private duration(p: Procedure, channel: ChannelMethod | null): ProcedureReply {
    const head = [fill(this.t.duration.title, { name: p.name })];
    const channels = this.pick(p, channel, head);
    if (channels.length === 0) return { head: [fill(this.t.duration.none, { name: p.name })], body: [], tail: [] };
    const body = channels.map((c) => fill(this.t.duration.line, { channel: this.t.channelNames[c.method], time: this.time(c) }));
    return { head, body: dedupeChannels(body), tail: [] };
  }

  private where(p: Procedure): ProcedureReply {
    const head = [fill(this.t.where.title, { name: p.name })];
    const body: string[] = [];
    if (p.where) body.push(p.where);
    if (p.agencies.competent) body.push(fill(this.t.where.competent, { agency: trimStop(p.agencies.competent) }));
    if (body.length === 0) return { head: [fill(this.t.where.none, { name: p.name })], body: [], tail: [] };
    if (p.levels.includes('Cấp xã') && !/trong (phạm vi )?tỉnh/i.test(p.where)) body.push(this.t.where.province);
    return { head, body, tail: [] };
  }

  private online(p: Procedure): ProcedureReply {
    const methods = new Set(p.channels.map((c) => c.method));
    const hasOnline = methods.has('online') && p.onlineService !== 'none';
    const level = hasOnline ? (p.onlineService === 'none' ? 'partial' : p.onlineService) : 'none';
    const head = [
      fill(this.t.online[level], { name: p.name, postal: methods.has('postal') ? this.t.online.postalToo : '' }),
    ];
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
      body: p.steps.map((step, i) => fill(this.t.steps.line, { n: i + 1, step })),
      tail: [],
    };
  }

  private forms(p: Procedure): ProcedureReply {
    const items = p.documents.flatMap((d) => d.items).filter((i) => i.form);
    if (items.length === 0) return { head: [fill(this.t.forms.none, { name: p.name })], body: [], tail: [this.t.forms.where] };
    const body = items.map((i) => fill(this.t.forms.line, { form: i.form!, document: i.name }) + (i.formUrl ? ` ${i.formUrl}` : ''));
    return { head: [fill(this.t.forms.title, { name: p.name })], body, tail: [this.t.forms.where] };
  }

  private requirements(p: Procedure): ProcedureReply {
    if (!p.requirements.trim()) return { head: [fill(this.t.requirements.none, { name: p.name })], body: [], tail: [] };
    const body = p.requirements.split(/\n+/).map((l) => l.trim()).filter(Boolean);
    return { head: [fill(this.t.requirements.title, { name: p.name })], body, tail: [] };
  }

  private overview(p: Procedure): ProcedureReply {
    const o = this.t.overview;
    const body: string[] = [];
    const agency = p.agencies.competent ?? p.agencies.executing;
    if (agency) body.push(fill(o.level, { levels: p.levels.join(', '), agency: trimStop(agency) }));
    const times = dedupeChannels(p.channels.map((c) => `${this.t.channelNames[c.method]}: ${this.shortTime(c)}`));
    if (times.length) body.push(fill(o.time, { time: times.join('; ') }));
    const fees = this.feeSummary(p);
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

function trimStop(text: string): string {
  return text.trim().replace(/[.;]\s*$/, '');
}

export function formatAmount(amount: number): string {
  return amount.toLocaleString('de-DE');
}

/** YYYY-MM-DD → dd/mm/yyyy */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** A name short enough to type into the portal's search box. */
export function shortName(p: Procedure): string {
  const name = p.name.replace(/^Thủ tục\s+/i, '').replace(/\s*\(.*\)\s*$/, '');
  return name.length <= 60 ? name : `${name.slice(0, 57).replace(/\s+\S*$/, '')}…`;
}
