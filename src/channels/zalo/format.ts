import { toDisplay } from '../../text/display.js';
import { splitMessage } from '../split.js';
import type { OutboundMessage } from '../types.js';

/** Zalo's limit for one consultation message's text. */
export const MAX_MESSAGE_LENGTH = 2000;
/** Zalo shows at most five buttons under a message. */
export const MAX_BUTTONS = 5;
/** Longer button titles are cut by the client; the payload keeps the whole text. */
const MAX_TITLE = 100;

export interface ZaloButton {
  title: string;
  /** Sends `payload` back as the user's own text message (`user_send_text`). */
  type: 'oa.query.show';
  payload: string;
}

export interface ZaloMessage {
  text: string;
  attachment?: { type: 'template'; payload: { buttons: ZaloButton[] } };
}

/**
 * A reply as Zalo messages: plain text (Zalo shows no markup; links stay plain URLs), split on line
 * boundaries to the limit, with the first five suggestions as buttons under the last part.
 */
export function toZaloMessages(message: OutboundMessage): ZaloMessage[] {
  const chunks = splitMessage(toDisplay(message.text), MAX_MESSAGE_LENGTH);
  const buttons = (message.suggestions ?? [])
    .map((s) => toDisplay(s).trim())
    .filter((s) => s !== '')
    .slice(0, MAX_BUTTONS)
    .map((text): ZaloButton => ({ title: Array.from(text).slice(0, MAX_TITLE).join(''), type: 'oa.query.show', payload: text }));
  return chunks.map((text, i) =>
    i === chunks.length - 1 && buttons.length > 0 ? { text, attachment: { type: 'template', payload: { buttons } } } : { text },
  );
}
