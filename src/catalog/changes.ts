import type { Logger } from 'pino';
import type { Pusher } from '../channels/types.js';
import { type Notifications, createNotifications, yieldToLoop } from '../notify/index.js';
import type { ChangeBatchRow, NoticeJob, Repositories } from '../store/index.js';
import {
  type ApplyOutcome,
  type Batch,
  type ChangeAuthor,
  type ChangeSummary,
  type Problem,
  applyBatch,
  parseBatch,
  scopeCovers,
} from './changes/batch.js';
import { variantKey } from '../search/index.js';
import { type NoticeTexts, loadNoticeTexts, renderNotice } from './changes/notices.js';
import { vietnamDay } from '../calendar/index.js';
import type { Procedure } from './schema.js';
import type { Catalog, UpcomingChange } from './store.js';

export type { ChangeAuthor, ChangeSummary, Problem } from './changes/batch.js';
export { scopeCovers } from './changes/batch.js';

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
  constructor(
    readonly reason: 'invalid' | 'forbidden',
    readonly problems: Problem[],
  ) {
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
  /** How answers read, for dry runs. */
  preview?: AnswerPreview;
}

const INTEREST_DAYS = 30;
const INTEREST_REFRESH_MS = 3600_000;
const INTEREST_MEMO = 50_000;
const INTEREST_FLUSH_MS = 1000;
/** Sessions given a notice per transaction; the event loop runs between two. */
const FAN_OUT_BATCH = 500;
const DAY_MS = 24 * 3600_000;
/** How many search results a shadowing check looks at, and the score from which a question counts as answered by a record. */
const SHADOW_NEIGHBOURS = 5;
const SHADOW_ANSWERED = 0.5;
/** How often an instance looks for batches another instance applied (they must reach its answers within 2 s). */
const WATCH_MS = 1000;

export class ChangeLog {
  private readonly repositories: Repositories;
  private readonly notifications: Notifications;
  private readonly texts: NoticeTexts;
  private readonly now: () => number;
  private readonly log: Logger | undefined;
  private lastPrune = 0;
  private readonly recentInterest = new Map<string, number>();
  private readonly pendingInterest = new Map<string, { sessionId: string; code: string; at: number }>();
  private interestTimer: NodeJS.Timeout | undefined;
  private deliveries: Promise<void> = Promise.resolve();
  private readonly base: readonly Procedure[];
  private readonly preview: AnswerPreview | undefined;
  /** The Vietnam day the served catalog was built for: batches with a later effectiveDate wait. */
  private builtFor = '';
  /** Changes applied here, and rebuilds for changes applied elsewhere, run one after another. */
  private applying: Promise<unknown> = Promise.resolve();
  /** How many stored batches the served catalog was built from. */
  private builtFrom = 0;
  private watchTimer: NodeJS.Timeout | undefined;

  /** The change log over the stored batches, with the catalog rebuilt from them before it is served. */
  static async open(
    repositories: Repositories,
    catalog: Catalog,
    baseProcedures: readonly Procedure[],
    options: ChangeLogOptions = {},
  ): Promise<ChangeLog> {
    const changes = new ChangeLog(repositories, catalog, baseProcedures, options);
    await changes.rebuild(repositories);
    return changes;
  }

  private constructor(
    repositories: Repositories,
    private readonly catalog: Catalog,
    baseProcedures: readonly Procedure[],
    options: ChangeLogOptions,
  ) {
    this.repositories = repositories;
    this.notifications = options.notifications ?? createNotifications({ repositories, pushers: options.pushers ?? [], logger: options.logger });
    this.base = baseProcedures;
    this.preview = options.preview;
    this.texts = options.texts ?? loadNoticeTexts();
    this.now = options.now ?? Date.now;
    this.log = options.logger?.child({ component: 'catalog-changes' });
  }

  /**
   * Validates, authorises and applies one batch (the body of `POST /api/v1/admin/catalog/changes`),
   * all or nothing. Throws ChangeRejected listing every problem. A batch with a later effectiveDate
   * is published (stored, listed, announced) at once and served from that Vietnam day on.
   * Notices are stored with the batch and fanned out in the background.
   */
  apply(body: unknown, author: ChangeAuthor): Promise<{ version: number; warnings: Problem[] }> {
    return this.oneAtATime(() => this.applyNow(body, author));
  }

