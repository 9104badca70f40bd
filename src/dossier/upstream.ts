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
  breaker?: Partial<BreakerOptions>;
}

/** A retry only makes sense when enough of the budget is left for an answer. */
const MIN_RETRY_BUDGET_MS = 250;
const RETRY_DELAY_MS = 100;
const MAX_BODY_CHARS = 1_000_000;

/** Failures worth one quick retry: the network or a 5xx. */
class RetryableError extends Error {}

export interface UpstreamSource extends DossierSource {
  readonly breaker: CircuitBreaker;
}

/** The generic connector of spec §5: `GET {baseUrl}/dossiers/{code}` with a bearer token. */
export function createUpstreamSource(options: UpstreamOptions): UpstreamSource {
  const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 30_000, ...options.breaker });
  const cacheTtlMs = options.cacheTtlMs ?? 30_000;
  const cache = new Map<string, { record: DossierRecord; expires: number }>();
  const base = options.baseUrl.replace(/\/+$/, '');
  const log = options.logger.child({ component: 'dossier-upstream' });

  async function attempt(code: string, deadline: number): Promise<DossierRecord | null> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new DossierUnavailableError('timeout');
    let response: Response;
    try {
      response = await fetch(`${base}/dossiers/${encodeURIComponent(code)}`, {
        headers: { accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        signal: AbortSignal.timeout(remaining),
      });
    } catch (error) {
      if (isTimeout(error)) throw new DossierUnavailableError('timeout', { cause: error });
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
      if (deadline - Date.now() < MIN_RETRY_BUDGET_MS + RETRY_DELAY_MS) throw unavailable(error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      try {
        return await attempt(code, deadline);
      } catch (retryError) {
        throw retryError instanceof RetryableError ? unavailable(retryError) : retryError;
      }
    }
  }

  return {
    breaker,
    async get(code) {
      const cached = cache.get(code);
      if (cached && cached.expires > Date.now()) return cached.record;
      if (!breaker.tryAcquire()) throw new DossierUnavailableError('circuit open');
      const started = Date.now();
      try {
        const record = await fetchWithRetry(code);
        breaker.recordSuccess();
        if (record) remember(code, record);
        return record;
      } catch (error) {
        breaker.recordFailure();
        log.warn({ reason: (error as Error).message, ms: Date.now() - started, breaker: breaker.state }, 'dossier lookup failed');
        throw error instanceof DossierUnavailableError ? error : unavailable(error);
      }
    },
  };

  function remember(code: string, record: DossierRecord): void {
    const now = Date.now();
    for (const [key, entry] of cache) if (entry.expires <= now) cache.delete(key);
    cache.set(code, { record, expires: now + cacheTtlMs });
  }
}

async function readBody(response: Response): Promise<string> {
  try {
    const body = await response.text();
    if (body.length > MAX_BODY_CHARS) throw new DossierUnavailableError('answer too large');
    return body;
  } catch (error) {
    if (error instanceof DossierUnavailableError) throw error;
    throw new DossierUnavailableError(isTimeout(error) ? 'timeout' : 'broken answer', { cause: error });
  }
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
