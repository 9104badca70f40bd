import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app.js';
import { bundledCatalogDir } from '../support/catalog.js';

let running: RunningApp;
let n = 0;
beforeAll(async () => {
  running = await startApp({ HOTLINE: '1900 9999 (giờ hành chính)' }, { listen: false });
});
afterAll(() => running.close());

/** A fresh conversation: each call continues it. */
function conversation() {
  const sessionId = `test:${++n}`;
  return (text: string) => running.app.assistant.ask({ text, sessionId, channel: 'api' });
}

describe('how long a paper holds', () => {
  it('"có giá trị bao lâu" is answered from the record, which says nothing of it here, never with the processing time', async () => {
    const say = conversation();
    const answer = await say('giấy xác nhận tình trạng hôn nhân có giá trị trong bao lâu vậy');
    expect(answer.procedure?.code).toBe('1.004873');
    expect(answer.reply).toMatch(/không ghi giấy tờ được cấp có giá trị trong bao lâu/);
    expect(answer.reply).not.toMatch(/ngày làm việc/);
    // A follow-up asks it of the procedure discussed.
    await say('làm hộ chiếu cần gì');
    expect((await say('hộ chiếu dùng được mấy năm')).reply).toMatch(/có giá trị trong bao lâu/);
  });
});

describe('conversation context', () => {
  it('a follow-up keeps the procedure; naming another switches the topic', async () => {
    const say = conversation();
    expect((await say('tôi muốn đăng ký kết hôn')).procedure?.code).toBe('1.000894');
    const docs = await say('cần giấy tờ gì?');
    expect(docs.intent).toBe('documents');
    expect(docs.procedure?.code).toBe('1.000894');
    const online = await say('còn online thì sao?');
    expect(online.procedure?.code).toBe('1.000894');
    const switched = await say('thế còn làm hộ chiếu thì cần gì');
    expect(switched.procedure?.code).toBe('1.001456');
    expect(switched.intent).toBe('documents');
    expect((await say('lệ phí bao nhiêu')).procedure?.code).toBe('1.001456');
  });

  it('a narrow question that names nothing asks about the procedure discussed, however unsure the classifier is', async () => {
    const say = conversation();
    expect((await say('tôi muốn đăng ký kết hôn')).procedure?.code).toBe('1.000894');
    const where = await say('lên xã hay lên tỉnh?');
    expect(where.intent).toBe('where');
    expect(where.procedure?.code).toBe('1.000894');
  });

  it('whether one is fined, asked beside a procedure, gets the fines door and that procedure one tap away', async () => {
    const fined = await conversation()('đăng ký khai sinh cho con trễ hạn có bị phạt không');
    expect(fined.intent).toBe('out_of_scope');
    expect(fined.reply).toMatch(/Mức phạt/);
    expect(fined.suggestions).toContain('đăng ký khai sinh');
  });

  it('whom to call, right after a door outside the catalog, gets the hotline; asked of a procedure, it is where to go', async () => {
    const say = conversation();
    expect((await say('vợ chồng tôi muốn ly hôn')).intent).toBe('out_of_scope');
    const who = await say('vậy giờ gọi ai để hỏi');
    expect([who.intent, who.procedure]).toEqual(['handoff', null]);
    expect(who.reply).toContain('1900 9999');
    const other = conversation();
    await other('làm hộ chiếu cần gì');
    expect((await other('nộp ở đâu, hỏi ai')).intent).toBe('where');
  });

  it('"còn online thì sao?" after a time question answers the time for that channel', async () => {
    const say = conversation();
    await say('cấp giấy phép xây dựng mất bao lâu');
    const online = await say('còn online thì sao?');
    expect(online.intent).toBe('duration');
    expect(online.reply.split('\n')[1]).toMatch(/^• Nộp trực tuyến/);
  });

  it('asks which procedure when a question names none, then answers the pending question', async () => {
    const say = conversation();
    const ask = await say('lệ phí bao nhiêu?');
    expect(ask.procedure).toBeNull();
    expect(ask.reply).toMatch(/tên thủ tục/);
    const answer = await say('đăng ký tạm trú');
    expect(answer.intent).toBe('fees');
    expect(answer.procedure?.code).toBe('1.004194');
  });

  it('long answers are cut for a phone screen and continue on "xem thêm"', async () => {
    const say = conversation();
    const first = await say('hồ sơ đăng ký kết hôn gồm những gì');
    expect(first.reply).toMatch(/xem thêm/);
    expect(first.suggestions[0]).toBe('Xem thêm');
    const more = await say('xem thêm');
    expect(more.reply.length).toBeGreaterThan(20);
    expect(more.reply).not.toBe(first.reply);
  });

  it('documents for a procedure with several cases: the main checklist, the other cases as quick replies, one chosen', async () => {
    const say = conversation();
    const first = await say('đăng ký thường trú cần giấy tờ gì');
    const option = first.suggestions.find((s) => s.startsWith('Trường hợp:'));
    expect(option).toBeDefined();
    const chosen = await say(option!);
    expect(chosen.intent).toBe('documents');
    expect(chosen.reply).toContain(option!.replace('Trường hợp: ', '').replace('…', ''));
    expect(chosen.reply).not.toBe(first.reply);
  });

  it('a filing day the person names gives the expected return date from that day', async () => {
    const say = conversation();
    const answer = await say('đăng ký tạm trú nộp ngày 26/11/2025 thì mất bao lâu');
    expect(answer.intent).toBe('duration');
    expect(answer.reply).toContain('Nộp thứ Tư 26/11/2025 thì hẹn trả dự kiến thứ Hai 01/12/2025');
  });

  it('feedback is asked for, shown back, stored with the conversation on "gửi", and confirmed', async () => {
    const say = conversation();
    const ask = await say('tôi muốn phản ánh');
    expect(ask.intent).toBe('feedback');
    const shown = await say('Cán bộ một cửa xã yêu cầu nộp thêm giấy tờ không có trong quy định');
    expect(shown.reply).toContain('nộp thêm giấy tờ không có trong quy định');
    expect(shown.suggestions).toEqual(['Gửi', 'Sửa', 'Thôi']);
    const saved = await say('Gửi');
    expect(saved.reply).toMatch(/đã ghi nhận phản ánh/);
    const row = (await running.app.repositories.inbox.list(100)).find((item) => item.kind === 'feedback')!;
    expect(row.text).toContain('nộp thêm giấy tờ');
    expect(JSON.parse(row.conversation).length).toBeGreaterThan(0);
  });

  it('a pending feedback does not swallow a clearly different request', async () => {
    const say = conversation();
    await say('tôi muốn phản ánh');
    const count = async () => (await running.app.repositories.inbox.list(1_000_000)).length;
    const before = await count();
    const handoff = await say('cho tôi gặp nhân viên');
    expect(handoff.intent).toBe('handoff');
    expect(handoff.reply).toContain('1900 9999');
    expect(await count()).toBe(before);
  });

  it('handoff gives the configured hotline and takes a question for staff', async () => {
    const say = conversation();
    const handoff = await say('cho tôi gặp nhân viên');
    expect(handoff.intent).toBe('handoff');
    expect(handoff.reply).toContain('1900 9999 (giờ hành chính)');
    await say(handoff.suggestions[0]);
    const shown = await say('Tôi cần hỏi về hồ sơ đất của bố tôi');
    expect(shown.reply).toContain('hồ sơ đất của bố tôi');
    const stored = await say('gửi');
    expect(stored.reply).toMatch(/chuyển câu hỏi/);
  });

  it('handoff during a talk about a procedure names that procedure for staff, and stores the question with it', async () => {
    const say = conversation();
    await say('tách hộ khẩu');
    const handoff = await say('cho tôi gặp cán bộ');
    expect(handoff.intent).toBe('handoff');
    expect(handoff.procedure?.code).toBe('1.010038');
    expect(handoff.reply).toContain('1900 9999 (giờ hành chính)');
    expect(handoff.reply).toMatch(/“Tách hộ” \(mã 1\.010038\)/);
    await say(handoff.suggestions[0]);
    await say('Nhà tôi có 2 hộ thì tách thế nào');
    await say('gửi');
    const row = (await running.app.repositories.inbox.list(1_000_000)).find((item) => item.text.includes('Nhà tôi có 2 hộ'))!;
    expect(row.procedureCode).toBe('1.010038');
  });

  it('looks a dossier up and subscribes to the code just discussed', async () => {
    const say = conversation();
    const status = await say('tra cứu hồ sơ 000.00.12.h56-261020-0031');
    expect(status.intent).toBe('dossier_status');
    expect(status.receiptCode).toBe('000.00.12.H56-261020-0031');
    expect(status.reply).toMatch(/Được tiếp nhận/);
    expect(status.reply).not.toMatch(/0912|@/);
    const subscribed = await say('báo cho tôi khi có kết quả');
    expect(subscribed.intent).toBe('subscribe');
    const unsubscribed = await say('hủy theo dõi');
    expect(unsubscribed.intent).toBe('unsubscribe');
  });

  it('small talk and out-of-scope get polite answers without a procedure', async () => {
    const say = conversation();
    for (const text of [
      'xin chào',
      'cảm ơn',
      'bạn giúp được gì',
      'viết cho tôi một bài thơ',
      '😀😀😀',
      '<script>alert(1)</script>',
      "'; DROP TABLE sessions; --",
    ]) {
      const result = await say(text);
      expect(result.procedure, text).toBeNull();
      expect(result.reply.length, text).toBeGreaterThan(10);
    }
  });
});

