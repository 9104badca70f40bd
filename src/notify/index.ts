import type { Logger } from 'pino';
import { type OutboundMessage, type Pusher, Undeliverable } from '../channels/types.js';
import { type NoticeSource, OUTBOX, type Repositories, type StoredNotice } from '../store/index.js';

/**
 * The one path for every message that reaches a session later: dossier changes, catalog-change
 * notices, staff answers. A message is stored before anything is sent (the `notices` repository).
 * Web and API sessions read theirs from the outbox: reading removes it in one transaction, so
 * it is delivered exactly once. Push channels (Telegram, Zalo) get theirs from the dispatcher of
 * every instance, one at a time per instance: a notice is claimed (`sending`, the attempt counted,
 * a lease of SEND_LEASE_MS, committed), the platform is called, then the notice is deleted
 * (`sent`). No two instances hold the same claim. Those platforms take no idempotency key, so a
 * crash between the call and the delete repeats that one message once the lease runs out, never more.
 */
export interface StoredMessage extends OutboundMessage {
  suggestions: string[];
  createdAt: string;
}

export interface NotificationsDeps {
  repositories: Repositories;
  /** Checked in order; the first that handles a session id delivers to it. None → the outbox. */
  pushers: Pusher[];
  logger?: Logger;
  now?: () => number;
  /** Told of each notice given up on (metrics). */
  onDropped?: (reason: 'expired' | 'attempts' | 'undeliverable', count?: number) => void;
}

/** Messages nobody read or could receive for a week are dropped. */
export const KEEP_MS = 7 * 24 * 3600_000;
/** A channel that keeps refusing a message (blocked bot, deleted chat) is not retried forever. */
export const MAX_ATTEMPTS = 20;
/** How long a claimed notice is left to its sender; past it, a sender that died is replaced. */
export const SEND_LEASE_MS = 2 * 60_000;
const MAX_RETRY_MS = 3600_000;
const TICK_MS = 1000;
const SWEEP_EVERY_MS = 10 * 60_000;
const SWEEP_BATCH = 1000;
/** Sends between two yields to the event loop, so a long queue never holds up requests. */
const SENDS_PER_YIELD = 50;

export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Notifications {
  /** Stores a message for a session (e.g. a staff answer); durable when this returns. */
  send(sessionId: string, message: OutboundMessage, source: NoticeSource): Promise<void>;
  /** Stores several; pass the caller's transaction (`tx`) to store them as part of it. */
  enqueue(items: Array<{ sessionId: string; message: OutboundMessage }>, source: NoticeSource, tx?: Repositories): Promise<void>;
  /** Removes and returns the session's outbox messages, oldest first. */
  take(sessionId: string): Promise<StoredMessage[]>;
  /** Delivers every push notice due now, then resolves. Calls run one after another. */
  flush(): Promise<void>;
  /** Deletes expired notices in small batches; returns how many. */
  sweep(): Promise<number>;
  /** Timers for delivery and expiry: server only, never the CLI. */
  start(): void;
  stop(): Promise<void>;
}

