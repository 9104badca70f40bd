import type pino from 'pino';
import type { OutboundMessage, Pusher } from '../channels/types.js';
import type { Db } from '../store/db.js';
import { outboxWriterOf } from './outbox.js';
import { effectiveDueDate } from './render.js';
import { finalStatuses, type DossierRecord } from './schema.js';
import type { DossierSource } from './source.js';
import type { Fingerprint, SubscriptionStore } from './subscriptions.js';

/**
 * The scheduler behind subscriptions: polls followed codes (each on its own jittered schedule,
 * so polls spread over the interval; backing off exponentially while the system fails), turns
 * changes into queued notifications, and hands them to the first pusher that owns the session.
 */
export interface NotifierDeps {
  db: Db;
  store: SubscriptionStore;
  source: DossierSource;
  pushers: Pusher[];
  logger: pino.Logger;
  intervalMs: number;
  describe(record: DossierRecord, previous: Fingerprint): OutboundMessage;
  now: () => number;
}

const MAX_BACKOFF_MS = 6 * 3600_000;
/** A channel that keeps refusing a message (blocked bot, deleted chat) is not retried forever. */
const MAX_DELIVERY_ATTEMPTS = 20;

export function fingerprintOf(record: DossierRecord): Fingerprint {
  return { status: record.TrangThaiHoSo, due: effectiveDueDate(record) };
}

/** Next poll time: the interval scaled by 0.75–1.25 so followers of many codes do not poll in bursts. */
export function jittered(now: number, intervalMs: number): number {
  return now + Math.round(intervalMs * (0.75 + Math.random() * 0.5));
}

export function createNotifier(deps: NotifierDeps) {
  const log = deps.logger.child({ component: 'dossier-notifier' });
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  async function pollCode(code: string, failures: number): Promise<number> {
    try {
      const record = await deps.source.get(code);
      deps.store.reschedule(code, jittered(deps.now(), deps.intervalMs), 0);
      if (!record) return 0;
      const final = finalStatuses.has(record.TrangThaiHoSo);
      return deps.store.recordState(code, fingerprintOf(record), final, (previous) => deps.describe(record, previous));
    } catch (error) {
      const backoff = Math.min(deps.intervalMs * 2 ** (failures + 1), MAX_BACKOFF_MS);
      deps.store.reschedule(code, jittered(deps.now(), backoff), failures + 1);
      log.warn({ reason: (error as Error).message, failures: failures + 1 }, 'dossier poll failed');
      return 0;
    }
  }

  async function deliverPending(): Promise<void> {
    for (const pending of deps.store.pending()) {
      const pusher = deps.pushers.find((p) => p.handles(pending.sessionId));
      const outbox = pusher && outboxWriterOf(pusher);
      try {
        if (!pusher) throw new Error('no pusher handles this session');
        if (outbox?.db === deps.db) {
          deps.db.transaction(() => {
            outbox.write(pending.sessionId, pending.message);
            deps.store.markDelivered(pending.id);
          })();
        } else {
          await pusher.push(pending.sessionId, pending.message);
          deps.store.markDelivered(pending.id);
        }
      } catch (error) {
        if (pending.attempts + 1 >= MAX_DELIVERY_ATTEMPTS) deps.store.markDelivered(pending.id);
        else deps.store.markFailed(pending.id);
        log.warn({ reason: (error as Error).message, attempts: pending.attempts + 1 }, 'dossier notification not delivered');
      }
    }
  }

  /** Polls (all codes, or those due) one after another, then delivers; returns notifications queued. */
  function sweep(all: boolean): Promise<number> {
    // Sweeps run one at a time: a tick that comes during a slow sweep waits its turn.
    const result = chain.then(async () => {
      let queued = 0;
      for (const { code, failures } of deps.store.codesToPoll(deps.now(), all)) queued += await pollCode(code, failures);
      await deliverPending();
      return queued;
    });
    chain = result.catch(() => undefined);
    return result;
  }

  return {
    start(): void {
      if (timer) return;
      const tickMs = Math.min(Math.max(Math.round(deps.intervalMs / 10), 1000), 60_000);
      timer = setInterval(() => {
        sweep(false).catch((error: Error) => log.error({ reason: error.message }, 'dossier poll sweep failed'));
      }, tickMs);
      timer.unref();
      sweep(false).catch((error: Error) => log.error({ reason: error.message }, 'dossier poll sweep failed'));
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await chain;
    },
    pollOnce: () => sweep(true),
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