describe('a long story nothing fits', () => {
  it('is asked for the one thing wanted, with the staff one tap away, never told the assistant only does procedures', async () => {
    const story =
      'Chào ad, em tên Hùng, quê ở Nông Cống, Thanh Hóa. Tháng trước em vào Bình Dương làm công nhân may, ca đêm suốt. ' +
      'Thằng bạn cùng quê rủ em cuối tuần đi câu cá ở hồ, mà em thì chưa câu bao giờ, sợ ngồi cả ngày không được con nào. ' +
      'Em không biết phải mang theo những gì, có cần gì nữa không ạ?';
    const answer = await conversation()(story);
    expect(answer.procedure).toBeNull();
    expect(answer.reply).not.toContain('chỉ hỗ trợ về thủ tục hành chính');
    expect(answer.reply).toMatch(/một câu ngắn/);
    expect(answer.suggestions).toContain('Để lại câu hỏi cho cán bộ');
    // Small talk keeps the short apology with the usual examples.
    const chat = await conversation()('hôm nay trời đẹp quá ha');
    expect(chat.reply).not.toMatch(/một câu ngắn/);
  });
});

describe('clarifying between close procedures', () => {
  let tied: RunningApp;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-tied-'));
    cpSync(bundledCatalogDir, dir, { recursive: true });
    const twin = JSON.parse(readFileSync(path.join(dir, '1.004194.json'), 'utf8'));
    // Another procedure that people name the same way (not a level variant of the same one).
    writeFileSync(
      path.join(dir, '9.004194.json'),
      JSON.stringify({ ...twin, code: '9.004194', name: 'Đăng ký tạm trú theo diện thử nghiệm', aliases: ['đăng ký tạm trú'] }),
    );
    tied = await startApp({ CATALOG_DIR: dir }, { listen: false });
  });
  afterAll(() => tied.close());

  it('asks one short question with the candidates as quick replies, then answers the original question', async () => {
    const say = (text: string) => tied.app.assistant.ask({ text, sessionId: 'tied:1' });
    const question = await say('lệ phí đăng ký tạm trú');
    expect(question.procedure).toBeNull();
    expect(question.reply).toMatch(/thủ tục nào/);
    expect(question.suggestions.length).toBe(2);
    const answer = await say('2');
    expect(answer.intent).toBe('fees');
    expect(['1.004194', '9.004194']).toContain(answer.procedure?.code);
  });

  it("takes an option's quick reply as the choice, and keeps the question", async () => {
    const say = (text: string) => tied.app.assistant.ask({ text, sessionId: 'tied:2' });
    const question = await say('đăng ký tạm trú mất mấy ngày');
    expect(question.candidates.map((c) => c.code).sort()).toEqual(['1.004194', '9.004194']);
    const answer = await say(question.suggestions[0]);
    expect(answer.intent).toBe('duration');
    expect(answer.procedure?.code).toBe(question.candidates[0].code);
  });
});

