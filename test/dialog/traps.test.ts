import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thresholds } from '../../src/dialog/policy.js';
import { Understander } from '../../src/nlu/index.js';
import { type RunningApp, startApp } from '../support/app.js';

/**
 * The traps a new user falls into (issue 10), each pinned with a conversation of our own.
 * Demo dossiers (data/demo-dossiers.json): …-0975 waits for documents (status 5), …-0012 is past
 * its due date, …-0040 is finished (a death registration), …-0031 is a birth registration.
 */

let running: RunningApp;
let n = 0;
beforeAll(async () => {
  running = await startApp({ HOTLINE: '1900 7777' }, { listen: false });
});
afterAll(() => running.close());

function conversation() {
  const sessionId = `trap:${++n}`;
  return (text: string) => running.app.assistant.ask({ text, sessionId, channel: 'api', clientKey: sessionId });
}
const inboxSize = async () => (await running.app.repositories.inbox.list(1_000_000)).length;
const lastInbox = async () => {
  const [item] = await running.app.repositories.inbox.list(1);
  return { kind: item?.kind, text: item?.text };
};

const waiting = 'H15.50.05.13-261105-0975';
const late = '000.00.12.H56-260901-0012';
const finished = '000.00.12.H56-261113-0040';

describe('the complaint trap: capture only what the person meant to leave', () => {
  it('a message merely guessed to be feedback starts no capture, and the next message is answered', async () => {
    const line = 'đóng tiền phạt vi phạm giao thông';
    // The line is what the trap needs: read as feedback, but only as a guess.
    const reading = Understander.fromDirectory(() => running.app.catalog.search).understand(line);
    expect(reading.intent).toBe('feedback');
    expect(reading.confidence).toBeLessThan(thresholds.feedbackClear);
    const say = conversation();
    const before = await inboxSize();
    const first = await say(line);
    expect(first.intent).not.toBe('feedback');
    const code = await say(`mã hồ sơ của mình là ${waiting}`);
    expect(code.intent).toBe('dossier_status');
    expect(code.receiptCode).toBe(waiting);
    expect(code.reply).not.toMatch(/phản ánh/);
    expect(await inboxSize()).toBe(before);
  });

  it('a question for staff is shown back, can be rewritten, and is stored only on "gửi"', async () => {
    const say = conversation();
    const before = await inboxSize();
    const ask = await say('Để lại câu hỏi cho cán bộ');
    expect(ask.intent).toBe('handoff');
    const shown = await say('Nhà mình ở hai nơi thì đăng ký thường trú ở đâu');
    expect(shown.reply).toContain('Nhà mình ở hai nơi thì đăng ký thường trú ở đâu');
    expect(shown.suggestions).toEqual(['Gửi', 'Sửa', 'Thôi']);
    expect(await inboxSize()).toBe(before);
    expect((await say('sửa')).reply).toMatch(/viết lại/);
    const again = await say('Mình có nhà ở hai tỉnh, nên đăng ký thường trú ở tỉnh nào?');
    expect(again.reply).toContain('hai tỉnh');
    const stored = await say('gửi nhé');
    expect(stored.reply).toMatch(/chuyển câu hỏi/);
    expect(stored.reply).toContain('1900 7777');
    expect(await inboxSize()).toBe(before + 1);
    expect(await lastInbox()).toEqual({ kind: 'staff_question', text: 'Mình có nhà ở hai tỉnh, nên đăng ký thường trú ở tỉnh nào?' });
  });

  it('a complaint written out at once is shown back before anything is stored', async () => {
    const say = conversation();
    const before = await inboxSize();
    const shown = await say('phản ánh: cán bộ phường hẹn mãi không trả giấy');
    expect(shown.intent).toBe('feedback');
    expect(shown.reply).toContain('hẹn mãi không trả giấy');
    expect(shown.suggestions).toEqual(['Gửi', 'Sửa', 'Thôi']);
    expect(await inboxSize()).toBe(before);
    await say('đồng ý');
    expect(await lastInbox()).toEqual({ kind: 'feedback', text: 'phản ánh: cán bộ phường hẹn mãi không trả giấy' });
  });

  it('"xem thêm" while a question for staff is awaited continues the answer instead of being left for staff', async () => {
    const say = conversation();
    const before = await inboxSize();
    const long = await say('làm sổ đỏ lần đầu cần giấy tờ gì');
    expect(long.suggestions).toContain('Xem thêm');
    await say('để lại câu hỏi');
    const more = await say('Xem thêm');
    expect(more.reply).toMatch(/tiếp theo/);
    expect(more.procedure?.code).toBe('1.013978');
    expect(await inboxSize()).toBe(before);
  });

  it('"thôi" after the show-back stores nothing', async () => {
    const say = conversation();
    const before = await inboxSize();
    await say('mình muốn gửi phản ánh');
    await say('Quầy một cửa phường đóng cửa sớm hơn giờ niêm yết');
    const dropped = await say('thôi');
    expect(dropped.reply).toMatch(/không gửi/);
    expect(await inboxSize()).toBe(before);
  });

  it('a receipt code while a complaint is awaited is looked up, and the complaint can be taken up again', async () => {
    const say = conversation();
    const before = await inboxSize();
    await say('tôi muốn khiếu nại');
    const looked = await say(waiting);
    expect(looked.intent).toBe('dossier_status');
    expect(looked.reply).toContain('Yêu cầu bổ sung giấy tờ');
    expect(looked.suggestions).toContain('Quay lại phản ánh');
    expect(await inboxSize()).toBe(before);
    expect((await say('Quay lại phản ánh')).intent).toBe('feedback');
    const shown = await say('Hồ sơ bị yêu cầu bổ sung hai lần, lần sau không có văn bản');
    expect(shown.reply).toContain('không có văn bản');
    await say('Gửi');
    expect(await lastInbox()).toEqual({ kind: 'feedback', text: 'Hồ sơ bị yêu cầu bổ sung hai lần, lần sau không có văn bản' });
  });

  it('a plain procedure question while a complaint is awaited is answered, not stored', async () => {
    const say = conversation();
    const before = await inboxSize();
    await say('cho mình phản ánh');
    const answer = await say('đăng ký kết hôn cần mang giấy tờ gì');
    expect(answer.intent).toBe('documents');
    expect(answer.procedure?.code).toBe('1.000894');
    expect(answer.suggestions).toContain('Quay lại phản ánh');
    expect(await inboxSize()).toBe(before);
  });
});

