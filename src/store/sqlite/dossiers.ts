import type { Sync } from './sync.js';
import type { Db } from '../db.js';
import type { DossierRegistryRepository, Fingerprint, SubscriptionRepository } from '../repositories.js';
import { encodeFingerprint, decodeFingerprint } from '../rows.js';

/**
 * Who follows which dossier and what they were last told. The caller stores the notices of a
 * change in the transaction that moves the fingerprint (compare-and-set), so two pollers never
 * announce it twice.
 */
export function sqliteSubscriptions(db: Db): Sync<SubscriptionRepository> {
  const q = {
    insertSub: db.prepare<[string, string, string, number]>(
      'INSERT OR IGNORE INTO dossier_subscriptions (session_id, code, fingerprint, created_at) VALUES (?, ?, ?, ?)',
    ),
    watch: db.prepare<[string, number]>('INSERT OR IGNORE INTO dossier_watch (code, next_poll_at) VALUES (?, ?)'),
    subsOfSession: db.prepare<[string], { code: string }>('SELECT code FROM dossier_subscriptions WHERE session_id = ? ORDER BY created_at, code'),
    subsOfCode: db.prepare<[string], { session_id: string; fingerprint: string }>(
      'SELECT session_id, fingerprint FROM dossier_subscriptions WHERE code = ?',
    ),
    deleteSub: db.prepare<[string, string]>('DELETE FROM dossier_subscriptions WHERE session_id = ? AND code = ?'),
    deleteSubsOfCode: db.prepare<[string]>('DELETE FROM dossier_subscriptions WHERE code = ?'),
    unwatchOrphans: db.prepare('DELETE FROM dossier_watch WHERE code NOT IN (SELECT code FROM dossier_subscriptions)'),
    casFingerprint: db.prepare<[string, string, string, string]>(
      'UPDATE dossier_subscriptions SET fingerprint = ? WHERE session_id = ? AND code = ? AND fingerprint = ?',
    ),
    dueCodes: db.prepare<[number, number], { code: string; failures: number }>(
      'SELECT code, failures FROM dossier_watch WHERE next_poll_at <= ? ORDER BY next_poll_at LIMIT ?',
    ),
    allCodes: db.prepare<[], { code: string; failures: number }>('SELECT code, failures FROM dossier_watch ORDER BY code'),
    reschedule: db.prepare<[number, number, string]>('UPDATE dossier_watch SET next_poll_at = ?, failures = ? WHERE code = ?'),
  };

  return {
    add: (sessionId, code, current, firstPollAt, at) =>
      db.transaction(() => {
        const added = q.insertSub.run(sessionId, code, encodeFingerprint(current), at).changes === 1;
        q.watch.run(code, firstPollAt);
        return added;
      })(),
    remove: (sessionId, code) =>
      db.transaction(() => {
        const codes = code ? [code] : q.subsOfSession.all(sessionId).map((r) => r.code);
        const removed = codes.reduce((n, c) => n + q.deleteSub.run(sessionId, c).changes, 0);
        q.unwatchOrphans.run();
        return removed;
      })(),
    codesOf: (sessionId) => q.subsOfSession.all(sessionId).map((r) => r.code),
    claimDue: (now, leaseMs, limit) =>
      db.transaction(() => {
        const due = q.dueCodes.all(now, limit);
        for (const { code, failures } of due) q.reschedule.run(now + leaseMs, failures, code);
        return due;
      })(),
    watched: () => q.allCodes.all(),
    reschedule: (code, nextPollAt, failures) => void q.reschedule.run(nextPollAt, failures, code),
    recordState: (code, current, final) =>
      db.transaction(() => {
        const changed: Array<{ sessionId: string; previous: Fingerprint }> = [];
        for (const sub of q.subsOfCode.all(code)) {
          if (sub.fingerprint === encodeFingerprint(current)) continue;
          if (q.casFingerprint.run(encodeFingerprint(current), sub.session_id, code, sub.fingerprint).changes !== 1) continue;
          changed.push({ sessionId: sub.session_id, previous: decodeFingerprint(sub.fingerprint) });
        }
        if (final) {
          q.deleteSubsOfCode.run(code);
          q.unwatchOrphans.run();
        }
        return changed;
      })(),
  };
}

export function sqliteDossierRegistry(db: Db): Sync<DossierRegistryRepository> {
  const select = db.prepare<[string], { record: string }>('SELECT record FROM dossier_registry WHERE code = ?');
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO dossier_registry (code, record, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`,
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM dossier_registry');
  const codes = db.prepare<[], { code: string }>('SELECT code FROM dossier_registry ORDER BY code');
  return {
    get: (code) => select.get(code)?.record,
    put: (code, record, updatedAt) => void upsert.run(code, record, updatedAt),
    count: () => count.get()!.n,
    codes: () => codes.all().map((r) => r.code),
  };
}
