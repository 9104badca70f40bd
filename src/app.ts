import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ChangeLog } from './catalog/changes.js';
import { loadCatalogDir } from './catalog/loader.js';
import { loadEverydayNames } from './catalog/names.js';
import { Catalog } from './catalog/store.js';
import type { Pusher } from './channels/types.js';
import { webChatRoutes } from './channels/web/index.js';
import { type Config, ConfigError } from './config.js';
import { Engine } from './dialog/engine.js';
import { answerPreview } from './dialog/replies.js';
import { feesInForce } from './dialog/fee-text.js';
import { vietnamDay } from './calendar/index.js';
import { InboxStore, SessionStore } from './dialog/sessions.js';
import { loadReplies } from './dialog/templates.js';
import type { Assistant } from './dialog/types.js';
import { type DossierService, createDossierService, createOutboxPusher } from './dossier/service.js';
import { adminRoutes } from './http/routes/admin.js';
import { type FeesInForce, citizenRoutes } from './http/routes/citizen.js';
import { dossierRoutes } from './http/routes/dossiers.js';
import { createAccessControl } from './http/auth.js';
import { type Limits, TooManyRequests, createLimits } from './http/limits.js';
import { opsRoutes } from './http/routes/ops.js';
import { createServer } from './http/server.js';
import { createSessionIssuer } from './http/sessions.js';
import { createLogger } from './logger.js';
import { Understander } from './nlu/index.js';
import { type Notifications, createNotifications } from './notify/index.js';
import { createMetrics } from './ops/metrics.js';
import { packageVersion } from './paths.js';
import { type Repositories, type Store, openStore } from './store/index.js';
import { type StaffInbox, createStaffInbox } from './desk/inbox.js';
import { type DeskRetention, createDeskRetention } from './desk/retention.js';
import { createTurnLog } from './desk/turn-log.js';
import { staffRoutes } from './http/routes/staff.js';
import { type ServerLock, takeServerLock } from './store/lock.js';

/** Builds the whole service from its configuration: the one place where the parts meet. */