  private oneAtATime<T>(run: () => Promise<T>): Promise<T> {
    const result = this.applying.then(run);
    this.applying = result.catch(() => undefined);
    return result;
  }

  private async applyNow(body: unknown, author: ChangeAuthor): Promise<{ version: number; warnings: Problem[] }> {
    await this.flushInterest();
    await this.refresh();
    const { batch, outcome, version } = await this.repositories.transaction(async (tx) => {
      // Other instances append one at a time too; checked against every batch stored before this one.
      await tx.catalogChanges.lock();
      if ((await tx.catalogChanges.count()) !== this.builtFrom) await this.rebuild(tx);
      const { batch, outcome, appliedAt } = this.check(body, author);
      const jobs = this.noticeJobs(batch, outcome.summaries, outcome.records);
      const stored: Batch = author.agency ? { ...batch, publishedBy: author.agency } : batch;
      const row = {
        version: this.catalog.version + 1,
        appliedAt: appliedAt.toISOString(),
        author: author.id,
        batch: JSON.stringify(stored),
        summaries: JSON.stringify(outcome.summaries),
      };
      await tx.catalogChanges.append(row, jobs);
      // Last step of the transaction: if the catalog refuses the records, nothing is stored. Rebuilt
      // from the base, so a batch in force now never brings forward one that waits for its date.
      await this.rebuild(tx);
      return { batch, outcome, version: this.catalog.version };
    });
    this.log?.info({ version, decision: batch.decision.number, author: author.id, changes: outcome.summaries.length }, 'catalog changes applied');
    this.sendNotices();
    return { version, warnings: outcome.warnings };
  }

  /** The same checks as `apply`, nothing stored: records before and after, and the answers that change on the effective day. */
  async dryRun(body: unknown, author: ChangeAuthor): Promise<DryRun> {
    await this.refresh();
    const { batch, outcome, appliedAt } = this.check(body, author);
    const effectiveDate =
      batch.effectiveDate && batch.effectiveDate > vietnamDay(appliedAt.getTime()) ? batch.effectiveDate : vietnamDay(appliedAt.getTime());
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
    if (!outcome.forbidden.length && !outcome.problems.length) outcome.forbidden.push(...this.shadowing(outcome, author));
    if (outcome.forbidden.length) throw new ChangeRejected('forbidden', outcome.forbidden);
    if (outcome.problems.length) throw new ChangeRejected('invalid', outcome.problems);
    return { batch, outcome, appliedAt };
  }

  /**
   * An agency may add its own procedures but never put one in front of another agency's. An
   * added record (of a scoped token) is refused when one of its names or aliases is one of a
   * record outside the token's scope (the same but for level or channel), or when a question that today finds
   * such a record first (score at least SHADOW_ANSWERED) would find the added one first instead.
   * The questions tried: the added record's name and aliases, and the names and aliases of the
   * records those find today.
   */
  private shadowing(outcome: ApplyOutcome, author: ChangeAuthor): Problem[] {
    if (author.scope === null) return [];
    const added = outcome.summaries.filter((s) => s.action === 'add').map((s) => outcome.records.get(s.code)!);
    if (added.length === 0) return [];
    const foreign = (p: Procedure) => !scopeCovers(author.scope, p);
    const trial = this.catalog.trialSearch([...outcome.records.values()]);
    const problems: Problem[] = [];
    const refuse = (record: Procedure, other: Procedure, question: string) =>
      problems.push({
        path: 'changes',
        code: record.code,
        message: `thủ tục ${record.code} "${record.name}" sẽ che thủ tục ${other.code} "${other.name}" của cơ quan khác (khi người dân hỏi "${question}"); hãy đặt tên và tên gọi khác phân biệt rõ, hoặc đề nghị cơ quan quản lý thủ tục đó sửa đổi`,
      });
    for (const record of added) {
      const own = [record.name, ...record.aliases];
      const neighbours = new Map<string, Procedure>();
      for (const name of own) {
        for (const hit of this.catalog.search.search(name, { limit: SHADOW_NEIGHBOURS }))
          if (foreign(hit.procedure)) neighbours.set(hit.procedure.code, hit.procedure);
      }
      const ownKeys = new Set(own.map(variantKey));
      const variantOf = [...neighbours.values()].find((other) => [other.name, ...other.aliases].some((name) => ownKeys.has(variantKey(name))));
      if (variantOf) {
        refuse(
          record,
          variantOf,
          own.find((name) => [variantOf.name, ...variantOf.aliases].some((n) => variantKey(n) === variantKey(name)))!,
        );
        continue;
      }
      const questions = new Set([...own, ...[...neighbours.values()].flatMap((p) => [p.name, ...p.aliases])]);
      for (const question of questions) {
        const before = this.catalog.search.search(question, { limit: 1 })[0];
        if (!before || before.score < SHADOW_ANSWERED || !foreign(before.procedure)) continue;
        if (trial.search(question, { limit: 1 })[0]?.procedure.code !== record.code) continue;
        refuse(record, before.procedure, question);
        break;
      }
    }
    return problems;
  }

