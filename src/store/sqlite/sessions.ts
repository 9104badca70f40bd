import type { Sync } from './sync.js';
import type { Db } from '../db.js';
import type { InboxAnswer, InboxRepository, SessionRepository } from '../repositories.js';
import { type InboxRow, INBOX_COLUMNS, toInboxRecord } from '../rows.js';

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
  const insert = db.prepare<[string, string, string, string, string | null]>(
    'INSERT INTO inbox (kind, session_id, text, conversation, procedure_code) VALUES (?, ?, ?, ?, ?)',
  );
  const latest = db.prepare<[number], InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox ORDER BY id DESC LIMIT ?`);
  const ofStatus = db.prepare<[string, number], InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = ? ORDER BY id DESC LIMIT ?`);
  const ofStatusOldest = db.prepare<[string, number], InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = ? ORDER BY id LIMIT ?`);
  const oldest = db.prepare<[number], InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox ORDER BY id LIMIT ?`);
  const one = db.prepare<[number], InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE id = ?`);
  const assign = db.prepare<[string, number]>("UPDATE inbox SET assignee = ?, status = 'assigned' WHERE id = ? AND status <> 'answered'");
  // The status test in the WHERE clause is the compare-and-set: of two answers, one changes the row.
  const markAnswered = db.prepare<[string, string, string, string, number]>(
    "UPDATE inbox SET status = 'answered', answer = ?, answered_by = ?, answered_at = ?, assignee = COALESCE(assignee, ?) WHERE id = ? AND status <> 'answered'",
  );
  const purge = db.prepare<[string, number]>('DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE created_at < ? ORDER BY created_at LIMIT ?)');
  const answer = (id: number, a: InboxAnswer) => {
    if (markAnswered.run(a.text, a.by, a.at, a.by, id).changes === 1) return 'answered' as const;
    return one.get(id) ? ('already_answered' as const) : ('not_found' as const);
  };
  return {
    add: (item) => Number(insert.run(item.kind, item.sessionId, item.text, item.conversation, item.procedureCode ?? null).lastInsertRowid),
    list: (limit) => latest.all(limit).map(toInboxRecord),
    get: (id) => {
      const row = one.get(id);
      return row && toInboxRecord(row);
    },
    byStatus: (status, limit, order = 'newest') => {
      const rows =
        order === 'oldest'
          ? status
            ? ofStatusOldest.all(status, limit)
            : oldest.all(limit)
          : status
            ? ofStatus.all(status, limit)
            : latest.all(limit);
      return rows.map(toInboxRecord);
    },
    assign: (id, person) => {
      assign.run(person, id);
      const row = one.get(id);
      return row && toInboxRecord(row);
    },
    answer: (id, a) => answer(id, a),
    purge: (before, limit) => purge.run(before, limit).changes,
  };
}
