import type pino from 'pino';
import type { OutboundMessage } from '../channels/types.js';
import type { Notifications } from '../notify/index.js';
import type { Fingerprint, Repositories } from '../store/index.js';
import { effectiveDueDate } from './render.js';
import { finalStatuses, type DossierRecord } from './schema.js';
import type { DossierSource } from './source.js';

/**
 * The scheduler behind subscriptions: polls followed codes (each on its own jittered schedule,
 * so polls spread over the interval; backing off exponentially while the system fails), turns
 * changes into notices on the one notification path (stored in the transaction that records the
 * change), and asks it to deliver.
 */
export interface NotifierDeps {
  repositories: Repositories;
  source: DossierSource;
  notifications: Notifications;
  logger: pino.Logger;
  intervalMs: number;
  describe(record: DossierRecord, previous: Fingerprint): OutboundMessage;
  now: () => number;
}

const MAX_BACKOFF_MS = 6 * 3600_000;
/** How long a claimed code is left to its poller (instances share the polling; one that dies is replaced). */
export const POLL_LEASE_MS = 5 * 60_000;
/** Codes claimed at a time, so several instances share a long list. */
const CLAIM_BATCH = 50;

export function fingerprintOf(record: DossierRecord): Fingerprint {
  return { status: record.TrangThaiHoSo, due: effectiveDueDate(record) };
}

/** Next poll time: the interval scaled by 0.75–1.25 so followers of many codes do not poll in bursts. */
export function jittered(now: number, intervalMs: number): number {
  return now + Math.round(intervalMs * (0.75 + Math.random() * 0.5));
}

export function createNotifier(deps: NotifierDeps) {
  const log = deps.logger.child({ component: 'dossier-notifier' });
  const store = deps.repositories.subscriptions;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  async function pollCode(code: string, failures: number): Promise<number> {
    try {
      const record = await deps.source.get(code);
      await store.reschedule(code, jittered(deps.now(), deps.intervalMs), 0);
      if (!record) return 0;
      const final = finalStatuses.has(record.TrangThaiHoSo);
      return await deps.repositories.transaction(async (tx) => {
        const changed = await tx.subscriptions.recordState(code, fingerprintOf(record), final);
        const messages = changed.map(({ sessionId, previous }) => ({ sessionId, message: deps.describe(record, previous) }));
        await deps.notifications.enqueue(messages, 'dossier', tx);
        return changed.length;
      });
    } catch (error) {
      const backoff = Math.min(deps.intervalMs * 2 ** (failures + 1), MAX_BACKOFF_MS);
      await store.reschedule(code, jittered(deps.now(), backoff), failures + 1);
      log.warn({ reason: (error as Error).message, failures: failures + 1 }, 'dossier poll failed');
      return 0;
    }
  }

  /** Polls (all codes, or those due) one after another, then delivers; returns notifications queued. */
  function sweep(all: boolean): Promise<number> {
    // Sweeps run one at a time: a tick that comes during a slow sweep waits its turn.
    const result = chain.then(async () => {
      let queued = 0;
      if (all) {
        for (const { code, failures } of await store.watched()) queued += await pollCode(code, failures);
      } else {
        // Claimed as of the sweep's start: a code rescheduled during the sweep waits for the next one.
        const at = deps.now();
        for (let due = await store.claimDue(at, POLL_LEASE_MS, CLAIM_BATCH); due.length; due = await store.claimDue(at, POLL_LEASE_MS, CLAIM_BATCH)) {
          for (const { code, failures } of due) queued += await pollCode(code, failures);
        }
      }
      await deps.notifications.flush();
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
