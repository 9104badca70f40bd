import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionSweepMs } from '../../src/app.js';
import { type RunningApp, postJson, startApp } from '../support/app.js';

/** Issue 15: conversations outlived their expiry on a quiet server (purged only every 500 writes). */

let running: RunningApp | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await running?.close();
  running = undefined;
});

const MINUTE = 60_000;

describe('expired conversations', () => {
  it('are deleted by a periodic sweep, with no traffic at all', async () => {
    // Only the interval timers are faked: HTTP and SQLite run for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    running = await startApp({ SESSION_TTL_MINUTES: '30' });
    const { sessions } = running.app.repositories;
    await sessions.put('web:old', '{"recent":[]}', Date.now() - 31 * MINUTE);
    await sessions.put('web:fresh', '{"recent":[]}', Date.now());
    await vi.advanceTimersByTimeAsync(sessionSweepMs(running.app.config));
    expect(await sessions.get('web:old')).toBeUndefined();
    expect(await sessions.get('web:fresh')).toBeDefined();
  });

  it('are never resumed, even before the sweep', async () => {
    running = await startApp({ SESSION_TTL_MINUTES: '30' });
    const sessionId = 'web:expired-test';
    const first = await postJson(`${running.baseUrl}/api/v1/ask`, { text: 'Lệ phí đăng ký khai sinh', sessionId });
    const id = first.json.sessionId ?? sessionId;
    const { sessions } = running.app.repositories;
    await sessions.put(id, (await sessions.get(id))!.state, Date.now() - 31 * MINUTE);
    const followUp = await postJson(`${running.baseUrl}/api/v1/ask`, { text: 'còn nộp ở đâu?', sessionId: id });
    expect(followUp.json.procedure).toBeNull();
  });
});
