import type pino from 'pino';
import { normaliseCode } from './code.js';
import { CircuitBreaker, type BreakerOptions } from './breaker.js';
import { dossierRecordSchema, type DossierRecord } from './schema.js';
import { DossierUnavailableError, type DossierSource } from './source.js';

export interface UpstreamOptions {
  baseUrl: string;
  token?: string;
  /** Upper bound for one lookup, retry included. */
  timeoutMs: number;
  logger: pino.Logger;
  cacheTtlMs?: number;
  /** How long a code whose lookup failed is answered "unavailable" without asking again. */
  failureMemoryMs?: number;
  breaker?: Partial<BreakerOptions>;
  /** Told of each failed lookup: the upstream down, a bad answer, or refused by the open breaker. */
  onFailure?: (kind: 'outage' | 'bad_answer' | 'circuit_open') => void;
}

/** A retry only makes sense when enough of the budget is left for an answer. */
const MIN_RETRY_BUDGET_MS = 250;
const RETRY_DELAY_MS = 100;
const MAX_BODY_BYTES = 1_000_000;
/** Bounds the failure memory however many codes fail. */
const MAX_REMEMBERED_FAILURES = 10_000;

/** Failures worth one quick retry: the network or a 5xx. */
class RetryableError extends Error {}

/**
 * The upstream as a whole is failing (no connection, timeout, 5xx): what the breaker counts.
 * Any other failure (garbage, another code's record, a 4xx) concerns one answer, not the system.
 */
class OutageError extends DossierUnavailableError {}

export interface UpstreamSource extends DossierSource {
  readonly breaker: CircuitBreaker;
}

/** The generic connector of spec §5: `GET {baseUrl}/dossiers/{code}` with a bearer token. */
export function createUpstreamSource(options: UpstreamOptions): UpstreamSource {
  const breaker = new CircuitBreaker({ failureThreshold: 5, windowMs: 60_000, cooldownMs: 30_000, ...options.breaker });
  const cacheTtlMs = options.cacheTtlMs ?? 30_000;
  const failureMemoryMs = options.failureMemoryMs ?? 30_000;
  const cache = new Map<string, { record: DossierRecord; expires: number }>();
  const failed = new Map<string, { error: DossierUnavailableError; expires: number }>();
  const inflight = new Map<string, Promise<DossierRecord | null>>();
  const base = options.baseUrl.replace(/\/+$/, '');
  const log = options.logger.child({ component: 'dossier-upstream' });

  async function attempt(code: string, deadline: number): Promise<DossierRecord | null> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new OutageError('timeout');
    let response: Response;
    try {
      response = await fetch(`${base}/dossiers/${encodeURIComponent(code)}`, {
        headers: { accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        signal: AbortSignal.timeout(remaining),
      });
    } catch (error) {
      if (isTimeout(error)) throw new OutageError('timeout', { cause: error });
      throw new RetryableError('network error', { cause: error });
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new RetryableError(`HTTP ${response.status}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DossierUnavailableError(`HTTP ${response.status}`);
    }
    return parseRecord(code, await readBody(response));
  }

  async function fetchWithRetry(code: string): Promise<DossierRecord | null> {
    const deadline = Date.now() + options.timeoutMs;
    try {
      return await attempt(code, deadline);
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      if (deadline - Date.now() < MIN_RETRY_BUDGET_MS + RETRY_DELAY_MS) throw outage(error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      try {
        return await attempt(code, deadline);
      } catch (retryError) {
        throw retryError instanceof RetryableError ? outage(retryError) : retryError;
      }
    }
  }

  return {
    breaker,
    get(code) {
      const cached = cache.get(code);
      if (cached && cached.expires > Date.now()) return Promise.resolve(cached.record);
      // A code that just failed is not asked again at once: one client repeating it costs nothing.
      const failure = failed.get(code);
      if (failure && failure.expires > Date.now()) return Promise.reject(failure.error);
      // Lookups of a code already on its way share that one request.
      let pending = inflight.get(code);
      if (!pending) {
        pending = lookup(code).finally(() => inflight.delete(code));
        inflight.set(code, pending);
      }
      return pending;
    },
  };

  async function lookup(code: string): Promise<DossierRecord | null> {
    if (!breaker.tryAcquire()) {
      options.onFailure?.('circuit_open');
      throw new DossierUnavailableError('circuit open');
    }
    const started = Date.now();
    try {
      const record = await fetchWithRetry(code);
      breaker.recordSuccess(code);
      failed.delete(code);
      if (record) remember(cache, code, { record, expires: Date.now() + cacheTtlMs });
      return record;
    } catch (caught) {
      const error = caught instanceof DossierUnavailableError ? caught : unavailable(caught);
      if (error instanceof OutageError) breaker.recordFailure(code);
      else breaker.release();
      options.onFailure?.(error instanceof OutageError ? 'outage' : 'bad_answer');
      remember(failed, code, { error, expires: Date.now() + failureMemoryMs });
      log.warn({ reason: error.message, ms: Date.now() - started, breaker: breaker.state }, 'dossier lookup failed');
      throw error;
    }
  }
}

/** Keeps an entry until it expires; expired ones are dropped first, then the oldest past the bound. */
function remember<T extends { expires: number }>(map: Map<string, T>, code: string, entry: T): void {
  const now = Date.now();
  for (const [key, old] of map) if (old.expires <= now || map.size >= MAX_REMEMBERED_FAILURES) map.delete(key);
  map.delete(code);
  map.set(code, entry);
}

/** Reads the body as it streams, and stops (cancelling the download) as soon as it passes the cap. */
async function readBody(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new DossierUnavailableError('answer too large');
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new DossierUnavailableError('answer too large');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DossierUnavailableError) throw error;
    if (isTimeout(error)) throw new OutageError('timeout', { cause: error });
    throw new DossierUnavailableError('broken answer', { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Garbage, or a record for another code, is never shown: it would be someone else's data. */
function parseRecord(code: string, body: string): DossierRecord {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new DossierUnavailableError('answer is not JSON', { cause: error });
  }
  const parsed = dossierRecordSchema.safeParse(json);
  if (!parsed.success) throw new DossierUnavailableError('answer is not a valid dossier record');
  if (normaliseCode(parsed.data.MaHoSo) !== normaliseCode(code)) throw new DossierUnavailableError('answer is for another code');
  return parsed.data;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function unavailable(error: unknown): DossierUnavailableError {
  return new DossierUnavailableError((error as Error).message, { cause: error });
}

function outage(error: unknown): OutageError {
  return new OutageError((error as Error).message, { cause: error });
}
