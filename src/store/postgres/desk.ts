import type { InboxRepository, TurnOutcome, TurnRepository } from '../repositories.js';
import type { Query } from './repositories.js';
import { type InboxRow, INBOX_COLUMNS, toInboxRecord, type TurnRow, toTurnEntry } from '../rows.js';

/** The staff desk's tables on PostgreSQL: the inbox (status moved by compare-and-set) and the turn log. */

export function pgInbox(q: Query): InboxRepository {
  const one = async (id: number) => (await q<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE id = $1`, [id])).rows[0];
  const select = async (where: string, order: string, values: unknown[]) =>
    (await q<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox ${where} ORDER BY id ${order} LIMIT $${values.length}`, values)).rows.map(toInboxRecord);
  return {
    async add(item) {
      const { rows } = await q<{ id: number }>(
        'INSERT INTO inbox (kind, session_id, text, conversation, procedure_code) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [item.kind, item.sessionId, item.text, item.conversation, item.procedureCode ?? null],
      );
      return rows[0].id;
    },
    list: (limit) => select('', 'DESC', [limit]),
    async get(id) {
      const row = await one(id);
      return row && toInboxRecord(row);
    },
    byStatus: (status, limit, order = 'newest') =>
      select(status ? 'WHERE status = $1' : '', order === 'oldest' ? 'ASC' : 'DESC', status ? [status, limit] : [limit]),
    async assign(id, person) {
      await q("UPDATE inbox SET assignee = $1, status = 'assigned' WHERE id = $2 AND status <> 'answered'", [person, id]);
      const row = await one(id);
      return row && toInboxRecord(row);
    },
    async answer(id, a) {
      // Under READ COMMITTED a second UPDATE waits for the first one's row lock, then re-reads the status: one wins.
      const done = await q(
        "UPDATE inbox SET status = 'answered', answer = $1, answered_by = $2, answered_at = $3, assignee = COALESCE(assignee, $2) WHERE id = $4 AND status <> 'answered'",
        [a.text, a.by, a.at, id],
      );
      if (done.rowCount === 1) return 'answered';
      return (await one(id)) ? 'already_answered' : 'not_found';
    },
    purge: async (before, limit) =>
      (await q('DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE created_at < $1 ORDER BY created_at LIMIT $2)', [before, limit]))
        .rowCount ?? 0,
  };
}

const TURN_COLUMNS = 'at, day, channel, intent, confidence, procedure_code, outcome, text, action';

export function pgTurns(q: Query): TurnRepository {
  return {
    async record(t) {
      await q(`INSERT INTO turns (${TURN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        t.at,
        t.day,
        t.channel,
        t.intent,
        t.confidence,
        t.procedureCode,
        t.outcome,
        t.text,
        t.action,
      ]);
    },
    async counts(from, to, top) {
      const byDay = await q<{ day: string; outcome: TurnOutcome; count: number }>(
        'SELECT day, outcome, COUNT(*) AS count FROM turns WHERE day BETWEEN $1 AND $2 GROUP BY day, outcome ORDER BY day, outcome',
        [from, to],
      );
      const procedures = await q<{ code: string; count: number }>(
        'SELECT procedure_code AS code, COUNT(*) AS count FROM turns WHERE day BETWEEN $1 AND $2 AND procedure_code IS NOT NULL GROUP BY procedure_code ORDER BY count DESC, code LIMIT $3',
        [from, to, top],
      );
      const intents = await q<{ intent: string; count: number }>(
        'SELECT intent, COUNT(*) AS count FROM turns WHERE day BETWEEN $1 AND $2 GROUP BY intent ORDER BY count DESC, intent LIMIT $3',
        [from, to, top],
      );
      return { byDay: byDay.rows, procedures: procedures.rows, intents: intents.rows };
    },
    async entries(from, to, { belowConfidence, limit }) {
      const { rows } =
        belowConfidence === undefined
          ? await q<TurnRow>(`SELECT ${TURN_COLUMNS} FROM turns WHERE day BETWEEN $1 AND $2 ORDER BY at, id LIMIT $3`, [from, to, limit])
          : await q<TurnRow>(`SELECT ${TURN_COLUMNS} FROM turns WHERE day BETWEEN $1 AND $2 AND confidence < $3 ORDER BY at, id LIMIT $4`, [
              from,
              to,
              belowConfidence,
              limit,
            ]);
      return rows.map(toTurnEntry);
    },
    purge: async (before, limit) =>
      (await q('DELETE FROM turns WHERE id IN (SELECT id FROM turns WHERE at < $1 ORDER BY at LIMIT $2)', [before, limit])).rowCount ?? 0,
  };
}
