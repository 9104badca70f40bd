import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Assistant } from '../../dialog/types.js';
import type { Repositories } from '../../store/index.js';
import { type FloodLimits, FloodQueue } from '../flood.js';
import { type OutboundMessage, type Pusher, Undeliverable } from '../types.js';
import { createZaloApi, WINDOW_CLOSED, ZaloApiError } from './api.js';
import { toZaloMessages } from './format.js';
import { describeError, zaloHandler } from './handlers.js';
import { ZaloStore } from './store.js';
import { registerZaloWebhook } from './webhook.js';

export interface ZaloDeps {
  config: Config;
  assistant: Assistant;
  logger: Logger;
  repositories: Repositories;
  /** Ends every dossier subscription of a session (`unfollow`). */
  unsubscribeAll(sessionId: string): void;
}

export interface ZaloTuning {
  now?: () => number;
  /** Pauses before retrying a call that failed on the network, a 5xx or Zalo's rate limit. */
  retryDelaysMs?: number[];
}

export interface ZaloChannel {
  /** Delivers messages to `zalo:<user_id>` sessions, paced per user. */
  pusher: Pusher;
  /** Adds `POST /zalo/webhook`. */
  registerRoutes(server: FastifyInstance): Promise<void>;
  /** Waits for the events being answered and refuses queued pushes. */
  stop(): Promise<void>;
}

/** Zalo publishes no per-second figure for OA messages; this stays well under what it tolerates. */
const zaloLimits: FloodLimits = { perChatIntervalMs: 1000, globalPerSecond: 10, maxQueued: 10_000 };

function userIdOf(sessionId: string): string {
  const id = sessionId.slice('zalo:'.length);
  if (!sessionId.startsWith('zalo:') || !/^\d+$/.test(id)) throw new Error('not a Zalo session id');
  return id;
}

export function createZaloChannel(deps: ZaloDeps, tuning: ZaloTuning = {}): ZaloChannel {
  const { config } = deps;
  const appId = config.ZALO_APP_ID;
  const secretKey = config.ZALO_OA_SECRET_KEY;
  if (!appId || !secretKey) throw new Error('ZALO_APP_ID and ZALO_OA_SECRET_KEY are not set: the Zalo channel is off');
  const now = tuning.now ?? Date.now;
  const logger = deps.logger.child({ channel: 'zalo' });
  const store = new ZaloStore(
    deps.repositories.channelState,
    appId,
    { accessToken: config.ZALO_ACCESS_TOKEN, refreshToken: config.ZALO_REFRESH_TOKEN },
    now,
  );
  const api = createZaloApi({
    apiRoot: config.ZALO_API_ROOT,
    oauthRoot: config.ZALO_OAUTH_ROOT,
    appId,
    appSecret: config.ZALO_APP_SECRET,
    store,
    logger,
    retryDelaysMs: tuning.retryDelaysMs,
  });
  const flood = new FloodQueue(zaloLimits);

  const send = async (userId: string, message: OutboundMessage, paced: boolean) => {
    for (const part of toZaloMessages(message)) {
      await (paced ? flood.enqueue(userId, () => api.send(userId, part)) : api.send(userId, part));
    }
  };

  const handle = zaloHandler({
    assistant: deps.assistant,
    reply: (userId, message) => send(userId, message, false),
    unsubscribeAll: deps.unsubscribeAll,
    firstSeen: (eventId) => store.firstSeen(eventId),
    logger,
  });

  // One user's events in order (Zalo delivers concurrently); different users in parallel.
  const queues = new Map<string, Promise<void>>();
  const dispatch = (event: Record<string, unknown>) => {
    // `follow` / `unfollow` name the user in `follower`, everything a user sends in `sender`.
    const person = (event.follower ?? event.sender) as { id?: unknown } | undefined;
    const key = String(person?.id);
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => handle(event))
      .catch((err: unknown) => logger.error({ err: describeError(err) }, 'Zalo event failed outside its handler'))
      .finally(() => {
        if (queues.get(key) === next) queues.delete(key);
      });
    queues.set(key, next);
  };

  const pusher: Pusher = {
    channel: 'zalo',
    handles: (sessionId) => sessionId.startsWith('zalo:'),
    push: async (sessionId, message) => {
      try {
        await send(userIdOf(sessionId), message, true);
      } catch (error) {
        // Past 7 days since the user's last message: Zalo will never take it, so no retry.
        if (error instanceof ZaloApiError && error.code === WINDOW_CLOSED) throw new Undeliverable(`zalo ${error.code}: interaction window closed`);
        throw error;
      }
    },
  };

  void store.tokens().then(
    (pair) => pair.accessToken || logger.warn('ZALO_ACCESS_TOKEN is not set: the OA cannot answer until it is'),
    () => undefined,
  );

  return {
    pusher,
    registerRoutes: (server) => registerZaloWebhook(server, { appId, secretKey, now, onEvent: dispatch }),
    async stop() {
      flood.stop();
      await Promise.all([...queues.values()]);
    },
  };
}
