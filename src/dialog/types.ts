/** The conversation engine's contract, shared by every channel, the HTTP API and the CLI. */

import type { Intent } from '../nlu/intents.js';

export { type Intent, intents } from '../nlu/intents.js';

export type ChannelName = 'web' | 'telegram' | 'zalo' | 'api' | 'cli';
/** Channels whose later messages are pushed, not returned with the next answer. */
export const pushChannels: ReadonlySet<ChannelName> = new Set(['telegram', 'zalo']);

export interface AskInput {
  text: string;
  /** Stable conversation id; channels prefix theirs (`tg:<chatId>`, `zalo:<user_id>`, `web:<uuid>`). */
  sessionId?: string;
  channel?: ChannelName;
  /** Who the client is, for per-client limits (IP, chat id…). Defaults to sessionId. */
  clientKey?: string;
}

export interface ProcedureRef {
  code: string;
  name: string;
}

/** Exactly the `POST /api/v1/ask` answer of interface spec §2. */
export interface AskResult {
  /** Messages pushed to this session since its last request (dossier updates, catalog notices). */
  notifications?: Array<{ text: string; suggestions?: string[] }>;
  intent: Intent;
  confidence: number;
  procedure: ProcedureRef | null;
  candidates: Array<ProcedureRef & { score: number }>;
  receiptCode: string | null;
  reply: string;
  suggestions: string[];
}

export interface Assistant {
  ask(input: AskInput): Promise<AskResult>;
}
