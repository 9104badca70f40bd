import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routeDocs } from '../../src/http/openapi.js';
import { routesOf } from '../../src/http/server.js';
import { type RunningApp, postJson, startApp } from '../support/app.js';
import { makeRecord, sendJson, startStandIn } from '../dossier/helpers.js';

/** Issue 15 item 7: readiness, Prometheus metrics and the OpenAPI description over real HTTP. */

const STAFF = 's'.repeat(40);
const ADMIN = 'a'.repeat(40);
const GOOD = '000.00.12.H56-261020-0031';
const DOWN = '000.00.12.H56-261020-0500';

let running: RunningApp;
let closeStandIn: () => Promise<void>;
beforeAll(async () => {
  const standIn = await startStandIn((req, res) => {
    const code = decodeURIComponent(req.url!.split('/').pop()!);
    if (code === DOWN) return sendJson(res, 500, {});
    sendJson(res, 200, makeRecord({ MaHoSo: code }));
  });
  closeStandIn = standIn.close;
  running = await startApp({
    STAFF_TOKEN: STAFF,
    ADMIN_TOKEN: ADMIN,
    DOSSIER_API_URL: standIn.url,
    RATE_LIMIT_PER_MINUTE: '100000',
    DOSSIER_LOOKUPS_PER_10_MIN: '1000',
  });
});
afterAll(async () => {
  await running.close();
  await closeStandIn();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${running.baseUrl}${path}`, { headers });

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text.split('\n').find((l) => {
    if (!l.startsWith(`${name}{`) && !l.startsWith(`${name} `)) return false;
    return Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`));
  });
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('GET /readyz', () => {
  it('is 200 with each check ok when the store takes writes and the catalog is loaded', async () => {
    const response = await get('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { catalog: 'ok', store: 'ok' } });
  });

  it('is 503 with the reason when the store cannot take writes', async () => {
    const other = await startApp();
    try {
      await other.app.store.close();
      const response = await fetch(`${other.baseUrl}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; checks: Record<string, string> };
      expect(body.status).toBe('not_ready');
      expect(body.checks.store).toMatch(/not writable: .*closed/);
    } finally {
      await other.app.server.close();
      await other.close().catch(() => undefined);
    }
  });
});

describe('GET /metrics', () => {
  it('counts requests, latency, intents, clarifications, fallbacks, upstream errors, 429s and notices', async () => {
    const before = await (await get('/metrics')).text();
    await postJson(`${running.baseUrl}/api/v1/ask`, { text: 'Lệ phí đăng ký khai sinh' });
    await postJson(`${running.baseUrl}/api/v1/ask`, { text: 'cấp lại' });
    await postJson(`${running.baseUrl}/api/v1/ask`, { text: 'thủ tục nuôi cá cảnh ngoài sao Hỏa thế nào' });
    expect((await get(`/api/v1/dossiers/${DOWN}`)).status).toBe(503);
    expect((await get(`/api/v1/dossiers/${GOOD}`)).status).toBe(200);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const diff = (name: string, labels?: Record<string, string>) => sample(text, name, labels) - sample(before, name, labels);
    expect(diff('motcua_http_requests_total', { route: '/api/v1/ask', method: 'POST', status: '200' })).toBe(3);
    expect(diff('motcua_http_request_duration_seconds_count', { route: '/api/v1/ask' })).toBe(3);
    expect(diff('motcua_assistant_turns_total', { intent: 'fees' })).toBe(1);
    expect(diff('motcua_assistant_clarifications_total')).toBe(1);
    expect(diff('motcua_assistant_fallbacks_total')).toBe(1);
    expect(diff('motcua_dossier_upstream_errors_total', { kind: 'outage' })).toBe(1);
    expect(text).toContain('motcua_notices_pending 0');
    expect(text).toContain('motcua_notices_dropped_total{reason="expired"} 0');
    expect(text).toContain('motcua_http_rate_limited_total');
    // Route patterns, never the URL: receipt codes do not belong in metrics.
    expect(text).not.toContain(GOOD);
  });

  it('counts 429s by route', async () => {
    const limited = await startApp({ RATE_LIMIT_PER_MINUTE: '1' });
    try {
      for (let i = 0; i < 3; i++) await fetch(`${limited.baseUrl}/api/v1/procedures?q=khai+sinh`);
      const text = await (await fetch(`${limited.baseUrl}/metrics`)).text();
      expect(sample(text, 'motcua_http_rate_limited_total', { route: '/api/v1/procedures' })).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});

describe('GET /openapi.json', () => {
  it('describes every API route the server has, with request and response schemas', async () => {
    const doc = (await (await get('/openapi.json')).json()) as any;
    expect(doc.openapi).toMatch(/^3\.1/);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    for (const route of [
      'POST /api/v1/ask',
      'GET /api/v1/procedures/{code}',
      'GET /api/v1/dossiers/{receiptCode}',
      'POST /api/v1/admin/catalog/changes',
      'GET /readyz',
    ]) {
      expect(documented, route).toContain(route);
    }
    expect(doc.paths['/api/v1/ask'].post.requestBody.content['application/json'].schema.properties.text.maxLength).toBe(2000);
    expect(doc.paths['/api/v1/ask'].post.responses['200'].content['application/json'].schema.properties.intent.enum).toContain('fees');
    expect(doc.paths['/api/v1/dossiers/{receiptCode}'].get.responses['200'].content['application/json'].schema.required).toContain('applicant');
  });

  it('documents every /api route registered (a new route needs an entry in src/http/openapi.ts)', () => {
    const documented = new Set(routeDocs.map((d) => `${d.method.toUpperCase()} ${d.path}`));
    const apiRoutes = routesOf(running.app.server)
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const route of apiRoutes) expect(documented, route).toContain(route);
  });

  it('holds real answers against the response schemas', async () => {
    const byPath = new Map(routeDocs.map((d) => [`${d.method} ${d.path}`, d]));
    const check = async (key: string, status: number, response: Response) => {
      expect(response.status, key).toBe(status);
      const schema = byPath.get(key)!.responses[status].schema!;
      const parsed = (schema as z.ZodType).safeParse(await response.json());
      expect(parsed.success, `${key} ${JSON.stringify(parsed.error?.issues.slice(0, 2))}`).toBe(true);
    };
    await check(
      'post /api/v1/ask',
      200,
      await fetch(`${running.baseUrl}/api/v1/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'khai sinh cần gì' }),
      }),
    );
    await check(
      'post /api/v1/ask',
      400,
      await fetch(`${running.baseUrl}/api/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    await check('get /healthz', 200, await get('/healthz'));
    await check('get /readyz', 200, await get('/readyz'));
    await check('get /api/v1/procedures', 200, await get('/api/v1/procedures?q=khai%20sinh'));
    await check('get /api/v1/procedures/:code', 200, await get('/api/v1/procedures/1.001193'));
    await check('get /api/v1/procedures/:code', 404, await get('/api/v1/procedures/9.999999'));
    await check('get /api/v1/dossiers/:receiptCode', 200, await get(`/api/v1/dossiers/${GOOD}`));
    await check('get /api/v1/staff/dossiers/:receiptCode', 200, await get(`/api/v1/staff/dossiers/${GOOD}`, { authorization: `Bearer ${STAFF}` }));
    await check('get /api/v1/staff/dossiers/:receiptCode', 401, await get(`/api/v1/staff/dossiers/${GOOD}`));
    const issued = (await postJson(`${running.baseUrl}/api/v1/ask`, { text: 'xin chào' })).json.sessionId as string;
    await check('get /api/v1/sessions/:sessionId/messages', 200, await get(`/api/v1/sessions/${encodeURIComponent(issued)}/messages`));
    await check('get /api/v1/sessions/:sessionId/messages', 404, await get('/api/v1/sessions/web:not-issued/messages'));
    await check('get /api/v1/catalog/changes', 200, await get('/api/v1/catalog/changes'));
    const decision = { number: '5/QĐ-UBND', date: '2026-03-01', agency: 'UBND' };
    const amend = { action: 'amend', code: '1.001193', summary: 'Sửa', patch: { requirements: 'Không có.' } };
    const admin = (query: string) =>
      fetch(`${running.baseUrl}/api/v1/admin/catalog/changes${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ decision, changes: [amend] }),
      });
    await check('post /api/v1/admin/catalog/changes', 200, await admin('?dryRun=true'));
    await check('post /api/v1/admin/catalog/changes', 201, await admin(''));
    await check('get /api/v1/catalog/changes', 200, await get('/api/v1/catalog/changes'));
  });
});
