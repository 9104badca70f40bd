import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../src/catalog/schema.js';
import { ReplyBuilder, filingDate, page } from '../../src/dialog/replies.js';
import { loadReplies } from '../../src/dialog/templates.js';
import { bundled } from '../support/catalog.js';

/** Facts in force on a fixed day (Vietnam time): dated fees, zero amounts, due dates, phone-sized pages. */

const t = loadReplies();
const at = (iso: string) => () => Date.parse(iso);
const on = (iso: string) => new ReplyBuilder(t, { now: at(iso) });
const TODAY = '2026-11-25T10:00:00+07:00';
const text = (r: { head: string[]; body: string[]; tail: string[] }) => [...r.head, ...r.body, ...r.tail].join('\n');

describe('fees in force today', () => {
  it('a reduction in force is given first, with its percentage, end and what follows', () => {
    const reply = text(on(TODAY).build('fees', bundled('1.014064'), 'direct'));
    const line = reply.split('\n').find((l) => l.startsWith('• Nộp trực tiếp'))!;
    expect(line).toMatch(
      /^• Nộp trực tiếp[^:]*: 35\.000 đồng \(bằng 50% mức 70\.000 đồng, theo 64\/2025\/TT-BTC\) đến hết 31\/12\/2026, sau đó 70\.000 đồng/,
    );
  });

  it('after the reduction ends, the full amount is the one in force', () => {
    const reply = text(on('2027-01-02T09:00:00+07:00').build('fees', bundled('1.014064'), 'direct'));
    expect(reply).toMatch(/Nộp trực tiếp[^:]*: 70\.000 đồng/);
    expect(reply).not.toContain('35.000');
  });

  it('before a reduction starts, it is what follows', () => {
    const reply = text(on('2025-06-01T09:00:00+07:00').build('fees', bundled('1.014064'), 'direct'));
    expect(reply).toMatch(/Nộp trực tiếp[^:]*: 70\.000 đồng[^;\n]* đến hết 30\/06\/2025, sau đó 35\.000 đồng/);
  });

  it('an ended rate is never given as current (passport online, driving licence online)', () => {
    const passport = text(on(TODAY).build('fees', bundled('1.001456'), 'online'));
    const online = passport.split('\n').find((l) => l.includes('Nộp trực tuyến'))!;
    expect(online).toMatch(/mức 160\.000 đồng, 320\.000 đồng chỉ áp dụng đến hết 31\/12\/2023/);
    expect(online).not.toMatch(/Nộp trực tuyến[^:]*: 160\.000/);
    const licence = text(on(TODAY).build('fees', bundled('3.000347'), 'online'));
    expect(licence).toMatch(/Nộp trực tuyến: 135\.000 đồng/);
    expect(licence).not.toContain('115.000');
  });

  it('the cell and the description disagreeing is said honestly', () => {
    const reply = text(on(TODAY).build('fees', bundled('1.002755'), 'online'));
    expect(reply).toContain('5.000 đồng theo ô mức thu trên Cổng, nhưng phần mô tả của Cổng ghi 7.000 đồng');
  });

  it('"miễn phí" only when the record says free; the province deciding and unpublished amounts said as such', () => {
    expect(text(on(TODAY).build('fees', bundled('1.001193'), null))).toMatch(/: miễn phí/);
    const province = text(on(TODAY).build('fees', bundled('1.000656'), null));
    expect(province).toContain('mức thu do Hội đồng nhân dân (HĐND) tỉnh quyết định');
    expect(province).not.toMatch(/miễn phí/i);
    const record = bundled('1.001193');
    const unpublished: Procedure = {
      ...record,
      channels: record.channels.map((c) => ({
        ...c,
        fees: [{ kind: 'fee', amount: 0, currency: 'VND', note: 'Thực hiện theo Thông tư 244/2016/TT-BTC.' }],
      })),
    };
    const reply = text(on(TODAY).build('fees', unpublished, null));
    expect(reply).toContain('Cổng Dịch vụ công chưa công bố mức thu');
    expect(reply).not.toMatch(/miễn phí/i);
  });

  it('the overview sums up only the amounts in force', () => {
    const reply = text(on(TODAY).build('overview', bundled('1.014064'), null));
    expect(reply).toContain('35.000 đồng');
    expect(reply).not.toMatch(/Phí, lệ phí: 70\.000/);
  });
});

