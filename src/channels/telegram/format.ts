import type { InlineKeyboardMarkup } from 'grammy/types';
import { toDisplay } from '../../text/display.js';
import { splitMessage } from '../split.js';

/** Telegram's limit for one message, counted in UTF-16 code units after entity parsing. */
export const MAX_MESSAGE_LENGTH = 4096;

/** Escapes the three characters Telegram's HTML parse mode treats as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The chunks of a reply ready to send with `parse_mode: 'HTML'`. Splitting happens before escaping
 * because Telegram counts the limit after entities are parsed.
 */
export function toHtmlChunks(text: string): string[] {
  return splitMessage(toDisplay(text), MAX_MESSAGE_LENGTH).map(escapeHtml);
}

/** One button per row: Vietnamese suggestions are often too long to sit side by side. */
export function inlineKeyboard(buttons: Array<{ text: string; data: string }>): InlineKeyboardMarkup {
  return { inline_keyboard: buttons.map((b) => [{ text: b.text, callback_data: b.data }]) };
}

/** Loose match of the `…-YYMMDD-NNNN` tail shared by every receipt-code form (spec §5). */
const receiptTail = /\d{6}\s*-\s*\d{3,}/;

export function mentionsReceiptCode(text: string): boolean {
  return receiptTail.test(text);
}

/**
 * Deep-link payloads allow only `A-Za-z0-9_-`, so links carry receipt codes with `_` for `.`
 * (`t.me/<bot>?start=000_00_12_H56-261020-0031`).
 */
export function decodeStartPayload(payload: string): string {
  return payload.trim().replace(/_/g, '.');
}

export function encodeStartPayload(receiptCode: string): string {
  return receiptCode.replace(/\./g, '_');
}
