import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '../../src/calendar/index.js';
import { createTurnLog, outcomeOf } from '../../src/desk/turn-log.js';
import type { Repositories } from '../../src/store/index.js';
import { scrubPersonalData } from '../../src/privacy/index.js';
import { type RunningApp, postJson, startApp } from '../support/app.js';
import { bearer, getJson, leaveQuestion, sqliteOf } from './support.js';

/** Analytics from the turn log: counts, rates, unsure questions, CSV; texts scrubbed; retention. */

const STAFF = 'staff-token-analytics-0123456789abcdef';
let running: RunningApp;
const today = vietnamDay(Date.now());
const questions = [
  'Lệ phí đăng ký khai sinh',
  'làm giấy khai sinh cần giấy tờ gì, gọi tôi số 0912 345 678',
  'tra cứu hồ sơ 000.00.12.H56-261020-0031',
  'cấp lại',
  'viết cho tôi một bài thơ về mùa thu',
  'CCCD của tôi là 001203004567, đăng ký thường trú cần gì',
];

beforeAll(async () => {
  running = await startApp({ STAFF_TOKEN: STAFF });
  for (const [i, text] of questions.entries()) await postJson(`${running.baseUrl}/api/v1/ask`, { text, sessionId: `web:analytics-${i}` });
  // Not a person asking: code calling the engine without a channel (tests, evaluations) is not logged.
  await running.app.assistant.ask({ text: 'Lệ phí đăng ký khai sinh', sessionId: 'eval:1' });
});
afterAll(() => running.close());

const report = (query = '') => getJson(`${running.baseUrl}/api/v1/staff/analytics${query}`, bearer(STAFF));

