import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SEND_LEASE_MS } from '../../src/notify/index.js';
import { openNotificationPath, startSendRecorder } from './support.js';

/**
 * The notification path across kill -9 at each step, for Telegram (real channel, Bot API
 * stand-in) and the web/API outbox: nothing stored is lost, nothing is delivered twice, except
 * the one Telegram message whose send was cut off (Telegram takes no idempotency key).
 */
const child = fileURLToPath(new URL('./fixtures/notify-child.ts', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function crashAt(step: 'stored' | 'sending' | 'sent', hold?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-notify-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const recorder = await startSendRecorder(hold);
  cleanups.push(recorder.close);
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, step, recorder.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  if (hold) {
    await Promise.race([recorder.held, exited]);
    proc.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  const sentBefore = [...recorder.texts];

  // Restart: the same file, the same channels, one delivery round.
  // Later than a claim's lease: a notice whose sender died mid-send is due again.
  const { db, notifications } = openNotificationPath(dir, recorder.url, () => Date.now() + SEND_LEASE_MS);
  cleanups.push(() => void db.close());
  await notifications.flush();
  const web = await Promise.all(['web:1', 'web:2', 'web:3'].map(async (s) => (await notifications.take(s)).map((m) => m.text)));
  return { sentBefore, sentAfter: recorder.texts.slice(sentBefore.length), web, childOutput: stdout.trim().split('\n') };
}

describe('notification path across kill -9', () => {
  it('stored: every notice survives and is delivered once after the restart', async () => {
    const run = await crashAt('stored');
    expect(run.sentBefore).toEqual([]);
    expect(run.sentAfter).toEqual(['tg 1', 'tg 2', 'tg 3']);
    expect(run.web).toEqual([['web 1'], ['web 2'], ['web 3']]);
  });

  it('sending: only the message cut off mid-send is repeated, once; the rest go once', async () => {
    const run = await crashAt('sending', 'tg 2');
    expect(run.sentBefore).toEqual(['tg 1', 'tg 2']);
    // tg 2 waits for its lease to run out, so tg 3 may go first.
    expect([...run.sentAfter].sort()).toEqual(['tg 2', 'tg 3']);
    expect(run.web).toEqual([['web 1'], ['web 2'], ['web 3']]);
  });

  it('sent: nothing delivered before the crash is delivered again', async () => {
    const run = await crashAt('sent');
    expect(run.sentBefore).toEqual(['tg 1', 'tg 2', 'tg 3']);
    expect(run.childOutput).toEqual(['stored', JSON.stringify(['web 1'])]);
    expect(run.sentAfter).toEqual([]);
    expect(run.web).toEqual([[], ['web 2'], ['web 3']]);
  });
});
