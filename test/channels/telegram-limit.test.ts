import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBotApiStandIn, type BotApiStandIn } from './bot-api-stand-in.js';
import { startTestApp, type TestApp } from './support.js';
import { textUpdate } from './telegram-updates.js';

/** A chat has the per-session limit too (spec §1 "per session or chat"); past it, a short "slow down" and no work. */

const token = '123456:AAHk-test-token_for_the_limit';
const secret = 'webhook-secret_limit_0123456789';
let api: BotApiStandIn;
let t: TestApp;

beforeAll(async () => {
  api = await startBotApiStandIn(token);
  t = await startTestApp({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_SECRET: secret,
    PUBLIC_URL: 'https://motcua.example.vn',
    SESSION_RATE_LIMIT_PER_MINUTE: '2',
  });
});
afterAll(async () => {
  await t?.close();
  await api?.close();
});

it('tells a chat that sends too fast to slow down, and answers another chat as usual', async () => {
  const deliver = async (chat: number, text: string) => {
    const response = await fetch(`${t.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(textUpdate(chat, text)),
    });
    expect(response.status).toBe(200);
  };
  const sentTo = (chat: number) =>
    api
      .callsTo('sendMessage')
      .filter((c) => c.payload.chat_id === chat)
      .map((c) => String(c.payload.text));
  for (const text of ['Lệ phí đăng ký khai sinh', 'còn nộp ở đâu', 'bao lâu có kết quả']) await deliver(7001, text);
  await expect.poll(() => sentTo(7001).length).toBe(3);
  expect(sentTo(7001)[2]).toMatch(/nhanh quá/);
  expect(sentTo(7001)[1]).not.toMatch(/nhanh quá/);
  await deliver(7002, 'Lệ phí đăng ký khai sinh');
  await expect.poll(() => sentTo(7002).length).toBe(1);
  expect(sentTo(7002)[0]).not.toMatch(/nhanh quá/);
});
