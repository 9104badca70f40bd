import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createDossierService, createOutboxPusher } from '../../src/dossier/service.js';
import { createAccessControl, createToken } from '../../src/http/auth.js';
import { dossierRoutes } from '../../src/http/routes/dossiers.js';
import { createServer } from '../../src/http/server.js';
import { createSessionIssuer } from '../../src/http/sessions.js';
import { repositoriesOf } from '../../src/store/index.js';
import { deadUrl, openTestDb, silentLogger, tempDir, testConfig } from './helpers.js';

const CODE = '000.00.12.H56-261020-0031';
const STAFF = 'staff-secret-of-at-least-32-characters';
const ADMIN = 'admin-secret-of-at-least-32-characters';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function build(env: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir();
  const config = testConfig(dir, { STAFF_TOKEN: STAFF, ADMIN_TOKEN: ADMIN, ...env });
  const db = openTestDb(dir);
  const repositories = repositoriesOf(db);
  const service = createDossierService({ repositories, config, logger: silentLogger, pushers: [createOutboxPusher(repositories)] });
  const app: FastifyInstance = await createServer(config, silentLogger);
  const sessions = createSessionIssuer(repositories);
  await app.register(
    dossierRoutes({ service, sessions, hotline: '1900 0000', access: createAccessControl({ repositories, config, limits: app.limits }) }),
  );
  cleanups.push(
    cleanup,
    () => void db.close(),
    () => service.close(),
    () => app.close(),
  );
  return { app, db, service, repositories, sessions };
}