describe('a clear complaint is a complaint, whatever words it brushes', () => {
  it('"tôi muốn khiếu nại …" about papers asked for beyond the rules starts the complaint, not a procedure', async () => {
    const say = conversation();
    const answer = await say('tôi muốn khiếu nại vì cán bộ phường đòi nộp thêm giấy tờ không có trong quy định');
    expect(answer.intent).toBe('feedback');
    expect(answer.procedure).toBeNull();
  });

  it('a complaint about a late dossier is taken as a complaint, not answered with the rights of a late dossier', async () => {
    const say = conversation();
    const answer = await say('mình muốn phản ánh việc hồ sơ bị chậm trả kết quả quá hẹn');
    expect(answer.intent).toBe('feedback');
  });
});

describe('the usual checklist first', () => {
  it('a birth registration lists the papers everyone brings; the exceptions (abandoned child, surrogacy, proxy) are offered', async () => {
    const answer = await conversation()('đăng ký khai sinh cho bé cần chuẩn bị những gì');
    expect(answer.reply).not.toMatch(/bỏ rơi/);
    expect(answer.suggestions).toContain('Trường hợp: Trẻ em bị bỏ rơi');
  });
});

describe('a narrow question about where to get the form', () => {
  it('"lấy mẫu tờ khai … ở đâu" asks for the form', async () => {
    const answer = await conversation()('lấy mẫu tờ khai đăng ký tạm trú ở đâu');
    expect(answer.intent).toBe('forms');
    expect(answer.procedure?.code).toBe('1.004194');
  });
});

