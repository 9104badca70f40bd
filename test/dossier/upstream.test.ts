import { afterEach, describe, expect, it } from 'vitest';
import { DossierUnavailableError } from '../../src/dossier/source.js';
import { createUpstreamSource } from '../../src/dossier/upstream.js';
import { deadUrl, makeRecord, sendJson, silentLogger, startStandIn, type Handler } from './helpers.js';

const TIMEOUT_MS = 600;
const CODE = '000.00.12.H56-261020-0031';

let closeStandIn: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeStandIn?.();
  closeStandIn = undefined;
});

async function upstream(
  handler: Handler,
  breaker: { failureThreshold: number; windowMs: number; cooldownMs: number; now?: () => number } = {
    failureThreshold: 5,
    windowMs: 60_000,
    cooldownMs: 30_000,
  },
) {
  const standIn = await startStandIn(handler);
  closeStandIn = standIn.close;
  const source = createUpstreamSource({ baseUrl: standIn.url, token: 'secret-token', timeoutMs: TIMEOUT_MS, logger: silentLogger, breaker });
  return { source, standIn };
}

/**
 * Runs a lookup to its outcome. No wall-clock assertion (the machine may be busy): a lookup that
 * did not give up on its own timeout would hang the stand-in's cases past the test's timeout.
 */
