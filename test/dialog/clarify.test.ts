import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app.js';
import { facetQuestion, loadClarifyTexts, pickByAnswer } from '../../src/dialog/clarify.js';
import { loadFacetLexicon } from '../../src/search/facets.js';
import type { SearchHit } from '../../src/search/index.js';
import { bundledCatalogDir } from '../support/catalog.js';

/**
 * Siblings that differ in one facet, as the national catalog has them by the hundred: the
 * question asks about that difference in plain words, and the next answer picks one.
 */
describe('asking about the difference', () => {
  let running: RunningApp;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-clarify-'));
    const base = JSON.parse(readFileSync(path.join(bundledCatalogDir, '1.004194.json'), 'utf8'));
    const record = (code: string, name: string, aliases: string[]) =>
      writeFileSync(path.join(dir, `${code}.json`), JSON.stringify({ ...base, code, name, aliases, results: [] }));
    // People name both the same way; only the action (or the subject) tells them apart.
    record('9.100001', 'Cấp lại thẻ hội viên câu lạc bộ thử nghiệm', ['thẻ hội viên câu lạc bộ']);
    record('9.100002', 'Cấp đổi thẻ hội viên câu lạc bộ thử nghiệm', ['thẻ hội viên câu lạc bộ']);
    record('9.100003', 'Đăng ký nuôi chim cảnh thử nghiệm', ['giấy nuôi chim cảnh']);
    record('9.100004', 'Đăng ký nuôi chim cảnh thử nghiệm có yếu tố nước ngoài', ['giấy nuôi chim cảnh']);
    running = await startApp({ CATALOG_DIR: dir }, { listen: false });
  });
  afterAll(() => running.close());
  const conversation = (id: string) => (text: string) => running.app.assistant.ask({ text, sessionId: `clarify:${id}` });

  it('two actions: asks which one in plain words, and "mất rồi" picks the reissue', async () => {
    const say = conversation('action');
    const question = await say('thẻ hội viên câu lạc bộ cần giấy tờ gì');
    expect(question.procedure).toBeNull();
    expect(question.reply).toMatch(/làm việc nào/);
    expect(question.suggestions).toEqual(expect.arrayContaining(['Làm lại vì mất', 'Đổi (hỏng, hết hạn, sai thông tin)']));
    const answer = await say('mất rồi');
    expect(answer.procedure?.code).toBe('9.100001');
    expect(answer.intent).toBe('documents');
  });

  // The quick reply picks the other one for the question asked before; an answer that asks its own question gets that one.
  it.each([
    ['label', 'thẻ hội viên câu lạc bộ mất bao lâu', 'Đổi (hỏng, hết hạn, sai thông tin)', 'duration'],
    ['pick-and-ask', 'thẻ hội viên câu lạc bộ cần giấy tờ gì', 'cái thứ hai, làm ở đâu vậy', 'where'],
  ])('two actions, picked by "%s": the exchange, with the right question', async (id, question, pick, intent) => {
    const say = conversation(id);
    await say(question);
    const answer = await say(pick);
    expect(answer.procedure?.code).toBe('9.100002');
    expect(answer.intent).toBe(intent);
  });

  it('a narrow question right after the options asks it of one of them: the options again, and a pick answers it', async () => {
    const say = conversation('again');
    const question = await say('thẻ hội viên câu lạc bộ cần giấy tờ gì');
    const again = await say('làm online được không');
    expect([again.intent, again.procedure]).toEqual(['online', null]);
    expect(again.reply).toMatch(/về thủ tục nào/);
    expect(again.candidates.map((c) => c.code)).toEqual(question.candidates.map((c) => c.code));
    const answer = await say('2');
    expect([answer.intent, answer.procedure?.code]).toEqual(['online', question.candidates[1].code]);
  });

  it('asking for a ready-made form ("có mẫu phiếu sẵn không hay tôi tự viết") right after the options gets them again, never an apology', async () => {
    const say = conversation('form');
    const question = await say('thẻ hội viên câu lạc bộ cần giấy tờ gì');
    const again = await say('Có mẫu phiếu sẵn không hay tôi tự viết?');
    expect([again.intent, again.procedure]).toEqual(['forms', null]);
    expect(again.candidates.map((c) => c.code)).toEqual(question.candidates.map((c) => c.code));
  });

  it('without a word about foreigners the citizens’ record is answered; with one, the foreigners’', async () => {
    expect((await conversation('citizen')('giấy nuôi chim cảnh nộp ở đâu')).procedure?.code).toBe('9.100003');
    expect((await conversation('foreign')('giấy nuôi chim cảnh cho vợ người Nhật nộp ở đâu')).procedure?.code).toBe('9.100004');
  });
});