export interface App {
  config: Config;
  logger: Logger;
  /** The storage backend; features get `repositories` (tests may read through them too). */
  store: Store;
  repositories: Repositories;
  catalog: Catalog;
  assistant: Assistant;
  dossiers: DossierService;
  /** The one path for messages that reach a session later (staff answers go through `send`). */
  notifications: Notifications;
  /** The staff desk: inbox and its retention sweep. */
  desk: { inbox: StaffInbox; retention: DeskRetention };
  server: FastifyInstance;
  /**
   * Takes the one-server lock of DATA_DIR, starts listening and the background work (polling,
   * delivery, sweeps, Telegram; the Zalo webhook is a route); resolves to the base URL. The CLI builds an app but never listens.
   */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function loadCatalog(dir: string, logger: Logger, searchCacheSize?: number): Catalog {
  let loaded: ReturnType<typeof loadCatalogDir>;
  try {
    loaded = loadCatalogDir(dir);
  } catch (error) {
    throw new ConfigError(`CATALOG_DIR: cannot read catalog at ${dir}: ${(error as Error).message}`);
  }
  for (const { file, problems } of loaded.errors) logger.warn({ file, problems }, 'catalog file skipped');
  if (loaded.procedures.length === 0) throw new ConfigError(`CATALOG_DIR: no valid procedure file in ${dir}`);
  return new Catalog(loaded.procedures, { searchCacheSize, everydayNames: loadEverydayNames() });
}

/** Expired conversations are deleted within a quarter of their lifetime, at most every 5 minutes. */
export const sessionSweepMs = (config: Config) => Math.min((config.SESSION_TTL_MINUTES * 60_000) / 4, 5 * 60_000);

function sweepSessions(sessions: SessionStore, logger: Logger): void {
  sessions.sweep().catch((error: unknown) => logger.error({ err: error }, 'session sweep failed'));
}

/**
 * Telegram and Zalo chats have the per-session limit too (their webhooks are outside the address
 * limit: the platforms authenticate themselves). Past it a chat is told to slow down, without the
 * engine or the store doing any work.
 */
function limitedPerChat(engine: Assistant, limits: Limits, slowDown: string): Assistant {
  return {
    async ask(input) {
      try {
        if (input.sessionId) await limits.session(input.sessionId);
      } catch (error) {
        if (!(error instanceof TooManyRequests)) throw error;
        return { intent: 'help', confidence: 1, procedure: null, candidates: [], receiptCode: null, reply: slowDown, suggestions: [] };
      }
      return engine.ask(input);
    },
  };
}

export async function createApp(config: Config, options: { logger?: Logger } = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const catalog = loadCatalog(config.CATALOG_DIR, logger, config.SEARCH_CACHE_SIZE);
  const store = await openStore(config, {
    serving: {
      onCheckpointFailure: (error) =>
        logger.warn({ reason: error.message }, 'background checkpoint thread failed; SQLite checkpoints on commit again'),
    },
  });
  const { repositories } = store;
  const pushers: Pusher[] = [];
  const metrics = createMetrics();
  const notifications = createNotifications({ repositories, pushers, logger, onDropped: metrics.noticeDropped });
  metrics.pendingNotices(() => repositories.notices.count());
  // One set of counters for every limit, shared between instances through Redis when REDIS_URL is set.
  const limits = createLimits(config, logger);
  const dossiers = createDossierService({
    repositories,
    config,
    logger,
    pushers,
    notifications,
    onUpstreamFailure: metrics.upstreamFailed,
    lookupLimiter: { take: (clientKey) => limits.dossierLookup(clientKey) },
  });
  // Replays the agencies' published changes over the loaded catalog before anything is served.
  const replies = loadReplies();
  const changes = await ChangeLog.open(repositories, catalog, catalog.all(), { notifications, logger, preview: answerPreview(replies, catalog) });
  // Batches published with a later effectiveDate come into force when the Vietnam day turns.
  const dayWatch = setInterval(
    () => void changes.refresh().catch((error: Error) => logger.error({ reason: error.message }, 'catalog refresh failed')),
    60_000,
  );
  dayWatch.unref();
  const conversations = new SessionStore(repositories.sessions, config.SESSION_TTL_MINUTES * 60_000);
  const turnLog = createTurnLog({ repositories, onError: (error) => logger.error({ reason: error.message }, 'turn not logged') });
  let sessionSweep: NodeJS.Timeout | undefined;
  const engine = new Engine({
    catalog,
    understander: Understander.fromDirectory(() => catalog.search),
    replies,
    sessions: conversations,
    inbox: new InboxStore(repositories.inbox),
    dossiers,
    interest: changes,
    hotline: config.HOTLINE,
    turnLog,
  });
  const inbox = createStaffInbox({
    repositories,
    notifications,
    sessions: conversations,
    catalog,
    overdueMs: config.INBOX_OVERDUE_HOURS * 3600_000,
    retentionMs: config.INBOX_RETENTION_DAYS * 86_400_000,
  });
  const retention = createDeskRetention({ inbox, repositories, turnRetentionMs: config.TURN_LOG_RETENTION_DAYS * 86_400_000, logger });

  // Every channel asks through the instrumented assistant: intents and outcomes are counted once.
  const assistant = metrics.instrument(engine);
  let stopping = false;

  const server = await createServer(config, logger, { limits });
  metrics.observeHttp(server);
  // While shutting down, a finished request also ends its keep-alive connection: close() waits for none.
  server.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  const access = createAccessControl({ repositories, config, limits: server.limits });
  server.addHook('onResponse', access.auditLimited);
  const sessions = createSessionIssuer(repositories);
  const feesToday: FeesInForce = (p) => feesInForce(replies, p, vietnamDay(Date.now()));
  await server.register(opsRoutes({ catalog, repositories, metrics, version: packageVersion, stopping: () => stopping }));
  await server.register(citizenRoutes({ assistant, catalog, sessions, access, feesInForce: feesToday }));
  await server.register(dossierRoutes({ service: dossiers, access, sessions, hotline: config.HOTLINE }));
  await server.register(adminRoutes({ changes, access }));
  await server.register(staffRoutes({ access, repositories, inbox, catalog }));
  await server.register(webChatRoutes);
  const chats = limitedPerChat(assistant, server.limits, replies.slowDown);
  // grammy is loaded only with a bot token: a server without Telegram never pays for it at start or in memory.
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? (await import('./channels/telegram/index.js')).createTelegramChannel({ config, assistant: chats, logger, repositories })
    : null;
  if (telegram) {
    telegram.registerRoutes(server);
    pushers.push(telegram.pusher);
  }
  // Like grammy, the Zalo channel's modules load only when it is configured.
  const zalo =
    config.ZALO_APP_ID && config.ZALO_OA_SECRET_KEY
      ? (await import('./channels/zalo/index.js')).createZaloChannel({
          config,
          assistant: chats,
          logger,
          repositories,
          unsubscribeAll: (sessionId) => void dossiers.unsubscribe(sessionId).catch(() => undefined),
        })
      : null;
  if (zalo) {
    await zalo.registerRoutes(server);
    pushers.push(zalo.pusher);
  }
  pushers.push(createOutboxPusher(repositories));

  let closed = false;
  let lock: ServerLock | undefined;
  return {
    config,
    logger,
    store,
    repositories,
    catalog,
    assistant: engine,
    dossiers,
    notifications,
    desk: { inbox, retention },
    server,
    async listen() {
      // SQLite serves one server per DATA_DIR; on PostgreSQL several instances serve together.
      if (store.kind === 'sqlite') lock = takeServerLock(config.DATA_DIR);
      const address = await server.listen({ port: config.PORT, host: config.HOST });
      await telegram?.start();
      dossiers.startPolling();
      notifications.start();
      changes.start();
      retention.start();
      sessionSweep = setInterval(() => sweepSessions(conversations, logger), sessionSweepMs(config));
      sessionSweep.unref();
      return address;
    },
    async close() {
      if (closed) return;
      closed = true;
      stopping = true;
      clearInterval(dayWatch);
      retention.stop();
      clearInterval(sessionSweep);
      await telegram?.stop();
      await server.close();
      await zalo?.stop();
      await dossiers.close();
      changes.stop();
      await changes.settled();
      await notifications.stop();
      await store.close();
      lock?.release();
    },
  };
}
