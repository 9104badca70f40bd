import type { Logger } from 'pino';
import { z } from 'zod';
import type { Assistant } from '../../dialog/types.js';
import { MAX_QUESTION_LENGTH, loadChannelTexts } from '../texts.js';
import type { OutboundMessage } from '../types.js';
import { ZaloApiError } from './api.js';

const zaloTextsSchema = z.object({
  apology: z.string(),
  textOnly: z.string(),
  tooLong: z.string(),
  welcome: z.string(),
  welcomeSuggestions: z.array(z.string()),
});

/** What the OA itself says, from `intents/zalo.json`. */
export const texts = loadChannelTexts('zalo.json', zaloTextsSchema);

/** Messages the OA cannot read: answered with a polite request for text. */
const notTextEvents = new Set([
  'user_send_image',
  'user_send_gif',
  'user_send_sticker',
  'user_send_file',
  'user_send_audio',
  'user_send_video',
  'user_send_location',
  'user_send_link',
  'user_send_business_card',
]);

/** Zalo ids are digit strings beyond 2^53. */
const zaloId = z.string().regex(/^\d{1,30}$/);

/** The fields read from an event; everything else (names, avatars…) is ignored. */
const eventSchema = z.looseObject({
  event_name: z.string(),
  timestamp: z.string(),
  sender: z.looseObject({ id: zaloId }).optional(),
  follower: z.looseObject({ id: zaloId }).optional(),
  message: z.looseObject({ msg_id: z.string().optional(), text: z.string().optional() }).optional(),
});

export type ZaloEvent = z.infer<typeof eventSchema>;

export interface HandlerDeps {
  assistant: Assistant;
  reply(userId: string, message: OutboundMessage): Promise<void>;
  /** Ends every dossier subscription of a session (the user unfollowed the OA). */
  unsubscribeAll(sessionId: string): void;
  /** True the first time an event id is seen. */
  firstSeen(eventId: string): Promise<boolean>;
  logger: Logger;
}

/** What may be logged about a failure: never the message text or who sent it. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof ZaloApiError) return { name: err.name, code: err.code, message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: typeof err };
}

export const sessionIdOf = (userId: string) => `zalo:${userId}`;

/** The user an event is about: `follower.id` for (un)follow, `sender.id` for what a user sent. */
export function userOf(event: ZaloEvent): string | undefined {
  if (event.event_name === 'follow' || event.event_name === 'unfollow') return event.follower?.id;
  if (event.event_name.startsWith('user_')) return event.sender?.id;
  return undefined;
}

/** Events without a message id are told apart by what, who and when. */
const eventIdOf = (event: ZaloEvent, userId: string) => event.message?.msg_id ?? `${event.event_name}:${userId}:${event.timestamp}`;

/** Turns a verified event into the assistant's answer, a welcome, a request for text, or an unsubscription. */
export function zaloHandler(deps: HandlerDeps): (raw: unknown) => Promise<void> {
  const { logger } = deps;
  return async (raw) => {
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) return;
    const event = parsed.data;
    const userId = userOf(event);
    const handled =
      event.event_name === 'user_send_text' ||
      event.event_name === 'follow' ||
      event.event_name === 'unfollow' ||
      notTextEvents.has(event.event_name);
    if (!userId || !handled) return;
    if (!(await deps.firstSeen(eventIdOf(event, userId)))) {
      logger.debug({ event: event.event_name }, 'duplicate Zalo event ignored');
      return;
    }
    const sessionId = sessionIdOf(userId);
    try {
      if (event.event_name === 'unfollow') return deps.unsubscribeAll(sessionId);
      if (event.event_name === 'follow') return await deps.reply(userId, { text: texts.welcome, suggestions: texts.welcomeSuggestions });
      if (notTextEvents.has(event.event_name)) return await deps.reply(userId, { text: texts.textOnly });
      const text = event.message?.text ?? '';
      if (text.trim() === '') return;
      if (text.length > MAX_QUESTION_LENGTH) return await deps.reply(userId, { text: texts.tooLong });
      const result = await deps.assistant.ask({ text, sessionId, channel: 'zalo', clientKey: sessionId });
      await deps.reply(userId, { text: result.reply, suggestions: result.suggestions });
    } catch (err) {
      logger.error({ event: event.event_name, err: describeError(err) }, 'Zalo event handler failed');
      await deps.reply(userId, { text: texts.apology }).catch(() => undefined);
    }
  };
}
