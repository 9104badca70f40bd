import { z } from 'zod';
import type { Db } from '../store/db.js';
import { intents } from '../nlu/intents.js';

/** Conversation context per sessionId, kept in SQLite and forgotten after a spell of inactivity. */

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
  /**
   * Something the person is leaving for staff: `awaiting` its text, `confirm` (shown back, stored
   * on a yes), or `paused` while a question asked in between is answered.
   */
  capture: z.object({ kind: z.enum(['feedback', 'staff_question']), stage: z.enum(['awaiting', 'confirm', 'paused']), text: z.string().optional() }).optional(),
  /** What the conversation is about now: a procedure, or the dossier looked up (`receiptCode`). */
  topic: z.enum(['procedure', 'dossier']).optional(),
  /** The messages not yet shown of the last long answer, ready to send, for "xem thêm". */
  pages: z.object({ intent: z.enum(intents), procedureCode: z.string().optional(), chunks: z.array(z.string()) }).optional(),
  recent: z.array(turnSchema).default([]),
});

export type SessionState = z.infer<typeof sessionSchema>;
const recentTurns = 8;

export class SessionStore {
  private readonly select;
  private readonly upsert;
  private readonly purge;
  private writes = 0;

  constructor(private readonly db: Db, private readonly ttlMs: number) {
    db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      id TEXT PRIMARY KEY,
      state TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    this.select = db.prepare<[string], { state: string; updated_at: number }>('SELECT state, updated_at FROM sessions WHERE id = ?');
    this.upsert = db.prepare('INSERT INTO sessions (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at');
    this.purge = db.prepare('DELETE FROM sessions WHERE updated_at < ?');
  }

  get(id: string, now = Date.now()): SessionState {
    const row = this.select.get(id);
    if (!row || row.updated_at < now - this.ttlMs) return { recent: [] };
    const parsed = sessionSchema.safeParse(JSON.parse(row.state));
    return parsed.success ? parsed.data : { recent: [] };
  }

  save(id: string, state: SessionState, now = Date.now()): void {
    const recent = state.recent.slice(-recentTurns);
    this.upsert.run(id, JSON.stringify({ ...state, recent }), now);
    if (++this.writes % 500 === 0) this.purge.run(now - this.ttlMs);
  }
}

/** Feedback and questions for staff, stored with the conversation that led to them. */
export class InboxStore {
  private readonly insert;

  constructor(db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS inbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('feedback', 'staff_question')),
      session_id TEXT NOT NULL,
      text TEXT NOT NULL,
      conversation TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`);
    this.insert = db.prepare('INSERT INTO inbox (kind, session_id, text, conversation) VALUES (?, ?, ?, ?)');
  }

  add(kind: 'feedback' | 'staff_question', sessionId: string, text: string, conversation: SessionState['recent']): number {
    return Number(this.insert.run(kind, sessionId, text, JSON.stringify(conversation)).lastInsertRowid);
  }
}
