import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/http/auth.js';
import { type RunningApp, postJson, startApp } from '../support/app.js';

/** Server-issued sessions (spec §2, issue 15): nobody steps into another person's conversation by sending its id. */

const CODE = '000.00.12.H56-261020-0031';
let app: RunningApp;
beforeAll(async () => {
  app = await startApp({ RATE_LIMIT_PER_MINUTE: '1000', SESSION_RATE_LIMIT_PER_MINUTE: '1000' });
});
afterAll(() => app.close());

const ask = (body: unknown, headers?: Record<string, string>) => postJson(`${app.baseUrl}/api/v1/ask`, body, headers);
const messages = (id: string, headers: Record<string, string> = {}) =>
  fetch(`${app.baseUrl}/api/v1/sessions/${encodeURIComponent(id)}/messages`, { headers });

describe('server-issued sessions', () => {
  it('issues an id of at least 128 random bits with every answer, and keeps the conversation under it', async () => {
    const first = await ask({ text: 'Lệ phí đăng ký khai sinh' });
    const id = first.json.sessionId as string;
    expect(id).toMatch(/^api:[A-Za-z0-9_-]{24,}$/);
    expect(Buffer.from(id.slice(4), 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const again = await ask({ text: 'còn nộp ở đâu?', sessionId: id });
    expect(again.json).toMatchObject({ sessionId: id, intent: 'where', procedure: { code: '1.001193' } });
    const other = await ask({ text: 'chào' });
    expect(other.json.sessionId).not.toBe(id);
    // The web chat's sessions carry their channel.
    expect((await ask({ text: 'chào' }, { 'x-motcua-client': 'web' })).json.sessionId).toMatch(/^web:/);
  });

  it('starts a new session for an id it did not issue (finding: the README’s "demo" let anyone replay, unsubscribe and read another’s notices)', async () => {
    // The owner, under the id everybody copied from the README before.
    const owner = await ask({ text: `tra cứu hồ sơ ${CODE}`, sessionId: 'demo' });
    expect(owner.json.sessionId).not.toBe('demo');
    const ownerId = owner.json.sessionId as string;
    expect((await ask({ text: 'theo dõi hồ sơ này', sessionId: ownerId })).json.intent).toBe('subscribe');
    expect(await app.app.dossiers.subscriptionsOf(ownerId)).toEqual([CODE]);

    // Someone else sends the shared id: a new conversation, nothing of the owner's.
    const intruder = await ask({ text: 'khi nào có kết quả?', sessionId: 'demo' });
    expect(intruder.json.sessionId).not.toBe('demo');
    expect(intruder.json.sessionId).not.toBe(ownerId);
    expect(intruder.json.receiptCode).toBeNull();
    expect((await ask({ text: 'hủy theo dõi', sessionId: 'demo' })).json.reply).not.toContain(CODE);
    expect(await app.app.dossiers.subscriptionsOf(ownerId)).toEqual([CODE]);
    expect((await messages('demo')).status).toBe(404);

    // The owner's notices reach the owner, with the next answer.
    await app.app.notifications.send(ownerId, { text: 'Cán bộ đã trả lời bạn.', suggestions: [] }, 'staff');
    const next = await ask({ text: 'cảm ơn', sessionId: ownerId });
    expect(next.json.notifications).toEqual([expect.objectContaining({ text: 'Cán bộ đã trả lời bạn.' })]);
  });

  it('serves messages only to ids it issued', async () => {
    const { json } = await ask({ text: 'chào' });
    const response = await messages(json.sessionId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ messages: [] });
    const unknown = await messages('api:AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/phiên/);
  });

  it('lets an integration token relay its own users’ ids, kept apart from everybody else’s', async () => {
    const integration = await createToken(app.app.repositories, { name: 'Cổng dịch vụ công tỉnh', role: 'integration' });
    const other = await createToken(app.app.repositories, { name: 'Ứng dụng khác', role: 'integration' });
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const first = await ask({ text: 'Lệ phí đăng ký khai sinh', sessionId: 'user-42' }, as(integration.token));
    expect(first.json.sessionId).toBe('user-42');
    const followUp = await ask({ text: 'còn nộp ở đâu?', sessionId: 'user-42' }, as(integration.token));
    expect(followUp.json).toMatchObject({ sessionId: 'user-42', procedure: { code: '1.001193' } });
    // Another integration's user-42, or an anonymous caller's, is another conversation.
    expect((await ask({ text: 'còn nộp ở đâu?', sessionId: 'user-42' }, as(other.token))).json.procedure).toBeNull();
    expect((await ask({ text: 'còn nộp ở đâu?', sessionId: 'user-42' })).json.sessionId).not.toBe('user-42');
    expect((await messages('user-42', as(integration.token))).status).toBe(200);
    expect((await messages('user-42')).status).toBe(404);
    // A wrong token is refused rather than silently treated as a citizen.
    expect((await ask({ text: 'chào', sessionId: 'user-42' }, { authorization: 'Bearer nope' })).status).toBe(401);
  });
});
