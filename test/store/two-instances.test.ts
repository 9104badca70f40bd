import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotApiStandIn, startBotApiStandIn } from '../channels/bot-api-stand-in.js';
import { textUpdate } from '../channels/telegram-updates.js';
import { bundledCatalogDir } from '../support/catalog.js';
import { databaseUrl, freshSchema, skipMessage } from '../support/postgres.js';

/**
 * Two real server processes on one PostgreSQL (a fresh schema): a conversation goes on at the
 * other instance, a dossier notice is pushed once while both poll and dispatch, a catalog change
 * applied on one is answered by the other, and after kill -9 of one the other carries on.
 */
const repoDir = fileURLToPath(new URL('../..', import.meta.url));
const token = '123456:AAHk-two-instances';
const secret = 'two-instances-secret';
const adminToken = 'two-instances-admin-token-0123456789abcdef';
const staffToken = 'two-instances-staff-token-0123456789abcdef';
const KHAI_SINH = '1.001193';
const CODE = '000.00.12.H56-261020-0031';
const OTHER_CODE = '38.98.H29-261102-0004';

interface Instance {
  proc: ChildProcess;
  url: string;
}

let schema: Awaited<ReturnType<typeof freshSchema>>;
let api: BotApiStandIn;
let a: Instance;
let b: Instance;
const dirs: string[] = [];
const running: ChildProcess[] = [];

function env(extra: Record<string, string> = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-instance-'));
  dirs.push(dataDir);
  return {
    ...process.env,
    DATABASE_URL: schema.url,
    DATA_DIR: dataDir,
    CATALOG_DIR: bundledCatalogDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ADMIN_TOKEN: adminToken,
    STAFF_TOKEN: staffToken,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_SECRET: secret,
    PUBLIC_URL: 'https://motcua.example.vn',
    DOSSIER_POLL_INTERVAL_MS: '1000',
    DOSSIER_API_URL: '',
    RATE_LIMIT_PER_MINUTE: '10000',
    ...extra,
  };
}

function start(): Promise<Instance> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(repoDir, 'src/main.ts')], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /is ready at (http:\/\/[\d.:]+)/.exec(stdout)?.[1];
      if (url) resolve({ proc, url });
    });
    proc.on('exit', (code) => reject(new Error(`instance exited (${code}): ${stderr.slice(-2000)}`)));
  });
}

function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(repoDir, 'src/cli/main.ts'), ...args], { env: env() });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => proc.on('exit', (status) => resolve({ status, stdout, stderr })));
}