  /** Serves the batches that came into force since the catalog was built (called on a timer and before changes). */
  async refresh(): Promise<void> {
    if (vietnamDay(this.now()) !== this.builtFor) await this.rebuild(this.repositories);
  }

  /** Every applied batch, newest first. */
  async list(limit = 100): Promise<ChangeEntry[]> {
    return (await this.repositories.catalogChanges.latest(limit)).map((row) => {
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

  count(): Promise<number> {
    return this.repositories.catalogChanges.count();
  }

  /** Called whenever the assistant answers about a procedure; remembered for 30 days. */
  recordInterest(sessionId: string, code: string): void {
    const now = this.now();
    // A conversation names the same procedure turn after turn; once an hour is enough for a 30-day memory.
    const key = `${sessionId}\u0000${code}`;
    if (now - (this.recentInterest.get(key) ?? -Infinity) < INTEREST_REFRESH_MS) return;
    this.recentInterest.set(key, now);
    if (this.recentInterest.size > INTEREST_MEMO) this.recentInterest.delete(this.recentInterest.keys().next().value!);
    // Written in one transaction a second later rather than one write per answer; a change applied
    // in between writes them first, so its audience misses nobody.
    this.pendingInterest.set(key, { sessionId, code, at: now });
    this.interestTimer ??= setTimeout(() => {
      this.flushInterest().catch((error: Error) => this.log?.error({ reason: error.message }, 'interest not recorded'));
    }, INTEREST_FLUSH_MS).unref();
  }

  private async flushInterest(): Promise<void> {
    clearTimeout(this.interestTimer);
    this.interestTimer = undefined;
    if (this.pendingInterest.size === 0) return;
    const pending = [...this.pendingInterest.values()];
    this.pendingInterest.clear();
    await this.repositories.transaction(async (tx) => {
      for (const { sessionId, code, at } of pending) await tx.catalogChanges.recordInterest(sessionId, code, at);
    });
    const now = this.now();
    if (now - this.lastPrune > 3600_000) {
      this.lastPrune = now;
      await this.repositories.catalogChanges.pruneInterest(now - INTEREST_DAYS * DAY_MS);
    }
  }

  /**
   * Server start-up (the CLI never calls it): resumes the notices a crash interrupted, and serves
   * the batches other instances apply (a cheap count each second; a rebuild when it moved).
   */
  start(): void {
    this.sendNotices();
    this.watchTimer ??= setInterval(() => {
      this.oneAtATime(async () => {
        if ((await this.repositories.catalogChanges.count()) !== this.builtFrom) {
          await this.rebuild(this.repositories);
          this.log?.info({ version: this.catalog.version }, 'catalog changes applied by another instance now served');
        }
      }).catch((error: Error) => this.log?.error({ reason: error.message }, 'catalog watch failed'));
    }, WATCH_MS);
    this.watchTimer.unref();
  }

  /** Stops watching for other instances' batches. */
  stop(): void {
    clearInterval(this.watchTimer);
    this.watchTimer = undefined;
  }

  /** Resolves when every notice stored so far has been fanned out and offered to its channel once. */
  async settled(): Promise<void> {
    await this.flushInterest();
    await this.deliveries;
  }

  /**
   * Re-applies the stored batches in force today over the base catalog and keeps the later ones
   * as upcoming. The base may have changed since (a new import), so a change that no longer fits
   * is skipped with a warning rather than stopping start-up.
   */
  private async rebuild(repositories: Repositories): Promise<void> {
    const today = vietnamDay(this.now());
    const rows = await repositories.catalogChanges.all();
    this.builtFor = today;
    if (rows.length === 0) return;
    const builtFrom = rows.length;
    let records = new Map(this.base.map((p) => [p.code, p]));
    for (const row of rows) {
      const batch = JSON.parse(row.batch) as Batch;
      if (batch.effectiveDate && batch.effectiveDate > today) continue;
      records = this.replayBatch(records, row, batch);
    }
    this.catalog.replace([...records.values()]);
    // Keep the version monotonic across restarts: it is what /healthz and the change list show.
    this.catalog.version = Math.max(this.catalog.version, rows[rows.length - 1].version);
    this.upcomingAfter(rows);
    this.builtFrom = builtFrom;
  }

  /** The records as the batches not yet in force will make them, by code. */
  private upcomingAfter(rows: ChangeBatchRow[]): void {
    const today = vietnamDay(this.now());
    let records = new Map(this.catalog.all().map((p) => [p.code, p]));
    const upcoming = new Map<string, UpcomingChange>();
    for (const row of rows) {
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

  private replayBatch(records: Map<string, Procedure>, row: ChangeBatchRow, batch: Batch): Map<string, Procedure> {
    const applied = vietnamDay(Date.parse(row.appliedAt));
    const day = batch.effectiveDate && batch.effectiveDate > applied ? batch.effectiveDate : applied;
    for (const [i, change] of batch.changes.entries()) {
      const outcome = applyBatch(records, { ...batch, changes: [change] }, { id: row.author, agency: batch.publishedBy ?? null, scope: null }, day, {
        replay: true,
      });
      if (outcome.problems.length) {
        this.log?.warn({ version: row.version, change: i, problems: outcome.problems }, 'stored catalog change no longer applies; skipped');
        continue;
      }
      records = outcome.records;
    }
    return records;
  }

  /**
   * One notice job per amended or abolished procedure: the message, and who is to get it. Named
   * as people know it now (the record served today), or as added when it is new in this batch.
   */
  private noticeJobs(batch: Batch, summaries: ChangeSummary[], records: ReadonlyMap<string, Procedure>): Array<Omit<NoticeJob, 'id' | 'cursor'>> {
    const since = this.now() - INTEREST_DAYS * DAY_MS;
    return summaries.flatMap((change) => {
      const procedure = this.catalog.get(change.code) ?? records.get(change.code);
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
    this.deliveries = this.deliveries
      .then(async () => {
        await yieldToLoop();
        for (const job of await catalogChanges.pendingJobs()) {
          const message = { text: job.text, suggestions: job.suggestions };
          for (let done = false; !done; await yieldToLoop()) {
            done = await transaction(async (tx) => {
              // Re-read and held: another instance fanning the same job out waits, then goes on from its cursor.
              const current = await tx.catalogChanges.job(job.id);
              if (!current) return true;
              job.cursor = current.cursor;
              const sessions = await tx.catalogChanges.audience(job, FAN_OUT_BATCH);
              await this.notifications.enqueue(
                sessions.map((sessionId) => ({ sessionId, message })),
                'catalog',
                tx,
              );
              job.cursor = sessions.at(-1) ?? job.cursor;
              await tx.catalogChanges.advance(job.id, sessions.length < FAN_OUT_BATCH ? null : job.cursor);
              return sessions.length < FAN_OUT_BATCH;
            });
          }
        }
        await this.notifications.flush();
      })
      .catch((error: Error) => this.log?.error({ reason: error.message }, 'catalog change notices failed'));
  }
}
