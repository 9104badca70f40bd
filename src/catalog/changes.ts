import type { Logger } from 'pino';
import type { Pusher } from '../channels/types.js';
import type { Db } from '../store/db.js';
import {
  type Batch, type ChangeAuthor, type ChangeSummary, type Problem, applyBatch, parseBatch,
} from './changes/batch.js';
import { type NoticeTexts, loadNoticeTexts, renderNotice } from './changes/notices.js';
import type { Procedure } from './schema.js';
import type { Catalog } from './store.js';

export type { ChangeAuthor, ChangeSummary, Problem } from './changes/batch.js';
export { agencyMayChange } from './changes/batch.js';

/**
 * Published catalog changes (interface spec §3). Each accepted batch is stored, then the serving
 * catalog is replaced at once; on start every stored batch is re-applied over the base catalog,
 * so changes survive restarts and a re-import. People who asked about a changed procedure in the
 * last 30 days get a notice through their channel's pusher.
 */

export interface ChangeEntry {
  decision: Batch['decision'];
  effectiveDate: string | null;
  version: number;
  appliedAt: string;
  changes: ChangeSummary[];
}

/** Why a batch was refused; nothing of it was applied. */
export class ChangeRejected extends Error {
  constructor(readonly reason: 'invalid' | 'forbidden', readonly problems: Problem[]) {
    super(`catalog change batch ${reason}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

export interface ChangeLogOptions {
  /** Channels that deliver notices; the first whose `handles(sessionId)` is true is used. */
  pushers?: Pusher[];
  logger?: Logger;
  texts?: NoticeTexts;
  now?: () => number;
}

const INTEREST_DAYS = 30;
const DAY_MS = 24 * 3600_000;
const vietnamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

interface BatchRow {
  version: number;
  applied_at: string;
  batch: string;
  summaries: string;
  author: string;
}

export class ChangeLog {
  private interestStatement: import('better-sqlite3').Statement | undefined;
  private readonly pushers: Pusher[];
  private readonly texts: NoticeTexts;
  private readonly now: () => number;
  private readonly log: Logger | undefined;
  private lastPrune = 0;
  private deliveries: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db, private readonly catalog: Catalog, baseProcedures: readonly Procedure[], options: ChangeLogOptions = {}) {
    this.pushers = options.pushers ?? [];
    this.texts = options.texts ?? loadNoticeTexts();
    this.now = options.now ?? Date.now;
    this.log = options.logger?.child({ component: 'catalog-changes' });
    db.exec(`
      CREATE TABLE IF NOT EXISTS catalog_change_batches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        version INTEGER NOT NULL,
        applied_at TEXT NOT NULL,
        author TEXT NOT NULL,
        batch TEXT NOT NULL,
        summaries TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS catalog_interest (
        session_id TEXT NOT NULL,
        code TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (session_id, code)
      );
      CREATE INDEX IF NOT EXISTS catalog_interest_code ON catalog_interest (code, at);
    `);
    this.replay(baseProcedures);
  }

  /**
   * Validates, authorises and applies one batch (the body of `POST /api/v1/admin/catalog/changes`),
   * all or nothing. Throws ChangeRejected listing every problem. Notices go out in the background.
   */
  apply(body: unknown, author: ChangeAuthor): { version: number } {
    const { batch, problems } = parseBatch(body);
    if (!batch) throw new ChangeRejected('invalid', problems);
    const appliedAt = new Date(this.now());
    const current = new Map(this.catalog.all().map((p) => [p.code, p]));
    const outcome = applyBatch(current, batch, author, vietnamDay.format(appliedAt));
    if (outcome.forbidden.length) throw new ChangeRejected('forbidden', outcome.forbidden);
    if (outcome.problems.length) throw new ChangeRejected('invalid', outcome.problems);

    const version = this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO catalog_change_batches (version, applied_at, author, batch, summaries) VALUES (?, ?, ?, ?, ?)')
        .run(this.catalog.version + 1, appliedAt.toISOString(), author.id, JSON.stringify(batch), JSON.stringify(outcome.summaries));
      // Last step of the transaction: if the catalog refuses the records, nothing is stored.
      return this.catalog.replace([...outcome.records.values()]);
    })();
    this.log?.info({ version, decision: batch.decision.number, author: author.id, changes: outcome.summaries.length }, 'catalog changes applied');
    this.notifyLater(batch, outcome.summaries);
    return { version };
  }

  /** Every applied batch, newest first. */
  list(limit = 100): ChangeEntry[] {
    const rows = this.db
      .prepare<[number], BatchRow>('SELECT version, applied_at, batch, summaries, author FROM catalog_change_batches ORDER BY id DESC LIMIT ?')
      .all(limit);
    return rows.map((row) => {
      const batch = JSON.parse(row.batch) as Batch;
      return {
        decision: batch.decision,
        effectiveDate: batch.effectiveDate ?? null,
        version: row.version,
        appliedAt: row.applied_at,
        changes: JSON.parse(row.summaries) as ChangeSummary[],
      };
    });
  }

  get count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM catalog_change_batches').get() as { n: number }).n;
  }

  /** Called whenever the assistant answers about a procedure; remembered for 30 days. */
  /** Prepared once: this runs on every answer about a procedure. */
  private get recordInterestStatement() {
    return (this.interestStatement ??= this.db.prepare(
      'INSERT INTO catalog_interest (session_id, code, at) VALUES (?, ?, ?) ON CONFLICT (session_id, code) DO UPDATE SET at = excluded.at',
    ));
  }

  recordInterest(sessionId: string, code: string): void {
    const now = this.now();
    this.recordInterestStatement.run(sessionId, code, now);
    if (now - this.lastPrune > 3600_000) {
      this.lastPrune = now;
      this.db.prepare('DELETE FROM catalog_interest WHERE at < ?').run(now - INTEREST_DAYS * DAY_MS);
    }
  }

  /** Resolves when every notice queued so far has been handed to its pusher (or failed). */
  settled(): Promise<void> {
    return this.deliveries;
  }

  /**
   * Re-applies the stored batches over the base catalog. The base may have changed since (a new
   * import), so a change that no longer fits is skipped with a warning rather than stopping start-up.
   */
  private replay(base: readonly Procedure[]): void {
    const rows = this.db
      .prepare<[], BatchRow>('SELECT version, applied_at, batch, summaries, author FROM catalog_change_batches ORDER BY id')
      .all();
    if (rows.length === 0) return;
    let records = new Map(base.map((p) => [p.code, p]));
    for (const row of rows) {
      const batch = JSON.parse(row.batch) as Batch;
      const day = vietnamDay.format(new Date(row.applied_at));
      for (const [i, change] of batch.changes.entries()) {
        const outcome = applyBatch(records, { ...batch, changes: [change] }, { id: row.author, agency: null }, day, { replay: true });
        if (outcome.problems.length) {
          this.log?.warn({ version: row.version, change: i, problems: outcome.problems }, 'stored catalog change no longer applies; skipped');
          continue;
        }
        records = outcome.records;
      }
    }
    this.catalog.replace([...records.values()]);
    // Keep the version monotonic across restarts: it is what /healthz and the change list show.
    this.catalog.version = Math.max(this.catalog.version, rows[rows.length - 1].version);
  }

  private notifyLater(batch: Batch, summaries: ChangeSummary[]): void {
    const changed = summaries.filter((s) => s.action !== 'add');
    if (changed.length === 0) return;
    const since = this.now() - INTEREST_DAYS * DAY_MS;
    const select = this.db.prepare<[string, number], { session_id: string }>('SELECT session_id FROM catalog_interest WHERE code = ? AND at >= ?');
    const jobs = changed.flatMap((change) => {
      const procedure = this.catalog.get(change.code);
      if (!procedure) return [];
      const message = renderNotice(this.texts, {
        action: change.action as 'amend' | 'abolish',
        procedure,
        decision: batch.decision.number,
        summary: change.summary,
        effectiveDate: batch.effectiveDate,
      });
      return select.all(change.code, since).map((row) => ({ sessionId: row.session_id, code: change.code, message }));
    });
    // Chained after earlier deliveries and started on a later tick: the HTTP answer never waits.
    this.deliveries = this.deliveries.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      for (const job of jobs) {
        try {
          const pusher = this.pushers.find((p) => p.handles(job.sessionId));
          if (!pusher) throw new Error('no pusher handles this session');
          await pusher.push(job.sessionId, job.message);
        } catch (error) {
          this.log?.warn({ code: job.code, reason: (error as Error).message }, 'catalog change notice not delivered');
        }
      }
    });
  }
}