describe('the analytics report', () => {
  it('counts today’s questions by outcome, procedure and intent', async () => {
    const { status, json } = await report();
    expect(status).toBe(200);
    expect(json.to).toBe(today);
    expect(json.perDay).toHaveLength(30);
    expect(json.total).toBe(questions.length);
    const day = json.perDay.at(-1);
    expect(day).toMatchObject({ day: today, total: questions.length });
    expect(day.answered + day.clarified + day.unanswered + day.outOfScope).toBe(questions.length);
    expect(day.outOfScope).toBeGreaterThanOrEqual(1);
    expect(day.clarified).toBeGreaterThanOrEqual(1);
    const rates = json.rates;
    expect(rates.answered + rates.clarified + rates.unanswered + rates.outOfScope).toBeCloseTo(1, 2);
    expect(json.topProcedures[0]).toEqual({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh', count: 2 });
    expect(json.topIntents.map((i: { intent: string }) => i.intent)).toEqual(
      expect.arrayContaining(['fees', 'documents', 'dossier_status', 'out_of_scope']),
    );
  });

  it('lists the unsure questions with what the assistant did, phone, ID and receipt numbers scrubbed', async () => {
    const { json, text } = await report(`?from=${today}&to=${today}`);
    expect(json.lowConfidence.length).toBeGreaterThan(0);
    for (const entry of json.lowConfidence) {
      expect(entry.confidence).toBeLessThan(0.5);
      expect(entry).toMatchObject({ text: expect.any(String), action: expect.any(String), outcome: expect.any(String), intent: expect.any(String) });
    }
    expect(text).not.toMatch(/0912|345 678|001203004567|H56-261020/);
  });

  it('exports every turn as CSV, scrubbed, safe to open in a spreadsheet', async () => {
    const { status, text, headers } = await report(`?from=${today}&to=${today}&format=csv`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/csv/);
    expect(headers.get('content-disposition')).toContain(`motcua-analytics-${today}-${today}.csv`);
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('time,day,channel,intent,confidence,procedure,outcome,text,action');
    expect(lines).toHaveLength(questions.length + 1);
    expect(text).toContain('***');
    expect(text).not.toMatch(/0912|001203004567|H56-261020/);
  });

  it.each([
    ['a malformed date', '?from=2026-13-01'],
    ['from after to', '?from=2026-11-10&to=2026-11-01'],
    ['a period over a year', '?from=2024-01-01&to=2026-01-01'],
    ['an unknown format', '?format=xml'],
  ])('refuses %s with 400', async (_label, query) => {
    const { status, json } = await report(query);
    expect(status).toBe(400);
    expect(json.error.code).toBe('bad_request');
  });
});

describe('what a turn counts as', () => {
  const result = (intent: string, procedure: boolean, candidates: number) => ({
    intent: intent as never,
    procedure: procedure ? { code: '1.001193', name: 'x' } : null,
    candidates: Array.from({ length: candidates }, (_, i) => ({ code: `1.00000${i}`, name: 'x', score: 1 })),
  });
  it.each([
    ['a procedure answered', result('fees', true, 1), 'answered'],
    ['a clarifying question', result('fees', false, 2), 'clarified'],
    ['a procedure question with nothing found', result('documents', false, 0), 'unanswered'],
    ['outside the catalog', result('out_of_scope', false, 0), 'out_of_scope'],
    ['a list for a life event', result('browse', false, 4), 'answered'],
    ['small talk', result('greeting', false, 0), 'answered'],
  ])('%s', (_label, r, outcome) => {
    expect(outcomeOf(r)).toBe(outcome);
  });

  it('never holds the reply up or breaks it when the log cannot be written', async () => {
    const errors: string[] = [];
    let settle: () => void = () => undefined;
    const pending = new Promise<void>((resolve) => (settle = resolve));
    const failing = { turns: { record: () => pending.then(() => Promise.reject(new Error('disk full'))) } } as unknown as Repositories;
    const log = createTurnLog({ repositories: failing, onError: (error) => errors.push(error.message) });
    const turn = { intent: 'fees' as const, confidence: 0.9, procedure: null, candidates: [], receiptCode: null, reply: 'x', suggestions: [] };
    // record() returns at once though the write has not finished.
    expect(log.record({ text: 'lệ phí', channel: 'web' }, turn)).toBeUndefined();
    expect(errors).toEqual([]);
    settle();
    await expect.poll(() => errors).toEqual(['disk full']);
  });

  it('scrubs receipt codes in every shape, phone and ID numbers, e-mail, names; keeps procedure codes, dates and amounts', () => {
    expect(scrubPersonalData('hồ sơ 000.00.12.h56-261020-0031, 38.98.H29-210519-0003 và H15.50.05.13-261008-0975')).toBe('hồ sơ ***, *** và ***');
    expect(scrubPersonalData('gọi 0912 345 678 hoặc +84912345678, CCCD 001203004567, an@example.vn')).toBe('gọi *** hoặc ***, CCCD ***, ***');
    expect(scrubPersonalData('thủ tục 1.001193 nộp ngày 20/10/2026, lệ phí 50.000 đồng')).toBe(
      'thủ tục 1.001193 nộp ngày 20/10/2026, lệ phí 50.000 đồng',
    );
    expect(scrubPersonalData('tiền sử dụng đất 1.500.000.000 đồng, gọi 0912345678 nhé')).toBe('tiền sử dụng đất 1.500.000.000 đồng, gọi *** nhé');
    expect(scrubPersonalData('con tôi tên Nguyễn Văn Bình muốn làm hộ chiếu')).toBe('con tôi tên Nguyễn V. B. muốn làm hộ chiếu');
  });
});

describe('retention', () => {
  it('deletes inbox items and turns older than their retention, keeps the rest', async () => {
    const { id } = await leaveQuestion(running.baseUrl, 'web:retention', 'Câu hỏi cũ');
    const db = sqliteOf(running.app);
    db.prepare("UPDATE inbox SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-400 days') WHERE id = ?").run(id);
    db.prepare('UPDATE turns SET at = at - ? WHERE id = (SELECT MIN(id) FROM turns)').run(200 * 86_400_000);
    const turnsBefore = (db.prepare('SELECT COUNT(*) AS n FROM turns').get() as { n: number }).n;
    expect(await running.app.desk.retention.sweep()).toEqual({ inbox: 1, turns: 1 });
    expect(db.prepare('SELECT id FROM inbox WHERE id = ?').get(id)).toBeUndefined();
    expect((db.prepare('SELECT COUNT(*) AS n FROM turns').get() as { n: number }).n).toBe(turnsBefore - 1);
    expect(await running.app.desk.retention.sweep()).toEqual({ inbox: 0, turns: 0 });
  });
});
