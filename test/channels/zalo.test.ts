import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BUTTONS, MAX_MESSAGE_LENGTH } from '../../src/channels/zalo/format.js';
import { texts } from '../../src/channels/zalo/handlers.js';
import { signatureOf } from '../../src/channels/zalo/webhook.js';
import { createDossierRegistry } from '../../src/dossier/registry.js';
import { startTestApp, type TestApp } from './support.js';
import { startZaloStandIn, type ZaloStandIn } from './zalo-stand-in.js';

const appId = '3608465249409039671';
const secretKey = 'oa-secret-key_for_the_stand-in';
const appSecret = 'app-secret_for_renewal';
const receiptCode = '000.00.12.H56-261020-0031';

let zalo: ZaloStandIn;
let t: TestApp;
// Zalo user ids exceed 2^53: kept as strings end to end.
let userSeq = 0n;
let userId = '';
let msgSeq = 0;

const envFor = (api: ZaloStandIn) => ({
  ZALO_APP_ID: appId,
  ZALO_OA_SECRET_KEY: secretKey,
  ZALO_ACCESS_TOKEN: 'access-from-env',
  ZALO_REFRESH_TOKEN: 'refresh-from-env',
  ZALO_APP_SECRET: appSecret,
  ZALO_API_ROOT: api.url,
  ZALO_OAUTH_ROOT: api.url,
});

beforeAll(async () => {
  zalo = await startZaloStandIn({ accessToken: 'access-from-env', refreshToken: 'refresh-from-env', appId, appSecret });
  t = await startTestApp(envFor(zalo));
});

afterAll(async () => {
  await t?.close();
  await zalo?.close();
});

beforeEach(() => {
  userSeq += 1n;
  userId = (9_007_199_254_740_993n + userSeq * 1000n).toString();
});

function textEvent(user: string, text: string, msgId = `msg${++msgSeq}`, timestamp = Date.now()) {
  return {
    app_id: appId,
    user_id_by_app: '552177279717587730',
    event_name: 'user_send_text',
    timestamp: String(timestamp),
    sender: { id: user },
    recipient: { id: '579745863508352884' },
    message: { msg_id: msgId, text },
  };
}

const followEvent = (user: string, eventName: 'follow' | 'unfollow') => ({
  app_id: appId,
  oa_id: '579745863508352884',
  user_id_by_app: '552177279717587730',
  event_name: eventName,
  timestamp: String(Date.now()),
  source: 'oa_profile',
  follower: { id: user },
});

const imageEvent = (user: string) => ({
  ...textEvent(user, ''),
  event_name: 'user_send_image',
  message: { msg_id: `msg${++msgSeq}`, attachments: [{ type: 'image', payload: { url: 'https://example.com/a.jpg' } }] },
});