describe('dossier conversations', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({}, { listen: false });
  });
  afterAll(() => app.close());
  const conversationIn = (sessionId: string) => (text: string) => app.app.assistant.ask({ text, sessionId, channel: 'api', clientKey: sessionId });

  it('keeps a request to be notified until the code is given', async () => {
    const say = conversationIn('dossier:1');
    const ask = await say('báo cho tôi khi có kết quả');
    expect(ask.intent).toBe('subscribe');
    const subscribed = await say('000.00.12.H56-261020-0031');
    expect(subscribed.intent).toBe('subscribe');
    expect(await app.app.dossiers.subscriptionsOf('dossier:1')).toEqual(['000.00.12.H56-261020-0031']);
  });

  it('"Tra cứu hồ sơ khác" asks for a new code instead of repeating the last dossier', async () => {
    const say = conversationIn('dossier:2');
    await say('tra cứu hồ sơ 000.00.12.H56-261020-0031');
    const other = await say('Tra cứu hồ sơ khác');
    expect(other.reply).not.toMatch(/Trạng thái/);
    expect(other.reply).toMatch(/mã hồ sơ/);
  });

  it('recognises a code typed with spaces only, and a procedure code typed in a question', async () => {
    const say = conversationIn('dossier:3');
    expect((await say('000 00 12 H56 261020 0031')).receiptCode).toBe('000.00.12.H56-261020-0031');
    const fees = await say('thủ tục 1.004194 lệ phí bao nhiêu');
    expect(fees.intent).toBe('fees');
    expect(fees.procedure?.code).toBe('1.004194');
  });
});
