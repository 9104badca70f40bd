import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, postJson, startApp } from '../support/app.js';

/**
 * With REDIS_URL, two instances count one client's requests and failed tokens together (spec
 * §1, §8). Runs when REDIS_URL is set (`.ci/run` starts Redis); skipped otherwise.
 */

const url = process.env.REDIS_URL;
const skipReason = 'skipped: REDIS_URL is not set (start Redis and set REDIS_URL=redis://127.0.0.1:6379 to run it)';

describe.skipIf(!url)(url ? 'limits shared through Redis by two instances' : `limits shared through Redis (${skipReason})`, () => {
  let one: RunningApp;
  let two: RunningApp;
  beforeAll(async () => {
    // Only this file counts in Redis; start from clean windows.
    const redis = new Redis(url!);
    const keys = await redis.keys('motcua:limit:*');
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    const env = { REDIS_URL: url!, RATE_LIMIT_PER_MINUTE: '4', AUTH_FAILURES_PER_MINUTE: '2', STAFF_TOKEN: 'staff-token-for-redis-tests-0123456789' };
    one = await startApp(env);
    two = await startApp(env);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('counts failed tokens of one address across instances', async () => {
    const view = (app: RunningApp) =>
      fetch(`${app.baseUrl}/api/v1/staff/dossiers/000.00.12.H56-261020-0031`, { headers: { authorization: 'Bearer guess' } });
    const statuses = [(await view(one)).status, (await view(two)).status, (await view(one)).status, (await view(two)).status];
    expect(statuses).toEqual([401, 401, 429, 429]);
  });

  it('counts the requests of one address across instances', async () => {
    // The four staff requests above counted too: the address limit is already used up.
    const answers = [await postJson(`${one.baseUrl}/api/v1/ask`, { text: 'chào' }), await postJson(`${two.baseUrl}/api/v1/ask`, { text: 'chào' })];
    expect(answers.map((a) => a.status)).toEqual([429, 429]);
  });
});

describe.skipIf(!url)(url ? 'dossier lookups shared through Redis by two instances' : `dossier lookups shared through Redis (${skipReason})`, () => {
  let one: RunningApp;
  let two: RunningApp;
  beforeAll(async () => {
    const redis = new Redis(url!);
    const keys = await redis.keys('motcua:limit:*');
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    const env = { REDIS_URL: url!, DOSSIER_LOOKUPS_PER_10_MIN: '2' };
    one = await startApp(env);
    two = await startApp(env);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('counts one address’s lookups across instances, so enumeration does not double with each instance', async () => {
    const view = async (app: RunningApp, sequence: number) =>
      (await fetch(`${app.baseUrl}/api/v1/dossiers/000.00.12.H56-261020-00${sequence}`)).status;
    const statuses = [await view(one, 31), await view(two, 32), await view(one, 33), await view(two, 34)];
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses.slice(2)).toEqual([429, 429]);
  });
});
