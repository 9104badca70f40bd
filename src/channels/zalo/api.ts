import type { Logger } from 'pino';
import type { ZaloMessage } from './format.js';
import type { ZaloStore } from './store.js';

/** Zalo answers errors as HTTP 200 with `error != 0`; this carries the code. */
export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Zalo error ${code}: ${message}`);
  }
}

/** Invalid or expired access token: renew once and call again. */
const TOKEN_ERRORS = new Set([-216, -220, -124]);
/** Too many requests: worth another try after a pause. */
const RATE_LIMITED = -32;
/** The user's last message is more than 7 days old: Zalo refuses any consultation message. */
export const WINDOW_CLOSED = -230;

export interface ZaloApiOptions {
  apiRoot: string;
  oauthRoot: string;
  appId: string;
  appSecret?: string;
  store: ZaloStore;
  logger: Logger;
  /** Bound for one HTTP call. */
  timeoutMs?: number;
  /** Pauses before the retries of a call that failed on the network, a 5xx or a rate limit. */
  retryDelaysMs?: number[];
}

export interface ZaloApi {
  /** Sends one consultation message to a user; throws ZaloApiError when Zalo refuses it. */
  send(userId: string, message: ZaloMessage): Promise<void>;
}

class Transient extends Error {}

interface ZaloReply {
  error?: number;
  message?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const root = (url: string) => url.replace(/\/+$/, '');

async function readJson(response: Response): Promise<Record<string, unknown>> {
  if (response.status === 429 || response.status >= 500) throw new Transient(`HTTP ${response.status}`);
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw new Transient(`HTTP ${response.status} without a JSON body`);
  return body;
}

export function createZaloApi(opts: ZaloApiOptions): ZaloApi {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const delays = opts.retryDelaysMs ?? [1000, 2000, 4000];
  let renewing: Promise<void> | undefined;

  async function post(accessToken: string, userId: string, message: ZaloMessage): Promise<ZaloReply> {
    let response: Response;
    try {
      response = await fetch(`${root(opts.apiRoot)}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: accessToken },
        body: JSON.stringify({ recipient: { user_id: userId }, message }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Transient((error as Error).message);
    }
    return (await readJson(response)) as ZaloReply;
  }

  /** One renewal at a time: refresh tokens are single-use, so two at once would lose the pair. */
  async function renew(staleToken: string): Promise<void> {
    if (renewing) return renewing;
    if ((await opts.store.tokens()).accessToken !== staleToken) return; // another call renewed it meanwhile
    renewing = (async () => {
      const { refreshToken } = await opts.store.tokens();
      if (!refreshToken || !opts.appSecret)
        throw new ZaloApiError(-216, 'access token invalid and no ZALO_REFRESH_TOKEN / ZALO_APP_SECRET to renew it');
      let response: Response;
      try {
        response = await fetch(`${root(opts.oauthRoot)}/v4/oa/access_token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: opts.appSecret },
          body: new URLSearchParams({ refresh_token: refreshToken, app_id: opts.appId, grant_type: 'refresh_token' }).toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new Transient(`token renewal: ${(error as Error).message}`);
      }
      const body = await readJson(response);
      if (typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
        throw new ZaloApiError(
          Number(body.error ?? -1),
          `token renewal refused (${String(body.error_name ?? body.message ?? 'no token in the answer')})`,
        );
      }
      await opts.store.saveTokens({ accessToken: body.access_token, refreshToken: body.refresh_token });
      opts.logger.info('Zalo access token renewed');
    })().finally(() => (renewing = undefined));
    return renewing;
  }

  async function sendOnce(userId: string, message: ZaloMessage): Promise<void> {
    const token = (await opts.store.tokens()).accessToken;
    if (!token) throw new ZaloApiError(-216, 'no access token: set ZALO_ACCESS_TOKEN');
    let reply = await post(token, userId, message);
    if (reply.error !== undefined && TOKEN_ERRORS.has(reply.error)) {
      await renew(token);
      reply = await post((await opts.store.tokens()).accessToken ?? '', userId, message);
    }
    if (reply.error === RATE_LIMITED) throw new Transient('rate limited');
    if (reply.error !== 0) throw new ZaloApiError(typeof reply.error === 'number' ? reply.error : -1, reply.message ?? 'no error code in the answer');
  }

  return {
    async send(userId, message) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await sendOnce(userId, message);
        } catch (error) {
          if (!(error instanceof Transient) || attempt >= delays.length) throw error;
          opts.logger.warn({ attempt: attempt + 1, reason: error.message }, 'Zalo call failed; retrying');
          await sleep(delays[attempt]);
        }
      }
    },
  };
}