describe('a question about what is done', () => {
  const t = loadClarifyTexts();
  const option = (code: string, name: string, actions: string[]) =>
    ({ procedure: { code, name, aliases: [] }, facets: { actions, subjects: [], denied: [], base: actions.length === 0 } }) as unknown as SearchHit;

  it('asks "làm lại vì mất hay đổi" only of records about the same thing', () => {
    const card = [option('9.1', 'Cấp lại thẻ hội viên câu lạc bộ', ['reissue']), option('9.2', 'Cấp đổi thẻ hội viên câu lạc bộ', ['replace'])];
    expect(facetQuestion(t, card)?.labels).toEqual([t.actions.reissue, t.actions.replace]);
    // Re-registering a voluntary contribution and a one-off payout are two matters, not a loss and a first time.
    const insurance = [
      option('9.3', 'Đăng ký, đăng ký lại, điều chỉnh đóng bảo hiểm xã hội tự nguyện; cấp sổ bảo hiểm xã hội', ['reissue']),
      option('9.4', 'Giải quyết hưởng bảo hiểm xã hội một lần', []),
    ];
    expect(facetQuestion(t, insurance)).toBeNull();
  });
});

describe('a question about whom it is for', () => {
  const t = loadClarifyTexts();
  const facets = (subjects: string[]) => ({ actions: [], subjects, denied: [], base: true });
  const option = (code: string, subjects: string[]) =>
    ({ procedure: { code, name: `Thủ tục ${code}`, aliases: [] }, facets: facets(subjects) }) as unknown as SearchHit;
  const options = [option('9.1', []), option('9.2', ['foreigner'])];

  it('asks yes or no in plain words when two records differ only in the subject', () => {
    const question = facetQuestion(t, options)!;
    expect(question.lines[0]).toMatch(/người nước ngoài/);
    expect(question.labels).toEqual([t.subjects.foreigner.no, t.subjects.foreigner.yes]);
  });

  it('never asks it when the record whose name says no such subject serves it anyway (naturalisation serves foreigners)', () => {
    const serving = { ...option('9.3', []), facets: { ...facets([]), serves: ['foreigner'] } } as SearchHit;
    expect(facetQuestion(t, [serving, option('9.2', ['foreigner'])])).toBeNull();
  });

  it('"không", "có", or the subject said in other words answers it', () => {
    const { labels } = facetQuestion(t, options)!;
    const procedures = options.map((o) => o.procedure);
    const facetsOf = (p: { code: string }) => options.find((o) => o.procedure.code === p.code)!.facets;
    const none = facets([]);
    expect(pickByAnswer('khong', labels, none, procedures, facetsOf)).toBe(0);
    expect(pickByAnswer('co', labels, none, procedures, facetsOf)).toBe(1);
    expect(pickByAnswer('vo toi la nguoi nhat', labels, { ...none, subjects: ['foreigner'] }, procedures, facetsOf)).toBe(1);
    expect(pickByAnswer('khong biet', labels, none, procedures, facetsOf)).toBeNull();
  });
});

describe('a bare action or object', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({}, { listen: false });
  });
  afterAll(() => running.close());

  it('"cấp lại" alone asks "cấp lại giấy gì?" with the commonest options, and a number picks one', async () => {
    const say = (text: string) => running.app.assistant.ask({ text, sessionId: 'bare:1' });
    const question = await say('cấp lại');
    expect(question.reply).toMatch(/cấp lại giấy gì/);
    expect(question.procedure).toBeNull();
    expect(question.candidates.map((c) => c.code)).toContain('1.014064');
    const picked = await say('1');
    expect(picked.procedure?.code).toBe(question.candidates[0].code);
  });

  it('"giấy phép" alone is never a dead end', async () => {
    const answer = await running.app.assistant.ask({ text: 'giấy phép', sessionId: 'bare:2' });
    expect(answer.candidates.length).toBeGreaterThan(0);
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });
});

describe('clarifying texts cover the facets', () => {
  it('every action a name can carry has a plain label to ask about it', () => {
    const labels = loadClarifyTexts().actions;
    // "lần đầu" is asked, never carried: a base name does it.
    const carried = Object.entries(loadFacetLexicon().actions).filter(([, facet]) => facet.name.length > 0);
    expect(carried.length).toBeGreaterThan(5);
    for (const [action] of carried) expect(labels[action], action).toBeTruthy();
  });
});
