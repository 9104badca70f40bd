import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../support/app.js';
import { makeRecord, sendJson, startStandIn } from './helpers.js';

/**
 * Issue 15: one client looking up a failing code 7 times made most other citizens' lookups fail
 * (the breaker counted one code's failures as an outage). Only the upstream failing as a whole may
 * shut lookups off.
 */

const BAD = '000.00.12.H56-261020-0666';
const others = Array.from({ length: 6 }, (_, i) => `000.00.12.H56-261020-${String(100 + i).padStart(4, '0')}`);

let running: RunningApp | undefined;
let closeStandIn: (() => Promise<void>) | undefined;
afterEach(async () => {
  await running?.close();
  await closeStandIn?.();
  running = undefined;
  closeStandIn = undefined;
});

async function serviceWith(badAnswer: (res: import('node:http').ServerResponse) => void) {
  const standIn = await startStandIn((req, res) => {
    const code = decodeURIComponent(req.url!.split('/').pop()!);
    if (code === BAD) return badAnswer(res);
    sendJson(res, 200, makeRecord({ MaHoSo: code }));
  });
  closeStandIn = standIn.close;
  running = await startApp({ DOSSIER_API_URL: standIn.url, DOSSIER_TIMEOUT_MS: '2000', DOSSIER_LOOKUPS_PER_10_MIN: '1000' });
  return standIn;
}

const lookup = (code: string) => fetch(`${running!.baseUrl}/api/v1/dossiers/${encodeURIComponent(code)}`).then((r) => r.status);

describe('the breaker against one failing code', () => {
  it.each([
    ['answers 500', (res: import('node:http').ServerResponse) => sendJson(res, 500, { error: 'boom' })],
    ['answers garbage', (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"MaHo')],
    ['answers another dossier', (res: import('node:http').ServerResponse) => sendJson(res, 200, makeRecord({ MaHoSo: '000.00.12.H56-261020-0999' }))],
  ])('7 lookups of a code whose upstream %s leave everyone else served', async (_name, bad) => {
    await serviceWith(bad);
    for (let i = 0; i < 7; i++) expect(await lookup(BAD)).toBe(503);
    const statuses = [];
    for (const code of others) statuses.push(await lookup(code));
    expect(statuses).toEqual(others.map(() => 200));
  });

  it('remembers a failing code for a while instead of asking the upstream again each time', async () => {
    const standIn = await serviceWith((res) => sendJson(res, 500, {}));
    for (let i = 0; i < 7; i++) await lookup(BAD);
    const toBad = standIn.requests.filter((r) => r.url!.includes('0666')).length;
    // One lookup and its quick retry; the next six come from the failure memory.
    expect(toBad).toBe(2);
  });

  it('a 404 never opens the breaker', async () => {
    await serviceWith((res) => sendJson(res, 404, {}));
    for (let i = 0; i < 7; i++) expect(await lookup(BAD)).toBe(404);
    expect(await lookup(others[0])).toBe(200);
  });
});
