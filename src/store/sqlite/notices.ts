import type { Sync } from './sync.js';
import type { Db } from '../db.js';
import { OUTBOX, type NoticeRepository, type UndeliverableNotice } from '../repositories.js';
import { type NoticeRow, NOTICE_COLUMNS, toNotice } from '../rows.js';

/** Every query here walks an index: by session, by due time (push channels only), by expiry. */
export function sqliteNotices(db: Db): Sync<NoticeRepository> {
  const insert = db.prepare<[string, string, string, string, string, number | null, number, number]>(
    'INSERT INTO notices (session_id, channel, source, text, suggestions, next_at, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const ofSession = db.prepare<[string, string, number], NoticeRow>(
    `SELECT ${NOTICE_COLUMNS} FROM notices WHERE session_id = ? AND channel = ? AND expires_at >= ? ORDER BY id`,
  );
  const removeOfSession = db.prepare<[string, string, number]>('DELETE FROM notices WHERE session_id = ? AND channel = ? AND id <= ?');
  const due = db.prepare<[number], NoticeRow>(
    `SELECT ${NOTICE_COLUMNS} FROM notices WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at, id LIMIT 1`,
  );
  const claim = db.prepare<[number, number], NoticeRow>(
    `UPDATE notices SET state = 'sending', attempts = attempts + 1, next_at = ? WHERE id = ? RETURNING ${NOTICE_COLUMNS}`,
  );
  const remove = db.prepare<[number]>('DELETE FROM notices WHERE id = ?');
  const retry = db.prepare<[number, number]>("UPDATE notices SET state = 'waiting', next_at = ? WHERE id = ?");
  const expire = db.prepare<[number, number]>(
    'DELETE FROM notices WHERE id IN (SELECT id FROM notices WHERE expires_at < ? ORDER BY expires_at LIMIT ?)',
  );
  const recordUndeliverable = db.prepare<[string, number, number]>(
    'INSERT INTO undeliverable_notices (session_id, channel, source, reason, created_at, recorded_at) SELECT session_id, channel, source, ?, created_at, ? FROM notices WHERE id = ?',
  );
  const listUndeliverable = db.prepare<
    [{ limit: number; sessionId: string | null; source: string | null }],
    { session_id: string; channel: string; source: UndeliverableNotice['source']; reason: string; created_at: number; recorded_at: number }
  >(
    'SELECT session_id, channel, source, reason, created_at, recorded_at FROM undeliverable_notices WHERE (@sessionId IS NULL OR session_id = @sessionId) AND (@source IS NULL OR source = @source) ORDER BY id DESC LIMIT @limit',
  );
  const undeliverable = db.transaction((id: number, reason: string, at: number) => {
    recordUndeliverable.run(reason, at, id);
    remove.run(id);
  });
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM notices');
  const countOf = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM notices WHERE session_id = ?');

  const take = db.transaction((sessionId: string, now: number) => {
    const rows = ofSession.all(sessionId, OUTBOX, now);
    if (rows.length) removeOfSession.run(sessionId, OUTBOX, rows.at(-1)!.id);
    return rows.map(toNotice);
  });
  const enqueue = db.transaction((notices: Parameters<NoticeRepository['enqueue']>[0]) => {
    for (const n of notices) {
      const nextAt = n.channel === OUTBOX ? null : n.createdAt;
      insert.run(n.sessionId, n.channel, n.source, n.text, JSON.stringify(n.suggestions), nextAt, n.createdAt, n.expiresAt);
    }
  });

  return {
    enqueue: (notices) => enqueue(notices),
    // Most asks find nothing waiting: a plain read first, the write transaction only when there is something to take.
    take: (sessionId, now) => (ofSession.all(sessionId, OUTBOX, now).length ? take(sessionId, now) : []),
    claimDue: (now, leaseMs) =>
      db.transaction(() => {
        const row = due.get(now);
        return row && toNotice(claim.get(now + leaseMs, row.id)!);
      })(),
    markSent: (id) => void remove.run(id),
    retryAt: (id, at) => void retry.run(at, id),
    markUndeliverable: (id, reason, at) => undeliverable(id, reason, at),
    undeliverable: (limit, filter = {}) =>
      listUndeliverable.all({ limit, sessionId: filter.sessionId ?? null, source: filter.source ?? null }).map((r) => ({
        sessionId: r.session_id,
        channel: r.channel,
        source: r.source,
        reason: r.reason,
        createdAt: r.created_at,
        recordedAt: r.recorded_at,
      })),
    expire: (now, limit) => expire.run(now, limit).changes,
    count: (sessionId) => (sessionId === undefined ? countAll.get()!.n : countOf.get(sessionId)!.n),
  };
}