async function timed<T>(run: () => Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return run().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

describe('upstream connector against a loopback stand-in', () => {
  it('answers a record, sending the bearer token', async () => {
    const { source, standIn } = await upstream((_req, res) => sendJson(res, 200, makeRecord()));
    const { value } = await timed(() => source.get(CODE));
    expect(value).toMatchObject({ MaHoSo: CODE, TrangThaiHoSo: '2' });
    expect(standIn.requests[0].url).toBe(`/dossiers/${encodeURIComponent(CODE)}`);
    expect(standIn.requests[0].headers.authorization).toBe('Bearer secret-token');
  });

  it('maps 404 to null without retrying', async () => {
    const { source, standIn } = await upstream((_req, res) => sendJson(res, 404, { error: 'unknown' }));
    expect((await timed(() => source.get(CODE))).value).toBeNull();
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries a 500 once, then reports unavailable', async () => {
    const { source, standIn } = await upstream((_req, res) => sendJson(res, 500, { error: 'boom' }));
    expect((await timed(() => source.get(CODE))).error).toBeInstanceOf(DossierUnavailableError);
    expect(standIn.requests).toHaveLength(2);
  });

  it('recovers from one 500 with the quick retry', async () => {
    let calls = 0;
    const { source } = await upstream((_req, res) => (calls++ === 0 ? sendJson(res, 503, {}) : sendJson(res, 200, makeRecord())));
    expect((await timed(() => source.get(CODE))).value).toMatchObject({ MaHoSo: CODE });
  });

  it('gives up on a slow answer at the timeout', async () => {
    const { source } = await upstream((_req, res) => setTimeout(() => sendJson(res, 200, makeRecord()), TIMEOUT_MS * 4).unref());
    const { error } = await timed(() => source.get(CODE));
    expect(error).toBeInstanceOf(DossierUnavailableError);
    expect((error as Error).message).toContain('timeout');
  });

  it('gives up on a body that stalls mid-way', async () => {
    const { source } = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"MaHoSo": "000.00');
    });
    expect((await timed(() => source.get(CODE))).error).toBeInstanceOf(DossierUnavailableError);
  });

  it.each([
    ['broken JSON', '{"MaHoSo": "000.00.12.H56-261020-0031", "TrangThai'],
    ['an HTML error page', '<html><body>Bad gateway</body></html>'],
    ['an invalid status', JSON.stringify(makeRecord({ TrangThaiHoSo: '42' }))],
    ['an invalid date', JSON.stringify(makeRecord({ NgayHenTra: '2026-10-21' }))],
    ['another dossier', JSON.stringify(makeRecord({ MaHoSo: '000.00.12.H56-261020-0032' }))],
  ])('treats %s as unavailable, never as data', async (_name, body) => {
    const { source } = await upstream((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    expect((await timed(() => source.get(CODE))).error).toBeInstanceOf(DossierUnavailableError);
  });

  it('reports a refused connection as unavailable', async () => {
    const source = createUpstreamSource({ baseUrl: await deadUrl(), timeoutMs: TIMEOUT_MS, logger: silentLogger });
    expect((await timed(() => source.get(CODE))).error).toBeInstanceOf(DossierUnavailableError);
  });

  it('serves a good answer from its short cache', async () => {
    const { source, standIn } = await upstream((_req, res) => sendJson(res, 200, makeRecord()));
    await source.get(CODE);
    await source.get(CODE);
    expect(standIn.requests).toHaveLength(1);
  });

  it('opens the circuit when distinct codes fail, then recovers through a half-open probe', async () => {
    let clock = 1_000_000;
    let healthy = false;
    const { source, standIn } = await upstream(
      (req, res) => (healthy ? sendJson(res, 200, makeRecord({ MaHoSo: decodeURIComponent(req.url!.split('/').pop()!) })) : sendJson(res, 500, {})),
      { failureThreshold: 2, windowMs: 60_000, cooldownMs: 10_000, now: () => clock },
    );
    await expect(source.get(CODE)).rejects.toThrow(DossierUnavailableError);
    await expect(source.get('000.00.12.H56-261020-0032')).rejects.toThrow(DossierUnavailableError);
    expect(source.breaker.state).toBe('open');
    const before = standIn.requests.length;

    // Open: refused at once, without a request.
    await expect(source.get('000.00.12.H56-261020-0035')).rejects.toThrow('circuit open');
    expect(standIn.requests.length).toBe(before);

    // After the cool-down one probe goes through; a failed probe re-opens the circuit.
    clock += 10_000;
    expect(source.breaker.state).toBe('half_open');
    await expect(source.get('000.00.12.H56-261020-0033')).rejects.toThrow(DossierUnavailableError);
    expect(source.breaker.state).toBe('open');

    clock += 10_000;
    healthy = true;
    expect(await source.get('000.00.12.H56-261020-0034')).toMatchObject({ MaHoSo: '000.00.12.H56-261020-0034' });
    expect(source.breaker.state).toBe('closed');
  });

  it('sends one request for simultaneous lookups of one code', async () => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const { source, standIn } = await upstream((_req, res) => void held.then(() => sendJson(res, 200, makeRecord())));
    const lookups = Array.from({ length: 5 }, () => source.get(CODE));
    answer();
    for (const record of await Promise.all(lookups)) expect(record).toMatchObject({ MaHoSo: CODE });
    expect(standIn.requests).toHaveLength(1);
  });

  it('never opens for one code failing again and again', async () => {
    const { source } = await upstream((_req, res) => sendJson(res, 500, {}), { failureThreshold: 2, windowMs: 60_000, cooldownMs: 10_000 });
    for (let i = 0; i < 7; i++) await expect(source.get(CODE)).rejects.toThrow(DossierUnavailableError);
    expect(source.breaker.state).toBe('closed');
  });

  it('stays closed while most codes are still answered', async () => {
    const failing = new Set(['0040', '0041']);
    const { source } = await upstream(
      (req, res) => {
        const code = decodeURIComponent(req.url!.split('/').pop()!);
        return failing.has(code.slice(-4)) ? sendJson(res, 500, {}) : sendJson(res, 200, makeRecord({ MaHoSo: code }));
      },
      { failureThreshold: 2, windowMs: 60_000, cooldownMs: 10_000 },
    );
    for (const n of ['0050', '0051', '0052']) await source.get(`000.00.12.H56-261020-${n}`);
    for (const n of failing) await expect(source.get(`000.00.12.H56-261020-${n}`)).rejects.toThrow(DossierUnavailableError);
    expect(source.breaker.state).toBe('closed');
  });

  it('stops reading an endless body at the size cap instead of buffering it', async () => {
    let written = 0;
    const { source } = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && written < 50_000_000) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => undefined);
      pump();
    });
    const { error } = await timed(() => source.get(CODE));
    expect((error as Error).message).toContain('answer too large');
    expect(written).toBeLessThan(50_000_000);
  });

  it('refuses a body whose declared length is past the cap without reading it', async () => {
    const { source } = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5_000_000) });
      res.write('{');
    });
    const { error } = await timed(() => source.get(CODE));
    expect((error as Error).message).toContain('answer too large');
  });
});
