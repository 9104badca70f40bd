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
  /** The procedure the conversation was about, if any. */
  procedureCode?: string | null;
}

export type InboxStatus = 'new' | 'assigned' | 'answered';

export interface InboxRecord extends InboxItem {
  id: number;
  /** ISO 8601, UTC. */
  createdAt: string;
  procedureCode: string | null;
  status: InboxStatus;
  assignee: string | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

export interface InboxAnswer {
  text: string;
  by: string;
  /** ISO 8601, UTC. */
  at: string;
}

export interface InboxRepository {
  add(item: InboxItem): Promise<number>;
  list(limit: number): Promise<Array<InboxItem & { id: number; createdAt: string }>>;
  get(id: number): Promise<InboxRecord | undefined>;
  /** Every status when none is given; newest first, or oldest first (a queue to work through). */
  byStatus(status: InboxStatus | undefined, limit: number, order?: 'newest' | 'oldest'): Promise<InboxRecord[]>;
  /** Gives an unanswered item to `person`; the item as it is then, or undefined when unknown. */
  assign(id: number, person: string): Promise<InboxRecord | undefined>;
  /**
   * Compare-and-set: records the answer only if the item is not answered yet; an unassigned item
   * goes to the person answering. `answered` means this call did it: exactly one caller ever gets
   * it. The caller stores the message to the citizen in the same transaction.
   */
  answer(id: number, answer: InboxAnswer): Promise<'answered' | 'already_answered' | 'not_found'>;
  /** Forgets up to `limit` items created before `before` (ISO 8601), oldest first; returns how many. */
  purge(before: string, limit: number): Promise<number>;
}

export type TurnOutcome = 'answered' | 'clarified' | 'unanswered' | 'out_of_scope';

/** One assistant turn, as analytics keep it: the text scrubbed, no session id. */
export interface TurnEntry {
  /** Epoch ms and its Vietnam day (YYYY-MM-DD). */
  at: number;
  day: string;
  channel: string;
  intent: string;
  confidence: number;
  procedureCode: string | null;
  outcome: TurnOutcome;
  text: string;
  /** What the assistant did, in short (the outcome, the procedure or the options offered). */
  action: string;
}

export interface TurnCounts {
  /** Per Vietnam day and outcome. */
  byDay: Array<{ day: string; outcome: TurnOutcome; count: number }>;
  procedures: Array<{ code: string; count: number }>;
  intents: Array<{ intent: string; count: number }>;
}

export interface TurnRepository {
  record(turn: TurnEntry): Promise<void>;
  /** Counts over the days `from`..`to` (inclusive); the top `top` procedures and intents. */
  counts(from: string, to: string, top: number): Promise<TurnCounts>;
  /** Turns of the days, oldest first; only those below `belowConfidence` when given. */
  entries(from: string, to: string, options: { belowConfidence?: number; limit: number }): Promise<TurnEntry[]>;
  /** Forgets up to `limit` turns before `before` (epoch ms), oldest first; returns how many. */
  purge(before: number, limit: number): Promise<number>;
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
  /**
   * Up to `limit` codes due by `now`, claimed: not handed out again before `now + leaseMs` unless
   * rescheduled, so several pollers share the work without polling a code twice, and a code whose
   * poller died is polled again once the lease runs out.
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<Array<{ code: string; failures: number }>>;
  /** Every followed code, due or not (a full poll). */
  watched(): Promise<Array<{ code: string; failures: number }>>;
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
  /**
   * Claims the push-channel notice due first by `now` (new, a retry whose time came, or one whose
   * sender died: its lease ran out): `sending`, the attempt counted (the notice is returned with
   * it), and handed to nobody else before `now + leaseMs`. Committed before the send.
   */
  claimDue(now: number, leaseMs: number): Promise<StoredNotice | undefined>;
  /** Delivered: the notice is gone. */
  markSent(id: number): Promise<void>;
  retryAt(id: number, at: number): Promise<void>;
  /** The platform will never take it (e.g. Zalo's window closed): recorded with its reason, and gone. */
  markUndeliverable(id: number, reason: string, at: number): Promise<void>;
  /** Newest first (staff, tests). */
  undeliverable(limit: number, filter?: { sessionId?: string; source?: NoticeSource }): Promise<UndeliverableNotice[]>;
  /** Deletes up to `limit` expired notices; returns how many. */
  expire(now: number, limit: number): Promise<number>;
  /** How many wait for a session (tests, benchmarks). */
  count(sessionId?: string): Promise<number>;
}

export type TokenRole = 'admin' | 'staff' | 'integration';

/** A personal bearer token: only the sha256 of the secret is stored. */
export interface TokenRow {
  id: number;
  /** The person (or integration) the token belongs to, named in the audit. */
  name: string;
  role: string;
  /** The agency the person works for; null acts for none in particular (integration, all-agency staff). */
  agency: string | null;
  /** Procedure codes or fields the token may change (admin) or see unmasked (staff); empty: none named. */
  scope: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface NewToken {
  hash: string;
  name: string;
  role: TokenRole;
  agency: string | null;
  scope: string[];
  createdAt: string;
}

/** One line of the access audit: who (person and token), from where, did or was refused what. */
export interface AuditEntry {
  at: string;
  /** `env:admin`, `env:staff`, `token:<id>`, or '' when no valid token was shown. */
  actor: string;
  person: string;
  address: string;
  /** e.g. `dossier.view`, `catalog.change`, or the route of a refusal (`GET /api/v1/staff/dossiers/:receiptCode`). */
  action: string;
  /** What was acted on (a receipt code, the codes of a batch); '' when nothing. */
  target: string;
  /** The HTTP status answered: 200/201, or the refusal's 401/403/429. */
  status: number;
}

/**
 * Tokens and the access audit. Every read goes to the database, so a token revoked from the CLI
 * is refused by a running server at once.
 */
export interface AccessRepository {
  createToken(token: NewToken): Promise<number>;
  /** The token with this hash unless it was revoked. */
  tokenByHash(hash: string): Promise<TokenRow | undefined>;
  /** Every token, revoked ones too, oldest first. */
  listTokens(): Promise<TokenRow[]>;
  /** False when no token has this id or it was already revoked. */
  revokeToken(id: number, at: string): Promise<boolean>;
  audit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  auditLog(limit: number): Promise<AuditEntry[]>;
}

/**
 * Session ids the citizen API handed out (spec §2): only these continue a conversation. Kept
 * apart from the conversation state, which expires after minutes, because a dossier notice may
 * reach the session days later.
 */
export interface IssuedSessionRepository {
  issue(id: string, at: number): Promise<void>;
  /** True when the server issued `id`; records the use, so an id in use is never purged. */
  claim(id: string, at: number): Promise<boolean>;
  /** Forgets ids unused since `before`; returns how many. */
  purge(before: number): Promise<number>;
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
  /** Inside a transaction: holds every other instance's append until this one commits. */
  lock(): Promise<void>;
  /** Inside a transaction: the job as stored now (undefined once finished), held until commit. */
  job(id: number): Promise<NoticeJob | undefined>;
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
  turns: TurnRepository;
  subscriptions: SubscriptionRepository;
  notices: NoticeRepository;
  access: AccessRepository;
  issuedSessions: IssuedSessionRepository;
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
