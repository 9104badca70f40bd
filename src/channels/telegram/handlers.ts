import { Composer, GrammyError, HttpError, type Context } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Assistant } from '../../dialog/types.js';
import { MAX_QUESTION_LENGTH, loadChannelTexts } from '../texts.js';
import { decodeStartPayload, mentionsReceiptCode } from './format.js';
import { sendOutbound, suggestionPrefix } from './send.js';
import type { TelegramStore } from './store.js';

const telegramTextsSchema = z.object({
  apology: z.string(),
  textOnly: z.string(),
  tooLong: z.string(),
  expiredButton: z.string(),
  trackingUsage: z.string(),
  help: z.string(),
  helpSuggestions: z.array(z.string()),
  commands: z.object({ start: z.string(), tracuu: z.string(), huy: z.string(), help: z.string() }),
});

/** What the bot itself says, from `intents/telegram.json`. */
export const texts = loadChannelTexts('telegram.json', telegramTextsSchema);

export const commands: BotCommand[] = Object.entries(texts.commands).map(([command, description]) => ({ command, description }));

interface HandlerDeps {
  assistant: Assistant;
  store: TelegramStore;
  logger: Logger;
}

/** What may be logged about a failure: never the message text or who sent it. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) return { name: err.name, method: err.method, code: err.error_code, description: err.description };
  if (err instanceof HttpError) return { name: err.name, message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: typeof err };
}

/**
 * The bot's middleware: drops repeated updates, guards every handler with an apology, and
 * turns commands, text and button presses into questions for the assistant.
 */
export function telegramHandlers({ assistant, store, logger }: HandlerDeps): Composer<Context> {
  const bot = new Composer<Context>();

  bot.use(async (ctx, next) => {
    if (!(await store.firstSeen(ctx.update.update_id))) {
      logger.debug({ updateId: ctx.update.update_id }, 'duplicate Telegram update ignored');
      return;
    }
    try {
      await next();
    } catch (err) {
      logger.error({ updateId: ctx.update.update_id, err: describeError(err) }, 'Telegram update handler failed');
      if (ctx.chatId !== undefined) await ctx.api.sendMessage(ctx.chatId, texts.apology).catch(() => undefined);
    }
  });

  const converse = async (ctx: Context, text: string, lookup = mentionsReceiptCode(text)): Promise<void> => {
    const chatId = ctx.chatId;
    if (chatId === undefined) return;
    if (text.length > MAX_QUESTION_LENGTH) {
      await ctx.api.sendMessage(chatId, texts.tooLong);
      return;
    }
    // The action is only a hint to the user; a failure must not stop the answer.
    if (lookup) await ctx.api.sendChatAction(chatId, 'typing').catch(() => undefined);
    const sessionId = `tg:${chatId}`;
    const result = await assistant.ask({
      text,
      sessionId,
      channel: 'telegram',
      clientKey: ctx.from ? `tg:${ctx.from.id}` : sessionId,
    });
    await sendOutbound(ctx.api, store, chatId, { text: result.reply, suggestions: result.suggestions });
  };

  // Button presses: always answered, so the client stops its spinner, then continued as text.
  bot.on('callback_query', async (ctx) => {
    const data = ctx.callbackQuery.data ?? '';
    const text = data.startsWith(suggestionPrefix) ? await store.callbackText(data.slice(suggestionPrefix.length)) : undefined;
    await ctx.answerCallbackQuery(text === undefined ? { text: texts.expiredButton } : undefined).catch((err: unknown) => {
      logger.warn({ updateId: ctx.update.update_id, err: describeError(err) }, 'answerCallbackQuery failed');
    });
    if (text !== undefined) await converse(ctx, text);
  });

  // Only private chats: answers about someone's dossier do not belong in a group.
  const pm = bot.chatType('private');

  pm.command('start', async (ctx) => {
    const code = decodeStartPayload(ctx.match);
    if (code !== '' && mentionsReceiptCode(code)) await converse(ctx, `tra cứu hồ sơ ${code}`, true);
    else await converse(ctx, 'xin chào');
  });
  pm.command('help', (ctx) => sendOutbound(ctx.api, store, ctx.chat.id, { text: texts.help, suggestions: texts.helpSuggestions }));
  pm.command('tracuu', async (ctx) => {
    const code = ctx.match.trim();
    if (code === '') await ctx.reply(texts.trackingUsage);
    else await converse(ctx, `tra cứu hồ sơ ${code}`, true);
  });
  pm.command('huy', (ctx) => converse(ctx, 'hủy theo dõi'));
  pm.on('message:text', (ctx) => converse(ctx, ctx.message.text));
  pm.on('message', (ctx) => ctx.reply(texts.textOnly));

  return bot;
}