describe('"hồ sơ" in a question about a procedure', () => {
  it('"thế hồ sơ gửi đâu" while a procedure is discussed asks where to hand it in; alone, it asks for the dossier', async () => {
    const say = conversation();
    expect((await say('đăng ký tạm trú cần giấy tờ gì')).procedure?.code).toBe('1.004194');
    const where = await say('thế hồ sơ gửi đâu hả bạn');
    expect(where.intent).toBe('where');
    expect(where.procedure?.code).toBe('1.004194');
    const alone = await conversation()('thế hồ sơ gửi đâu hả bạn');
    expect(alone.intent).toBe('dossier_status');
    const filed = await say('hồ sơ nộp tuần trước giờ đến đâu rồi');
    expect(filed.intent).toBe('dossier_status');
  });
});

describe('the dossier in focus', () => {
  it('follow-ups about the looked-up dossier are answered from it, with its code', async () => {
    const say = conversation();
    await say(`kiểm tra giúp hồ sơ ${waiting}`);
    const when = await say('bao giờ thì xong vậy');
    expect(when.intent).toBe('dossier_status');
    expect(when.receiptCode).toBe(waiting);
    expect(when.reply).toContain('20/11/2027');
    const missing = await say('còn thiếu giấy tờ nào');
    expect(missing.receiptCode).toBe(waiting);
    expect(missing.reply).toContain('Hợp đồng thuê nhà có công chứng');
    const where = await say('mang giấy bổ sung tới đâu');
    expect(where.reply).toContain('Công an phường Hòa Bình');
    expect(where.reply).not.toMatch(/tên thủ tục/);
    const follow = await say('có tiến triển gì thì nhắn mình với');
    expect(follow.intent).toBe('subscribe');
    expect(await running.app.dossiers.subscriptionsOf(`trap:${n}`)).toContain(waiting);
  });

  it('typed without marks, a follow-up is not mistaken for a procedure a typo away ("thieu" is not "chiếu")', async () => {
    const say = conversation();
    await say(`tra cuu ho so ${waiting}`);
    const missing = await say('van con thieu giay gi a');
    expect(missing.procedure).toBeNull();
    expect(missing.receiptCode).toBe(waiting);
    expect(missing.reply).toContain('Hợp đồng thuê nhà có công chứng');
    expect((await say('lam ho chieu can gi')).procedure?.code).toBe('1.001456');
  });

  it('why a dossier is late, and what the citizen may ask for, comes from that dossier', async () => {
    const say = conversation();
    await say(late);
    const why = await say('sao trễ vậy');
    expect(why.receiptCode).toBe(late);
    expect(why.reply).toMatch(/Phiếu xin lỗi/);
    expect(why.reply).toMatch(/dichvucong\.gov\.vn/);
  });

  it('a partial code never selects another dossier: it asks for the full code and where it is printed', async () => {
    const say = conversation();
    await say(`tra cứu ${finished}`);
    const partial = await say('còn hồ sơ số 0031 mình nộp hôm 20/10 thì sao');
    expect(partial.receiptCode).toBeNull();
    expect(partial.reply).not.toContain('0040');
    expect(partial.reply).not.toMatch(/Trạng thái/);
    expect(partial.reply).toMatch(/phiếu hẹn/);
  });

  it('a procedure question after a lookup is still answered about the procedure', async () => {
    const say = conversation();
    await say(waiting);
    const fees = await say('đăng ký khai sinh lệ phí bao nhiêu');
    expect(fees.intent).toBe('fees');
    expect(fees.procedure?.code).toBe('1.001193');
  });
});

describe('late without a code', () => {
  it('explains the right to a written apology and a new date, then asks for the code; nothing is captured', async () => {
    const say = conversation();
    const before = await inboxSize();
    const rights = await say('phiếu hẹn ghi ngày 2/11 mà đến nay vẫn chưa có kết quả');
    expect(rights.intent).toBe('dossier_status');
    expect(rights.reply).toMatch(/Phiếu xin lỗi và hẹn lại ngày trả kết quả/);
    expect(rights.reply).toMatch(/ngày hẹn mới/);
    expect(rights.reply).toMatch(/mã hồ sơ/);
    const code = await say(late);
    expect(code.receiptCode).toBe(late);
    expect(await inboxSize()).toBe(before);
  });

  it('a short complaint about lateness gets the same rights, even where a word brushes a procedure name', async () => {
    const say = conversation();
    for (const line of ['sao trễ hẹn lâu thế', 'bạn ơi sao trễ hẹn vậy']) {
      const rights = await say(line);
      expect(rights.intent, line).toBe('dossier_status');
      expect(rights.procedure, line).toBeNull();
      expect(rights.reply, line).toMatch(/Phiếu xin lỗi/);
    }
  });
});

