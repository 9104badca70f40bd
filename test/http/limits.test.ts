import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/http/auth.js';
import { type RunningApp, postJson, startApp } from '../support/app.js';

/**
 * Limits that cannot be dodged (issue 15): per address whatever session ids are sent, per
 * session beneath, failed tokens per address, auth before the body, slow clients cut off,
 * X-Forwarded-For believed only from the proxies TRUST_PROXY names. Real HTTP on loopback.
 */

const ADMIN = 'admin-token-for-limit-tests-0123456789';
const STAFF = 'staff-token-for-limit-tests-0123456789';

/** One request written by hand on a socket; resolves with what the server answered and whether it closed the connection. */
function raw(baseUrl: string, head: string, body = ''): Promise<{ status: number; text: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(head + body));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('close', () => resolve({ status: Number(text.split(' ')[1] ?? 0), text }));
    socket.on('error', reject);
  });
}

const ask = (app: RunningApp, body: unknown, headers?: Record<string, string>) => postJson(`${app.baseUrl}/api/v1/ask`, body, headers);

describe('limit per client address', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ RATE_LIMIT_PER_MINUTE: '4', SESSION_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => app.close());

  it('rotating session ids does not dodge it (finding: 14,541 answers in 10 s with no 429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await ask(app, { text: 'chào', sessionId: `rotating-${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = await ask(app, { text: 'chào' });
    expect(refused.json.error).toEqual({ code: 'too_many_requests', message: expect.stringMatching(/quá nhiều yêu cầu.*giây/) });
    // Static files and everything else of the address count too; liveness does not.
    expect((await fetch(`${app.baseUrl}/api/v1/procedures?q=khai%20sinh`)).status).toBe(429);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    // A staff route refused by the address limit is audited, once a minute for the address.
    for (let i = 0; i < 2; i++) expect((await fetch(`${app.baseUrl}/api/v1/staff/dossiers/000.00.12.H56-261020-0031`)).status).toBe(429);
    const audit = await app.app.repositories.access.auditLog(10);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'GET /api/v1/staff/dossiers/000.00.12.H56-261020-0031', address: '127.0.0.1', status: 429 }),
    ]);
  });
});

describe('limit per session beneath the address', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ RATE_LIMIT_PER_MINUTE: '100', SESSION_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => app.close());

  it('answers 429 to a busy conversation while another of the same address goes on', async () => {
    const first = await ask(app, { text: 'chào' });
    const busy = first.json.sessionId as string;
    expect((await ask(app, { text: 'chào', sessionId: busy })).status).toBe(200);
    expect((await ask(app, { text: 'chào', sessionId: busy })).status).toBe(200);
    const refused = await ask(app, { text: 'chào', sessionId: busy });
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/quá nhiều/);
    expect((await ask(app, { text: 'chào' })).status).toBe(200);
  });
});

describe('bearer tokens: failed checks limited per address, checked before the body', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ADMIN_TOKEN: ADMIN, STAFF_TOKEN: STAFF, AUTH_FAILURES_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => app.close());

  it('refuses an unauthenticated 2 MB upload without reading its body (finding: parsed before the token was checked)', async () => {
    // Only the headers and 10 bytes are sent: the answer comes without the rest of the body.
    const head = `POST /api/v1/admin/catalog/changes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`;
    const response = await raw(app.baseUrl, head, '{"decision');
    expect(response.status).toBe(401);
    expect(response.text).toMatch(/connection: close/i);
    expect(JSON.parse(response.text.slice(response.text.indexOf('\r\n\r\n') + 4)).error.code).toBe('unauthorized');
  });

  it('answers 429 after a few wrong tokens a minute from one address, even to the right one, and audits the refusals (finding: 30,000–66,000 guesses a minute)', async () => {
    const staffView = (token: string) =>
      fetch(`${app.baseUrl}/api/v1/staff/dossiers/000.00.12.H56-261020-0031`, { headers: { authorization: `Bearer ${token}` } });
    // One failure was counted by the upload above.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await staffView(`guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
    const blocked = await staffView(STAFF);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'too_many_failures',
      message: expect.stringMatching(/mã truy cập không hợp lệ/),
    });
    const audit = await app.app.repositories.access.auditLog(20);
    expect(audit.map((e) => e.status)).toEqual([429, 401, 401, 401]);
    expect(audit.every((e) => e.address === '127.0.0.1')).toBe(true);
    // The citizen API of the same address is not blocked by it.
    expect((await ask(app, { text: 'chào' })).status).toBe(200);
  });
});