/** `sessionId` undefined: a new conversation, whose id (issued by the server) the answer carries. */
async function ask(instance: Instance, sessionId: string | undefined, text: string) {
  const response = await fetch(`${instance.url}/api/v1/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId, text }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { sessionId: string; reply: string; procedure: { code: string } | null; intent: string };
}

async function telegram(instance: Instance, update: object) {
  const response = await fetch(`${instance.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

/** Waits (bounded) until `check` holds; what is asserted is the state, never the time it took. */
async function until<T>(check: () => Promise<T | undefined | false>, what: string, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function sql<R extends object>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const sentTo = (chatId: number) =>
  api
    .callsTo('sendMessage')
    .filter((c) => c.payload.chat_id === chatId)
    .map((c) => String(c.payload.text));

describe.skipIf(!databaseUrl)('two instances on one PostgreSQL', () => {
  beforeAll(async () => {
    schema = await freshSchema('instances');
    api = await startBotApiStandIn(token);
    [a, b] = await Promise.all([start(), start()]);
  }, 120_000);

  afterAll(async () => {
    for (const proc of running) proc.kill('SIGKILL');
    await api?.close();
    await schema?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('continues a conversation on the other instance', async () => {
    const first = await ask(a, undefined, 'đăng ký khai sinh cần giấy tờ gì');
    expect(first.procedure?.code).toBe(KHAI_SINH);
    // The id A issued is known to B: the store is shared.
    const next = await ask(b, first.sessionId, 'lệ phí bao nhiêu');
    expect(next.sessionId).toBe(first.sessionId);
    expect(next.procedure?.code).toBe(KHAI_SINH);
    expect(next.intent).toBe('fees');
  });

  it('pushes a status notice once while both instances poll and dispatch', async () => {
    const chatId = 8_100_001;
    await telegram(a, textUpdate(chatId, `theo dõi hồ sơ ${CODE}`));
    await until(async () => sentTo(chatId).length === 1, 'the subscription is confirmed');
    const changed = await cli('dossier', 'set-status', CODE, '10');
    expect(changed.stderr).toBe('');
    expect(changed.status).toBe(0);
    await until(async () => sentTo(chatId).length >= 2, 'the notice is pushed');
    // Status 10 (result handed over) ends the watch: once it is gone and no notice waits, nothing more can be sent.
    await until(async () => (await sql('SELECT 1 FROM dossier_watch WHERE code = $1', [CODE])).length === 0, 'the watch ends');
    await until(async () => (await sql('SELECT 1 FROM notices')).length === 0, 'no notice waits');
    expect(sentTo(chatId)).toEqual([expect.stringContaining(CODE), expect.stringContaining('dừng theo dõi')]);
  }, 60_000);

  it('answers on one instance with a catalog change applied on the other', async () => {
    const alias = 'giấy mừng em bé chào đời';
    const before = (await (await fetch(`${b.url}/api/v1/procedures/${KHAI_SINH}`)).json()) as { aliases: string[] };
    expect(before.aliases).not.toContain(alias);
    const applied = await fetch(`${a.url}/api/v1/admin/catalog/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({
        decision: { number: '77/QĐ-UBND', date: '2026-03-01', agency: 'UBND tỉnh Hà Nam' },
        changes: [{ action: 'amend', code: KHAI_SINH, patch: { aliases: [...before.aliases, alias] }, summary: 'Thêm cách gọi.' }],
      }),
    });
    expect(applied.status).toBe(201);
    const { version } = (await applied.json()) as { version: number };
    await until(
      async () => ((await (await fetch(`${b.url}/healthz`)).json()) as { catalog: { version: number } }).catalog.version === version,
      'B serves the new version',
    );
    const record = (await (await fetch(`${b.url}/api/v1/procedures/${KHAI_SINH}`)).json()) as { aliases: string[] };
    expect(record.aliases).toContain(alias);
    expect((await ask(b, undefined, `${alias} cần giấy tờ gì`)).procedure?.code).toBe(KHAI_SINH);
  }, 60_000);

  it('sends a staff answer once when staff on both instances press "Gửi" together', async () => {
    let sessionId: string | undefined;
    for (const text of ['lệ phí đăng ký khai sinh', 'để lại câu hỏi cho cán bộ', 'Làm ở xã nào cũng được không?'])
      sessionId = (await ask(a, sessionId, text)).sessionId;
    const id = Number(/số tiếp nhận (\d+)/.exec((await ask(b, sessionId, 'gửi')).reply)?.[1]);
    expect(id).toBeGreaterThan(0);
    const answer = (instance: Instance, n: number) =>
      fetch(`${instance.url}/api/v1/staff/inbox/${id}/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
        body: JSON.stringify({ text: `Trả lời ${n}` }),
      }).then((r) => r.status);
    const statuses = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => answer(n % 2 ? a : b, n)));
    expect(statuses.sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const read = async (instance: Instance) =>
      (
        (await (await fetch(`${instance.url}/api/v1/sessions/${encodeURIComponent(sessionId!)}/messages`)).json()) as {
          messages: Array<{ text: string }>;
        }
      ).messages;
    const messages = await read(b);
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toMatch(/Trả lời \d/);
    expect(await read(a)).toEqual([]);
  }, 60_000);

  it('carries on after the other instance is killed with kill -9', async () => {
    const chatId = 8_100_002;
    const { sessionId } = await ask(a, undefined, 'đăng ký khai sinh cần giấy tờ gì');
    await telegram(a, textUpdate(chatId, `theo dõi hồ sơ ${OTHER_CODE}`));
    await until(async () => sentTo(chatId).length === 1, 'the subscription is confirmed');
    a.proc.kill('SIGKILL');
    await new Promise((resolve) => a.proc.once('exit', resolve));

    expect((await ask(b, sessionId, 'lệ phí bao nhiêu')).procedure?.code).toBe(KHAI_SINH);
    await telegram(b, textUpdate(chatId, 'lệ phí đăng ký khai sinh'));
    await until(async () => sentTo(chatId).length === 2, 'B answers the chat');
    expect((await cli('dossier', 'set-status', OTHER_CODE, '10')).status).toBe(0);
    await until(async () => sentTo(chatId).length === 3, 'B pushes the notice');
    expect(sentTo(chatId)[2]).toContain(OTHER_CODE);
  }, 60_000);
});

if (!databaseUrl) {
  console.warn(skipMessage);
  it.skip(`two instances: ${skipMessage}`, () => undefined);
}
