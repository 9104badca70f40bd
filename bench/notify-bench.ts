import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { App } from '../src/app.js';
import { ChangeLog } from '../src/catalog/changes.js';
import type { Procedure } from '../src/catalog/schema.js';
import { Catalog } from '../src/catalog/store.js';
import { createNotifications, KEEP_MS } from '../src/notify/index.js';
import { OUTBOX, openDatabase, repositoriesOf } from '../src/store/index.js';
import { type AskResult, benchAsk } from './server-bench.js';

/**
 * Section 6: the notification path under load. Ask latency with notices waiting for other
 * sessions (a session's read walks its own index entries only), and the longest event-loop pause
 * while one catalog change fans out to many sessions (batches that yield between them).
 */

export interface NoticeBenchResult {
  waiting: number;
  without: AskResult;
  withWaiting: AskResult;
  fanOutSessions: number;
  fanOutMs: number;
  longestPauseMs: number;
}

/** Stores `count` outbox notices for sessions that never ask. */
async function fillWaiting(app: App, count: number): Promise<void> {
  const notices = app.repositories.notices;
  const now = Date.now();
  for (let start = 0; start < count; start += 10_000) {
    await notices.enqueue(
      Array.from({ length: Math.min(10_000, count - start) }, (_, i) => ({
        sessionId: `web:waiting-${start + i}`,
        channel: OUTBOX,
        source: 'catalog' as const,
        text: 'Thủ tục vừa được cập nhật.',
        suggestions: [],
        createdAt: now,
        expiresAt: now + KEEP_MS,
      })),
    );
  }
}

export async function benchFanOut(procedure: Procedure, sessions: number): Promise<{ ms: number; longestPauseMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-bench-fanout-'));
  const db = openDatabase(path.join(dir, 'motcua.sqlite'));
  try {
    const repositories = repositoriesOf(db);
    const changes = await ChangeLog.open(repositories, new Catalog([procedure]), [procedure], {
      notifications: createNotifications({ repositories, pushers: [] }),
    });
    const now = Date.now();
    await repositories.transaction(async (tx) => {
      for (let i = 0; i < sessions; i++) await tx.catalogChanges.recordInterest(`web:fan-${i}`, procedure.code, now);
    });
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const start = performance.now();
    await changes.apply(
      {
        decision: { number: '1/QĐ-BENCH', date: '2026-01-01', agency: 'Bench' },
        changes: [{ action: 'amend', code: procedure.code, patch: { aliases: ['tên mới'] }, summary: 'Đổi tên gọi.' }],
      },
      { id: 'bench', agency: null, scope: null },
    );
    await changes.settled();
    const ms = performance.now() - start;
    histogram.disable();
    const stored = await repositories.notices.count();
    if (stored !== sessions) throw new Error(`fan-out stored ${stored} notices for ${sessions} sessions`);
    return { ms, longestPauseMs: histogram.max / 1e6 };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchNotices(catalogDir: string, procedure: Procedure, questions: string[]): Promise<NoticeBenchResult> {
  const waiting = 100_000;
  const without = await benchAsk('bundled, no notices waiting', catalogDir, questions, 10, 400);
  const withWaiting = await benchAsk(`bundled, ${waiting.toLocaleString('en')} notices waiting`, catalogDir, questions, 10, 400, (app) =>
    fillWaiting(app, waiting),
  );
  const fanOutSessions = 50_000;
  const fanOut = await benchFanOut(procedure, fanOutSessions);
  return { waiting, without, withWaiting, fanOutSessions, fanOutMs: fanOut.ms, longestPauseMs: fanOut.longestPauseMs };
}

export function noticeSection(result: NoticeBenchResult | null): string[] {
  if (!result) return [];
  const ratio = result.withWaiting.latency.p50 / result.without.latency.p50;
  return [
    '## 6. Notifications: ask with waiting notices, catalog fan-out',
    '',
    `Ask latency (bundled catalog, sequential) with none and with ${result.waiting.toLocaleString('en')} outbox notices waiting for other`,
    "sessions (goal: within 2× of none), and the event loop's longest pause while one catalog change fans out to",
    `${result.fanOutSessions.toLocaleString('en')} interested sessions (goal: ≤ 100 ms).`,
    '',
    '| measure | value | goal |',
    '|---|---|---|',
    `| ask p50 / p99, no notices waiting | ${result.without.latency.p50.toFixed(2)} / ${result.without.latency.p99.toFixed(2)} ms | — |`,
    `| ask p50 / p99, ${result.waiting.toLocaleString('en')} waiting | ${result.withWaiting.latency.p50.toFixed(2)} / ${result.withWaiting.latency.p99.toFixed(2)} ms | p50 within 2×: ${ratio.toFixed(2)}× ${ratio <= 2 ? '✅' : '❌'} |`,
    `| fan-out to ${result.fanOutSessions.toLocaleString('en')} sessions, stored | ${(result.fanOutMs / 1000).toFixed(1)} s | — |`,
    `| longest event-loop pause during the fan-out | ${result.longestPauseMs.toFixed(1)} ms | ≤ 100 ms ${result.longestPauseMs <= 100 ? '✅' : '❌'} |`,
  ];
}
