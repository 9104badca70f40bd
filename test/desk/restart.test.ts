import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotApiStandIn, type BotApiStandIn } from '../channels/bot-api-stand-in.js';
import { startTestApp } from '../channels/support.js';
import { startZaloStandIn, type ZaloStandIn } from '../channels/zalo-stand-in.js';
import { postJson } from '../support/app.js';
import { bearer, getJson, leaveQuestion } from './support.js';

/**
 * A staff answer survives a restart between the answer and the citizen's next poll: two app
 * instances on the same DATA_DIR, one after the other. Nothing is lost, nothing repeated.
 */
const STAFF = 'staff-token-restart-0123456789abcdef';
const BOT_TOKEN = '123456:restart-test-token';
let dir: string;
let api: BotApiStandIn;
let zalo: ZaloStandIn;
const ZALO_APP_ID = '3608465249409039671';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-desk-restart-'));
  api = await startBotApiStandIn(BOT_TOKEN);
  zalo = await startZaloStandIn({ accessToken: 'zalo-access', refreshToken: 'zalo-refresh', appId: ZALO_APP_ID, appSecret: 'zalo-app-secret' });
});
afterAll(async () => {
  await api?.close();
  await zalo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  STAFF_TOKEN: STAFF,
  TELEGRAM_BOT_TOKEN: BOT_TOKEN,
  TELEGRAM_API_ROOT: api.url,
  TELEGRAM_WEBHOOK_SECRET: 'restart-secret',
  PUBLIC_URL: 'https://motcua.example.vn',
  ZALO_APP_ID,
  ZALO_OA_SECRET_KEY: 'zalo-oa-secret',
  ZALO_ACCESS_TOKEN: 'zalo-access',
  ZALO_REFRESH_TOKEN: 'zalo-refresh',
  ZALO_APP_SECRET: 'zalo-app-secret',
  ZALO_API_ROOT: zalo.url,
  ZALO_OAUTH_ROOT: zalo.url,
});

