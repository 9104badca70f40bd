import {
  type AccessRepository,
  type AuditEntry,
  type IssuedSessionRepository,
  type CatalogChangeRepository,
  type ChannelStateRepository,
  type DossierRegistryRepository,
  type Fingerprint,
  type NoticeJob,
  type NoticeRepository,
  OUTBOX,
  type SessionRepository,
  type StoredNotice,
  type SubscriptionRepository,
} from '../repositories.js';
import {
  type NoticeRow,
  NOTICE_COLUMNS,
  toNotice,
  type TokenRecord,
  tokenRow,
  type BatchRow,
  toBatch,
  encodeFingerprint,
  decodeFingerprint,
} from '../rows.js';

/** One statement on the pool (each its own transaction) or on the client of an open transaction. */
export type Query = <R extends object = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<{ rows: R[]; rowCount: number | null }>;
/** Runs `fn` atomically: in the open transaction, or in a new one. */
export type Atomic = <T>(fn: (q: Query) => Promise<T>) => Promise<T>;

/** Serialises catalog appends across instances (pg_advisory_xact_lock key: "catlog"). */
const CATALOG_LOCK = 0x6361746c6f67;

export function pgSessions(q: Query): SessionRepository {
  return {
    async get(id) {
      const { rows } = await q<{ state: string; updated_at: number }>('SELECT state, updated_at FROM sessions WHERE id = $1', [id]);
      return rows[0] && { state: rows[0].state, updatedAt: rows[0].updated_at };
    },
    async put(id, state, updatedAt) {
      await q(
        'INSERT INTO sessions (id, state, updated_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
        [id, state, updatedAt],
      );
    },
    purge: async (before) => (await q('DELETE FROM sessions WHERE updated_at < $1', [before])).rowCount ?? 0,
  };
}