describe('several questions in one message', () => {
  it('each is answered briefly in one reply', async () => {
    const say = conversation();
    const reply = await say('làm hộ chiếu cần giấy tờ gì, bao lâu thì có, lệ phí bao nhiêu');
    expect(reply.procedure?.code).toBe('1.001456');
    expect(reply.reply).toMatch(/📄 Hồ sơ/);
    expect(reply.reply).toMatch(/⏱ Thời hạn/);
    expect(reply.reply).toMatch(/💰 Phí, lệ phí/);
    expect(reply.reply.match(/Nguồn:/g)).toHaveLength(1);
  });

  it('asked before the procedure is named, they are all answered once it is', async () => {
    const say = conversation();
    const which = await say('cần mang gì, mấy ngày thì xong, phí bao nhiêu');
    expect(which.reply).toMatch(/tên thủ tục/);
    const reply = await say('đăng ký tạm trú');
    expect(reply.procedure?.code).toBe('1.004194');
    for (const title of [/📄 Hồ sơ/, /⏱ Thời hạn/, /💰 Phí, lệ phí/]) expect(reply.reply).toMatch(title);
  });
});

describe('follow-ups keep what they do not change', () => {
  it('changing the procedure keeps the question', async () => {
    const say = conversation();
    expect((await say('đăng ký kết hôn cần giấy tờ gì')).intent).toBe('documents');
    const other = await say('thế còn khai sinh thì sao');
    expect(other.procedure?.code).toBe('1.001193');
    expect(other.intent).toBe('documents');
  });

  it('changing the question keeps the procedure, after a long answer too', async () => {
    const say = conversation();
    const first = await say('lam so do lan dau ho so gom nhung gi');
    expect(first.suggestions).toContain('Xem thêm');
    const fees = await say('con le phi thi sao');
    expect(fees.intent).toBe('fees');
    expect(fees.procedure?.code).toBe('1.013978');
  });
});

describe('"xem thêm"', () => {
  const itemsIn = (text: string) => text.split('\n').filter((l) => /^\s*(•|\d+\.)/.test(l)).length;
  const countIn = (text: string) => Number(/còn (\d+) mục nữa/.exec(text)?.[1] ?? 0);

  it('keeps working after other turns until a new long answer replaces it, and its count is right', async () => {
    const say = conversation();
    const first = await say('hồ sơ làm sổ đỏ lần đầu cần những gì');
    let promised = countIn(first.reply);
    expect(promised).toBeGreaterThan(0);
    await say('mất mấy ngày');
    await say('cảm ơn');
    let shown = 0;
    for (let more = await say('xem thêm'); ; more = await say('xem thêm')) {
      expect(more.procedure?.code).toBe('1.013978');
      expect(more.reply).toMatch(/tiếp theo/);
      shown += itemsIn(more.reply);
      const left = countIn(more.reply);
      expect(promised - itemsIn(more.reply), more.reply).toBe(left);
      promised = left;
      if (left === 0) break;
    }
    expect(shown).toBe(countIn(first.reply));
    expect((await say('xem thêm')).reply).toMatch(/gửi hết/);
  });

  it('a new long answer replaces the one before', async () => {
    const say = conversation();
    await say('hồ sơ làm sổ đỏ lần đầu cần những gì');
    const second = await say('hồ sơ đăng ký tạm trú gồm những gì');
    expect(second.suggestions).toContain('Xem thêm');
    const more = await say('xem thêm');
    expect(more.procedure?.code).toBe(second.procedure?.code);
  });
});
