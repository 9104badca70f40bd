import type { ProcedureReply } from './replies.js';
import { type Replies, fill } from './templates.js';

/**
 * A long answer cut for a phone screen: a first message of at most `firstMessageLimit`
 * characters that always holds the key lines (the papers people forget), then ready-to-send
 * messages for "xem thêm". No message ends on a heading or starts with a note; every message
 * but the last says how many items are still to come; later messages say what they continue.
 */

/** Lines in one message at most. */
export const pageSize = 12;
/** The longest message: what a phone shows without scrolling through a wall of text. */
export const firstMessageLimit = 1200;

export interface PagedReply {
  first: string;
  chunks: string[];
}

type PageTexts = Pick<Replies, 'more' | 'continued'>;

const isHeading = (line: string) => line.trimEnd().endsWith(':');
const isNote = (line: string) => line.trimStart().startsWith('↳');
const isItem = (line: string) => !isHeading(line) && !isNote(line);

export function page(reply: ProcedureReply, t: PageTexts, limit = firstMessageLimit): PagedReply {
  const keys = new Set(reply.key ?? []);
  const lines = reply.body.flatMap((line) => splitLong(line, Math.floor(limit / 2)).map((text) => ({ text, key: keys.has(line) })));
  const moreLine = fill(t.more, { n: 99 }).length + 1;
  const fixed = [...reply.head, ...reply.tail].join('\n').length + 1;
  const { shown, rest } = firstPage(lines, limit - fixed - moreLine);
  const pages = [shown, ...chunk(rest, limit - moreLine - 60)];
  const itemsFrom = (from: number) => {
    const left = pages.slice(from).flat();
    return left.filter(isItem).length || left.length;
  };
  const withMore = (page: string[], i: number) => (i + 1 < pages.length ? [...page, fill(t.more, { n: itemsFrom(i + 1) })] : page);
  // Later messages say what they continue: other turns may come in between.
  const title = reply.head[0] ? [fill(t.continued, { title: reply.head[0].replace(/:\s*$/, '') })] : [];
  return {
    first: [...reply.head, ...withMore(pages[0], 0), ...reply.tail].join('\n'),
    chunks: pages.slice(1).map((lines, i) => [...title, ...withMore(lines, i + 1)].join('\n')),
  };
}

/**
 * The first message's lines: key lines first of all (the first one always, the others while
 * they take at most half of the room), then the others in order while they fit.
 */
function firstPage(lines: Array<{ text: string; key: boolean }>, room: number): { shown: string[]; rest: string[] } {
  const pinned = new Set<number>();
  let reserved = 0;
  lines.forEach(({ text, key }, i) => {
    const cap = pinned.size === 0 ? room : room / 2;
    if (key && reserved + text.length + 1 <= cap) {
      pinned.add(i);
      reserved += text.length + 1;
    }
  });
  let used = 0;
  let open = true;
  const shown: string[] = [];
  const rest: string[] = [];
  for (const [i, { text }] of lines.entries()) {
    if (pinned.has(i)) {
      shown.push(text);
      used += text.length + 1;
      reserved -= text.length + 1;
      continue;
    }
    const fits = used + reserved + text.length + 1 <= room && shown.length < pageSize;
    // Never end the first message on a heading nor leave a note without its item.
    const next = lines[i + 1];
    const endsOnHeading = isHeading(text) && !(next && used + reserved + text.length + next.text.length + 2 <= room);
    if (open && fits && !endsOnHeading && !(isNote(text) && rest.length)) {
      shown.push(text);
      used += text.length + 1;
    } else {
      open = false;
      rest.push(text);
    }
  }
  return { shown, rest };
}

/** The rest in messages of at most `pageSize` lines and `room` characters, cut between items. */
function chunk(lines: string[], room: number): string[][] {
  const pages: string[][] = [];
  let rest = lines;
  while (rest.length > 0) {
    let cut = 0;
    let size = 0;
    while (cut < rest.length && cut < pageSize && (cut === 0 || size + rest[cut].length + 1 <= room)) size += rest[cut++].length + 1;
    while (cut > 1 && cut < rest.length && (isHeading(rest[cut - 1]) || isNote(rest[cut]))) cut--;
    pages.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return pages;
}

/** A line too long for one message, cut between sentences (never after a list number). */
function splitLong(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of line.split(/(?<=[^\d\s][.;:])\s+/u)) {
    if (current && current.length + sentence.length + 1 > max) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${sentence}` : sentence;
    while (current.length > max) {
      const cut = current.lastIndexOf(' ', max - 1);
      const at = cut > max / 2 ? cut : max - 1;
      pieces.push(`${current.slice(0, at)}…`);
      current = current.slice(at).trim();
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