/** A change is announced in the caller's transaction that moves the fingerprint (compare-and-set): once, whoever polls. */
export function pgSubscriptions(q: Query, atomic: Atomic): SubscriptionRepository {
  const unwatchOrphans = (t: Query, code: string) =>
    t('DELETE FROM dossier_watch WHERE code = $1 AND NOT EXISTS (SELECT 1 FROM dossier_subscriptions WHERE code = $1)', [code]);
  return {
    add: (sessionId, code, current, firstPollAt, at) =>
      atomic(async (t) => {
        const added = await t(
          'INSERT INTO dossier_subscriptions (session_id, code, fingerprint, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [sessionId, code, encodeFingerprint(current), at],
        );
        await t('INSERT INTO dossier_watch (code, next_poll_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [code, firstPollAt]);
        return added.rowCount === 1;
      }),
    remove: (sessionId, code) =>
      atomic(async (t) => {
        const { rows } = await t<{ code: string }>(
          'DELETE FROM dossier_subscriptions WHERE session_id = $1 AND ($2::text IS NULL OR code = $2) RETURNING code',
          [sessionId, code ?? null],
        );
        for (const { code: removed } of rows) await unwatchOrphans(t, removed);
        return rows.length;
      }),
    async codesOf(sessionId) {
      const { rows } = await q<{ code: string }>('SELECT code FROM dossier_subscriptions WHERE session_id = $1 ORDER BY created_at, code', [
        sessionId,
      ]);
      return rows.map((r) => r.code);
    },
    async claimDue(now, leaseMs, limit) {
      const { rows } = await q<{ code: string; failures: number }>(
        `UPDATE dossier_watch SET next_poll_at = $2 WHERE code IN (
           SELECT code FROM dossier_watch WHERE next_poll_at <= $1 ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED
         ) RETURNING code, failures`,
        [now, now + leaseMs, limit],
      );
      return rows;
    },
    async watched() {
      return (await q<{ code: string; failures: number }>('SELECT code, failures FROM dossier_watch ORDER BY code')).rows;
    },
    async reschedule(code, nextPollAt, failures) {
      await q('UPDATE dossier_watch SET next_poll_at = $1, failures = $2 WHERE code = $3', [nextPollAt, failures, code]);
    },
    recordState: (code, current, final) =>
      atomic(async (t) => {
        const next = encodeFingerprint(current);
        // Row locks: a second poller of the same code waits here, then sees the new fingerprint.
        const { rows } = await t<{ session_id: string; fingerprint: string }>(
          'SELECT session_id, fingerprint FROM dossier_subscriptions WHERE code = $1 AND fingerprint <> $2 FOR UPDATE',
          [code, next],
        );
        const changed: Array<{ sessionId: string; previous: Fingerprint }> = [];
        for (const sub of rows) {
          const moved = await t('UPDATE dossier_subscriptions SET fingerprint = $1 WHERE session_id = $2 AND code = $3 AND fingerprint = $4', [
            next,
            sub.session_id,
            code,
            sub.fingerprint,
          ]);
          if (moved.rowCount === 1) changed.push({ sessionId: sub.session_id, previous: decodeFingerprint(sub.fingerprint) });
        }
        if (final) {
          await t('DELETE FROM dossier_subscriptions WHERE code = $1', [code]);
          await unwatchOrphans(t, code);
        }
        return changed;
      }),
  };
}

export function pgDossierRegistry(q: Query): DossierRegistryRepository {
  return {
    get: async (code) => (await q<{ record: string }>('SELECT record FROM dossier_registry WHERE code = $1', [code])).rows[0]?.record,
    async put(code, record, updatedAt) {
      await q(
        'INSERT INTO dossier_registry (code, record, updated_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at',
        [code, record, updatedAt],
      );
    },
    count: async () => (await q<{ n: number }>('SELECT COUNT(*) AS n FROM dossier_registry')).rows[0].n,
    codes: async () => (await q<{ code: string }>('SELECT code FROM dossier_registry ORDER BY code')).rows.map((r) => r.code),
  };
}

export function pgNotices(q: Query, atomic: Atomic): NoticeRepository {
  return {
    async enqueue(notices) {
      if (notices.length === 0) return;
      const column = <T>(pick: (n: (typeof notices)[number]) => T) => notices.map(pick);
      await q(
        `INSERT INTO notices (session_id, channel, source, text, suggestions, next_at, created_at, expires_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[])`,
        [
          column((n) => n.sessionId),
          column((n) => n.channel),
          column((n) => n.source),
          column((n) => n.text),
          column((n) => JSON.stringify(n.suggestions)),
          column((n) => (n.channel === OUTBOX ? null : n.createdAt)),
          column((n) => n.createdAt),
          column((n) => n.expiresAt),
        ],
      );
    },
    async take(sessionId, now) {
      // One statement: rows another instance is taking at the same moment are skipped, so each goes
      // once. Expired ones go too, unread (as on SQLite).
      const { rows } = await q<NoticeRow>(
        `DELETE FROM notices WHERE id IN (
           SELECT id FROM notices WHERE session_id = $1 AND channel = $2 ORDER BY id FOR UPDATE SKIP LOCKED
         ) RETURNING ${NOTICE_COLUMNS}`,
        [sessionId, OUTBOX],
      );
      return rows
        .filter((r) => r.expires_at >= now)
        .sort((a, b) => a.id - b.id)
        .map(toNotice);
    },
    async claimDue(now, leaseMs) {
      const { rows } = await q<NoticeRow>(
        `UPDATE notices SET state = 'sending', attempts = attempts + 1, next_at = $2 WHERE id = (
           SELECT id FROM notices WHERE next_at IS NOT NULL AND next_at <= $1 ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
         ) RETURNING ${NOTICE_COLUMNS}`,
        [now, now + leaseMs],
      );
      return rows[0] && toNotice(rows[0]);
    },
    async markSent(id) {
      await q('DELETE FROM notices WHERE id = $1', [id]);
    },
    async retryAt(id, at) {
      await q("UPDATE notices SET state = 'waiting', next_at = $1 WHERE id = $2", [at, id]);
    },
    markUndeliverable: (id, reason, at) =>
      atomic(async (t) => {
        await t(
          'INSERT INTO undeliverable_notices (session_id, channel, source, reason, created_at, recorded_at) SELECT session_id, channel, source, $1, created_at, $2 FROM notices WHERE id = $3',
          [reason, at, id],
        );
        await t('DELETE FROM notices WHERE id = $1', [id]);
      }),
    async undeliverable(limit, filter = {}) {
      const { rows } = await q<{
        session_id: string;
        channel: string;
        source: StoredNotice['source'];
        reason: string;
        created_at: number;
        recorded_at: number;
      }>(
        'SELECT session_id, channel, source, reason, created_at, recorded_at FROM undeliverable_notices WHERE ($2::text IS NULL OR session_id = $2) AND ($3::text IS NULL OR source = $3) ORDER BY id DESC LIMIT $1',
        [limit, filter.sessionId ?? null, filter.source ?? null],
      );
      return rows.map((r) => ({
        sessionId: r.session_id,
        channel: r.channel,
        source: r.source,
        reason: r.reason,
        createdAt: r.created_at,
        recordedAt: r.recorded_at,
      }));
    },
    expire: async (now, limit) =>
      (
        await q(
          'DELETE FROM notices WHERE id IN (SELECT id FROM notices WHERE expires_at < $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)',
          [now, limit],
        )
      ).rowCount ?? 0,
    count: async (sessionId) =>
      (sessionId === undefined
        ? await q<{ n: number }>('SELECT COUNT(*) AS n FROM notices')
        : await q<{ n: number }>('SELECT COUNT(*) AS n FROM notices WHERE session_id = $1', [sessionId])
      ).rows[0].n,
  };
}

const tokenColumns = 'id, name, role, agency, scope, created_at, revoked_at';

export function pgAccess(q: Query): AccessRepository {
  return {
    createToken: async (t) =>
      (
        await q<{ id: number }>(
          'INSERT INTO api_tokens (token_hash, name, role, agency, scope, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [t.hash, t.name, t.role, t.agency ?? '', JSON.stringify(t.scope), t.createdAt],
        )
      ).rows[0].id,
    async tokenByHash(hash) {
      const { rows } = await q<TokenRecord>(`SELECT ${tokenColumns} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [hash]);
      return rows[0] && tokenRow(rows[0]);
    },
    listTokens: async () => (await q<TokenRecord>(`SELECT ${tokenColumns} FROM api_tokens ORDER BY id`)).rows.map(tokenRow),
    revokeToken: async (id, at) =>
      ((await q('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount ?? 0) === 1,
    async audit(e) {
      await q('INSERT INTO access_audit (at, actor, person, address, action, target, status) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        e.at,
        e.actor,
        e.person,
        e.address,
        e.action,
        e.target,
        e.status,
      ]);
    },
    auditLog: async (limit) =>
      (await q<AuditEntry>('SELECT at, actor, person, address, action, target, status FROM access_audit ORDER BY id DESC LIMIT $1', [limit])).rows,
  };
}

export function pgIssuedSessions(q: Query): IssuedSessionRepository {
  return {
    async issue(id, at) {
      await q('INSERT INTO issued_sessions (id, issued_at, used_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO NOTHING', [id, at]);
    },
    claim: async (id, at) => ((await q('UPDATE issued_sessions SET used_at = $1 WHERE id = $2', [at, id])).rowCount ?? 0) === 1,
    purge: async (before) => (await q('DELETE FROM issued_sessions WHERE used_at < $1', [before])).rowCount ?? 0,
  };
}

export function pgChannelState(q: Query): ChannelStateRepository {
  return {
    markSeen: async (botId, updateId, at) =>
      (await q('INSERT INTO telegram_seen_updates (bot_id, update_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [botId, updateId, at]))
        .rowCount === 1,
    async putCallback(id, text, at) {
      await q('INSERT INTO telegram_callbacks (id, text, used_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET used_at = excluded.used_at', [
        id,
        text,
        at,
      ]);
    },
    callbackText: async (id) => (await q<{ text: string }>('SELECT text FROM telegram_callbacks WHERE id = $1', [id])).rows[0]?.text,
    async prune(seenBefore, callbacksBefore) {
      await q('DELETE FROM telegram_seen_updates WHERE seen_at < $1', [seenBefore]);
      await q('DELETE FROM telegram_callbacks WHERE used_at < $1', [callbacksBefore]);
    },
    markEventSeen: async (channel, eventId, at) =>
      (await q('INSERT INTO channel_events (channel, event_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [channel, eventId, at]))
        .rowCount === 1,
    async pruneEvents(channel, seenBefore) {
      await q('DELETE FROM channel_events WHERE channel = $1 AND seen_at < $2', [channel, seenBefore]);
    },
    credentials: async (key) => (await q<{ value: string }>('SELECT value FROM channel_credentials WHERE key = $1', [key])).rows[0]?.value,
    async putCredentials(key, value, at) {
      await q(
        'INSERT INTO channel_credentials (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [key, value, at],
      );
    },
  };
}

type JobRow = Omit<NoticeJob, 'suggestions'> & { suggestions: string };
const toJob = (r: JobRow): NoticeJob => ({ ...r, suggestions: JSON.parse(r.suggestions) as string[] });
const JOB_COLUMNS = 'id, code, since, cursor, text, suggestions';

export function pgCatalogChanges(q: Query, atomic: Atomic): CatalogChangeRepository {
  return {
    async lock() {
      await q('SELECT pg_advisory_xact_lock($1)', [CATALOG_LOCK]);
    },
    job: async (id) => {
      const row = (await q<JobRow>(`SELECT ${JOB_COLUMNS} FROM catalog_notice_jobs WHERE id = $1 FOR UPDATE`, [id])).rows[0];
      return row && toJob(row);
    },
    append: (batch, jobs) =>
      atomic(async (t) => {
        await t('INSERT INTO catalog_change_batches (version, applied_at, author, batch, summaries) VALUES ($1, $2, $3, $4, $5)', [
          batch.version,
          batch.appliedAt,
          batch.author,
          batch.batch,
          batch.summaries,
        ]);
        for (const job of jobs) {
          await t('INSERT INTO catalog_notice_jobs (code, since, text, suggestions) VALUES ($1, $2, $3, $4)', [
            job.code,
            job.since,
            job.text,
            JSON.stringify(job.suggestions),
          ]);
        }
      }),
    all: async () =>
      (await q<BatchRow>('SELECT version, applied_at, author, batch, summaries FROM catalog_change_batches ORDER BY id')).rows.map(toBatch),
    latest: async (limit) =>
      (
        await q<BatchRow>('SELECT version, applied_at, author, batch, summaries FROM catalog_change_batches ORDER BY id DESC LIMIT $1', [limit])
      ).rows.map(toBatch),
    count: async () => (await q<{ n: number }>('SELECT COUNT(*) AS n FROM catalog_change_batches')).rows[0].n,
    async recordInterest(sessionId, code, at) {
      await q(
        'INSERT INTO catalog_interest (session_id, code, at) VALUES ($1, $2, $3) ON CONFLICT (session_id, code) DO UPDATE SET at = excluded.at',
        [sessionId, code, at],
      );
    },
    async pruneInterest(before) {
      await q('DELETE FROM catalog_interest WHERE at < $1', [before]);
    },
    pendingJobs: async () => (await q<JobRow>(`SELECT ${JOB_COLUMNS} FROM catalog_notice_jobs ORDER BY id`)).rows.map(toJob),
    audience: async (job, limit) =>
      (
        await q<{ session_id: string }>(
          'SELECT session_id FROM catalog_interest WHERE code = $1 AND session_id > $2 AND at >= $3 ORDER BY session_id LIMIT $4',
          [job.code, job.cursor, job.since, limit],
        )
      ).rows.map((r) => r.session_id),
    async advance(jobId, cursor) {
      if (cursor === null) await q('DELETE FROM catalog_notice_jobs WHERE id = $1', [jobId]);
      else await q('UPDATE catalog_notice_jobs SET cursor = $1 WHERE id = $2', [cursor, jobId]);
    },
  };
}
