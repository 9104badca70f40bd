import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { FastifyInstance } from 'fastify';
import { Bot, type Transformer } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Assistant } from '../../dialog/types.js';
import type { Repositories } from '../../store/index.js';
import type { Pusher } from '../types.js';
import { type FloodLimits, FloodQueue } from '../flood.js';
import { commands, describeError, telegramHandlers } from './handlers.js';
import { sendOutbound } from './send.js';
import { TelegramStore } from './store.js';
import { registerWebhookRoute, webhookPath } from './webhook.js';

export { encodeStartPayload } from './format.js';

export interface TelegramDeps {
  config: Config;
  assistant: Assistant;
  logger: Logger;
  repositories: Repositories;
}

export interface TelegramChannel {
  /** Delivers messages to `tg:<chatId>` sessions through the flood-controlled queue. */
  pusher: Pusher;
  /** Adds `POST /telegram/webhook` in webhook mode; nothing in polling mode. */
  registerRoutes(server: FastifyInstance): void;
  /** Fetches the bot's identity, registers the commands, then sets the webhook or starts polling. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface TelegramTuning {
  /** How long the webhook waits for an answer before acknowledging anyway. */
  webhookAnswerMs?: number;
  /** Long-polling wait that getUpdates asks Telegram for (tests shorten it). */
  pollSeconds?: number;
}

/** Bound for ordinary Bot API calls; long polling has its own, longer one. */
const API_CALL_TIMEOUT_MS = 10_000;
const LONG_POLL_SECONDS = 25;
/** A getUpdates answer may take the long-poll wait plus this much before it counts as hung. */
const POLL_MARGIN_MS = 5_000;
/** Between two failed polls: constant, so polling resumes within a second of the Bot API recovering. */
const POLL_RETRY_MS = 1_000;
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** About one message a second per chat and thirty a second overall; above that Telegram answers 429. */
const telegramLimits: FloodLimits = { perChatIntervalMs: 1000, globalPerSecond: 30, maxQueued: 10_000 };

/**
 * Gives every call its own deadline, per attempt (auto-retry sits outside): getUpdates the long
 * poll plus a margin, the others `ms`. A Bot API that hangs then fails the call instead of
 * stalling polling or a chat.
 */
function callTimeout(ms: number, pollMs: number): Transformer {
  return async (prev, method, payload, signal) => {
    // The runner's signal is a polyfill AbortSignal.any() refuses: its abort is forwarded by hand,
    // and the listener removed after the call (the runner's signal lives as long as polling).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('Bot API call timed out', 'TimeoutError')),
      method === 'getUpdates' ? pollMs : ms,
    );
    const forward = () => controller.abort();
    if (signal?.aborted) forward();
    signal?.addEventListener('abort', forward);
    try {
      return await prev(method, payload, controller.signal as unknown as typeof signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  };
}

/** The numeric bot id is the token's prefix (`123456:ABC…`). */
function botIdOf(token: string): number {
  const id = Number(token.split(':')[0]);
  if (!Number.isSafeInteger(id)) throw new Error('TELEGRAM_BOT_TOKEN is malformed (expected "<bot id>:<secret>")');
  return id;
}

function chatIdOf(sessionId: string): number {
  const id = Number(sessionId.slice(3));
  if (!sessionId.startsWith('tg:') || !Number.isSafeInteger(id)) throw new Error('not a Telegram session id');
  return id;
}

export function createTelegramChannel(deps: TelegramDeps, tuning: TelegramTuning = {}): TelegramChannel {
  const { config } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set: the Telegram channel is off');
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  const publicUrl = config.PUBLIC_URL?.replace(/\/+$/, '');
  if (secret && !publicUrl) {
    throw new Error('PUBLIC_URL is required when TELEGRAM_WEBHOOK_SECRET is set (the webhook is ${PUBLIC_URL}/telegram/webhook)');
  }
  const logger = deps.logger.child({ channel: 'telegram' });
  const store = new TelegramStore(deps.repositories.channelState, botIdOf(token));
  const flood = new FloodQueue(telegramLimits);
  const pollSeconds = tuning.pollSeconds ?? LONG_POLL_SECONDS;

  const bot = new Bot(token, {
    client: { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: pollSeconds + 10 },
  });
  // Network errors and timeouts are not retried here: auto-retry would retry them without end, with
  // a backoff doubling up to an hour. The runner retries polls; the notification path retries pushes.
  bot.api.config.use(
    callTimeout(API_CALL_TIMEOUT_MS, pollSeconds * 1000 + POLL_MARGIN_MS),
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }),
  );
  // One chat's updates in order (the runner and Telegram's webhook both deliver concurrently).
  bot.use(sequentialize((ctx) => ctx.chatId?.toString()));
  bot.use(telegramHandlers({ assistant: deps.assistant, store, logger }));
  bot.catch((err) => logger.error({ updateId: err.ctx.update.update_id, err: describeError(err.error) }, 'Telegram update failed'));

  let runner: RunnerHandle | undefined;

  const pusher: Pusher = {
    channel: 'telegram',
    handles: (sessionId) => sessionId.startsWith('tg:'),
    push: async (sessionId, message) => {
      const chatId = chatIdOf(sessionId);
      await sendOutbound(bot.api, store, chatId, message, (call) => flood.enqueue(String(chatId), call));
    },
  };

  return {
    pusher,
    registerRoutes(server) {
      if (!secret) return;
      registerWebhookRoute(server, { bot, secret, logger, answerWithinMs: tuning.webhookAnswerMs ?? 5000 });
    },
    async start() {
      await bot.init();
      await bot.api.setMyCommands(commands);
      if (secret) {
        await bot.api.setWebhook(`${publicUrl}${webhookPath}`, {
          secret_token: secret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        logger.info({ mode: 'webhook', bot: bot.botInfo.username }, 'Telegram channel started');
        return;
      }
      // getUpdates refuses to run while a webhook is set.
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: { fetch: { timeout: pollSeconds, allowed_updates: [...ALLOWED_UPDATES] }, retryInterval: POLL_RETRY_MS },
      });
      logger.info({ mode: 'polling', bot: bot.botInfo.username }, 'Telegram channel started');
    },
    async stop() {
      flood.stop();
      if (runner?.isRunning()) await runner.stop();
      runner = undefined;
    },
  };
}
