import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/index.js';
import { loadConfig } from '../../src/config.js';
import type { Assistant } from '../../src/dialog/types.js';
import { openSqliteStore } from '../../src/store/index.js';
import { startBotApiStandIn, type BotApiStandIn } from './bot-api-stand-in.js';
import { textUpdate } from './telegram-updates.js';

/**
 * Issue 15: a slow Bot API stalled polling. A getUpdates call that never answers used to hold
 * polling for the client's 35 s, and auto-retry retried network errors without end, its backoff
 * doubling up to an hour. Now every call has a deadline and polling resumes at once.
 */

const token = '123456:AAHk-test-token_for_the_stand-in';
const assistant: Assistant = {
  ask: async () => ({ intent: 'greeting', confidence: 1, procedure: null, candidates: [], receiptCode: null, reply: 'Xin chào!', suggestions: [] }),
};

let api: BotApiStandIn | undefined;
let channel: TelegramChannel | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await channel?.stop();
  await api?.close();
  await cleanup?.();
  channel = api = cleanup = undefined;
});

describe('Telegram long polling against a Bot API that hangs', () => {
  it('gives up on a hung getUpdates and keeps polling', async () => {
    api = await startBotApiStandIn(token);
    let hangs = 1;
    api.hang('getUpdates', () => hangs-- > 0);
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-tg-slow-'));
    const store = openSqliteStore(path.join(dir, 'motcua.sqlite'));
    cleanup = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.url, DATA_DIR: dir, LOG_LEVEL: 'silent' });
    channel = createTelegramChannel({ config, assistant, logger: pino({ level: 'silent' }), repositories: store.repositories }, { pollSeconds: 1 });
    await channel.start();
    await api.waitFor('getUpdates');
    api.queueUpdates(textUpdate(777, 'xin chào'));
    const sent = await api.waitFor('sendMessage', (c) => c.payload.chat_id === 777, 20_000);
    expect(sent.payload.text).toContain('Xin chào');
  }, 30_000);
});
