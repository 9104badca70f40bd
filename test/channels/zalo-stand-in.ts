import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from '../support/loopback.js';

/**
 * A stand-in for Zalo's OpenAPI (consultation messages) and OAuth server (token renewal) over real
 * HTTP on 127.0.0.1, reached through ZALO_API_ROOT and ZALO_OAUTH_ROOT. Like Zalo, it answers
 * errors as HTTP 200 with `error != 0`; it accepts only the current access token, takes each
 * refresh token once, and refuses users whose 7-day window is closed (-230).
 */
export interface SentMessage {
  accessToken: string;
  userId: string;
  message: { text: string; attachment?: { type: string; payload: { buttons: Array<{ title: string; type: string; payload: string }> } } };
}

export interface Renewal {
  secretKey: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface ZaloStandIn {
  url: string;
  /** Messages Zalo accepted. */
  sent: SentMessage[];
  /** Every call to /v3.0/oa/message/cs, accepted or not. */
  attempts: SentMessage[];
  renewals: Renewal[];
  sentTo(userId: string): SentMessage[];
  waitFor(match: (sent: SentMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  /** The current access token stops working (as when it expires after 25 hours). */
  expireAccessToken(): void;
  /** The next call answers with this HTTP status (no Zalo body). */
  failNextWithStatus(status: number): void;
  /** The next call answers HTTP 200 with this Zalo error. */
  failNextWithError(error: number, message: string): void;
  closeWindowOf(userId: string): void;
  /** The OA is authorised again (authorization-code flow): a fresh pair replaces every earlier one. */
  authorize(): { accessToken: string; refreshToken: string };
  accessToken: string;
  refreshToken: string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of request) raw += chunk;
  return raw;
}

export async function startZaloStandIn(options: {
  accessToken: string;
  refreshToken: string;
  appId: string;
  appSecret: string;
}): Promise<ZaloStandIn> {
  const sent: SentMessage[] = [];
  const attempts: SentMessage[] = [];
  const renewals: Renewal[] = [];
  const closedWindows = new Set<string>();
  const failures: Array<{ status: number } | { error: number; message: string }> = [];
  const waiters = new Set<() => void>();
  let access: string | undefined = options.accessToken;
  let refresh: string | undefined = options.refreshToken;
  let issued = 0;
  const state = { accessToken: options.accessToken, refreshToken: options.refreshToken };

  const json = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await readBody(request);
    if (request.method === 'POST' && request.url === '/v3.0/oa/message/cs') {
      const body = JSON.parse(raw) as { recipient: { user_id: string }; message: SentMessage['message'] };
      const call: SentMessage = { accessToken: String(request.headers.access_token ?? ''), userId: body.recipient.user_id, message: body.message };
      attempts.push(call);
      const failure = failures.shift();
      if (failure && 'status' in failure) return json(response, failure.status, { message: 'upstream trouble' });
      if (failure) return json(response, 200, failure);
      if (!access || call.accessToken !== access) return json(response, 200, { error: -216, message: 'Access token is invalid' });
      if (closedWindows.has(call.userId))
        return json(response, 200, { error: -230, message: 'User has not interacted with the OA in the last 7 days' });
      sent.push(call);
      for (const w of [...waiters]) w();
      return json(response, 200, { error: 0, message: 'Success', data: { message_id: `m${sent.length}`, user_id: call.userId } });
    }
    if (request.method === 'POST' && request.url === '/v4/oa/access_token') {
      const form = Object.fromEntries(new URLSearchParams(raw));
      const secretKey = request.headers.secret_key as string | undefined;
      renewals.push({ secretKey, contentType: request.headers['content-type'], form });
      const valid =
        secretKey === options.appSecret &&
        form.app_id === options.appId &&
        form.grant_type === 'refresh_token' &&
        refresh !== undefined &&
        form.refresh_token === refresh;
      if (!valid) return json(response, 200, { error: -14014, error_name: 'Invalid refresh token', error_description: 'refresh token is invalid' });
      issued += 1;
      access = `access-renewed-${issued}`;
      refresh = `refresh-renewed-${issued}`; // the old refresh token is spent
      state.accessToken = access;
      state.refreshToken = refresh;
      return json(response, 200, { access_token: access, refresh_token: refresh, expires_in: '90000' });
    }
    json(response, 404, { error: 404, message: 'not found' });
  };

  const server = await listenLoopback(handle);
  const sentTo = (userId: string) => sent.filter((s) => s.userId === userId);

  return {
    url: server.url,
    sent,
    attempts,
    renewals,
    sentTo,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!match(sent)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`the expected Zalo messages did not arrive within ${timeoutMs} ms (${sent.length} sent)`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    expireAccessToken() {
      access = undefined;
    },
    failNextWithStatus(status) {
      failures.push({ status });
    },
    failNextWithError(error, message) {
      failures.push({ error, message });
    },
    closeWindowOf(userId) {
      closedWindows.add(userId);
    },
    authorize() {
      issued += 1;
      access = `access-authorized-${issued}`;
      refresh = `refresh-authorized-${issued}`;
      state.accessToken = access;
      state.refreshToken = refresh;
      return { accessToken: access, refreshToken: refresh };
    },
    get accessToken() {
      return state.accessToken;
    },
    get refreshToken() {
      return state.refreshToken;
    },
    async close() {
      await server.close();
    },
  };
}
