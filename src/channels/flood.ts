/**
 * Outbound pacing for pushed messages, shared by the push channels: each platform allows so many
 * messages a second per chat (or user) and overall, and a notification burst above that is
 * refused. Jobs of one chat run in the order they were queued.
 */
export interface FloodLimits {
  perChatIntervalMs: number;
  globalPerSecond: number;
  /** Beyond this many waiting jobs new ones are refused rather than growing memory. */
  maxQueued: number;
}

interface Job {
  chatKey: string;
  run: () => void;
  reject: (err: Error) => void;
}

export class FloodQueue {
  private readonly queue: Job[] = [];
  private readonly chatReadyAt = new Map<string, number>();
  private readonly recentStarts: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly limits: FloodLimits,
    private readonly now: () => number = Date.now,
  ) {}

  enqueue<T>(chatKey: string, task: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('flood queue stopped'));
    if (this.queue.length >= this.limits.maxQueued) return Promise.reject(new Error('flood queue full'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ chatKey, reject, run: () => void Promise.resolve().then(task).then(resolve, reject) });
      this.pump();
    });
  }

  get size(): number {
    return this.queue.length;
  }

  /** Refuses what is still waiting; jobs already started finish on their own. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const job of this.queue.splice(0)) job.reject(new Error('flood queue stopped'));
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    while (this.recentStarts.length > 0 && this.recentStarts[0] <= now - 1000) this.recentStarts.shift();

    let wait = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.queue.length && this.recentStarts.length < this.limits.globalPerSecond;) {
      const job = this.queue[i];
      const readyAt = this.chatReadyAt.get(job.chatKey) ?? 0;
      if (readyAt > now) {
        wait = Math.min(wait, readyAt - now);
        i += 1;
        continue;
      }
      this.queue.splice(i, 1);
      this.chatReadyAt.set(job.chatKey, now + this.limits.perChatIntervalMs);
      this.recentStarts.push(now);
      job.run();
    }
    if (this.recentStarts.length >= this.limits.globalPerSecond) {
      wait = Math.min(wait, this.recentStarts[0] + 1000 - now);
    }
    this.forgetIdleChats(now);
    if (this.queue.length > 0) this.timer = setTimeout(() => this.pump(), Math.max(1, wait));
  }

  private forgetIdleChats(now: number): void {
    if (this.chatReadyAt.size < 1000) return;
    for (const [chat, readyAt] of this.chatReadyAt) if (readyAt <= now) this.chatReadyAt.delete(chat);
  }
}
