import { z } from 'zod';
import { intents } from '../nlu/intents.js';
import type { InboxRepository, SessionRepository } from '../store/index.js';

/** Conversation context per sessionId, kept in the store and forgotten after a spell of inactivity. */

const turnSchema = z.object({ role: z.enum(['user', 'assistant']), text: z.string() });

const sessionSchema = z.object({
  procedureCode: z.string().optional(),
  receiptCode: z.string().optional(),
  channel: z.enum(['direct', 'online', 'postal']).optional(),
  /** The question asked before we had to ask "which procedure?". */
  pendingIntent: z.enum(intents).optional(),
  /** The questions of a several-question message asked before we had to ask "which procedure?". */
  pendingParts: z.array(z.enum(intents)).optional(),
  lastIntent: z.enum(intents).optional(),
  /** Codes offered in the last clarifying question, so "số 2" can pick one. */
  offered: z.array(z.string()).optional(),
  /** The quick replies of that question when it asked about a difference ("Làm lại vì mất"), one per code. */
  offeredLabels: z.array(z.string()).optional(),
  /** The last answer was a door outside the catalog: "vậy gọi ai để hỏi" next asks for a person. */
  referred: z.boolean().optional(),
  /**
   * Something the person is leaving for staff: `awaiting` its text, `confirm` (shown back, stored
   * on a yes), or `paused` while a question asked in between is answered.
   */
  capture: z
    .object({ kind: z.enum(['feedback', 'staff_question']), stage: z.enum(['awaiting', 'confirm', 'paused']), text: z.string().optional() })
    .optional(),
  /** What the conversation is about now: a procedure, or the dossier looked up (`receiptCode`). */
  topic: z.enum(['procedure', 'dossier']).optional(),
  /** The messages not yet shown of the last long answer, ready to send, for "xem thêm". */
  pages: z.object({ intent: z.enum(intents), procedureCode: z.string().optional(), chunks: z.array(z.string()) }).optional(),
  recent: z.array(turnSchema).default([]),
});

export type SessionState = z.infer<typeof sessionSchema>;
const recentTurns = 8;

export class SessionStore {
  private writes = 0;

  constructor(
    private readonly rows: SessionRepository,
    private readonly ttlMs: number,
  ) {}

  async get(id: string, now = Date.now()): Promise<SessionState> {
    const row = await this.rows.get(id);
    if (!row || row.updatedAt < now - this.ttlMs) return { recent: [] };
    const parsed = sessionSchema.safeParse(JSON.parse(row.state));
    return parsed.success ? parsed.data : { recent: [] };
  }

  async save(id: string, state: SessionState, now = Date.now()): Promise<void> {
    const recent = state.recent.slice(-recentTurns);
    await this.rows.put(id, JSON.stringify({ ...state, recent }), now);
    if (++this.writes % 500 === 0) await this.rows.purge(now - this.ttlMs);
  }

  /** Forgets expired conversations; the server runs it on a timer, so a quiet server keeps none. */
  sweep(now = Date.now()): Promise<number> {
    return this.rows.purge(now - this.ttlMs);
  }
}

/** Feedback and questions for staff, stored with the conversation that led to them. */
export class InboxStore {
  constructor(private readonly rows: InboxRepository) {}

  add(
    kind: 'feedback' | 'staff_question',
    sessionId: string,
    text: string,
    conversation: SessionState['recent'],
    procedureCode?: string,
  ): Promise<number> {
    return this.rows.add({ kind, sessionId, text, conversation: JSON.stringify(conversation), procedureCode: procedureCode ?? null });
  }
}
