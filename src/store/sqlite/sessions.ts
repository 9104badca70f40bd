import type { Sync } from './sync.js';
import type { Db } from '../db.js';
import type { InboxRepository, SessionRepository } from '../repositories.js';

export function sqliteSessions(db: Db): Sync<SessionRepository> {
  const select = db.prepare<[string], { state: string; updated_at: number }>('SELECT state, updated_at FROM sessions WHERE id = ?');
  const upsert = db.prepare<[string, string, number]>(
    'INSERT INTO sessions (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
  );
  const purge = db.prepare<[number]>('DELETE FROM sessions WHERE updated_at < ?');
  return {
    get(id) {
      const row = select.get(id);
      return row && { state: row.state, updatedAt: row.updated_at };
    },
    put: (id, state, updatedAt) => void upsert.run(id, state, updatedAt),
    purge: (before) => purge.run(before).changes,
  };
}

export function sqliteInbox(db: Db): Sync<InboxRepository> {
  const insert = db.prepare<[string, string, string, string]>('INSERT INTO inbox (kind, session_id, text, conversation) VALUES (?, ?, ?, ?)');
  const latest = db.prepare<[number], { id: number; kind: 'feedback' | 'staff_question'; session_id: string; text: string; conversation: string; created_at: string }>(
    'SELECT id, kind, session_id, text, conversation, created_at FROM inbox ORDER BY id DESC LIMIT ?',
  );
  return {
    add: (item) => Number(insert.run(item.kind, item.sessionId, item.text, item.conversation).lastInsertRowid),
    list: (limit) =>
      latest.all(limit).map((r) => ({ id: r.id, kind: r.kind, sessionId: r.session_id, text: r.text, conversation: r.conversation, createdAt: r.created_at })),
  };
}
