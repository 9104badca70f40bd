import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { texts } from '../../src/channels/zalo/handlers.js';
import { signatureOf } from '../../src/channels/zalo/webhook.js';
import { startTestApp, type TestApp } from './support.js';
import { startZaloStandIn, type ZaloStandIn } from './zalo-stand-in.js';

/** What must survive a restart: the renewed token pair, and the events already answered. */
const appId = '3608465249409039671';
const secretKey = 'oa-secret-key_for_the_stand-in';
const appSecret = 'app-secret_for_renewal';
const userId = '9007199254740993001';

let zalo: ZaloStandIn;
const running: TestApp[] = [];
/** One DATA_DIR for both lives of the server. */
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-zalo-restart-'));

beforeAll(async () => {
  zalo = await startZaloStandIn({ accessToken: 'access-from-env', refreshToken: 'refresh-from-env', appId, appSecret });
});

afterAll(async () => {
  for (const app of running.splice(0)) await app.close();
  await zalo?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  const app = await startTestApp(
    {
      ZALO_APP_ID: appId,
      ZALO_OA_SECRET_KEY: secretKey,
      ZALO_ACCESS_TOKEN: 'access-from-env',
      ZALO_REFRESH_TOKEN: 'refresh-from-env',
      ZALO_APP_SECRET: appSecret,
      ZALO_API_ROOT: zalo.url,
      ZALO_OAUTH_ROOT: zalo.url,
      ...env,
    },
    { dir },
  );
  running.push(app);
  return app;
}

async function stop(app: TestApp): Promise<void> {
  running.splice(running.indexOf(app), 1);
  await app.close();
}

function textEvent(msgId: string, text: string) {
  return {
    app_id: appId,
    event_name: 'user_send_text',
    timestamp: String(Date.now()),
    sender: { id: userId },
    recipient: { id: '579745863508352884' },
    message: { msg_id: msgId, text },
  };
}

async function deliver(app: TestApp, event: ReturnType<typeof textEvent>): Promise<void> {
  const raw = JSON.stringify(event);
  const response = await fetch(`${app.baseUrl}/zalo/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zevent-signature': signatureOf(appId, Buffer.from(raw), event.timestamp, secretKey) },
    body: raw,
  });
  expect(response.status).toBe(200);
}

const sentCount = (n: number) => zalo.waitFor((sent) => sent.length >= n);

it('renews an expired token once, keeps the new pair across a restart, and answers each message once across it', async () => {
  const first = await start();
  zalo.expireAccessToken();
  await deliver(first, textEvent('a1', 'Lệ phí đăng ký khai sinh'));
  await sentCount(1);
  expect(zalo.renewals).toEqual([
    {
      secretKey: appSecret,
      contentType: 'application/x-www-form-urlencoded',
      form: { refresh_token: 'refresh-from-env', app_id: appId, grant_type: 'refresh_token' },
    },
  ]);
  expect(zalo.attempts.map((a) => a.accessToken)).toEqual(['access-from-env', 'access-renewed-1']);
  expect(zalo.sent[0].accessToken).toBe('access-renewed-1');

  await stop(first);
  // The environment still names the spent pair: the stored one must win.
  const second = await start();
  await deliver(second, textEvent('a1', 'Lệ phí đăng ký khai sinh'));
  await deliver(second, textEvent('a2', 'xin chào'));
  await sentCount(2);
  expect(zalo.sent).toHaveLength(2);
  expect(zalo.sent[1].accessToken).toBe('access-renewed-1');
  expect(zalo.renewals).toHaveLength(1);

  // Renewed once per call: a token still refused after renewal ends that call (the user gets the apology).
  zalo.failNextWithError(-216, 'Access token is invalid');
  zalo.failNextWithError(-216, 'Access token is invalid');
  await deliver(second, textEvent('a3', 'Lệ phí đăng ký khai sinh'));
  await sentCount(3);
  expect(zalo.renewals).toHaveLength(2);
  expect(zalo.renewals[1].form.refresh_token).toBe('refresh-renewed-1');
  expect(zalo.sent[2].message.text).toBe(texts.apology);
  await stop(second);

  // The operator authorised the OA again and put the new pair in the environment: it wins.
  const fresh = zalo.authorize();
  const third = await start({ ZALO_ACCESS_TOKEN: fresh.accessToken, ZALO_REFRESH_TOKEN: fresh.refreshToken });
  await deliver(third, textEvent('a4', 'xin chào'));
  await sentCount(4);
  expect(zalo.sent[3].accessToken).toBe(fresh.accessToken);
  expect(zalo.renewals).toHaveLength(2);
  await stop(third);
});

it('is off unless both ZALO_APP_ID and ZALO_OA_SECRET_KEY are set', async () => {
  const off = await startTestApp({});
  const onlyId = await startTestApp({ ZALO_APP_ID: appId });
  try {
    for (const app of [off, onlyId]) {
      const response = await fetch(`${app.baseUrl}/zalo/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(404);
    }
  } finally {
    await off.close();
    await onlyId.close();
  }
});
