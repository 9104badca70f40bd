import type { Logger } from 'pino';
import type { Pusher } from '../channels/types.js';
import type { Db } from '../store/db.js';
import {
  type Batch, type ChangeAuthor, type ChangeSummary, type Problem, applyBatch, parseBatch,
} from './changes/batch.js';
import { type NoticeTexts, loadNoticeTexts, renderNotice } from './changes/notices.js';
import { vietnamDay } from '../calendar/index.js';
import type { Procedure } from './schema.js';
import type { Catalog, UpcomingChange } from './store.js';

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

/** What `?dryRun=true` returns: each record before and after, and the answers that would change. */
export interface DryRun {
  effectiveDate: string;
  records: Array<{ code: string; before: Procedure | null; after: Procedure }>;
  answers: AnswerChange[];
  warnings: Problem[];
}

export interface AnswerChange {
  code: string;
  intent: string;
  before: string | null;
  after: string;
}

/** Renders the answers about a record as they read on a day (given by the dialog layer, which owns the wording). */
export type AnswerPreview = (record: Procedure, day: string) => Record<string, string>;

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
  /** How answers read, for dry runs. */
  preview?: AnswerPreview;
}

const INTEREST_DAYS = 30;
const DAY_MS = 24 * 3600_000;

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
  private readonly base: readonly Procedure[];
  private readonly preview: AnswerPreview | undefined;
  /** The Vietnam day the served catalog was built for: batches with a later effectiveDate wait. */
  private builtFor = '';

  constructor(private readonly db: Db, private readonly catalog: Catalog, baseProcedures: readonly Procedure[], options: ChangeLogOptions = {}) {
    this.base = baseProcedures;
    this.preview = options.preview;
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
    this.rebuild();
  }

  /**
   * Validates, authorises and applies one batch (the body of `POST /api/v1/admin/catalog/changes`),
   * all or nothing. Throws ChangeRejected listing every problem. A batch with a later effectiveDate
   * is published (stored, listed, announced) at once and served from that Vietnam day on.
   * Notices go out in the background.
   */
  apply(body: unknown, author: ChangeAuthor): { version: number; warnings: Problem[] } {
    this.refresh();
    const { batch, outcome, appliedAt } = this.check(body, author);
    const version: number = this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO catalog_change_batches (version, applied_at, author, batch, summaries) VALUES (?, ?, ?, ?, ?)')
        .run(this.catalog.version + 1, appliedAt.toISOString(), author.id, JSON.stringify(batch), JSON.stringify(outcome.summaries));
      // Last step of the transaction: if the catalog refuses the records, nothing is stored. Rebuilt
      // from the base, so a batch in force now never brings forward one that waits for its date.
      this.rebuild();
      return this.catalog.version;
    })();
    this.log?.info({ version, decision: batch.decision.number, author: author.id, changes: outcome.summaries.length }, 'catalog changes applied');
    this.notifyLater(batch, outcome.summaries);
    return { version, warnings: outcome.warnings };
  }

  /** The same checks as `apply`, nothing stored: records before and after, and the answers that change on the effective day. */
  dryRun(body: unknown, author: ChangeAuthor): DryRun {
    this.refresh();
    const { batch, outcome, appliedAt } = this.check(body, author);
    const effectiveDate = batch.effectiveDate && batch.effectiveDate > vietnamDay(appliedAt.getTime()) ? batch.effectiveDate : vietnamDay(appliedAt.getTime());
    const codes = [...new Set(outcome.summaries.map((s) => s.code))];
    const records = codes.map((code) => ({ code, before: this.catalog.get(code) ?? null, after: outcome.records.get(code)! }));
    const answers: AnswerChange[] = [];
    for (const { code, before, after } of records) {
      if (!this.preview) break;
      const old = before ? this.preview(before, effectiveDate) : {};
      for (const [intent, text] of Object.entries(this.preview(after, effectiveDate))) {
        if (old[intent] !== text) answers.push({ code, intent, before: old[intent] ?? null, after: text });
      }
    }
    return { effectiveDate, records, answers, warnings: outcome.warnings };
  }

  private check(body: unknown, author: ChangeAuthor) {
    const { batch, problems } = parseBatch(body);
    if (!batch) throw new ChangeRejected('invalid', problems);
    const appliedAt = new Date(this.now());
    // Checked against the catalog as it will be: today's records with the changes still waiting.
    const current = new Map(this.catalog.all().map((p) => [p.code, this.catalog.upcoming(p.code)?.record ?? p]));
    const day = batch.effectiveDate && batch.effectiveDate > vietnamDay(appliedAt.getTime()) ? batch.effectiveDate : vietnamDay(appliedAt.getTime());
    const outcome = applyBatch(current, batch, author, day);
    if (outcome.forbidden.length) throw new ChangeRejected('forbidden', outcome.forbidden);
    if (outcome.problems.length) throw new ChangeRejected('invalid', outcome.problems);
    return { batch, outcome, appliedAt };
  }

  /** Serves the batches that came into force since the catalog was built (called on a timer and before changes). */
  refresh(): void {
    if (vietnamDay(this.now()) !== this.builtFor) this.rebuild();
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

  private rows(): BatchRow[] {
    return this.db.prepare<[], BatchRow>('SELECT version, applied_at, batch, summaries, author FROM catalog_change_batches ORDER BY id').all();
  }

  /**
   * Re-applies the stored batches in force today over the base catalog and keeps the later ones
   * as upcoming. The base may have changed since (a new import), so a change that no longer fits
   * is skipped with a warning rather than stopping start-up.
   */
  private rebuild(): void {
    const today = vietnamDay(this.now());
    this.builtFor = today;
    const rows = this.rows();
    if (rows.length === 0) return;
    let records = new Map(this.base.map((p) => [p.code, p]));
    for (const row of rows) {
      const batch = JSON.parse(row.batch) as Batch;
      if (batch.effectiveDate && batch.effectiveDate > today) continue;
      records = this.replayBatch(records, row, batch);
    }
    this.catalog.replace([...records.values()]);
    // Keep the version monotonic across restarts: it is what /healthz and the change list show.
    this.catalog.version = Math.max(this.catalog.version, rows[rows.length - 1].version);
    this.upcomingAfter();
  }

  /** The records as the batches not yet in force will make them, by code. */
  private upcomingAfter(): void {
    const today = vietnamDay(this.now());
    let records = new Map(this.catalog.all().map((p) => [p.code, p]));
    const upcoming = new Map<string, UpcomingChange>();
    for (const row of this.rows()) {
      const batch = JSON.parse(row.batch) as Batch;
      if (!batch.effectiveDate || batch.effectiveDate <= today) continue;
      records = this.replayBatch(records, row, batch);
      for (const change of batch.changes) {
        const code = change.action === 'add' ? (change.procedure as { code?: string }).code : change.code;
        const record = code ? records.get(code) : undefined;
        if (record) upcoming.set(record.code, { record, effectiveDate: batch.effectiveDate, decision: batch.decision.number });
      }
    }
    this.catalog.setUpcoming(upcoming);
  }

  private replayBatch(records: Map<string, Procedure>, row: BatchRow, batch: Batch): Map<string, Procedure> {
    const applied = vietnamDay(Date.parse(row.applied_at));
    const day = batch.effectiveDate && batch.effectiveDate > applied ? batch.effectiveDate : applied;
    for (const [i, change] of batch.changes.entries()) {
      const outcome = applyBatch(records, { ...batch, changes: [change] }, { id: row.author, agency: null }, day, { replay: true });
      if (outcome.problems.length) {
        this.log?.warn({ version: row.version, change: i, problems: outcome.problems }, 'stored catalog change no longer applies; skipped');
        continue;
      }
      records = outcome.records;
    }
    return records;
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
