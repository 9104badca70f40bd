import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/http/auth.js';
import { bearer, getJson, leaveQuestion, sqliteOf } from '../desk/support.js';
import { type RunningApp, postJson, startApp } from '../support/app.js';

/** The staff desk's HTTP API (spec §3): who may call it, what it answers, and what it refuses. */

const STAFF = 'staff-token-desk-0123456789abcdef-0123';
let running: RunningApp;
let agencyAdmin: string;
let personal: string;
/** The person the personal token belongs to: what `assignee`, `answeredBy` and the audit name. */
const PERSON = 'Nguyễn Thị Lan';

beforeAll(async () => {
  // The refusals below would otherwise block this address's token checks for a minute.
  running = await startApp({
    STAFF_TOKEN: STAFF,
    ADMIN_TOKEN: 'admin-token-desk-0123456789abcdef-0123',
    INBOX_OVERDUE_HOURS: '2',
    AUTH_FAILURES_PER_MINUTE: '1000',
  });
  agencyAdmin = (
    await createToken(running.app.store.repositories, { name: 'Phạm Văn Bình', role: 'admin', agency: 'Sở Tư pháp', scope: ['Hộ tịch'] })
  ).token;
  const made = await createToken(running.app.store.repositories, { name: PERSON, role: 'staff' });
  personal = made.token;
});
afterAll(() => running.close());

const url = (path: string) => `${running.baseUrl}${path}`;
const staff = bearer(STAFF);

describe('who may use the staff desk', () => {
  const calls: Array<[string, string, unknown?]> = [
    ['GET', '/api/v1/staff/inbox'],
    ['POST', '/api/v1/staff/inbox/1/assign', {}],
    ['POST', '/api/v1/staff/inbox/1/answer', { text: 'x' }],
    ['GET', '/api/v1/staff/analytics'],
    ['GET', '/api/v1/staff/analytics?format=csv'],
  ];
  it.each(calls)('%s %s: 401 without a token, 401 with a wrong one, 403 for an agency admin token', async (method, path, body) => {
    const call = (headers: Record<string, string>) => (method === 'GET' ? getJson(url(path), headers) : postJson(url(path), body, headers));
    const none = await call({});
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('unauthorized');
    expect((await call(bearer('not-a-token'))).status).toBe(401);
    const admin = await call(bearer(agencyAdmin));
    expect(admin.status).toBe(403);
    expect(admin.json.error.code).toBe('forbidden');
  });
});

