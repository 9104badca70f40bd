/**
 * What the features need from storage, one interface per kind of data. Feature modules use these
 * and never SQL; `sqlite/` implements them, and a second backend implements them again and runs
 * the contract suites in `test/store`. Every call returns a promise (SQLite answers at once,
 * PostgreSQL over the network); `transaction` runs an async function with repositories bound to
 * one transaction, so calls on several repositories commit or roll back together.
 */

export interface SessionRow {
  state: string;
  updatedAt: number;
}

export interface SessionRepository {
  get(id: string): Promise<SessionRow | undefined>;
  put(id: string, state: string, updatedAt: number): Promise<void>;
  /** Forgets sessions untouched since `before`; returns how many. */
  purge(before: number): Promise<number>;
}

export interface InboxItem {
  kind: 'feedback' | 'staff_question';
  sessionId: string;
  text: string;
  /** JSON of the recent turns. */
  conversation: string;
}

export interface InboxRepository {
  add(item: InboxItem): Promise<number>;
  list(limit: number): Promise<Array<InboxItem & { id: number; createdAt: string }>>;
}

export interface Fingerprint {
  status: string;
  due: string;
}

export interface SubscriptionRepository {
  /** False when the session already follows the code. */
  add(sessionId: string, code: string, current: Fingerprint, firstPollAt: number, at: number): Promise<boolean>;
  /** Removes one subscription, or all of the session's when no code is given; returns the count. */
  remove(sessionId: string, code?: string): Promise<number>;
  codesOf(sessionId: string): Promise<string[]>;
  codesToPoll(now: number, all: boolean): Promise<Array<{ code: string; failures: number }>>;
  reschedule(code: string, nextPollAt: number, failures: number): Promise<void>;
  /**
   * Moves every follower's fingerprint to `current` (compare-and-set) and returns the followers
   * that had seen something else, with what they had seen: call it inside the transaction that
   * stores their notices, so a change is announced once however many pollers see it. Ends the
   * watch when `final`.
   */
  recordState(code: string, current: Fingerprint, final: boolean): Promise<Array<{ sessionId: string; previous: Fingerprint }>>;
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
  enqueue(notices: NoticeInput[]): Promise<void>;
  /** Removes and returns the session's unexpired outbox messages, oldest first. */
  take(sessionId: string, now: number): Promise<StoredNotice[]>;
  /** The push-channel notice due first (waiting, or left `sending` by a crash), if any is due by `now`. */
  nextDue(now: number): Promise<StoredNotice | undefined>;
  /** Committed before the send: counts the attempt. */
  markSending(id: number): Promise<void>;
  /** Delivered: the notice is gone. */
  markSent(id: number): Promise<void>;
  retryAt(id: number, at: number): Promise<void>;
  /** The platform will never take it (e.g. Zalo's window closed): recorded with its reason, and gone. */
  markUndeliverable(id: number, reason: string, at: number): Promise<void>;
  /** Newest first (staff, tests). */
  undeliverable(limit: number): Promise<UndeliverableNotice[]>;
  /** Deletes up to `limit` expired notices; returns how many. */
  expire(now: number, limit: number): Promise<number>;
  /** How many wait for a session (tests, benchmarks). */
  count(sessionId?: string): Promise<number>;
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
  createToken(hash: string, agency: string, role: string, createdAt: string): Promise<number>;
  tokenByHash(hash: string): Promise<TokenRow | undefined>;
  recordStaffView(view: StaffView): Promise<void>;
  staffViews(limit: number): Promise<StaffView[]>;
}

export interface ChannelStateRepository {
  /** True the first time (bot, update) is seen. */
  markSeen(botId: number, updateId: number, at: number): Promise<boolean>;
  putCallback(id: string, text: string, at: number): Promise<void>;
  callbackText(id: string): Promise<string | undefined>;
  prune(seenBefore: number, callbacksBefore: number): Promise<void>;
  /** True the first time a channel sees an event id (string ids: Zalo's exceed 2^53). */
  markEventSeen(channel: string, eventId: string, at: number): Promise<boolean>;
  pruneEvents(channel: string, seenBefore: number): Promise<void>;
  /** A channel's own secrets that change at run time (a renewed token pair), as one JSON text. */
  credentials(key: string): Promise<string | undefined>;
  putCredentials(key: string, value: string, at: number): Promise<void>;
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
  append(batch: ChangeBatchRow, jobs: Array<Omit<NoticeJob, 'id' | 'cursor'>>): Promise<void>;
  /** Oldest first. */
  all(): Promise<ChangeBatchRow[]>;
  /** Newest first. */
  latest(limit: number): Promise<ChangeBatchRow[]>;
  count(): Promise<number>;
  recordInterest(sessionId: string, code: string, at: number): Promise<void>;
  pruneInterest(before: number): Promise<void>;
  pendingJobs(): Promise<NoticeJob[]>;
  /** The next sessions after the job's cursor, in session id order. */
  audience(job: NoticeJob, limit: number): Promise<string[]>;
  /** Moves the cursor; `null` ends the job. */
  advance(jobId: number, cursor: string | null): Promise<void>;
}

export interface DossierRegistryRepository {
  get(code: string): Promise<string | undefined>;
  put(code: string, record: string, updatedAt: number): Promise<void>;
  count(): Promise<number>;
  codes(): Promise<string[]>;
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
  /**
   * Runs `fn` with repositories bound to one transaction: everything it does commits together
   * when it resolves, or not at all when it throws. Use only the repositories it is given.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}