describe('due dates from the working-day calendar', () => {
  const working = (days: number, unit: 'working_day' | 'day' = 'working_day'): Procedure => {
    const record = bundled('1.004194');
    return { ...record, channels: [{ method: 'direct', processingTime: { value: days, unit }, fees: [] }] };
  };
  const due = (iso: string, p: Procedure, filedOn?: string) =>
    text(on(iso).build('duration', p, null, filedOn ? { filedOn } : {}))
      .split('\n')
      .find((l) => l.startsWith('📅'));

  it('receipt day not counted: filed Thursday 26/11/2026, 7 working days → Monday 07/12/2026', () => {
    expect(due('2026-11-26T09:00:00+07:00', working(7))).toContain('hẹn trả dự kiến thứ Hai 07/12/2026');
  });

  it('a date the person names: counted from that day', () => {
    expect(due(TODAY, working(7), '2026-11-26')).toContain('Nộp thứ Năm 26/11/2026 thì hẹn trả dự kiến thứ Hai 07/12/2026');
  });

  it('after office hours the count starts the next working day', () => {
    expect(due('2026-11-26T17:30:00+07:00', working(1))).toContain('thứ Hai 30/11/2026');
    expect(due('2026-11-26T16:30:00+07:00', working(1))).toContain('thứ Sáu 27/11/2026');
  });

  it('across Tết 2026: the days off 16–20/02 are skipped', () => {
    // Filed Thursday 12/02: 13/02 is day 1, then Tết (14–22/02), 23/02 is day 2.
    expect(due('2026-02-12T09:00:00+07:00', working(3))).toContain('thứ Ba 24/02/2026');
  });

  it('a make-up Saturday counts as a working day (10/01/2026), the swapped Friday does not (02/01/2026)', () => {
    expect(due('2025-12-31T09:00:00+07:00', working(1))).toContain('thứ Hai 05/01/2026');
    expect(due('2026-01-09T09:00:00+07:00', working(1))).toContain('thứ Bảy 10/01/2026');
  });

  it('same-day procedures: before 15:00 that day, after 15:00 the next working day', () => {
    const sameDay = working(0);
    expect(due('2026-11-27T14:59:00+07:00', sameDay)).toContain('hẹn trả dự kiến thứ Sáu 27/11/2026');
    expect(due('2026-11-27T15:00:00+07:00', sameDay)).toContain('hẹn trả dự kiến thứ Hai 30/11/2026');
  });

  it('a same-day time written in words follows the 15:00 rule too', () => {
    const record = bundled('1.004194');
    const inWords: Procedure = {
      ...record,
      channels: [{ method: 'direct', processingTime: { value: null, unit: 'other', note: 'Trả kết quả ngay trong ngày làm việc' }, fees: [] }],
    };
    expect(due('2026-11-27T10:00:00+07:00', inWords)).toContain('hẹn trả dự kiến thứ Sáu 27/11/2026');
    expect(due('2026-11-27T15:30:00+07:00', inWords)).toContain('hẹn trả dự kiến thứ Hai 30/11/2026');
  });

  it('calendar days: the last day moved past a day off', () => {
    // 30/08/2026 + 3 days = 02/09 (Quốc khánh) → Thursday 03/09.
    expect(due('2026-08-30T09:00:00+07:00', working(2, 'day'))).toContain('thứ Năm 03/09/2026');
  });

  it('reads the filing day the person names', () => {
    expect(filingDate('nop ngay 30/11 thi bao lau', '2026-11-25')).toBe('2026-11-30');
    expect(filingDate('nop ngay 5/1 thi bao lau', '2026-11-25')).toBe('2027-01-05');
    expect(filingDate('nop 2/12/2026', '2026-11-25')).toBe('2026-12-02');
    expect(filingDate('mai nop thi bao gio co', '2026-11-25')).toBe('2026-11-26');
    expect(filingDate('nop ngay 31/2', '2026-11-25')).toBeUndefined();
    expect(filingDate('mat bao lau', '2026-11-25')).toBeUndefined();
  });

  it('years not yet published are said to be provisional', () => {
    expect(due('2027-03-01T09:00:00+07:00', working(5))).toContain('chưa công bố chính thức');
  });
});

describe('answers that fit a phone', () => {
  it('the first message is at most 1,200 characters, the rest in chunks, nothing lost', () => {
    const reply = on(TODAY).build('documents', bundled('1.004222'), null);
    const long = { ...reply, body: [...reply.body, ...reply.body, ...reply.body, ...reply.body] };
    const { first, chunks } = page(long, t);
    expect(first.length).toBeLessThanOrEqual(1200);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1200);
    const all = [first, ...chunks].join('\n');
    for (const line of long.body) expect(all).toContain(line);
  });

  it('a key document late in a long list is still in the first message; the rest follows in order', () => {
    const filler = Array.from({ length: 12 }, (_, i) => `• Giấy tờ số ${i + 1}: ${'bản sao giấy tờ liên quan '.repeat(6)}`);
    const key = '• Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp (1 bản chính)';
    const { first, chunks } = page({ head: ['📄 Hồ sơ thử nghiệm:'], body: [...filler, key], tail: [], key: [key] }, t);
    expect(first.length).toBeLessThanOrEqual(1200);
    expect(first).toContain(key);
    const rest = chunks.join('\n');
    expect(rest.indexOf('Giấy tờ số 11')).toBeLessThan(rest.indexOf('Giấy tờ số 12'));
    for (const line of filler) expect(`${first}\n${rest}`).toContain(line);
  });

  it('the proof of residence for đăng ký tạm trú is in the first message', () => {
    const { first } = page(on(TODAY).build('documents', bundled('1.004194'), null), t);
    expect(first).toMatch(/chỗ ở hợp pháp/i);
  });
});