export function createNotifications(deps: NotificationsDeps): Notifications {
  const notices = deps.repositories.notices;
  const now = deps.now ?? Date.now;
  const log = deps.logger?.child({ component: 'notifications' });
  let chain: Promise<unknown> = Promise.resolve();
  let flushing = 0;
  let timers: NodeJS.Timeout[] = [];
  let stopping = false;

  const pusherFor = (sessionId: string) => deps.pushers.find((p) => p.handles(sessionId));
  const channelOf = (sessionId: string) => {
    const pusher = pusherFor(sessionId);
    return pusher ? (pusher.channel ?? 'push') : OUTBOX;
  };

  async function enqueue(items: Array<{ sessionId: string; message: OutboundMessage }>, source: NoticeSource, tx = deps.repositories): Promise<void> {
    if (items.length === 0) return;
    const at = now();
    await tx.notices.enqueue(
      items.map(({ sessionId, message }) => ({
        sessionId,
        channel: channelOf(sessionId),
        source,
        text: message.text,
        suggestions: message.suggestions ?? [],
        createdAt: at,
        expiresAt: at + KEEP_MS,
      })),
    );
  }

  /** `notice` is claimed: its attempts count this one. */
  async function deliver(notice: StoredNotice): Promise<void> {
    const pusher = pusherFor(notice.sessionId);
    if (notice.attempts > MAX_ATTEMPTS || notice.expiresAt < now()) {
      await notices.markSent(notice.id);
      deps.onDropped?.(notice.attempts >= MAX_ATTEMPTS ? 'attempts' : 'expired');
      log?.warn({ channel: notice.channel, attempts: notice.attempts }, 'notice dropped: not delivered in time');
      return;
    }
    try {
      if (!pusher || pusher.channel === OUTBOX) throw new Error(`no pusher for channel ${notice.channel}`);
      await pusher.push(notice.sessionId, { text: notice.text, suggestions: notice.suggestions });
      await notices.markSent(notice.id);
    } catch (error) {
      if (error instanceof Undeliverable) {
        await notices.markUndeliverable(notice.id, error.message, now());
        deps.onDropped?.('undeliverable');
        log?.warn({ channel: notice.channel, source: notice.source, reason: error.message }, 'notice undeliverable');
        return;
      }
      const { attempts } = notice;
      if (attempts >= MAX_ATTEMPTS) {
        await notices.markSent(notice.id);
        deps.onDropped?.('attempts');
      } else await notices.retryAt(notice.id, now() + Math.min(5000 * 2 ** (attempts - 1), MAX_RETRY_MS));
      log?.warn({ channel: notice.channel, source: notice.source, attempts, reason: (error as Error).message }, 'notice not delivered');
    }
  }

  function flush(): Promise<void> {
    flushing += 1;
    const run = chain.then(async () => {
      let sent = 0;
      while (!stopping) {
        const notice = await notices.claimDue(now(), SEND_LEASE_MS);
        if (!notice) break;
        await deliver(notice);
        if (++sent % SENDS_PER_YIELD === 0) await yieldToLoop();
      }
    });
    chain = run.catch((error: Error) => log?.error({ reason: error.message }, 'notice delivery failed')).finally(() => (flushing -= 1));
    return run;
  }

  async function sweep(): Promise<number> {
    let removed = 0;
    for (let n = await notices.expire(now(), SWEEP_BATCH); n > 0; n = await notices.expire(now(), SWEEP_BATCH)) {
      removed += n;
      deps.onDropped?.('expired', n);
      await yieldToLoop();
    }
    return removed;
  }

  return {
    send: (sessionId, message, source) => enqueue([{ sessionId, message }], source),
    enqueue,
    take: async (sessionId) =>
      (await notices.take(sessionId, now())).map((n) => ({
        text: n.text,
        suggestions: n.suggestions,
        createdAt: new Date(n.createdAt).toISOString(),
      })),
    flush,
    sweep,
    start() {
      if (timers.length) return;
      stopping = false;
      // A tick during a long delivery round adds nothing: that round takes what falls due meanwhile.
      const tick = setInterval(() => flushing === 0 && flush().catch(() => undefined), TICK_MS);
      const expiry = setInterval(
        () => void sweep().catch((error: Error) => log?.error({ reason: error.message }, 'notice sweep failed')),
        SWEEP_EVERY_MS,
      );
      timers = [tick, expiry];
      timers.forEach((t) => t.unref());
      flush().catch(() => undefined); // logged by the chain
    },
    async stop() {
      stopping = true;
      timers.forEach((t) => clearInterval(t));
      timers = [];
      await chain;
      stopping = false;
    },
  };
}

/**
 * The pusher for sessions without a channel of their own (web, API): put it last. The path never
 * pushes to it (its notices wait in the outbox); a direct push stores one there, like `send`.
 */
export function createOutboxPusher(repositories: Repositories): Pusher {
  const notifications = createNotifications({ repositories, pushers: [] });
  return { channel: OUTBOX, handles: () => true, push: async (sessionId, message) => notifications.send(sessionId, message, 'staff') };
}