/** Posts raw bytes signed as Zalo signs them (or with the given signature). */
function postRaw(raw: string, options: { signature?: string | null; signAs?: string } = {}): Promise<Response> {
  const sign = () => signatureOf(options.signAs ?? appId, Buffer.from(raw), (JSON.parse(raw) as { timestamp: string }).timestamp, secretKey);
  const signature = options.signature === undefined ? sign() : options.signature;
  return fetch(`${t.baseUrl}/zalo/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-zevent-signature': signature }) },
    body: raw,
  });
}

async function deliver(event: object): Promise<void> {
  expect((await postRaw(JSON.stringify(event))).status).toBe(200);
}

const textsTo = (user: string) => zalo.sentTo(user).map((s) => s.message.text);
const waitForCount = (user: string, n: number) => zalo.waitFor(() => zalo.sentTo(user).length >= n);

/** What the engine answers on a fresh mirror session after the same questions. */
async function engineAnswer(...questions: string[]) {
  const sessionId = `mirror:${userId}:${questions.length}`;
  let result;
  for (const text of questions) result = await t.app.assistant.ask({ text, sessionId, channel: 'zalo' });
  return result!;
}

describe('Zalo OA webhook', () => {
  it('answers a signed text message with the engine reply, plain text, and its suggestions as buttons', async () => {
    await deliver(textEvent(userId, 'Lệ phí đăng ký khai sinh'));
    await waitForCount(userId, 1);
    const expected = await engineAnswer('Lệ phí đăng ký khai sinh');
    const [sent] = zalo.sentTo(userId);
    expect(sent.userId).toBe(userId);
    expect(sent.accessToken).toBe('access-from-env');
    expect(sent.message.text).toBe(expected.reply);
    expect(sent.message.text).not.toMatch(/<\/?[a-z]+>|&amp;/);
    const buttons = sent.message.attachment!.payload.buttons;
    expect(expected.suggestions.length).toBeGreaterThan(0);
    expect(buttons).toEqual(expected.suggestions.slice(0, MAX_BUTTONS).map((s) => ({ title: s, type: 'oa.query.show', payload: s })));
  });

  it('continues the conversation when a button sends its payload back as text', async () => {
    await deliver(textEvent(userId, 'Lệ phí đăng ký khai sinh'));
    await waitForCount(userId, 1);
    const button = zalo.sentTo(userId)[0].message.attachment!.payload.buttons[0];
    await deliver(textEvent(userId, button.payload));
    await waitForCount(userId, 2);
    expect(textsTo(userId)[1]).toBe((await engineAnswer('Lệ phí đăng ký khai sinh', button.payload)).reply);
  });

  it('checks the signature over the raw bytes as received', async () => {
    // Spacing and escapes a re-serialisation would change.
    const raw = JSON.stringify(textEvent(userId, 'Lệ phí đăng ký khai sinh'), null, 1).replace('Lệ', '\\u004c\\u1ec7');
    expect((await postRaw(raw)).status).toBe(200);
    await waitForCount(userId, 1);
  });

  it('refuses a wrong or missing signature, another app, a stale event, and a body changed after signing', async () => {
    const good = JSON.stringify(textEvent(userId, 'Lệ phí đăng ký khai sinh'));
    const mac = signatureOf(appId, Buffer.from(good), JSON.parse(good).timestamp, secretKey);
    expect((await postRaw(good, { signature: null })).status).toBe(401);
    expect((await postRaw(good, { signature: `${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}` })).status).toBe(401);
    expect((await postRaw(good, { signature: mac.slice(4) })).status).toBe(401);
    expect((await postRaw(good.replace('khai sinh', 'khai tử'), { signature: mac })).status).toBe(401);
    const otherApp = JSON.stringify({ ...textEvent(userId, 'Lệ phí đăng ký khai sinh'), app_id: '1111111111111111111' });
    expect((await postRaw(otherApp, { signAs: '1111111111111111111' })).status).toBe(403);
    const stale = JSON.stringify(textEvent(userId, 'Lệ phí đăng ký khai sinh', undefined, Date.now() - 10 * 60_000));
    expect((await postRaw(stale)).status).toBe(403);
    expect((await postRaw('not json', { signature: mac })).status).toBe(400);
    // A valid event afterwards: once it is answered, nothing refused before it was.
    await deliver(textEvent(userId, 'xin chào'));
    await waitForCount(userId, 1);
    expect(zalo.sentTo(userId)).toHaveLength(1);
  });

  it('answers a message Zalo sends more than once only once', async () => {
    const event = textEvent(userId, 'Lệ phí đăng ký khai sinh');
    await deliver(event);
    await deliver(event);
    await Promise.all([deliver(event), deliver(event)]);
    await deliver(textEvent(userId, 'xin chào'));
    // One user's events are handled in order, so the repeats were dropped before this answer.
    await waitForCount(userId, 2);
    expect(zalo.sentTo(userId)).toHaveLength(2);
    expect(textsTo(userId)[1]).toBe((await engineAnswer('Lệ phí đăng ký khai sinh', 'xin chào')).reply);
  });

  it('welcomes a new follower, asks for text on an image, refuses a question too long, and keeps serving', async () => {
    await deliver(followEvent(userId, 'follow'));
    await deliver(imageEvent(userId));
    await deliver(textEvent(userId, 'thủ tục '.repeat(300)));
    await waitForCount(userId, 3);
    expect(textsTo(userId)).toEqual([texts.welcome, texts.textOnly, texts.tooLong]);
    expect(texts.textOnly).toContain('mình chỉ đọc được tin nhắn chữ');
    expect(zalo.sentTo(userId)[0].message.attachment!.payload.buttons.map((b) => b.payload)).toEqual(texts.welcomeSuggestions);
  });

  it('stops the subscriptions of a user who unfollows', async () => {
    await deliver(textEvent(userId, `theo dõi hồ sơ ${receiptCode}`));
    await waitForCount(userId, 1);
    expect(await t.app.dossiers.subscriptionsOf(`zalo:${userId}`)).toEqual([receiptCode]);
    await deliver(followEvent(userId, 'unfollow'));
    // Handled in order: once this is answered, the unfollow before it was too.
    await deliver(imageEvent(userId));
    await waitForCount(userId, 2);
    expect(await t.app.dossiers.subscriptionsOf(`zalo:${userId}`)).toEqual([]);
  });

  it('splits a long push on line boundaries to 2,000 characters, buttons under the last part', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => `Dòng ${i + 1}: cán bộ trả lời về hồ sơ, giấy tờ cần bổ sung và thời hạn.`);
    await t.app.notifications.send(`zalo:${userId}`, { text: lines.join('\n'), suggestions: ['Cảm ơn'] }, 'staff');
    await t.app.notifications.flush();
    const parts = zalo.sentTo(userId);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.message.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(part.message.text.split('\n').every((line) => lines.includes(line))).toBe(true);
    }
    expect(parts.map((p) => p.message.text).join('\n')).toBe(lines.join('\n'));
    expect(parts.slice(0, -1).every((p) => p.message.attachment === undefined)).toBe(true);
    expect(parts.at(-1)!.message.attachment!.payload.buttons.map((b) => b.title)).toEqual(['Cảm ơn']);
  });

  it('records a push past the 7-day window as undeliverable and does not retry it', async () => {
    zalo.closeWindowOf(userId);
    await t.app.notifications.send(`zalo:${userId}`, { text: 'Cán bộ trả lời câu hỏi của bạn.' }, 'staff');
    await t.app.notifications.flush();
    const notices = t.app.repositories.notices;
    expect(zalo.attempts.filter((a) => a.userId === userId)).toHaveLength(1);
    expect(await notices.count(`zalo:${userId}`)).toBe(0);
    expect((await notices.undeliverable(10)).find((n) => n.sessionId === `zalo:${userId}`)).toMatchObject({
      channel: 'zalo',
      source: 'staff',
      reason: expect.stringContaining('-230'),
    });
  });

  it('retries a push after a server error, and keeps one refused with another code for later', async () => {
    zalo.failNextWithStatus(502);
    await t.app.notifications.send(`zalo:${userId}`, { text: 'Thông báo một.' }, 'staff');
    await t.app.notifications.flush();
    expect(textsTo(userId)).toEqual(['Thông báo một.']);
    zalo.failNextWithError(-201, 'Parameters are invalid');
    await t.app.notifications.send(`zalo:${userId}`, { text: 'Thông báo hai.' }, 'staff');
    await t.app.notifications.flush();
    expect(textsTo(userId)).toEqual(['Thông báo một.']);
    expect(await t.app.repositories.notices.count(`zalo:${userId}`)).toBe(1);
  });

  // Last in this block: it moves the demo dossier to "Đã xử lý xong".
  it('pushes a dossier status change to a Zalo user who follows the dossier', async () => {
    await deliver(textEvent(userId, `theo dõi hồ sơ ${receiptCode}`));
    await waitForCount(userId, 1);
    expect(textsTo(userId)[0]).toContain(receiptCode);
    await createDossierRegistry(t.app.repositories, { seedFile: null }).setStatus(receiptCode, 9);
    expect(await t.app.dossiers.pollOnce()).toBeGreaterThanOrEqual(1);
    await t.app.notifications.flush();
    const pushed = zalo.sentTo(userId);
    expect(pushed).toHaveLength(2);
    expect(pushed[1].message.text).toContain(receiptCode);
    expect(pushed[1].message.text).toMatch(/xử lý xong/i);
    expect(pushed[1].message.attachment!.payload.buttons.length).toBeGreaterThan(0);
  });
});
