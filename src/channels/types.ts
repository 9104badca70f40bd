/**
 * A channel turns its platform's updates into text for the assistant and the assistant's
 * replies into platform messages. Adding a platform (Zalo OA…) is one new folder here.
 */
export interface OutboundMessage {
  text: string;
  /** Quick replies; pressing one sends its text back as the user's next message. */
  suggestions?: string[];
}

/** Delivers a message later, outside a request (dossier updates, catalog-change notices). */
export interface Pusher {
  /** Names the channel in stored notices (`telegram`, `zalo`); `outbox` marks the read-on-next-request outbox. */
  channel?: string;
  /** True when this pusher owns the session id (e.g. `tg:` for Telegram). */
  handles(sessionId: string): boolean;
  push(sessionId: string, message: OutboundMessage): Promise<void>;
}

/**
 * Thrown by a pusher when the platform will never take this message (a Zalo user silent for more
 * than 7 days): the notice is recorded as undeliverable instead of being retried.
 */
export class Undeliverable extends Error {
  override readonly name = 'Undeliverable';
}
