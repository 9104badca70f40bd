import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, postJson, startApp } from '../support/app.js';
import { bundledProcedures } from '../support/catalog.js';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(() => running.close());

const ask = (body: unknown, headers?: Record<string, string>) => postJson(`${running.baseUrl}/api/v1/ask`, body, headers);

describe('citizen API over HTTP', () => {
  it('GET /healthz reports the catalog', async () => {
    const response = await fetch(`${running.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', catalog: { version: expect.any(Number), procedures: 63 } });
  });

  it('POST /api/v1/ask answers exactly the shape of the spec', async () => {
    const { status, json } = await ask({ text: 'Lệ phí đăng ký khai sinh' });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual([
      'candidates',
      'confidence',
      'intent',
      'notifications',
      'procedure',
      'receiptCode',
      'reply',
      'sessionId',
      'suggestions',
    ]);
    expect(json.notifications).toEqual([]);
    expect(json.intent).toBe('fees');
    expect(json.procedure).toEqual({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh' });
    expect(json.confidence).toBeGreaterThan(0);
    expect(json.confidence).toBeLessThanOrEqual(1);
    expect(json.candidates[0]).toEqual({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh', score: expect.any(Number) });
    expect(json.receiptCode).toBeNull();
    const followUp = await ask({ text: 'còn nộp ở đâu?', sessionId: json.sessionId });
    expect(followUp.json.sessionId).toBe(json.sessionId);
    expect(followUp.json.procedure.code).toBe('1.001193');
    expect(followUp.json.intent).toBe('where');
  });

  it.each([
    ['no text', {}, 400],
    ['empty text', { text: '' }, 400],
    ['blank text', { text: '   ' }, 400],
    ['text over 2000 characters', { text: 'a'.repeat(2001) }, 400],
    ['text of the wrong type', { text: 42 }, 400],
    ['a sessionId over 128 characters', { text: 'chào', sessionId: 'x'.repeat(129) }, 400],
    ['a Telegram chat’s sessionId', { text: 'hủy theo dõi', sessionId: 'tg:777000' }, 400],
  ])('rejects %s with a Vietnamese 4xx error', async (_label, body, status) => {
    const response = await ask(body);
    expect(response.status).toBe(status);
    expect(response.json.error.code).toEqual(expect.any(String));
    expect(response.json.error.message).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵêếềệểễôốồộổỗơớờợởỡưứừựửữđ]/i);
  });

  it('rejects a 100 KB body with 413 and broken JSON with 400', async () => {
    expect((await ask({ text: 'x'.repeat(100 * 1024) })).status).toBe(413);
    expect((await ask('{"text": "chao')).status).toBe(400);
  });

  it('answers politely to emoji, control characters, HTML and SQL fragments and invalid UTF-8', async () => {
    for (const text of ['😀🎉', '\u0001\u0002\u0007', '<img src=x onerror=alert(1)>', "1' OR '1'='1", 'SELECT * FROM sessions']) {
      const { status, json } = await ask({ text });
      expect(status, text).toBe(200);
      expect(json.reply.length, text).toBeGreaterThan(5);
    }
    const invalid = Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const response = await fetch(`${running.baseUrl}/api/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: invalid });
    expect(response.status).toBeLessThan(500);
  });

  it('serves every bundled procedure by code with its facts', async () => {
    for (const procedure of bundledProcedures()) {
      const response = await fetch(`${running.baseUrl}/api/v1/procedures/${procedure.code}`);
      expect(response.status, procedure.code).toBe(200);
      const served = (await response.json()) as typeof procedure;
      expect(served.name).toBe(procedure.name);
      expect(served.channels).toEqual(procedure.channels);
      expect(served.documents).toEqual(procedure.documents);
    }
  });

  it('searches procedures and serves full records', async () => {
    const search = await fetch(`${running.baseUrl}/api/v1/procedures?q=${encodeURIComponent('doi bang lai')}&limit=3`);
    const body = (await search.json()) as { items: Array<Record<string, unknown>> };
    expect(body.items[0]).toMatchObject({ code: '3.000347', field: expect.any(String), levels: expect.any(Array), score: expect.any(Number) });
    expect(body.items.length).toBeLessThanOrEqual(3);
    const record = (await (await fetch(`${running.baseUrl}/api/v1/procedures/1.001193`)).json()) as { channels: unknown[] };
    expect(record.channels.length).toBeGreaterThan(0);
    // Fees worded as the chat words them: free only where the record says so, the province's say named.
    const worded = async (code: string) =>
      ((await (await fetch(`${running.baseUrl}/api/v1/procedures/${code}`)).json()) as { feesInForce: Record<string, string> }).feesInForce;
    expect((await worded('1.001193')).direct).toBe('miễn phí');
    expect((await worded('1.000656')).direct).toMatch(/^mức thu do Hội đồng nhân dân \(HĐND\) tỉnh quyết định/);
    expect((await fetch(`${running.baseUrl}/api/v1/procedures/9.999999`)).status).toBe(404);
    expect((await fetch(`${running.baseUrl}/api/v1/procedures/abc`)).status).toBe(400);
    expect((await fetch(`${running.baseUrl}/api/v1/procedures?limit=1000`)).status).toBe(400);
  });

  it('answers a malformed URL in the error shape of the spec', async () => {
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(running.baseUrl);
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(Buffer.from('GET /api/v1/procedures?q=đăng HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'utf8'));
      });
      let raw = '';
      socket.on('data', (chunk) => (raw += chunk.toString('utf8')));
      socket.on('end', () => resolve({ status: Number(raw.split(' ')[1]), body: raw.slice(raw.indexOf('\r\n\r\n') + 4) }));
      socket.on('error', reject);
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('bad_request');
  });

  it('sends security headers and a JSON 404 for unknown routes', async () => {
    const response = await fetch(`${running.baseUrl}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
