import type { Sync } from './sync.js';
import type { Db } from '../db.js';
import type { CatalogChangeRepository, NoticeJob } from '../repositories.js';
import { type BatchRow, toBatch } from '../rows.js';

export function sqliteCatalogChanges(db: Db): Sync<CatalogChangeRepository> {
  const insertBatch = db.prepare<[number, string, string, string, string]>(
    'INSERT INTO catalog_change_batches (version, applied_at, author, batch, summaries) VALUES (?, ?, ?, ?, ?)',
  );
  const insertJob = db.prepare<[string, number, string, string]>(
    'INSERT INTO catalog_notice_jobs (code, since, text, suggestions) VALUES (?, ?, ?, ?)',
  );
  const all = db.prepare<[], BatchRow>('SELECT version, applied_at, author, batch, summaries FROM catalog_change_batches ORDER BY id');
  const latest = db.prepare<[number], BatchRow>(
    'SELECT version, applied_at, author, batch, summaries FROM catalog_change_batches ORDER BY id DESC LIMIT ?',
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM catalog_change_batches');
  const interest = db.prepare<[string, string, number]>(
    'INSERT INTO catalog_interest (session_id, code, at) VALUES (?, ?, ?) ON CONFLICT (session_id, code) DO UPDATE SET at = excluded.at',
  );
  const pruneInterest = db.prepare<[number]>('DELETE FROM catalog_interest WHERE at < ?');
  const jobs = db.prepare<[], { id: number; code: string; since: number; cursor: string; text: string; suggestions: string }>(
    'SELECT id, code, since, cursor, text, suggestions FROM catalog_notice_jobs ORDER BY id',
  );
  const audience = db.prepare<[string, string, number, number], { session_id: string }>(
    'SELECT session_id FROM catalog_interest WHERE code = ? AND session_id > ? AND at >= ? ORDER BY session_id LIMIT ?',
  );
  const job = db.prepare<[number], { id: number; code: string; since: number; cursor: string; text: string; suggestions: string }>(
    'SELECT id, code, since, cursor, text, suggestions FROM catalog_notice_jobs WHERE id = ?',
  );
  const toJob = (r: { id: number; code: string; since: number; cursor: string; text: string; suggestions: string }): NoticeJob => ({
    ...r,
    suggestions: JSON.parse(r.suggestions) as string[],
  });
  const advance = db.prepare<[string, number]>('UPDATE catalog_notice_jobs SET cursor = ? WHERE id = ?');
  const finish = db.prepare<[number]>('DELETE FROM catalog_notice_jobs WHERE id = ?');

  return {
    // One connection, and transactions are BEGIN IMMEDIATE: appends are already one at a time.
    lock: () => undefined,
    job(id) {
      const row = job.get(id);
      return row && toJob(row);
    },
    append: (batch, newJobs) =>
      db.transaction(() => {
        insertBatch.run(batch.version, batch.appliedAt, batch.author, batch.batch, batch.summaries);
        for (const job of newJobs) insertJob.run(job.code, job.since, job.text, JSON.stringify(job.suggestions));
      })(),
    all: () => all.all().map(toBatch),
    latest: (limit) => latest.all(limit).map(toBatch),
    count: () => count.get()!.n,
    recordInterest: (sessionId, code, at) => void interest.run(sessionId, code, at),
    pruneInterest: (before) => void pruneInterest.run(before),
    pendingJobs: () => jobs.all().map(toJob),
    audience: (job, limit) => audience.all(job.code, job.cursor, job.since, limit).map((r) => r.session_id),
    advance: (jobId, cursor) => void (cursor === null ? finish.run(jobId) : advance.run(cursor, jobId)),
  };
}
