import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { KEEP_MS, MAX_ATTEMPTS, SEND_LEASE_MS } from '../../src/notify/index.js';
import { repositoriesOf } from '../../src/store/index.js';
import { openNotificationPath, startSendRecorder } from './support.js';

/** The notification path in one process: staff answers, attempts, expiry (real Telegram channel, Bot API stand-in). */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(options: { blocked?: boolean } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-notify-'));
  const recorder = await startSendRecorder(undefined, options);
  const clock = { now: Date.parse('2026-05-01T00:00:00Z') };
  const { db, notifications } = openNotificationPath(dir, recorder.url, () => clock.now);
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    recorder.close,
    () => void db.close(),
  );
  return { db, notifications, recorder, clock };
}

it('a staff answer reaches a web session once and a Telegram chat once', async () => {
  const { notifications, recorder } = await open();
  await notifications.send('web:a', { text: 'Cán bộ trả lời: hồ sơ cần bản sao.', suggestions: ['Cảm ơn'] }, 'staff');
  await notifications.send('tg:5', { text: 'Cán bộ trả lời qua Telegram.' }, 'staff');
  await notifications.flush();
  await notifications.flush();
  expect(recorder.texts).toEqual(['Cán bộ trả lời qua Telegram.']);
  expect(await notifications.take('web:a')).toEqual([
    { text: 'Cán bộ trả lời: hồ sơ cần bản sao.', suggestions: ['Cảm ơn'], createdAt: '2026-05-01T00:00:00.000Z' },
  ]);
  expect(await notifications.take('web:a')).toEqual([]);
});

it('counts every attempt at a refusing chat, retries later, and gives up after the last attempt', async () => {
  const { db, notifications, recorder, clock } = await open({ blocked: true });
  await notifications.send('tg:9', { text: 'Hồ sơ đã có kết quả.' }, 'dossier');
  await notifications.flush();
  const notices = repositoriesOf(db).notices;
  expect(recorder.texts).toHaveLength(1);
  expect(await notices.claimDue(clock.now, SEND_LEASE_MS)).toBeUndefined();
  // Attempts 2 … MAX-1 as a long outage would have made them (Telegram paces one chat to about one message a second).
  for (let attempt = 2; attempt < MAX_ATTEMPTS; attempt++) {
    const claimed = (await notices.claimDue(clock.now + attempt * 3600_000, SEND_LEASE_MS))!;
    expect(claimed).toMatchObject({ attempts: attempt, state: 'sending' });
    await notices.retryAt(claimed.id, clock.now);
  }
  await notifications.flush();
  expect(recorder.texts).toHaveLength(2);
  expect(await notices.count()).toBe(0);
});

it('drops what nobody read within the keeping time, by the sweep', async () => {
  const { db, notifications, clock } = await open();
  await notifications.send('web:gone', { text: 'cũ' }, 'catalog');
  clock.now += KEEP_MS / 2;
  await notifications.send('web:gone', { text: 'mới' }, 'catalog');
  clock.now += KEEP_MS / 2 + 1;
  expect(await notifications.sweep()).toBe(1);
  expect(await repositoriesOf(db).notices.count()).toBe(1);
  expect((await notifications.take('web:gone')).map((m) => m.text)).toEqual(['mới']);
});
