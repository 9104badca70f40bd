import type { OutboundMessage } from '../channels/types.js';
import type { Db } from '../store/db.js';

/**
 * Who follows which dossier, and what they were last told (the fingerprint: status and due date
 * in force). All state lives in SQLite so subscriptions and "already notified" survive restarts
 * and kill -9. A change becomes a pending notification in the same transaction that moves the
 * fingerprint (compare-and-set), so each change is announced once even if two pollers race.
 */
export interface Fingerprint {
  status: string;
  due: string;
}

export interface PendingNotification {
  id: number;
  sessionId: string;
  message: OutboundMessage;
  attempts: number;
}

const encode = (f: Fingerprint) => `${f.status}|${f.due}`;
const decode = (s: string): Fingerprint => {
  const [status = '', due = ''] = s.split('|');
  return { status, due };
};

export function createSubscriptionStore(db: Db) {
  db.exec(`CREATE TABLE IF NOT EXISTS dossier_subscriptions (
    session_id TEXT NOT NULL,
    code TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, code)
  );
  CREATE INDEX IF NOT EXISTS dossier_subscriptions_code ON dossier_subscriptions (code);
  CREATE TABLE IF NOT EXISTS dossier_watch (
    code TEXT PRIMARY KEY,
    next_poll_at INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS dossier_notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    text TEXT NOT NULL,
    suggestions TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  )`);

  const q = {
    insertSub: db.prepare<[string, string, string, number]>(
      'INSERT OR IGNORE INTO dossier_subscriptions (session_id, code, fingerprint, created_at) VALUES (?, ?, ?, ?)',
    ),
    watch: db.prepare<[string, number]>('INSERT OR IGNORE INTO dossier_watch (code, next_poll_at) VALUES (?, ?)'),
    subsOfSession: db.prepare<[string], { code: string }>(
      'SELECT code FROM dossier_subscriptions WHERE session_id = ? ORDER BY created_at, code',
    ),
    subsOfCode: db.prepare<[string], { session_id: string; fingerprint: string }>(
      'SELECT session_id, fingerprint FROM dossier_subscriptions WHERE code = ?',
    ),
    deleteSub: db.prepare<[string, string]>('DELETE FROM dossier_subscriptions WHERE session_id = ? AND code = ?'),
    deleteSubsOfCode: db.prepare<[string]>('DELETE FROM dossier_subscriptions WHERE code = ?'),
    unwatchOrphans: db.prepare(
      'DELETE FROM dossier_watch WHERE code NOT IN (SELECT code FROM dossier_subscriptions)',
    ),
    casFingerprint: db.prepare<[string, string, string, string]>(
      'UPDATE dossier_subscriptions SET fingerprint = ? WHERE session_id = ? AND code = ? AND fingerprint = ?',
    ),
    dueCodes: db.prepare<[number], { code: string; failures: number }>(
      'SELECT code, failures FROM dossier_watch WHERE next_poll_at <= ? ORDER BY next_poll_at',
    ),
    allCodes: db.prepare<[], { code: string; failures: number }>('SELECT code, failures FROM dossier_watch ORDER BY code'),
    reschedule: db.prepare<[number, number, string]>('UPDATE dossier_watch SET next_poll_at = ?, failures = ? WHERE code = ?'),
    enqueue: db.prepare<[string, string, string, number]>(
      'INSERT INTO dossier_notifications (session_id, text, suggestions, created_at) VALUES (?, ?, ?, ?)',
    ),
    pending: db.prepare<[], { id: number; session_id: string; text: string; suggestions: string; attempts: number }>(
      'SELECT id, session_id, text, suggestions, attempts FROM dossier_notifications ORDER BY id',
    ),
    delivered: db.prepare<[number]>('DELETE FROM dossier_notifications WHERE id = ?'),
    failed: db.prepare<[number]>('UPDATE dossier_notifications SET attempts = attempts + 1 WHERE id = ?'),
  };

  return {
    /** False when the session already follows the code. */
    add(sessionId: string, code: string, current: Fingerprint, firstPollAt: number): boolean {
      return db.transaction(() => {
        const added = q.insertSub.run(sessionId, code, encode(current), Date.now()).changes === 1;
        q.watch.run(code, firstPollAt);
        return added;
      })();
    },
    /** Removes one subscription, or all of the session's when no code is given; returns the count. */
    remove(sessionId: string, code?: string): number {
      return db.transaction(() => {
        const codes = code ? [code] : q.subsOfSession.all(sessionId).map((r) => r.code);
        const removed = codes.reduce((n, c) => n + q.deleteSub.run(sessionId, c).changes, 0);
        q.unwatchOrphans.run();
        return removed;
      })();
    },
    codesOf(sessionId: string): string[] {
      return q.subsOfSession.all(sessionId).map((r) => r.code);
    },
    /** Codes to poll: those whose time has come, or all of them. */
    codesToPoll(now: number, all: boolean): Array<{ code: string; failures: number }> {
      return all ? q.allCodes.all() : q.dueCodes.all(now);
    },
    reschedule(code: string, nextPollAt: number, failures: number): void {
      q.reschedule.run(nextPollAt, failures, code);
    },
    /**
     * Records the dossier's current fingerprint for every follower; for each follower who had
     * seen something else, queues the message `describe` writes. Ends the watch when `final`.
     * Returns how many notifications were queued.
     */
    recordState(
      code: string,
      current: Fingerprint,
      final: boolean,
      describe: (previous: Fingerprint) => OutboundMessage,
    ): number {
      return db.transaction(() => {
        let queued = 0;
        for (const sub of q.subsOfCode.all(code)) {
          const previous = decode(sub.fingerprint);
          if (sub.fingerprint === encode(current)) continue;
          if (q.casFingerprint.run(encode(current), sub.session_id, code, sub.fingerprint).changes !== 1) continue;
          const message = describe(previous);
          q.enqueue.run(sub.session_id, message.text, JSON.stringify(message.suggestions ?? []), Date.now());
          queued += 1;
        }
        if (final) {
          q.deleteSubsOfCode.run(code);
          q.unwatchOrphans.run();
        }
        return queued;
      })();
    },
    pending(): PendingNotification[] {
      return q.pending.all().map((r) => ({
        id: r.id,
        sessionId: r.session_id,
        message: { text: r.text, suggestions: JSON.parse(r.suggestions) as string[] },
        attempts: r.attempts,
      }));
    },
    markDelivered(id: number): void {
      q.delivered.run(id);
    },
    markFailed(id: number): void {
      q.failed.run(id);
    },
  };
}

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;
