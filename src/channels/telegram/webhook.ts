import type { FastifyInstance } from 'fastify';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import { sameSecret } from '../secret.js';
import { describeError } from './handlers.js';

export const webhookPath = '/telegram/webhook';
const secretHeader = 'x-telegram-bot-api-secret-token';

/** Only the envelope is checked here; grammY's filters look at the rest. */
const updateEnvelope = z.looseObject({ update_id: z.number().int().nonnegative() });

const errorBody = (code: string, message: string) => ({ error: { code, message } });

export interface WebhookOptions {
  bot: Bot;
  secret: string;
  logger: Logger;
  /** Telegram gets its 200 by then even if the answer is still being worked out. */
  answerWithinMs: number;
}

/**
 * `POST /telegram/webhook`: checks the secret header, then hands the update to the bot.
 * A slow update is acknowledged after `answerWithinMs` and finishes in the background, so
 * Telegram never times out and re-sends it; a repeat that still arrives is dropped by update id.
 */
export function registerWebhookRoute(server: FastifyInstance, opts: WebhookOptions): void {
  server.post(webhookPath, { config: { rateLimit: false } }, async (request, reply) => {
    const given = request.headers[secretHeader];
    if (typeof given !== 'string' || !sameSecret(given, opts.secret)) {
      return reply.code(401).send(errorBody('unauthorized', 'Thiếu hoặc sai mã bí mật của webhook.'));
    }
    const parsed = updateEnvelope.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(errorBody('bad_request', 'Bản cập nhật không hợp lệ.'));
    // Before start() has fetched the bot's identity; Telegram retries later.
    if (!opts.bot.isInited()) return reply.code(503).send(errorBody('unavailable', 'Bot đang khởi động.'));

    const updateId = parsed.data.update_id;
    const handling = opts.bot.handleUpdate(parsed.data as unknown as Update).catch((err: unknown) => {
      opts.logger.error({ updateId, err: describeError(err) }, 'Telegram update failed outside its handler');
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), opts.answerWithinMs);
    });
    const outcome = await Promise.race([handling.then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'late') opts.logger.warn({ updateId }, 'Telegram update acknowledged before its answer was sent');
    // An empty body: a JSON body with a "method" field would be taken as a Bot API call.
    return reply.code(200).send();
  });
}
