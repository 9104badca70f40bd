import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createDossierService, createOutboxPusher } from '../../src/dossier/service.js';
import { createToken } from '../../src/http/auth.js';
import { dossierRoutes } from '../../src/http/routes/dossiers.js';
import { repositoriesOf } from '../../src/store/index.js';
import { deadUrl, openTestDb, silentLogger, tempDir, testConfig } from './helpers.js';

const CODE = '000.00.12.H56-261020-0031';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function build(env: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir();
  const config = testConfig(dir, { STAFF_TOKEN: 'staff-secret', ADMIN_TOKEN: 'admin-secret', ...env });
  const db = openTestDb(dir);
  const repositories = repositoriesOf(db);
  const service = createDossierService({ repositories, config, logger: silentLogger, pushers: [createOutboxPusher(repositories)] });
  const app: FastifyInstance = Fastify();
  await app.register(dossierRoutes({ service, repositories, config }));
  cleanups.push(cleanup, () => void db.close(), () => service.close(), () => app.close());
  return { app, db, service };
}

describe('GET /api/v1/dossiers/:receiptCode', () => {
  it('returns the masked public view', async () => {
    const { app } = await build();
    const res = await app.inject({ url: `/api/v1/dossiers/${encodeURIComponent('000.00.12.h56-261020-0031')}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ receiptCode: CODE, applicant: 'Nguyễn V. A.', status: { code: 2, label: 'Được tiếp nhận' }, procedure: { code: '1.001193' } });
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
  it.each([undefined, 'Bearer wrong', 'Basic staff-secret', 'Bearer '])('refuses authorization %j with 401', async (authorization) => {
    const { app, db } = await build();
    const res = await app.inject({ url: `/api/v1/staff/dossiers/${CODE}`, headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(db.prepare('SELECT COUNT(*) AS n FROM dossier_staff_audit').get()).toEqual({ n: 0 });
  });

  it('shows the full record to staff tokens and the bootstrap admin, not to an agency admin token, and audits each view', async () => {
    const { app, db } = await build();
    const { token, id } = await createToken(repositoriesOf(db), { agency: 'UBND xã Tân An', role: 'staff' });
    for (const bearer of ['staff-secret', 'admin-secret', token]) {
      const res = await app.inject({ url: `/api/v1/staff/dossiers/${CODE}`, headers: { authorization: `Bearer ${bearer}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ MaHoSo: CODE, ChuHoSo: 'Nguyễn Văn An', SoDienThoai: '0900000031', TomTat: expect.stringContaining('Trạng thái') });
    }
    const agencyAdmin = await createToken(repositoriesOf(db), { agency: 'Bộ Tư pháp', role: 'admin' });
    const refused = await app.inject({ url: `/api/v1/staff/dossiers/${CODE}`, headers: { authorization: `Bearer ${agencyAdmin.token}` } });
    expect(refused.statusCode).toBe(403);
    const audit = db.prepare('SELECT staff_id, code FROM dossier_staff_audit ORDER BY id').all();
    expect(audit).toEqual([
      { staff_id: 'env:staff', code: CODE },
      { staff_id: 'env:admin', code: CODE },
      { staff_id: `token:${id}`, code: CODE },
    ]);
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token);
  });
});

describe('GET /api/v1/sessions/:sessionId/messages', () => {
  it('drains the outbox of the session', async () => {
    const { app, db, service } = await build();
    await service.subscribe('web:1', CODE, { clientKey: 'c' });
    db.prepare("UPDATE dossier_registry SET record = json_set(record, '$.TrangThaiHoSo', '4') WHERE code = ?").run(CODE);
    expect(await service.pollOnce()).toBe(1);
    const first = await app.inject({ url: '/api/v1/sessions/web:1/messages' });
    expect(first.json()).toEqual({ messages: [{ text: expect.stringContaining('Đang xử lý'), suggestions: expect.any(Array), createdAt: expect.any(String) }] });
    expect((await app.inject({ url: '/api/v1/sessions/web:1/messages' })).json()).toEqual({ messages: [] });
    expect([400, 414]).toContain((await app.inject({ url: `/api/v1/sessions/${'x'.repeat(129)}/messages` })).statusCode);
  });
});
