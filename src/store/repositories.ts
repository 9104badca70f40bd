/**
 * What the features need from storage, one interface per kind of data. Feature modules use these
 * and never SQL; `sqlite/` implements them, and a second backend implements them again and runs
 * the contract suites in `test/store`. Calls are synchronous (better-sqlite3); `transaction`
 * groups calls on several repositories into one atomic unit.
 */

export interface SessionRow {
  state: string;
  updatedAt: number;
}

export interface SessionRepository {
  get(id: string): SessionRow | undefined;
  put(id: string, state: string, updatedAt: number): void;
  /** Forgets sessions untouched since `before`; returns how many. */
  purge(before: number): number;
}

export interface InboxItem {
  kind: 'feedback' | 'staff_question';
  sessionId: string;
  text: string;
  /** JSON of the recent turns. */
  conversation: string;
}

export interface InboxRepository {
  add(item: InboxItem): number;
  list(limit: number): Array<InboxItem & { id: number; createdAt: string }>;
}

export interface Fingerprint {
  status: string;
  due: string;
}

export interface SubscriptionRepository {
  /** False when the session already follows the code. */
  add(sessionId: string, code: string, current: Fingerprint, firstPollAt: number, at: number): boolean;
  /** Removes one subscription, or all of the session's when no code is given; returns the count. */
  remove(sessionId: string, code?: string): number;
  codesOf(sessionId: string): string[];
  codesToPoll(now: number, all: boolean): Array<{ code: string; failures: number }>;
  reschedule(code: string, nextPollAt: number, failures: number): void;
  /**
   * Moves every follower's fingerprint to `current` (compare-and-set); calls `changed` for each
   * follower that had seen something else, inside the same transaction. Ends the watch when `final`.
   * Returns how many followers changed.
   */
  recordState(code: string, current: Fingerprint, final: boolean, changed: (sessionId: string, previous: Fingerprint) => void): number;
}

export type NoticeSource = 'dossier' | 'catalog' | 'staff';
/** `outbox` rows wait to be read by their session; any other channel is pushed by the dispatcher. */
export const OUTBOX = 'outbox';

export interface NoticeInput {
  sessionId: string;
  channel: string;
  source: NoticeSource;
  text: string;
  suggestions: string[];
  createdAt: number;
  expiresAt: number;
}

export interface StoredNotice extends NoticeInput {
  id: number;
  state: 'waiting' | 'sending';
  attempts: number;
}

export interface UndeliverableNotice {
  sessionId: string;
  channel: string;
  source: NoticeSource;
  reason: string;
  createdAt: number;
  recordedAt: number;
}

export interface NoticeRepository {
  /** Stores messages; push-channel ones become due at once. */
  enqueue(notices: NoticeInput[]): void;
  /** Removes and returns the session's unexpired outbox messages, oldest first. */
  take(sessionId: string, now: number): StoredNotice[];
  /** The push-channel notice due first (waiting, or left `sending` by a crash), if any is due by `now`. */
  nextDue(now: number): StoredNotice | undefined;
  /** Committed before the send: counts the attempt. */
  markSending(id: number): void;
  /** Delivered: the notice is gone. */
  markSent(id: number): void;
  retryAt(id: number, at: number): void;
  /** The platform will never take it (e.g. Zalo's window closed): recorded with its reason, and gone. */
  markUndeliverable(id: number, reason: string, at: number): void;
  /** Newest first (staff, tests). */
  undeliverable(limit: number): UndeliverableNotice[];
  /** Deletes up to `limit` expired notices; returns how many. */
  expire(now: number, limit: number): number;
  /** How many wait for a session (tests, benchmarks). */
  count(sessionId?: string): number;
}

export interface TokenRow {
  id: number;
  agency: string;
  role: string;
}

export interface StaffView {
  staffId: string;
  code: string;
  outcome: string;
  viewedAt: string;
}

export interface AccessRepository {
  createToken(hash: string, agency: string, role: string, createdAt: string): number;
  tokenByHash(hash: string): TokenRow | undefined;
  recordStaffView(view: StaffView): void;
  staffViews(limit: number): StaffView[];
}

export interface ChannelStateRepository {
  /** True the first time (bot, update) is seen. */
  markSeen(botId: number, updateId: number, at: number): boolean;
  putCallback(id: string, text: string, at: number): void;
  callbackText(id: string): string | undefined;
  prune(seenBefore: number, callbacksBefore: number): void;
  /** True the first time a channel sees an event id (string ids: Zalo's exceed 2^53). */
  markEventSeen(channel: string, eventId: string, at: number): boolean;
  pruneEvents(channel: string, seenBefore: number): void;
  /** A channel's own secrets that change at run time (a renewed token pair), as one JSON text. */
  credentials(key: string): string | undefined;
  putCredentials(key: string, value: string, at: number): void;
}

export interface ChangeBatchRow {
  version: number;
  appliedAt: string;
  author: string;
  /** JSON of the batch and of its summaries. */
  batch: string;
  summaries: string;
}

/** A catalog-change notice still to be fanned out to the sessions interested in `code`. */
export interface NoticeJob {
  id: number;
  code: string;
  /** Interest older than this does not count. */
  since: number;
  /** The last session id already given the notice ('' before the first). */
  cursor: string;
  text: string;
  suggestions: string[];
}

export interface CatalogChangeRepository {
  /** Stores a batch with the notice jobs it starts. */
  append(batch: ChangeBatchRow, jobs: Array<Omit<NoticeJob, 'id' | 'cursor'>>): void;
  /** Oldest first. */
  all(): ChangeBatchRow[];
  /** Newest first. */
  latest(limit: number): ChangeBatchRow[];
  count(): number;
  recordInterest(sessionId: string, code: string, at: number): void;
  pruneInterest(before: number): void;
  pendingJobs(): NoticeJob[];
  /** The next sessions after the job's cursor, in session id order. */
  audience(job: NoticeJob, limit: number): string[];
  /** Moves the cursor; `null` ends the job. */
  advance(jobId: number, cursor: string | null): void;
}

export interface DossierRegistryRepository {
  get(code: string): string | undefined;
  put(code: string, record: string, updatedAt: number): void;
  count(): number;
  codes(): string[];
}

export interface HealthRepository {
  /** Resolves when the store takes writes now; rejects with the reason otherwise (`/readyz`). */
  writable(): Promise<void>;
}

export interface Repositories {
  sessions: SessionRepository;
  inbox: InboxRepository;
  subscriptions: SubscriptionRepository;
  notices: NoticeRepository;
  access: AccessRepository;
  channelState: ChannelStateRepository;
  catalogChanges: CatalogChangeRepository;
  dossierRegistry: DossierRegistryRepository;
  health: HealthRepository;
  transaction<T>(fn: () => T): T;
}
