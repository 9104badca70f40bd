import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, postJson, startApp } from '../support/app.js';

/** Issue 15, smaller findings on the HTTP shell: each case failed before its fix. */

const STAFF = 's'.repeat(40);
const ADMIN = 'a'.repeat(40);
const VIETNAMESE = /[ạảãàáâậầấẩẫăắằặẳẵêếềệểễôốồộổỗơớờợởỡưứừựửữđ]/i;

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ STAFF_TOKEN: STAFF, ADMIN_TOKEN: ADMIN });
});
afterAll(() => running.close());

function expectOurError(status: number, json: any, expected: number) {
  expect(status).toBe(expected);
  expect(Object.keys(json)).toEqual(['error']);
  expect(json.error).toEqual({ code: expect.any(String), message: expect.stringMatching(VIETNAMESE) });
}

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${running.baseUrl}${path}`, init);
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, headers: response.headers };
}

describe('error bodies in our shape, in Vietnamese', () => {
  it.each([
    ['an unknown route', '/khong-co', {}, 404],
    ['a malformed percent-encoding in the path', '/api/v1/procedures/%E0%A4%A', {}, 400],
    ['broken JSON', '/api/v1/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":' }, 400],
    ['an empty JSON body', '/api/v1/ask', { method: 'POST', headers: { 'content-type': 'application/json' } }, 400],
    [
      'a body too large',
      '/api/v1/ask',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'a'.repeat(100_000) }) },
      413,
    ],
    ['a text/plain body', '/api/v1/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'chào' }, 415],
    ['a form body', '/api/v1/ask', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=a' }, 415],
    ['a body of the wrong type', '/api/v1/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"chào"' }, 400],
    [
      'a field of the wrong type',
      '/api/v1/ask',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"chào","sessionId":5}' },
      400,
    ],
    [
      'a prototype-polluting body',
      '/api/v1/ask',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"a","__proto__":{"x":1}}' },
      400,
    ],
    ['a bad limit', '/api/v1/procedures?limit=abc', {}, 400],
    ['a method the route does not have', '/api/v1/ask', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }, 405],
  ])('%s', async (_name, path, init, status) => {
    const { status: got, json, headers } = await call(path, init as RequestInit);
    expectOurError(got, json, status);
    if (status === 405) expect(headers.get('allow')).toContain('POST');
  });
});

describe('429 in our shape', () => {
  it('has no Fastify statusCode beside the error', async () => {
    const limited = await startApp({ RATE_LIMIT_PER_MINUTE: '1' });
    try {
      let last: Response | undefined;
      for (let i = 0; i < 2; i++) last = await fetch(`${limited.baseUrl}/api/v1/procedures?q=khai+sinh`);
      expectOurError(last!.status, await last!.json(), 429);
      // Probes are never limited.
      expect((await fetch(`${limited.baseUrl}/readyz`)).status).toBe(200);
      expect((await fetch(`${limited.baseUrl}/metrics`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('a merge patch nested deep', () => {
  it.each(['', '?dryRun=true'])('is refused as bad input, not a 500 (%s)', async (query) => {
    let patch: Record<string, unknown> = {};
    const root = patch;
    for (let i = 0; i < 4000; i++) patch = (patch.requirements = {}) as Record<string, unknown>;
    const body = {
      decision: { number: '1/QĐ-UBND', date: '2026-01-01', agency: 'UBND' },
      changes: [{ action: 'amend', code: '1.001193', summary: 'sâu', patch: root }],
    };
    const { status, json } = await postJson(`${running.baseUrl}/api/v1/admin/catalog/changes${query}`, body, { authorization: `Bearer ${ADMIN}` });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(json.error.message).toMatch(VIETNAMESE);
  });
});

describe('caching of staff and personal views', () => {
  it.each([
    ['the staff dossier view', '/api/v1/staff/dossiers/000.00.12.H56-261020-0031', STAFF],
    ['a staff refusal', '/api/v1/staff/dossiers/000.00.12.H56-261020-0031', undefined],
    ['the console', '/console', undefined],
    ['the console script', '/console.js', undefined],
    ['the admin API', '/api/v1/admin/catalog/changes', ADMIN],
    ['the public dossier view', '/api/v1/dossiers/000.00.12.H56-261020-0031', undefined],
  ])('%s says Cache-Control: no-store', async (_name, path, token) => {
    const { headers } = await call(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect(headers.get('cache-control')).toBe('no-store');
  });
});

describe('content security policy over plain HTTP', () => {
  it('does not upgrade insecure requests, which would break the chat and console over http://', async () => {
    for (const path of ['/', '/console']) {
      const { headers } = await call(path);
      expect(headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    }
  });

  it('does when the public URL is https', async () => {
    const https = await startApp({ PUBLIC_URL: 'https://motcua.example.vn' });
    try {
      const response = await fetch(`${https.baseUrl}/`);
      expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await https.close();
    }
  });
});