describe('GET /api/v1/dossiers/:receiptCode', () => {
  it('returns the masked public view', async () => {
    const { app } = await build();
    const res = await app.inject({ url: `/api/v1/dossiers/${encodeURIComponent('000.00.12.h56-261020-0031')}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      receiptCode: CODE,
      applicant: 'Nguyễn V. A.',
      status: { code: 2, label: 'Được tiếp nhận' },
      procedure: { code: '1.001193' },
    });
    expect(res.body).not.toMatch(/0900000031|an\.demo@example\.vn|Nguyễn Văn An|000000000031|ngõ Mẫu/);
  });

  it.each([
    ['000.00.12.H56-261399-0031', 400, 'malformed_code'],
    ['000.00.12.H56-261020-9999', 404, 'dossier_not_found'],
  ])('%s → %i', async (code, status, errorCode) => {
    const { app } = await build();
    const res = await app.inject({ url: `/api/v1/dossiers/${code}` });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: { code: errorCode, message: expect.stringMatching(/\p{L}/u) } });
  });

  it('429 after the per-IP lookup quota', async () => {
    const { app } = await build({ DOSSIER_LOOKUPS_PER_10_MIN: '2' });
    for (let i = 0; i < 2; i++) expect((await app.inject({ url: `/api/v1/dossiers/${CODE}` })).statusCode).toBe(200);
    const res = await app.inject({ url: `/api/v1/dossiers/${CODE}` });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json().error.code).toBe('too_many_lookups');
  });

  it('503 when the dossier system is down', async () => {
    const { app } = await build({ DOSSIER_API_URL: await deadUrl(), DOSSIER_TIMEOUT_MS: '400' });
    const res = await app.inject({ url: `/api/v1/dossiers/${CODE}` });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toContain('tạm gián đoạn');
  });
});

describe('GET /api/v1/staff/dossiers/:receiptCode', () => {
  it.each([undefined, 'Bearer wrong', `Basic ${STAFF}`, 'Bearer '])(
    'refuses authorization %j with 401, audited as a refusal',
    async (authorization) => {
      const { app, repositories } = await build();
      const res = await app.inject({ url: `/api/v1/staff/dossiers/${CODE}`, headers: authorization ? { authorization } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(await repositories.access.auditLog(10)).toEqual([
        {
          at: expect.any(String),
          actor: '',
          person: '',
          address: '127.0.0.1',
          action: 'GET /api/v1/staff/dossiers/:receiptCode',
          target: '',
          status: 401,
        },
      ]);
    },
  );

  it('shows the full record to staff tokens and the bootstrap admin, not to an agency admin token, and audits each view with the person', async () => {
    const { app, db, repositories } = await build();
    const { token, id } = await createToken(repositories, { name: 'Nguyễn Thị Hoa', role: 'staff' });
    for (const bearer of [STAFF, ADMIN, token]) {
      const res = await app.inject({ url: `/api/v1/staff/dossiers/${CODE}`, headers: { authorization: `Bearer ${bearer}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        MaHoSo: CODE,
        ChuHoSo: 'Nguyễn Văn An',
        SoDienThoai: '0900000031',
        TomTat: expect.stringContaining('Trạng thái'),
      });
    }
    const agencyAdmin = await createToken(repositories, { name: 'Lê Bộ', agency: 'Bộ Tư pháp', role: 'admin', scope: ['Hộ tịch'] });
    const refused = await app.inject({ url: `/api/v1/staff/dossiers/${CODE}`, headers: { authorization: `Bearer ${agencyAdmin.token}` } });
    expect(refused.statusCode).toBe(403);
    const audit = (await repositories.access.auditLog(10)).reverse().map((e) => [e.actor, e.person, e.target, e.status]);
    expect(audit).toEqual([
      ['env:staff', 'STAFF_TOKEN', CODE, 200],
      ['env:admin', 'ADMIN_TOKEN', CODE, 200],
      [`token:${id}`, 'Nguyễn Thị Hoa', CODE, 200],
      [`token:${agencyAdmin.id}`, 'Lê Bộ', '', 403],
    ]);
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token);
  });

  it('refuses another agency’s dossier to an agency-scoped staff token (403), and a revoked token at once (401)', async () => {
    const { app, repositories } = await build();
    const own = await createToken(repositories, { name: 'Lê Xã', role: 'staff', agency: 'UBND xã Tân An (dữ liệu mẫu)' });
    const view = (code: string, token: string) =>
      app.inject({ url: `/api/v1/staff/dossiers/${code}`, headers: { authorization: `Bearer ${token}` } });
    expect((await view(CODE, own.token)).statusCode).toBe(200);
    const other = await view('000.00.12.H56-261118-0101', own.token);
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toEqual({ code: 'other_agency', message: expect.stringContaining('UBND xã Tân An') });
    expect(other.body).not.toMatch(/ChuHoSo|SoDienThoai/);
    expect(await repositories.access.revokeToken(own.id, new Date().toISOString())).toBe(true);
    expect((await view(CODE, own.token)).statusCode).toBe(401);
  });
});

describe('GET /api/v1/sessions/:sessionId/messages', () => {
  it('drains the outbox of a session the server issued, and only of one it issued', async () => {
    const { app, db, service, repositories } = await build();
    const sessionId = 'web:issued-for-this-test';
    await repositories.issuedSessions.issue(sessionId, Date.now());
    await service.subscribe(sessionId, CODE, { clientKey: 'c' });
    await service.subscribe('demo', CODE, { clientKey: 'c' });
    db.prepare("UPDATE dossier_registry SET record = json_set(record, '$.TrangThaiHoSo', '4') WHERE code = ?").run(CODE);
    expect(await service.pollOnce()).toBe(2);
    // The finding: anyone sending a shared id ("demo") took its owner's pushed notices.
    const guessed = await app.inject({ url: '/api/v1/sessions/demo/messages' });
    expect(guessed.statusCode).toBe(404);
    expect(guessed.json().error.code).toBe('unknown_session');
    const first = await app.inject({ url: `/api/v1/sessions/${sessionId}/messages` });
    expect(first.json()).toEqual({
      messages: [{ text: expect.stringContaining('Đang xử lý'), suggestions: expect.any(Array), createdAt: expect.any(String) }],
    });
    expect((await app.inject({ url: `/api/v1/sessions/${sessionId}/messages` })).json()).toEqual({ messages: [] });
    expect([400, 414]).toContain((await app.inject({ url: `/api/v1/sessions/${'x'.repeat(129)}/messages` })).statusCode);
  });
});
