import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeLog } from '../../src/catalog/changes.js';
import type { Procedure } from '../../src/catalog/schema.js';
import { Catalog } from '../../src/catalog/store.js';
import { loadConfig } from '../../src/config.js';
import { ReplyBuilder, answerPreview, page } from '../../src/dialog/replies.js';
import { loadReplies } from '../../src/dialog/templates.js';
import { createAccessControl } from '../../src/http/auth.js';
import { adminRoutes } from '../../src/http/routes/admin.js';
import { createServer } from '../../src/http/server.js';
import { type Db, openDatabase, repositoriesOf } from '../../src/store/index.js';
import { bundled } from '../support/catalog.js';

/** Agency changes with a fixed clock: effective dates, channel-keyed patches, dry runs, replacements. */

const KET_HON = '1.000894';
const KHAI_SINH = '1.001193';
const TAM_TRU = '1.004194';
const ADMIN = 'effective-admin-token-of-32-characters';
const decision = { number: '45/QĐ-UBND', date: '2026-11-20', agency: 'UBND tỉnh Hà Nam' };
const t = loadReplies();

let dir: string;
let db: Db;
let catalog: Catalog;
let changes: ChangeLog;
let server: FastifyInstance;
let baseUrl: string;
let clock: number;
let base: Procedure[];

const answer = (intent: 'fees' | 'online' | 'duration', code: string) => {
  const builder = new ReplyBuilder(t, { now: () => clock, upcoming: (c) => catalog.upcoming(c), lookup: (c) => catalog.get(c) });
  return page(builder.build(intent, catalog.get(code)!, null), t).first;
};

