import type { Api } from 'grammy';
import type { OutboundMessage } from '../types.js';
import { inlineKeyboard, toHtmlChunks } from './format.js';
import type { TelegramStore } from './store.js';

/** Runs one Bot API call now, or through a flood-control queue for pushes. */
export type Schedule = <T>(call: () => Promise<T>) => Promise<T>;

const immediately: Schedule = (call) => call();

/** The `callback_data` prefix of suggestion buttons (`s:<16-char id>`, well under 64 bytes). */
export const suggestionPrefix = 's:';

/**
 * Sends an outbound message as escaped HTML, split to Telegram's limit, with the suggestions
 * as an inline keyboard on the last part (so the buttons sit under the end of the answer).
 */
export async function sendOutbound(
  api: Api,
  store: TelegramStore,
  chatId: number,
  message: OutboundMessage,
  schedule: Schedule = immediately,
): Promise<void> {
  const chunks = toHtmlChunks(message.text);
  const suggestions = (message.suggestions ?? []).filter((s) => s.trim() !== '');
  const buttons = await Promise.all(suggestions.map(async (text) => ({ text, data: suggestionPrefix + (await store.callbackId(text)) })));
  const keyboard = buttons.length > 0 ? inlineKeyboard(buttons) : undefined;
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1;
    await schedule(() =>
      api.sendMessage(chatId, chunk, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
      }),
    );
  }
}