describe('the inbox', () => {
  it('lists a question left in the chat with its conversation, procedure, channel, status and age', async () => {
    const { id } = await leaveQuestion(running.baseUrl, 'web:desk-list', 'Con tôi sinh ở nước ngoài thì làm ở đâu? Số tôi 0912345678');
    const { status, json } = await getJson(url('/api/v1/staff/inbox?status=new'), staff);
    expect(status).toBe(200);
    const item = json.items.find((i: { id: number }) => i.id === id);
    expect(item).toMatchObject({
      id,
      kind: 'staff_question',
      channel: 'web',
      status: 'new',
      statusLabel: 'Mới',
      assignee: null,
      answeredBy: null,
      overdue: false,
      procedure: { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' },
      // Staff-only and audited: the text is kept whole.
      text: 'Con tôi sinh ở nước ngoài thì làm ở đâu? Số tôi 0912345678',
    });
    expect(item.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(item.ageMinutes).toBeGreaterThanOrEqual(0);
    expect(item.conversation.map((t: { text: string }) => t.text)).toContain('Lệ phí đăng ký khai sinh');
    expect((await getJson(url('/api/v1/staff/inbox?status=answered'), staff)).json.items.some((i: { id: number }) => i.id === id)).toBe(false);
    expect((await getJson(url('/api/v1/staff/inbox'), staff)).json.items.some((i: { id: number }) => i.id === id)).toBe(true);
  });

  it('takes a question about the person’s own dossier, code and all, when it was asked for', async () => {
    const text = 'Hồ sơ 000.00.12.H56-261020-0031 của tôi sao chưa xong? Số tôi 0912 345 678';
    const { id } = await leaveQuestion(running.baseUrl, 'web:desk-dossier-question', text, 'tra cứu hồ sơ 000.00.12.H56-261020-0031');
    const item = (await getJson(url('/api/v1/staff/inbox?status=new'), staff)).json.items.find((i: { id: number }) => i.id === id);
    expect(item.text).toBe(text);
  });

  it('lists open items oldest first (the longest waiting on top), answered ones newest first', async () => {
    const a = await leaveQuestion(running.baseUrl, 'web:desk-order-a', 'Câu hỏi trước');
    const b = await leaveQuestion(running.baseUrl, 'web:desk-order-b', 'Câu hỏi sau');
    const ids = (await getJson(url('/api/v1/staff/inbox?status=new'), staff)).json.items.map((i: { id: number }) => i.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    for (const { id } of [a, b]) await postJson(url(`/api/v1/staff/inbox/${id}/answer`), { text: 'Đã trả lời.' }, staff);
    const answered = (await getJson(url('/api/v1/staff/inbox?status=answered'), staff)).json.items.map((i: { id: number }) => i.id);
    expect(answered.indexOf(b.id)).toBeLessThan(answered.indexOf(a.id));
  });

  it('marks an item overdue past INBOX_OVERDUE_HOURS', async () => {
    const { id } = await leaveQuestion(running.baseUrl, 'web:desk-old', 'Câu hỏi cũ');
    sqliteOf(running.app).prepare("UPDATE inbox SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 hours') WHERE id = ?").run(id);
    const item = (await getJson(url('/api/v1/staff/inbox?status=new'), staff)).json.items.find((i: { id: number }) => i.id === id);
    expect(item).toMatchObject({ overdue: true });
    expect(item.ageMinutes).toBeGreaterThanOrEqual(180);
  });

  it('assigns to the caller (or a named colleague) and answers once, naming who answered', async () => {
    const { id, sessionId } = await leaveQuestion(running.baseUrl, 'web:desk-answer', 'Bao giờ có giấy khai sinh?');
    const assigned = await postJson(url(`/api/v1/staff/inbox/${id}/assign`), {}, bearer(personal));
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ status: 'assigned', statusLabel: 'Đang xử lý', assignee: PERSON });
    expect((await getJson(url('/api/v1/staff/inbox?status=assigned'), staff)).json.items.map((i: { id: number }) => i.id)).toContain(id);
    const toColleague = await postJson(url(`/api/v1/staff/inbox/${id}/assign`), { assignee: 'Trần Thị Lan' }, staff);
    expect(toColleague.json.assignee).toBe('Trần Thị Lan');

    const answered = await postJson(url(`/api/v1/staff/inbox/${id}/answer`), { text: 'Giấy khai sinh được trả ngay trong ngày.' }, bearer(personal));
    expect(answered.status).toBe(200);
    expect(answered.json).toMatchObject({
      status: 'answered',
      statusLabel: 'Đã trả lời',
      answeredBy: PERSON,
      assignee: 'Trần Thị Lan',
      answer: 'Giấy khai sinh được trả ngay trong ngày.',
    });
    const again = await postJson(url(`/api/v1/staff/inbox/${id}/answer`), { text: 'Lần hai' }, staff);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('already_answered');
    expect((await postJson(url(`/api/v1/staff/inbox/${id}/assign`), {}, staff)).status).toBe(409);

    // The citizen reads it once, on the outbox, and it is in the conversation history.
    const { json } = await getJson(url(`/api/v1/sessions/${encodeURIComponent(sessionId)}/messages`));
    expect(json.messages.map((m: { text: string }) => m.text)).toEqual([
      `Cán bộ đã trả lời câu hỏi của bạn (số tiếp nhận ${id}):\nGiấy khai sinh được trả ngay trong ngày.`,
    ]);
    expect((await getJson(url(`/api/v1/sessions/${encodeURIComponent(sessionId)}/messages`))).json.messages).toEqual([]);
    // Its quick replies are understood: thanks, and leaving another question.
    const [thanks, another] = json.messages[0].suggestions;
    expect((await postJson(url('/api/v1/ask'), { text: thanks, sessionId: 'web:desk-suggestion-1' })).json.intent).toBe('thanks');
    expect((await postJson(url('/api/v1/ask'), { text: another, sessionId: 'web:desk-suggestion-2' })).json.reply).toMatch(/nhập câu hỏi cho cán bộ/);
    const session = await running.app.store.repositories.sessions.get(sessionId);
    expect(JSON.parse(session!.state).recent.at(-1).text).toContain('Giấy khai sinh được trả ngay trong ngày.');
  });

  it('gives the answer with the next ask when the citizen asks before polling', async () => {
    const { id, sessionId } = await leaveQuestion(running.baseUrl, 'web:desk-next-ask', 'Cần mang gì?');
    expect((await postJson(url(`/api/v1/staff/inbox/${id}/answer`), { text: 'Mang căn cước.' }, staff)).status).toBe(200);
    const next = await postJson(url('/api/v1/ask'), { text: 'cảm ơn', sessionId });
    expect(next.json.notifications.map((n: { text: string }) => n.text)).toEqual([expect.stringContaining('Mang căn cước.')]);
    expect((await getJson(url(`/api/v1/sessions/${encodeURIComponent(sessionId)}/messages`))).json.messages).toEqual([]);
  });

  it('audits every list, assignment and answer with the person', async () => {
    const { id } = await leaveQuestion(running.baseUrl, 'web:desk-audit', 'Hỏi để kiểm tra nhật ký');
    await getJson(url('/api/v1/staff/inbox?status=new'), bearer(personal));
    await postJson(url(`/api/v1/staff/inbox/${id}/answer`), { text: 'Đã rõ.' }, bearer(personal));
    const lines = await running.app.store.repositories.access.auditLog(2);
    expect(lines).toEqual([
      expect.objectContaining({
        person: PERSON,
        actor: expect.stringMatching(/^token:\d+$/),
        address: '127.0.0.1',
        action: 'inbox.answer',
        target: String(id),
        status: 200,
      }),
      expect.objectContaining({ person: PERSON, action: 'inbox.list', target: expect.stringMatching(/^new:\d+$/), status: 200 }),
    ]);
  });

  it.each([
    ['an unknown id', '/api/v1/staff/inbox/999999/answer', { text: 'x' }, 404],
    ['an unknown id to assign', '/api/v1/staff/inbox/999999/assign', {}, 404],
    ['an id that is not a number', '/api/v1/staff/inbox/abc/answer', { text: 'x' }, 400],
    ['no text', '/api/v1/staff/inbox/1/answer', {}, 400],
    ['a blank text', '/api/v1/staff/inbox/1/answer', { text: '   ' }, 400],
    ['a text over 2000 characters', '/api/v1/staff/inbox/1/answer', { text: 'a'.repeat(2001) }, 400],
    ['an assignee that is not a string', '/api/v1/staff/inbox/1/assign', { assignee: 5 }, 400],
  ])('refuses %s', async (_label, path, body, status) => {
    const response = await postJson(url(path), body, staff);
    expect(response.status).toBe(status);
    expect(response.json.error.message).toEqual(expect.any(String));
  });

  it('refuses an unknown status', async () => {
    expect((await getJson(url('/api/v1/staff/inbox?status=closed'), staff)).status).toBe(400);
  });
});

describe('answering at the same time', () => {
  it('sends one answer however many staff press "Gửi" together', async () => {
    const { id, sessionId } = await leaveQuestion(running.baseUrl, 'web:desk-race', 'Ai trả lời?');
    const texts = Array.from({ length: 8 }, (_, i) => `Trả lời số ${i}`);
    const results = await Promise.all(texts.map((text) => postJson(url(`/api/v1/staff/inbox/${id}/answer`), { text }, staff)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.json.answer;
    const { json } = await getJson(url(`/api/v1/sessions/${encodeURIComponent(sessionId)}/messages`));
    expect(json.messages).toHaveLength(1);
    expect(json.messages[0].text).toContain(winner);
  });
});

describe('procedure search by code', () => {
  it('answers a code typed in full with that procedure alone', async () => {
    for (const code of ['1.013225', '1.001193', '2.000986']) {
      const { json } = await getJson(url(`/api/v1/procedures?q=${encodeURIComponent(` ${code} `)}`));
      expect(
        json.items.map((i: { code: string }) => i.code),
        code,
      ).toEqual([code]);
      expect(json.total).toBe(1);
    }
    // An unknown code is searched like any text.
    expect((await getJson(url('/api/v1/procedures?q=9.999999'))).status).toBe(200);
  });
});