async function post(body: unknown, query = '') {
  const response = await fetch(`${baseUrl}/api/v1/admin/catalog/changes${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-effective-'));
  const config = loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'silent' });
  db = openDatabase(config.databaseFile);
  base = [bundled(KET_HON), bundled(KHAI_SINH), bundled(TAM_TRU)];
  clock = Date.parse('2026-11-25T10:00:00+07:00');
  catalog = new Catalog(base);
  changes = await ChangeLog.open(repositoriesOf(db), catalog, base, {
    logger: pino({ level: 'silent' }),
    now: () => clock,
    preview: answerPreview(t, catalog),
  });
  server = await createServer(config, pino({ level: 'silent' }));
  await server.register(adminRoutes({ changes, access: createAccessControl({ repositories: repositoriesOf(db), config, limits: server.limits }) }));
  baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
});

afterEach(async () => {
  await server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const directFee = { channels: { direct: { fees: [{ kind: 'fee', amount: 20000, note: 'Lệ phí đăng ký tạm trú trực tiếp.' }] } } };

describe('effectiveDate', () => {
  it('is published at once, answers switch on that Vietnam day, and until then say what is coming', async () => {
    const response = await post({
      decision,
      effectiveDate: '2027-01-01',
      changes: [{ action: 'amend', code: TAM_TRU, patch: directFee, summary: 'Mức mới.' }],
    });
    expect(response.status).toBe(201);
    expect((await changes.list())[0].effectiveDate).toBe('2027-01-01');

    const before = answer('fees', TAM_TRU);
    expect(before).toMatch(/Nộp trực tiếp: 10\.000 đồng/);
    expect(before).toContain('⏭ Từ ngày 01/01/2027 (theo 45/QĐ-UBND):');
    expect(before).toMatch(/⏭[^]*Nộp trực tiếp: 20\.000 đồng/);

    clock = Date.parse('2026-12-31T23:59:00+07:00');
    await changes.refresh();
    expect(answer('fees', TAM_TRU)).toMatch(/Nộp trực tiếp: 10\.000 đồng/);

    clock = Date.parse('2027-01-01T00:01:00+07:00');
    await changes.refresh();
    const after = answer('fees', TAM_TRU);
    expect(after).toMatch(/Nộp trực tiếp: 20\.000 đồng/);
    expect(after).not.toContain('10.000 đồng');
    expect(after).toContain('Nguồn: 45/QĐ-UBND (UBND tỉnh Hà Nam), áp dụng từ ngày 01/01/2027');
    expect(catalog.get(TAM_TRU)!.channels.find((c) => c.method === 'direct')!.fees[0].validFrom).toBe('2027-01-01');
  });

  it('survives a restart: a stored future batch is still waiting, then served on its day', async () => {
    await post({ decision, effectiveDate: '2027-01-01', changes: [{ action: 'amend', code: TAM_TRU, patch: directFee, summary: 'Mức mới.' }] });
    catalog = new Catalog(base);
    changes = await ChangeLog.open(repositoriesOf(db), catalog, base, { logger: pino({ level: 'silent' }), now: () => clock });
    expect(answer('fees', TAM_TRU)).toMatch(/Nộp trực tiếp: 10\.000 đồng/);
    clock = Date.parse('2027-01-02T08:00:00+07:00');
    await changes.refresh();
    expect(answer('fees', TAM_TRU)).toMatch(/Nộp trực tiếp: 20\.000 đồng/);
  });
});

describe('channel-keyed patches', () => {
  it('an object keyed by method merges into that channel only; the others stay', async () => {
    const response = await post({
      decision,
      changes: [
        {
          action: 'amend',
          code: KET_HON,
          patch: { channels: { direct: { fees: [{ kind: 'fee', amount: 0, note: 'Miễn phí.' }], note: 'Nộp tại UBND xã.' } } },
          summary: 'Sửa trực tiếp.',
        },
      ],
    });
    expect(response).toEqual({ status: 201, body: { version: expect.any(Number) } });
    const record = catalog.get(KET_HON)!;
    expect(record.channels.map((c) => c.method)).toEqual(bundled(KET_HON).channels.map((c) => c.method));
    expect(record.channels.find((c) => c.method === 'online')).toEqual(bundled(KET_HON).channels.find((c) => c.method === 'online'));
    expect(record.channels.find((c) => c.method === 'direct')!.note).toBe('Nộp tại UBND xã.');
    expect(answer('online', KET_HON)).toMatch(/nộp được trực tuyến|trực tuyến toàn trình/);
  });

  it('an array replaces every channel and the response warns about the ones that disappeared', async () => {
    const direct = bundled(KET_HON).channels.find((c) => c.method === 'direct')!;
    const response = await post({
      decision,
      changes: [{ action: 'amend', code: KET_HON, patch: { channels: [direct] }, summary: 'Chỉ trực tiếp.' }],
    });
    expect(response.status).toBe(201);
    const messages = response.body.warnings.map((w: any) => w.message).join('\n');
    expect(messages).toContain('"online"');
    expect(messages).toContain('"postal"');
    expect(messages).toMatch(/không còn/);
  });

  it('an unknown method is refused in Vietnamese', async () => {
    const response = await post({ decision, changes: [{ action: 'amend', code: KET_HON, patch: { channels: { fax: {} } }, summary: 'x' }] });
    expect(response.status).toBe(422);
    expect(response.body.error.problems[0]).toMatchObject({
      path: 'changes.0.patch.channels.fax',
      message: 'hình thức nộp phải là direct, online hoặc postal',
    });
  });
});

describe('dry run', () => {
  it('returns each record before and after and the answers that would change, and stores nothing', async () => {
    const version = catalog.version;
    const response = await post(
      { decision, effectiveDate: '2027-01-01', changes: [{ action: 'amend', code: TAM_TRU, patch: directFee, summary: 'Mức mới.' }] },
      '?dryRun=true',
    );
    expect(response.status).toBe(200);
    expect(response.body.records).toHaveLength(1);
    expect(response.body.records[0].before.channels.find((c: any) => c.method === 'direct').fees[0].amount).toBe(10000);
    expect(response.body.records[0].after.channels.find((c: any) => c.method === 'direct').fees[0].amount).toBe(20000);
    const fees = response.body.answers.find((a: any) => a.intent === 'fees');
    expect(fees.before).toContain('10.000 đồng');
    expect(fees.after).toContain('20.000 đồng');
    expect(response.body.answers.some((a: any) => a.intent === 'documents')).toBe(false);
    expect(catalog.version).toBe(version);
    expect(await changes.list()).toEqual([]);
    expect(catalog.upcoming(TAM_TRU)).toBeUndefined();
  });
});

describe('abolish with replacedBy, problems in Vietnamese', () => {
  it('names the replacement in the answer', async () => {
    const response = await post({ decision, changes: [{ action: 'abolish', code: KET_HON, replacedBy: KHAI_SINH, summary: 'Gộp thủ tục.' }] });
    expect(response.status).toBe(201);
    expect(catalog.get(KET_HON)!.abolished!.replacedBy).toBe(KHAI_SINH);
    expect(answer('fees', KET_HON)).toContain(`Thủ tục thay thế: Thủ tục đăng ký khai sinh (mã ${KHAI_SINH})`);
  });

  it('an abolition with a later effective date is announced in the answers until that day', async () => {
    await post({
      decision,
      effectiveDate: '2027-01-01',
      changes: [{ action: 'abolish', code: KET_HON, replacedBy: KHAI_SINH, summary: 'Gộp thủ tục.' }],
    });
    const before = answer('fees', KET_HON);
    expect(before).toMatch(/Nộp trực tiếp[^\n]*miễn phí/);
    expect(before).toMatch(/⏭ Từ ngày 01\/01\/2027 \(theo 45\/QĐ-UBND\):\n⚠️ Thủ tục [^\n]*đã bị bãi bỏ/);
    clock = Date.parse('2027-01-01T08:00:00+07:00');
    await changes.refresh();
    expect(answer('fees', KET_HON)).toMatch(/^⚠️ Thủ tục .*đã bị bãi bỏ/);
  });

  it('refuses an unknown replacement and a malformed batch, in Vietnamese', async () => {
    const unknown = await post({ decision, changes: [{ action: 'abolish', code: KET_HON, replacedBy: '1.999999', summary: 'x' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.problems[0].message).toBe('thủ tục thay thế 1.999999 không có trong danh mục');
    const malformed = await post({
      decision: { ...decision, date: '20/11/2026' },
      changes: [{ action: 'amend', code: 'x', patch: {}, summary: '' }],
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.problems[0]).toEqual({ path: 'decision.date', message: 'phải là ngày dạng YYYY-MM-DD' });
    const shape = await post({ decision, changes: [{ action: 'amend', code: 'x', patch: {}, summary: '' }] });
    const messages = shape.body.error.problems.map((p: any) => p.message);
    expect(messages).toContain('phải là mã thủ tục quốc gia, ví dụ 1.001193');
    expect(messages).toContain('phải thay đổi ít nhất một trường');
    expect(messages).toContain('không được để trống');
    const typed = await post({ decision, changes: [{ action: 'amend', code: KET_HON, patch: { levels: 'Cấp xã' }, summary: 'x' }] });
    expect(typed.body.error.problems[0].path).toBe('changes.0.patch.levels');
    expect(typed.body.error.problems[0].message).not.toMatch(/expected|Invalid/i);
  });
});
