import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDossierRegistry } from '../../src/dossier/registry.js';
import { texts } from '../../src/channels/telegram/handlers.js';
import { startBotApiStandIn, type ApiCall, type BotApiStandIn } from './bot-api-stand-in.js';
import { startTestApp, type TestApp } from './support.js';
import { callbackUpdate, photoUpdate, stickerUpdate, textUpdate } from './telegram-updates.js';

const token = '123456:AAHk-test-token_for_the_stand-in';
const secret = 'webhook-secret_0123456789';
const publicUrl = 'https://motcua.example.vn';
const receiptCode = '000.00.12.H56-261020-0031';

let api: BotApiStandIn;
let t: TestApp;
let chatId = 5_000_000;

beforeAll(async () => {
  api = await startBotApiStandIn(token);
  t = await startTestApp({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_SECRET: secret,
    PUBLIC_URL: publicUrl,
  });
});

afterAll(async () => {
  await t?.close();
  await api?.close();
});

beforeEach(() => {
  chatId += 1;
});

function post(update: object, headerSecret: string | null = secret): Promise<Response> {
  return fetch(`${t.baseUrl}/telegram/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(headerSecret === null ? {} : { 'x-telegram-bot-api-secret-token': headerSecret }),
    },
    body: JSON.stringify(update),
  });
}

async function deliver(update: object): Promise<void> {
  const response = await post(update);
  expect(response.status).toBe(200);
}

const sentTo = (chat: number): ApiCall[] => api.callsTo('sendMessage').filter((c) => c.payload.chat_id === chat);
const buttonsOf = (call: ApiCall): Array<{ text: string; callback_data: string }> => (call.payload.reply_markup?.inline_keyboard ?? []).flat();
const unescape = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What the engine answers on a fresh mirror session after the same questions. */
async function engineAnswer(...questions: string[]) {
  const sessionId = `mirror:${chatId}:${questions.length}`;
  let result;
  for (const text of questions) result = await t.app.assistant.ask({ text, sessionId, channel: 'telegram' });
  return result!;
}

describe('Telegram channel in webhook mode', () => {
  it('registers the commands and the webhook with its secret on start', () => {
    const commands = api
      .callsTo('setMyCommands')
      .at(-1)
      ?.payload.commands.map((c: { command: string }) => c.command);
    expect(commands).toEqual(expect.arrayContaining(['start', 'help', 'tracuu', 'huy']));
    const webhook = api.callsTo('setWebhook').at(-1)?.payload;
    expect(webhook).toMatchObject({ url: `${publicUrl}/telegram/webhook`, secret_token: secret });
  });

  it('refuses updates without the right secret header', async () => {
    const update = textUpdate(chatId, 'Lệ phí đăng ký khai sinh');
    expect((await post(update, null)).status).toBe(401);
    expect((await post(update, 'wrong-secret')).status).toBe(401);
    expect((await post(update, `${secret}x`)).status).toBe(401);
    expect(sentTo(chatId)).toHaveLength(0);
  });

  it('answers a question with the engine reply as HTML and its suggestions as an inline keyboard', async () => {
    await deliver(textUpdate(chatId, 'Lệ phí đăng ký khai sinh'));
    const expected = await engineAnswer('Lệ phí đăng ký khai sinh');
    const [sent] = sentTo(chatId);
    expect(sentTo(chatId)).toHaveLength(1);
    expect(sent.payload.parse_mode).toBe('HTML');
    expect(unescape(sent.payload.text)).toBe(expected.reply);
    expect(sent.payload.text).toMatch(/khai sinh/i);
    expect(expected.suggestions.length).toBeGreaterThan(0);
    expect(buttonsOf(sent).map((b) => b.text)).toEqual(expected.suggestions);
    for (const button of buttonsOf(sent)) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
  });

  it('continues the conversation when a quick reply is pressed, and always answers the callback', async () => {
    await deliver(textUpdate(chatId, 'Lệ phí đăng ký khai sinh'));
    const [button] = buttonsOf(sentTo(chatId)[0]);
    const press = callbackUpdate(chatId, button.callback_data);
    await deliver(press);

    expect(api.callsTo('answerCallbackQuery').map((c) => c.payload.callback_query_id)).toContain(press.callback_query.id);
    const followUp = await engineAnswer('Lệ phí đăng ký khai sinh', button.text);
    const replies = sentTo(chatId);
    expect(replies).toHaveLength(2);
    expect(unescape(replies[1].payload.text)).toBe(followUp.reply);
  });

  it('answers an unknown or expired button without asking the engine', async () => {
    const press = callbackUpdate(chatId, 's:doesnotexist0000');
    await deliver(press);
    const answer = api.callsTo('answerCallbackQuery').find((c) => c.payload.callback_query_id === press.callback_query.id);
    expect(answer?.payload.text).toBe(texts.expiredButton);
    expect(sentTo(chatId)).toHaveLength(0);
  });

  it('escapes markup from the catalog', async () => {
    await deliver(textUpdate(chatId, 'thủ tục thử nghiệm kênh nộp ở đâu'));
    const html = sentTo(chatId)
      .map((c) => c.payload.text)
      .join('\n');
    expect(html).toContain('&lt;b&gt;in đậm&lt;/b&gt; &amp;');
    expect(html).not.toMatch(/<b>|<script>|<tầng 1>/);
  });

  it('sends a long answer as a phone-sized first message; "Xem thêm" brings the next part', async () => {
    await deliver(textUpdate(chatId, 'các bước thực hiện thủ tục thử nghiệm kênh'));
    const expected = await engineAnswer('các bước thực hiện thủ tục thử nghiệm kênh');
    expect(expected.reply.length).toBeLessThanOrEqual(1200);
    const [first] = sentTo(chatId);
    expect(sentTo(chatId)).toHaveLength(1);
    expect(unescape(first.payload.text)).toBe(expected.reply);
    const more = buttonsOf(first).find((b) => b.text === 'Xem thêm')!;
    await deliver(callbackUpdate(chatId, more.callback_data));
    const next = sentTo(chatId)[1];
    expect(unescape(next.payload.text)).toMatch(/\(tiếp theo\)\n\d+\. cán bộ kiểm tra/);
    expect(unescape(next.payload.text).length).toBeLessThanOrEqual(1200);
  });

  it('handles a repeated update (webhook retry) once', async () => {
    const update = textUpdate(chatId, 'Lệ phí đăng ký khai sinh');
    await deliver(update);
    await deliver(update);
    await Promise.all([post(update), post(update)]);
    expect(sentTo(chatId)).toHaveLength(1);
  });

  it('looks a dossier up from a deep link, showing the typing action first', async () => {
    const payload = receiptCode.replace(/\./g, '_');
    await deliver(textUpdate(chatId, `/start ${payload}`));
    const typing = api.calls.findIndex((c) => c.method === 'sendChatAction' && c.payload.chat_id === chatId);
    const reply = api.calls.findIndex((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(api.calls[typing].payload.action).toBe('typing');
    expect(typing).toBeLessThan(reply);
    const text = unescape(sentTo(chatId)[0].payload.text);
    expect(text).toBe((await engineAnswer(`tra cứu hồ sơ ${receiptCode}`)).reply);
    expect(text).toContain(receiptCode);
    expect(text).toMatch(/tiếp nhận/i);
  });

  it('runs /tracuu, /huy and /help', async () => {
    await deliver(textUpdate(chatId, `/tracuu ${receiptCode}`));
    expect(unescape(sentTo(chatId)[0].payload.text)).toContain(receiptCode);
    await deliver(textUpdate(chatId, '/tracuu'));
    expect(sentTo(chatId)[1].payload.text).toBe(texts.trackingUsage);
    await deliver(textUpdate(chatId, '/huy'));
    expect(unescape(sentTo(chatId)[2].payload.text)).toBe((await engineAnswer('hủy theo dõi')).reply);
    await deliver(textUpdate(chatId, '/help@motcua_test_bot'));
    expect(sentTo(chatId)[3].payload.text).toContain('/tracuu');
  });

  it('asks for text when it gets a sticker or a photo', async () => {
    await deliver(stickerUpdate(chatId));
    await deliver(photoUpdate(chatId));
    expect(sentTo(chatId).map((c) => c.payload.text)).toEqual([texts.textOnly, texts.textOnly]);
  });

  it('apologises when answering fails, and keeps serving', async () => {
    api.failNext('sendMessage', { status: 400, description: "Bad Request: can't parse entities" });
    await deliver(textUpdate(chatId, 'Lệ phí đăng ký khai sinh'));
    const sent = sentTo(chatId);
    expect(sent).toHaveLength(2);
    expect(sent[1].payload.text).toBe(texts.apology);
    await deliver(textUpdate(chatId, 'Lệ phí đăng ký khai sinh'));
    expect(sentTo(chatId)).toHaveLength(3);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  it('retries a message Telegram refused with 429', async () => {
    api.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await deliver(textUpdate(chatId, 'Lệ phí đăng ký khai sinh'));
    const sent = sentTo(chatId);
    expect(sent).toHaveLength(2);
    expect(sent[0].payload.text).toBe(sent[1].payload.text);
  });

  // Last in this block: it moves the demo dossier to "Đã xử lý xong".
  it('pushes a dossier notification to a chat that follows the dossier', async () => {
    await deliver(textUpdate(chatId, `theo dõi hồ sơ ${receiptCode}`));
    expect(unescape(sentTo(chatId)[0].payload.text)).toContain(receiptCode);

    await createDossierRegistry(t.app.repositories, { seedFile: null }).setStatus(receiptCode, 9);
    expect(await t.app.dossiers.pollOnce()).toBe(1);
    const pushed = sentTo(chatId);
    expect(pushed).toHaveLength(2);
    expect(pushed[1].payload.parse_mode).toBe('HTML');
    expect(unescape(pushed[1].payload.text)).toContain(receiptCode);
    expect(unescape(pushed[1].payload.text)).toMatch(/xử lý xong/i);
    expect(buttonsOf(pushed[1]).length).toBeGreaterThan(0);
  });
});

describe('Telegram channel in long-polling mode', () => {
  let pollApi: BotApiStandIn;
  let app: TestApp;

  beforeAll(async () => {
    pollApi = await startBotApiStandIn(token);
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: pollApi.url });
  });

  afterAll(async () => {
    await app?.close();
    await pollApi?.close();
  });

  it('drops any webhook, polls, and answers one chat in order', async () => {
    expect(pollApi.callsTo('deleteWebhook')).toHaveLength(1);
    expect(pollApi.callsTo('setWebhook')).toHaveLength(0);
    expect((await fetch(`${app.baseUrl}/telegram/webhook`, { method: 'POST' })).status).toBe(404);

    const questions = ['Lệ phí đăng ký khai sinh', 'Cần giấy tờ gì?', 'Mất bao lâu?'];
    pollApi.queueUpdates(...questions.map((q) => textUpdate(chatId, q)));
    const sentToChat = () => pollApi.callsTo('sendMessage').filter((c) => c.payload.chat_id === chatId);
    await pollApi.waitFor('sendMessage', () => sentToChat().length === questions.length, 10_000);
    const expected = [];
    for (let i = 1; i <= questions.length; i++) expected.push((await engineAnswer(...questions.slice(0, i))).reply);
    const sent = sentToChat();
    expect(sent.map((c) => unescape(c.payload.text))).toEqual(expected);
  });

  it('keeps polling and answering other chats while the Bot API hangs on one chat’s messages', async () => {
    const stuck = chatId + 1000;
    const other = chatId + 2000;
    pollApi.hang('sendMessage', (call) => call.payload.chat_id === stuck);
    try {
      pollApi.queueUpdates(textUpdate(stuck, 'Lệ phí đăng ký khai sinh'));
      await pollApi.waitFor('sendMessage', (c) => c.payload.chat_id === stuck, 10_000);
      const polls = pollApi.callsTo('getUpdates').length;
      pollApi.queueUpdates(textUpdate(other, 'Lệ phí đăng ký khai sinh'));
      await pollApi.waitFor('sendMessage', (c) => c.payload.chat_id === other, 10_000);
      await pollApi.waitFor('getUpdates', () => pollApi.callsTo('getUpdates').length > polls + 1, 10_000);
    } finally {
      pollApi.release();
    }
  });
});
