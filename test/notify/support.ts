import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createTelegramChannel } from '../../src/channels/telegram/index.js';
import { loadConfig } from '../../src/config.js';
import type { Assistant } from '../../src/dialog/types.js';
import { createNotifications, createOutboxPusher, type Notifications } from '../../src/notify/index.js';
import { type Db, openDatabase, repositoriesOf } from '../../src/store/index.js';

export const BOT_TOKEN = '123456:notify-test';

/** The real Telegram channel and the outbox over the SQLite file in `dataDir`, as the server wires them. */
export function openNotificationPath(dataDir: string, apiRoot: string, now?: () => number): { db: Db; notifications: Notifications } {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: apiRoot });
  const db = openDatabase(config.databaseFile);
  const repositories = repositoriesOf(db);
  const assistant = { ask: async () => ({ reply: '', suggestions: [] }) } as unknown as Assistant;
  const telegram = createTelegramChannel({ config, assistant, logger: pino({ level: 'silent' }), repositories });
  return { db, notifications: createNotifications({ repositories, pushers: [telegram.pusher, createOutboxPusher(repositories)], now }) };
}

export function storeSample(notifications: Notifications): Promise<void> {
  return notifications.enqueue(
    ['1', '2', '3'].flatMap((n) => [
      { sessionId: `tg:${n}`, message: { text: `tg ${n}` } },
      { sessionId: `web:${n}`, message: { text: `web ${n}` } },
    ]),
    'dossier',
  );
}

/**
 * A Bot API stand-in on 127.0.0.1 that records sendMessage texts and can leave the first send of
 * one text unanswered, or refuse every send as Telegram does for a bot the user blocked.
 */
export async function startSendRecorder(hold?: string, options: { blocked?: boolean } = {}) {
  const texts: string[] = [];
  let onHold: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (onHold = resolve));
  let id = 0;
  const server = createServer(async (request: IncomingMessage, response) => {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const payload = JSON.parse(raw || '{}') as { chat_id: number; text: string };
    texts.push(payload.text);
    if (payload.text === hold && texts.indexOf(hold) === texts.length - 1) return onHold();
    if (options.blocked) {
      response
        .writeHead(403, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }));
      return;
    }
    const result = { message_id: ++id, date: 0, chat: { id: payload.chat_id, type: 'private' }, text: payload.text };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    texts,
    held,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
