import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from '../support/loopback.js';

/**
 * A Telegram Bot API stand-in over real HTTP on 127.0.0.1, reached through TELEGRAM_API_ROOT.
 * It answers the methods the channel uses, records every call, and can fail or delay a call.
 */
export interface ApiCall {
  method: string;
  payload: Record<string, any>;
}

interface Failure {
  status: number;
  description: string;
  retryAfter?: number;
}

export interface BotApiStandIn {
  url: string;
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  /** Resolves with the first matching call (made before or after), or rejects after `timeoutMs`. */
  waitFor(method: string, match?: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  failNext(method: string, failure: Failure): void;
  /** Calls matching never get an answer (a Bot API that hangs) until `release()` or close. */
  hang(method: string, match: (call: ApiCall) => boolean): void;
  release(): void;
  /** Queues updates for the next getUpdates (long polling). */
  queueUpdates(...updates: object[]): void;
  reset(): void;
  close(): Promise<void>;
}

export const standInBot = { id: 123456, is_bot: true, first_name: 'Một Cửa', username: 'motcua_test_bot' };

async function readJson(request: IncomingMessage): Promise<Record<string, any>> {
  let raw = '';
  for await (const chunk of request) raw += chunk;
  return raw === '' ? {} : JSON.parse(raw);
}

export async function startBotApiStandIn(token: string): Promise<BotApiStandIn> {
  const calls: ApiCall[] = [];
  const failures = new Map<string, Failure[]>();
  const waiters = new Set<() => void>();
  let pendingUpdates: object[] = [];
  let pollers: Array<() => void> = [];
  let messageId = 0;
  const hanging: Array<{ method: string; match: (call: ApiCall) => boolean }> = [];
  const releaseHung: Array<() => void> = [];

  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const resultFor = async (method: string, payload: Record<string, any>): Promise<unknown> => {
    switch (method) {
      case 'getMe':
        return { ...standInBot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'sendMessage':
        messageId += 1;
        return {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: 'private' },
          from: standInBot,
          text: payload.text,
        };
      case 'getUpdates': {
        if (pendingUpdates.length === 0) {
          // Long polling: hold the request until updates arrive or the poll times out.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(Number(payload.timeout ?? 0), 2) * 1000);
            pollers.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        const batch = pendingUpdates;
        pendingUpdates = [];
        return batch;
      }
      default:
        return true;
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    const send = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!match || decodeURIComponent(match[1]) !== token) {
      send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const method = match[2];
    const payload = await readJson(request);
    calls.push({ method, payload });
    notify();
    if (hanging.some((h) => h.method === method && h.match({ method, payload }))) {
      await new Promise<void>((resolve) => releaseHung.push(resolve));
      if (response.destroyed) return;
    }
    const failure = failures.get(method)?.shift();
    if (failure) {
      send(failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.description,
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
      return;
    }
    send(200, { ok: true, result: await resultFor(method, payload) });
  };

  const server = await listenLoopback(handle);

  const callsTo = (method: string) => calls.filter((c) => c.method === method);

  return {
    url: server.url,
    calls,
    callsTo,
    waitFor(method, matchCall = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = callsTo(method).find(matchCall);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${method} call matched within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    hang(method, match) {
      hanging.push({ method, match });
    },
    release() {
      hanging.length = 0;
      for (const r of releaseHung.splice(0)) r();
    },
    queueUpdates(...updates) {
      pendingUpdates.push(...updates);
      const waiting = pollers;
      pollers = [];
      for (const p of waiting) p();
    },
    reset() {
      calls.length = 0;
      failures.clear();
    },
    async close() {
      for (const r of releaseHung.splice(0)) r();
      for (const p of pollers) p();
      pollers = [];
      await server.close();
    },
  };
}
