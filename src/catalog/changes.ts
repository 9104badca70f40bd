import type { Logger } from 'pino';
import type { Pusher } from '../channels/types.js';
import { type Notifications, createNotifications, yieldToLoop } from '../notify/index.js';
import { type Db, type NoticeJob, type Repositories, repositoriesOf } from '../store/index.js';
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
 * last 30 days get a notice: a job per changed procedure is stored with the batch, then fanned
 * out in batches onto the notification path, resuming where it stopped after a crash.
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
  /** The shared notification path; made from `pushers` when not given. */
  notifications?: Notifications;
  logger?: Logger;
  texts?: NoticeTexts;
  now?: () => number;
}

const INTEREST_DAYS = 30;
/** Sessions given a notice per transaction; the event loop runs between two. */
const FAN_OUT_BATCH = 500;
const DAY_MS = 24 * 3600_000;
const vietnamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

export class ChangeLog {
  private readonly repositories: Repositories;
  private readonly notifications: Notifications;
  private readonly texts: NoticeTexts;
  private readonly now: () => number;
  private readonly log: Logger | undefined;
  private lastPrune = 0;
  private deliveries: Promise<void> = Promise.resolve();

  constructor(db: Db, private readonly catalog: Catalog, baseProcedures: readonly Procedure[], options: ChangeLogOptions = {}) {
    this.repositories = repositoriesOf(db);
    this.notifications = options.notifications ?? createNotifications({ db, pushers: options.pushers ?? [], logger: options.logger });
    this.texts = options.texts ?? loadNoticeTexts();
    this.now = options.now ?? Date.now;
    this.log = options.logger?.child({ component: 'catalog-changes' });
    this.replay(baseProcedures);
  }

  /**
   * Validates, authorises and applies one batch (the body of `POST /api/v1/admin/catalog/changes`),
   * all or nothing. Throws ChangeRejected listing every problem. Notices are stored with the
   * batch and fanned out in the background.
   */
  apply(body: unknown, author: ChangeAuthor): { version: number } {
    const { batch, problems } = parseBatch(body);
    if (!batch) throw new ChangeRejected('invalid', problems);
    const appliedAt = new Date(this.now());
    const current = new Map(this.catalog.all().map((p) => [p.code, p]));
    const outcome = applyBatch(current, batch, author, vietnamDay.format(appliedAt));
    if (outcome.forbidden.length) throw new ChangeRejected('forbidden', outcome.forbidden);
    if (outcome.problems.length) throw new ChangeRejected('invalid', outcome.problems);

    const jobs = this.noticeJobs(batch, outcome.summaries, outcome.records);
    const version = this.repositories.transaction(() => {
      const row = { version: this.catalog.version + 1, appliedAt: appliedAt.toISOString(), author: author.id, batch: JSON.stringify(batch), summaries: JSON.stringify(outcome.summaries) };
      this.repositories.catalogChanges.append(row, jobs);
      // Last step of the transaction: if the catalog refuses the records, nothing is stored.
      return this.catalog.replace([...outcome.records.values()]);
    });
    this.log?.info({ version, decision: batch.decision.number, author: author.id, changes: outcome.summaries.length }, 'catalog changes applied');
    this.sendNotices();
    return { version };
  }

  /** Every applied batch, newest first. */
  list(limit = 100): ChangeEntry[] {
    return this.repositories.catalogChanges.latest(limit).map((row) => {
      const batch = JSON.parse(row.batch) as Batch;
      return {
        decision: batch.decision,
        effectiveDate: batch.effectiveDate ?? null,
        version: row.version,
        appliedAt: row.appliedAt,
        changes: JSON.parse(row.summaries) as ChangeSummary[],
      };
    });
  }

  get count(): number {
    return this.repositories.catalogChanges.count();
  }

  /** Called whenever the assistant answers about a procedure; remembered for 30 days. */
  recordInterest(sessionId: string, code: string): void {
    const now = this.now();
    this.repositories.catalogChanges.recordInterest(sessionId, code, now);
    if (now - this.lastPrune > 3600_000) {
      this.lastPrune = now;
      this.repositories.catalogChanges.pruneInterest(now - INTEREST_DAYS * DAY_MS);
    }
  }

  /** Resumes the notices a crash interrupted (server start-up; the CLI never calls it). */
  start(): void {
    this.sendNotices();
  }

  /** Resolves when every notice stored so far has been fanned out and offered to its channel once. */
  settled(): Promise<void> {
    return this.deliveries;
  }

  /**
   * Re-applies the stored batches over the base catalog. The base may have changed since (a new
   * import), so a change that no longer fits is skipped with a warning rather than stopping start-up.
   */
  private replay(base: readonly Procedure[]): void {
    const rows = this.repositories.catalogChanges.all();
    if (rows.length === 0) return;
    let records = new Map(base.map((p) => [p.code, p]));
    for (const row of rows) {
      const batch = JSON.parse(row.batch) as Batch;
      const day = vietnamDay.format(new Date(row.appliedAt));
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

  /** One notice job per amended or abolished procedure: the message, and who is to get it. */
  private noticeJobs(batch: Batch, summaries: ChangeSummary[], records: ReadonlyMap<string, Procedure>): Array<Omit<NoticeJob, 'id' | 'cursor'>> {
    const since = this.now() - INTEREST_DAYS * DAY_MS;
    return summaries.flatMap((change) => {
      const procedure = records.get(change.code);
      if (change.action === 'add' || !procedure) return [];
      const message = renderNotice(this.texts, {
        action: change.action,
        procedure,
        decision: batch.decision.number,
        summary: change.summary,
        effectiveDate: batch.effectiveDate,
      });
      return [{ code: change.code, since, text: message.text, suggestions: message.suggestions ?? [] }];
    });
  }

  /**
   * Fans the stored jobs out onto the notification path, a batch of sessions per transaction
   * (notices and the job's cursor move together, so a crash neither loses nor repeats any), then
   * asks it to deliver. Chained and started on a later tick: the HTTP answer never waits.
   */
  private sendNotices(): void {
    const { catalogChanges, transaction } = this.repositories;
    this.deliveries = this.deliveries.then(async () => {
      await yieldToLoop();
      for (const job of catalogChanges.pendingJobs()) {
        const message = { text: job.text, suggestions: job.suggestions };
        for (let done = false; !done; await yieldToLoop()) {
          done = transaction(() => {
            const sessions = catalogChanges.audience(job, FAN_OUT_BATCH);
            this.notifications.enqueue(sessions.map((sessionId) => ({ sessionId, message })), 'catalog');
            job.cursor = sessions.at(-1) ?? job.cursor;
            catalogChanges.advance(job.id, sessions.length < FAN_OUT_BATCH ? null : job.cursor);
            return sessions.length < FAN_OUT_BATCH;
          });
        }
      }
      await this.notifications.flush();
    }).catch((error: Error) => this.log?.error({ reason: error.message }, 'catalog change notices failed'));
  }
}
