import type { OutboundMessage, Pusher } from '../channels/types.js';
import type { Db } from '../store/db.js';

/**
 * Messages for web and API sessions, which have no way to be called back: they wait in SQLite
 * until the session's next request or the page's poll takes them.
 */
export interface StoredMessage extends OutboundMessage {
  suggestions: string[];
  createdAt: string;
}

/** Undelivered messages older than this are dropped: nobody is polling for them any more. */
const KEEP_MS = 7 * 24 * 3600_000;

export interface OutboxWriter {
  db: Db;
  write(sessionId: string, message: OutboundMessage): void;
}

const outboxWriters = new WeakMap<Pusher, OutboxWriter>();

/**
 * The synchronous writer behind an outbox pusher, if `pusher` is one. Lets the notifier hand a
 * message over in the same SQLite transaction that marks it delivered: exactly once, even
 * across kill -9.
 */
export function outboxWriterOf(pusher: Pusher): OutboxWriter | undefined {
  return outboxWriters.get(pusher);
}

function ensureOutbox(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS outbox_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    text TEXT NOT NULL,
    suggestions TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS outbox_messages_session ON outbox_messages (session_id, id)`);
}

/** The catch-all pusher: handles every session id, so put it last in the pushers list. */
export function createOutboxPusher(db: Db): Pusher {
  ensureOutbox(db);
  const insert = db.prepare<[string, string, string, number]>(
    'INSERT INTO outbox_messages (session_id, text, suggestions, created_at) VALUES (?, ?, ?, ?)',
  );
  const write = (sessionId: string, message: OutboundMessage) => {
    insert.run(sessionId, message.text, JSON.stringify(message.suggestions ?? []), Date.now());
  };
  const pusher: Pusher = { handles: () => true, push: async (sessionId, message) => write(sessionId, message) };
  outboxWriters.set(pusher, { db, write });
  return pusher;
}

/** Removes and returns the session's waiting messages, oldest first. */
export function createOutboxReader(db: Db): (sessionId: string) => StoredMessage[] {
  ensureOutbox(db);
  const select = db.prepare<[string], { id: number; text: string; suggestions: string; created_at: number }>(
    'SELECT id, text, suggestions, created_at FROM outbox_messages WHERE session_id = ? ORDER BY id',
  );
  const remove = db.prepare<[string, number]>('DELETE FROM outbox_messages WHERE session_id = ? AND id <= ?');
  const expire = db.prepare<[number]>('DELETE FROM outbox_messages WHERE created_at < ?');
  const take = db.transaction((sessionId: string) => {
    expire.run(Date.now() - KEEP_MS);
    const rows = select.all(sessionId);
    if (rows.length) remove.run(sessionId, rows.at(-1)!.id);
    return rows.map((r) => ({
      text: r.text,
      suggestions: JSON.parse(r.suggestions) as string[],
      createdAt: new Date(r.created_at).toISOString(),
    }));
  });
  return (sessionId) => take(sessionId);
}