describe('tokens in a running server', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => app.close());

  it('refuses a revoked token at once, and an integration token on staff routes', async () => {
    const repositories = app.app.repositories;
    const staff = await createToken(repositories, { name: 'Nguyễn Thị Hoa', role: 'staff' });
    const integration = await createToken(repositories, { name: 'Cổng tỉnh', role: 'integration' });
    const view = (token: string) =>
      fetch(`${app.baseUrl}/api/v1/staff/dossiers/000.00.12.H56-261020-0031`, { headers: { authorization: `Bearer ${token}` } });
    expect((await view(staff.token)).status).toBe(200);
    expect((await view(integration.token)).status).toBe(403);
    await repositories.access.revokeToken(staff.id, new Date().toISOString());
    expect((await view(staff.token)).status).toBe(401);
    const audit = await repositories.access.auditLog(3);
    expect(audit.map((e) => [e.person, e.status])).toEqual([
      ['', 401],
      ['Cổng tỉnh', 403],
      ['Nguyễn Thị Hoa', 200],
    ]);
  });
});

describe('TRUST_PROXY', () => {
  const lookups = async (app: RunningApp, forwardedFor: (i: number) => string) => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${app.baseUrl}/api/v1/dossiers/000.00.12.H56-261020-00${10 + i}`, {
        headers: { 'x-forwarded-for': forwardedFor(i) },
      });
      statuses.push(response.status);
    }
    return statuses;
  };

  it('ignores X-Forwarded-For when unset or from a socket that is not a named proxy', async () => {
    for (const env of [{}, { TRUST_PROXY: '10.9.9.9' }, { TRUST_PROXY: '10.0.0.0/8' }] as Array<Record<string, string>>) {
      const app = await startApp({ DOSSIER_LOOKUPS_PER_10_MIN: '2', ...env });
      try {
        expect(await lookups(app, (i) => `203.0.113.${i}`), JSON.stringify(env)).toEqual([404, 404, 429, 429]);
      } finally {
        await app.close();
      }
    }
  });

  it('believes the address a named proxy forwards, so people behind it have their own quotas', async () => {
    for (const env of [{ TRUST_PROXY: '127.0.0.1' }, { TRUST_PROXY: '1' }]) {
      const app = await startApp({ DOSSIER_LOOKUPS_PER_10_MIN: '2', ...env });
      try {
        expect(await lookups(app, (i) => `203.0.113.${i}`), JSON.stringify(env)).toEqual([404, 404, 404, 404]);
        // A client behind the proxy that forges the header itself is still counted by the address the proxy saw.
        expect(await lookups(app, (i) => `198.51.100.${i}, 203.0.113.99`)).toEqual([404, 404, 429, 429]);
      } finally {
        await app.close();
      }
    }
  });
});

describe('slow clients', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600', HTTP_KEEP_ALIVE_TIMEOUT_MS: '200' });
  });
  afterAll(() => app.close());

  it('cuts a connection whose headers never end (finding: 2,024 slow connections took the service offline)', async () => {
    const response = await raw(app.baseUrl, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1');
    expect([0, 408]).toContain(response.status);
  });

  it('cuts a body that never ends with a 408 in Vietnamese', async () => {
    const head = 'POST /api/v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const response = await raw(app.baseUrl, head, '{"text":');
    expect(response.status).toBe(408);
    expect(response.text).toMatch(/quá chậm/);
  });

  it('closes an idle keep-alive connection', async () => {
    const response = await raw(app.baseUrl, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(response.status).toBe(200);
  });
});

describe('load shedding', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ MAX_EVENT_LOOP_DELAY_MS: '200' });
  });
  afterAll(() => app.close());

  it('answers 503 in Vietnamese in our error shape while the event loop lags, and keeps liveness up', async () => {
    let shed: Response | undefined;
    // The server runs in this process: stalling this loop is stalling the server's.
    for (let attempt = 0; attempt < 3 && shed?.status !== 503; attempt++) {
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        // busy: the event loop cannot turn
      }
      shed = await fetch(`${app.baseUrl}/api/v1/procedures?q=khai%20sinh`);
    }
    expect(shed!.status).toBe(503);
    expect(shed!.headers.get('retry-after')).toBe('10');
    expect(await shed!.json()).toEqual({ error: { code: 'overloaded', message: expect.stringMatching(/quá tải/) } });
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });
});
