import type { ChangeBatchRow, Fingerprint, InboxRecord, InboxStatus, StoredNotice, TokenRow, TurnEntry, TurnOutcome } from './repositories.js';

/**
 * Table rows as both backends read them (the same columns in SQLite and PostgreSQL) and their
 * mapping to the repositories' types: written once, so the two backends cannot drift apart.
 */

export interface NoticeRow {
  id: number;
  session_id: string;
  channel: string;
  source: StoredNotice['source'];
  text: string;
  suggestions: string;
  state: StoredNotice['state'];
  attempts: number;
  created_at: number;
  expires_at: number;
}

export const NOTICE_COLUMNS = 'id, session_id, channel, source, text, suggestions, state, attempts, created_at, expires_at';

export const toNotice = (r: NoticeRow): StoredNotice => ({
  id: r.id,
  sessionId: r.session_id,
  channel: r.channel,
  source: r.source,
  text: r.text,
  suggestions: JSON.parse(r.suggestions) as string[],
  state: r.state,
  attempts: r.attempts,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export interface TokenRecord {
  id: number;
  name: string;
  role: string;
  agency: string;
  scope: string;
  created_at: string;
  revoked_at: string | null;
}

export const tokenRow = (r: TokenRecord): TokenRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  agency: r.agency === '' ? null : r.agency,
  scope: JSON.parse(r.scope) as string[],
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export interface InboxRow {
  id: number;
  kind: InboxRecord['kind'];
  session_id: string;
  text: string;
  conversation: string;
  created_at: string;
  procedure_code: string | null;
  status: InboxStatus;
  assignee: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export const INBOX_COLUMNS =
  'id, kind, session_id, text, conversation, created_at, procedure_code, status, assignee, answer, answered_by, answered_at';

export const toInboxRecord = (r: InboxRow): InboxRecord => ({
  id: r.id,
  kind: r.kind,
  sessionId: r.session_id,
  text: r.text,
  conversation: r.conversation,
  createdAt: r.created_at,
  procedureCode: r.procedure_code,
  status: r.status,
  assignee: r.assignee,
  answer: r.answer,
  answeredBy: r.answered_by,
  answeredAt: r.answered_at,
});

export interface BatchRow {
  version: number;
  applied_at: string;
  author: string;
  batch: string;
  summaries: string;
}

export const toBatch = (r: BatchRow): ChangeBatchRow => ({
  version: r.version,
  appliedAt: r.applied_at,
  author: r.author,
  batch: r.batch,
  summaries: r.summaries,
});

export const encodeFingerprint = (f: Fingerprint) => `${f.status}|${f.due}`;

export const decodeFingerprint = (s: string): Fingerprint => {
  const [status = '', due = ''] = s.split('|');
  return { status, due };
};

export interface TurnRow {
  at: number;
  day: string;
  channel: string;
  intent: string;
  confidence: number;
  procedure_code: string | null;
  outcome: TurnOutcome;
  text: string;
  action: string;
}

export const toTurnEntry = (r: TurnRow): TurnEntry => ({
  at: r.at,
  day: r.day,
  channel: r.channel,
  intent: r.intent,
  confidence: r.confidence,
  procedureCode: r.procedure_code,
  outcome: r.outcome,
  text: r.text,
  action: r.action,
});
