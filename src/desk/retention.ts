import type { Logger } from 'pino';
import type { Repositories } from '../store/index.js';
import type { StaffInbox } from './inbox.js';

/**
 * Inbox items and the turn log are kept a configured number of days (INBOX_RETENTION_DAYS,
 * TURN_LOG_RETENTION_DAYS): an hourly sweep deletes what is older. Server only, never the CLI.
 */
export const RETENTION_SWEEP_MS = 3600_000;

export interface DeskRetention {
  /** Deletes what is past retention now; returns how many items and turns. */
  sweep(): Promise<{ inbox: number; turns: number }>;
  start(): void;
  stop(): void;
}

export function createDeskRetention(deps: { inbox: StaffInbox; repositories: Repositories; turnRetentionMs: number; logger?: Logger; now?: () => number }): DeskRetention {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  async function sweep() {
    const inbox = await deps.inbox.purge();
    const turns = await deps.repositories.turns.purge(now() - deps.turnRetentionMs);
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
