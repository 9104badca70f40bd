import type { Logger } from 'pino';
import { yieldToLoop } from '../notify/index.js';
import type { Repositories } from '../store/index.js';
import type { StaffInbox } from './inbox.js';

/**
 * Inbox items and the turn log are kept a configured number of days (INBOX_RETENTION_DAYS,
 * TURN_LOG_RETENTION_DAYS): an hourly sweep deletes what is older. Server only, never the CLI.
 */
export const RETENTION_SWEEP_MS = 3600_000;
/** Rows deleted per statement; the sweep yields to requests between batches. */
const BATCH = 1000;

async function inBatches(purge: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (let n = await purge(BATCH); n > 0; n = await purge(BATCH)) {
    total += n;
    await yieldToLoop();
  }
  return total;
}

export interface DeskRetention {
  /** Deletes what is past retention now; returns how many items and turns. */
  sweep(): Promise<{ inbox: number; turns: number }>;
  start(): void;
  stop(): void;
}

export function createDeskRetention(deps: {
  inbox: StaffInbox;
  repositories: Repositories;
  turnRetentionMs: number;
  logger?: Logger;
  now?: () => number;
}): DeskRetention {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  async function sweep() {
    const inbox = await inBatches((limit) => deps.inbox.purge(limit));
    const turns = await inBatches((limit) => deps.repositories.turns.purge(now() - deps.turnRetentionMs, limit));
    if (inbox || turns) deps.logger?.info({ inbox, turns }, 'desk retention: old inbox items and turns deleted');
    return { inbox, turns };
  }
  const run = () => void sweep().catch((error: Error) => deps.logger?.error({ reason: error.message }, 'desk retention sweep failed'));
  return {
    sweep,
    start() {
      if (timer) return;
      run();
      timer = setInterval(run, RETENTION_SWEEP_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
