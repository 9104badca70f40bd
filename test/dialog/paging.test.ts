import { describe, expect, it } from 'vitest';
import { page, pageSize } from '../../src/dialog/replies.js';
import { loadReplies } from '../../src/dialog/templates.js';

const t = loadReplies();
const countIn = (text: string) => Number(/còn (\d+) mục nữa/.exec(text)?.[1] ?? 0);
const items = (text: string) => text.split('\n').filter((l) => l.startsWith('•')).length;

describe('page: a long answer cut for a phone screen', () => {
  // Headings and notes between the items, as a documents answer has them.
  const body = Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? `Trường hợp ${i}:` : i % 7 === 0 ? '  ↳ ghi chú' : `• giấy ${i}`));
  const reply = { head: ['📄 Hồ sơ X:'], body, tail: ['Nguồn: …'] };
  const paged = page(reply, t);
  const all = [paged.first, ...paged.chunks];

  it('every message but the last says exactly how many items are still to come', () => {
    const total = body.filter((l) => l.startsWith('•')).length;
    let seen = 0;
    for (const [i, message] of all.entries()) {
      seen += items(message);
      expect(countIn(message), message).toBe(i === all.length - 1 ? 0 : total - seen);
    }
    expect(seen).toBe(total);
  });

  it('never ends a page on a heading nor starts one with a note, and keeps pages short', () => {
    for (const message of all) {
      const lines = message.split('\n').filter((l) => !/còn \d+ mục nữa|^Nguồn|^📄/.test(l));
      expect(lines.at(-1)!.endsWith(':'), message).toBe(false);
      expect(lines[0].trimStart().startsWith('↳'), message).toBe(false);
      expect(lines.length).toBeLessThanOrEqual(pageSize);
    }
  });

  it('later messages say what they continue; a short answer is one message', () => {
    for (const chunk of paged.chunks) expect(chunk.startsWith('📄 Hồ sơ X (tiếp theo)')).toBe(true);
    expect(page({ head: ['A'], body: ['• 1', '• 2'], tail: [] }, t)).toEqual({ first: 'A\n• 1\n• 2', chunks: [] });
  });
});