describe('a staff answer across a restart', () => {
  it('reaches a web chat once after the server restarts, and cannot be answered again', async () => {
    const first = await startTestApp(env(), { dir });
    const { id, sessionId } = await leaveQuestion(first.baseUrl, 'web:restart-1', 'Sau khi nộp bao lâu có kết quả?');
    const answered = await postJson(`${first.baseUrl}/api/v1/staff/inbox/${id}/answer`, { text: 'Có kết quả sau 3 ngày làm việc.' }, bearer(STAFF));
    expect(answered.status).toBe(200);
    await first.close();

    const second = await startTestApp(env(), { dir });
    try {
      const messages = (await getJson(`${second.baseUrl}/api/v1/sessions/${encodeURIComponent(sessionId)}/messages`)).json.messages;
      expect(messages.map((m: { text: string }) => m.text)).toEqual([
        `Cán bộ đã trả lời câu hỏi của bạn (số tiếp nhận ${id}):\nCó kết quả sau 3 ngày làm việc.`,
      ]);
      expect((await getJson(`${second.baseUrl}/api/v1/sessions/${encodeURIComponent(sessionId)}/messages`)).json.messages).toEqual([]);
      const next = await postJson(`${second.baseUrl}/api/v1/ask`, { text: 'cảm ơn', sessionId });
      expect(next.json.notifications ?? []).toEqual([]);
      expect((await postJson(`${second.baseUrl}/api/v1/staff/inbox/${id}/answer`, { text: 'Lần nữa' }, bearer(STAFF))).status).toBe(409);
      const answeredItems = (await getJson(`${second.baseUrl}/api/v1/staff/inbox?status=answered`, bearer(STAFF))).json.items;
      expect(answeredItems.find((i: { id: number }) => i.id === id)).toMatchObject({
        answeredBy: 'STAFF_TOKEN',
        answer: 'Có kết quả sau 3 ngày làm việc.',
      });
    } finally {
      await second.close();
    }
  });

  it('is pushed to a Telegram chat once, and not again after a restart', async () => {
    const chatId = 7_700_001;
    const sessionId = `tg:${chatId}`;
    const first = await startTestApp(env(), { dir });
    for (const text of ['Lệ phí đăng ký khai sinh', 'để lại câu hỏi cho cán bộ', 'Làm cho con ở nước ngoài được không?', 'gửi']) {
      await first.app.assistant.ask({ text, sessionId, channel: 'telegram' });
    }
    const item = (await getJson(`${first.baseUrl}/api/v1/staff/inbox?status=new`, bearer(STAFF))).json.items.find(
      (i: { channel: string }) => i.channel === 'telegram',
    );
    expect(item).toMatchObject({ text: 'Làm cho con ở nước ngoài được không?', procedure: { code: '1.001193' } });
    expect(
      (await postJson(`${first.baseUrl}/api/v1/staff/inbox/${item.id}/answer`, { text: 'Được, tại cơ quan đại diện.' }, bearer(STAFF))).status,
    ).toBe(200);
    await first.app.notifications.flush();
    const pushed = () =>
      api.callsTo('sendMessage').filter((c) => c.payload.chat_id === chatId && String(c.payload.text).includes('tại cơ quan đại diện'));
    expect(pushed()).toHaveLength(1);
    await first.close();

    const second = await startTestApp(env(), { dir });
    try {
      await second.app.notifications.flush();
      expect(pushed()).toHaveLength(1);
      expect((await postJson(`${second.baseUrl}/api/v1/staff/inbox/${item.id}/answer`, { text: 'Lần nữa' }, bearer(STAFF))).status).toBe(409);
      await second.app.notifications.flush();
      expect(pushed()).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('shows staff when Zalo refused the answer (the 7-day window closed), instead of passing it as delivered', async () => {
    const userId = '9007199254740993888';
    const sessionId = `zalo:${userId}`;
    const app = await startTestApp(env(), { dir });
    try {
      for (const text of ['để lại câu hỏi cho cán bộ', 'Đăng ký kết hôn có mất phí không?', 'gửi']) {
        await app.app.assistant.ask({ text, sessionId, channel: 'zalo' });
      }
      const item = (await getJson(`${app.baseUrl}/api/v1/staff/inbox?status=new`, bearer(STAFF))).json.items.find(
        (i: { text: string }) => i.text === 'Đăng ký kết hôn có mất phí không?',
      );
      zalo.closeWindowOf(userId);
      expect((await postJson(`${app.baseUrl}/api/v1/staff/inbox/${item.id}/answer`, { text: 'Miễn lệ phí.' }, bearer(STAFF))).status).toBe(200);
      await app.app.notifications.flush();
      const answered = (await getJson(`${app.baseUrl}/api/v1/staff/inbox?status=answered`, bearer(STAFF))).json.items.find(
        (i: { id: number }) => i.id === item.id,
      );
      expect(answered.delivery).toMatchObject({ delivered: false, reason: expect.stringMatching(/\S/) });
      const others = (await getJson(`${app.baseUrl}/api/v1/staff/inbox?status=answered`, bearer(STAFF))).json.items.filter(
        (i: { id: number }) => i.id !== item.id,
      );
      for (const other of others) expect(other.delivery).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('is sent to a Zalo user once, and not again after a restart', async () => {
    const userId = '9007199254740993777';
    const sessionId = `zalo:${userId}`;
    const first = await startTestApp(env(), { dir });
    for (const text of ['Lệ phí đăng ký khai sinh', 'để lại câu hỏi cho cán bộ', 'Khai sinh quá hạn có bị phạt không?', 'gửi']) {
      await first.app.assistant.ask({ text, sessionId, channel: 'zalo' });
    }
    const item = (await getJson(`${first.baseUrl}/api/v1/staff/inbox?status=new`, bearer(STAFF))).json.items.find(
      (i: { channel: string }) => i.channel === 'zalo',
    );
    expect(item).toMatchObject({ text: 'Khai sinh quá hạn có bị phạt không?' });
    expect(
      (await postJson(`${first.baseUrl}/api/v1/staff/inbox/${item.id}/answer`, { text: 'Không bị phạt, bạn vẫn đăng ký được.' }, bearer(STAFF)))
        .status,
    ).toBe(200);
    await first.app.notifications.flush();
    const answers = () => zalo.sentTo(userId).filter((m) => m.message.text.includes('Không bị phạt'));
    expect(answers()).toHaveLength(1);
    await first.close();

    const second = await startTestApp(env(), { dir });
    try {
      await second.app.notifications.flush();
      expect(answers()).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
