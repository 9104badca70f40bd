import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundMessage, Pusher } from '../../src/channels/types.js';
import { createDossierRegistry } from '../../src/dossier/registry.js';
import { createDossierService, createOutboxPusher } from '../../src/dossier/service.js';
import { createUpstreamSource } from '../../src/dossier/upstream.js';
import { repositoriesOf } from '../../src/store/index.js';
import { daysFromNow, deadUrl, makeRecord, openTestDb, sendJson, silentLogger, startStandIn, tempDir, testConfig } from './helpers.js';

const CODE = '000.00.12.H56-261020-0031';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A chat channel stand-in at the outer edge: records what would be sent to `tg:` sessions. */
function recordingPusher(): Pusher & { sent: Array<{ sessionId: string; message: OutboundMessage }> } {
  const sent: Array<{ sessionId: string; message: OutboundMessage }> = [];
  return { sent, handles: (id) => id.startsWith('tg:'), push: async (sessionId, message) => void sent.push({ sessionId, message }) };
}

function setup(env: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const config = testConfig(dir, env);
  const open = (pushers: Pusher[] = []) => {
    const db = openTestDb(dir);
    const repositories = repositoriesOf(db);
    const service = createDossierService({ repositories, config, logger: silentLogger, pushers: [...pushers, createOutboxPusher(repositories)] });
    cleanups.push(async () => {
      await service.close();
      db.close();
    });
    return { db, repositories, service, registry: createDossierRegistry(repositories) };
  };
  return { dir, config, open };
}

describe('dossier service: lookups', () => {
  it('answers from the seeded reference registry when DOSSIER_API_URL is unset', async () => {
    const { service } = setup().open();
    const answer = await service.lookup('000.00.12.h56 - 261020 - 0031', { clientKey: 'c1' });
    expect(answer).toMatchObject({ kind: 'found', code: CODE, status: 2, procedureCode: '1.001193' });
    expect(answer.reply).toContain('Được tiếp nhận');
    expect(answer.suggestions).toContain('Báo khi có kết quả');
    expect(answer.reply).not.toMatch(/0900000031|an\.demo@example\.vn|Nguyễn Văn An/);
  });

  it('the demo data covers every status and an overdue dossier', async () => {
    const { service, db, registry } = setup().open();
    await registry.get(CODE); // seeded before the first read
    const codes = db
      .prepare<[], { code: string }>('SELECT code FROM dossier_registry')
      .all()
      .map((r) => r.code);
    const answers = await Promise.all(codes.map((code, i) => service.lookup(code, { clientKey: `k${i}` })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(answers.some((a) => a.reply.includes('quá hạn'))).toBe(true);
  });

  it('says not found, and helps with a malformed code', async () => {
    const { service } = setup().open();
    expect(await service.lookup('000.00.12.H56-261020-9999', { clientKey: 'c' })).toMatchObject({
      kind: 'not_found',
      code: '000.00.12.H56-261020-9999',
    });
    const malformed = await service.lookup('000.00.12.H56-261399-0031', { clientKey: 'c' });
    expect(malformed.reply).toContain('thường có dạng');
    expect(service.askForCodeReply().reply).toContain('mã hồ sơ');
  });

  it('answers from the upstream system when DOSSIER_API_URL is set', async () => {
    const standIn = await startStandIn((_req, res) =>
      sendJson(res, 200, makeRecord({ TrangThaiHoSo: '6', DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí', MaPhiLePhi: 'L', Gia: '8000' }] })),
    );
    cleanups.push(standIn.close);
    const { service } = setup({ DOSSIER_API_URL: standIn.url, DOSSIER_API_TOKEN: 'tok' }).open();
    const answer = await service.lookup(CODE, { clientKey: 'c' });
    expect(answer).toMatchObject({ kind: 'found', status: 6 });
    expect(answer.reply).toContain('Cần nộp: Lệ phí 8.000 đồng');
    expect(standIn.requests[0].headers.authorization).toBe('Bearer tok');
  });

  it('says plainly when the dossier system is down, within the timeout', async () => {
    const { service } = setup({ DOSSIER_API_URL: await deadUrl(), DOSSIER_TIMEOUT_MS: '500' }).open();
    const answer = await service.lookup(CODE, { clientKey: 'c' });
    expect(answer.kind).toBe('unavailable');
    expect(answer.reply).toContain('tạm gián đoạn');
    expect(answer.reply).toContain('1900 0000');
  });

  it('rate-limits lookups per client with a polite refusal', async () => {
    const { service } = setup({ DOSSIER_LOOKUPS_PER_10_MIN: '3' }).open();
    for (let i = 0; i < 3; i++)
      expect((await service.lookup(`000.00.12.H56-261020-00${40 + i}`, { clientKey: 'enumerator' })).kind).not.toBe('rate_limited');
    const refused = await service.lookup(CODE, { clientKey: 'enumerator' });
    expect(refused.kind).toBe('rate_limited');
    expect(refused.reply).toMatch(/thử lại sau khoảng \d+ phút/);
    expect((await service.lookup(CODE, { clientKey: 'someone-else' })).kind).toBe('found');
  });

  it('audits every staff view: who, from where, when, which code', async () => {
    const { service, db } = setup().open();
    const viewer = { id: 'token:7', name: 'Nguyễn Thị Hoa', agency: null, address: '10.0.0.7' };
    const result = await service.staffView(CODE, viewer);
    expect(result).toMatchObject({ kind: 'found', view: { SoDienThoai: '0900000031', ChuHoSo: 'Nguyễn Văn An' } });
    await service.staffView('000.00.12.H56-261020-9999', { ...viewer, id: 'env:staff', name: 'STAFF_TOKEN' });
    const rows = (await repositoriesOf(db).access.auditLog(10)).reverse();
    expect(rows).toEqual([
      {
        actor: 'token:7',
        person: 'Nguyễn Thị Hoa',
        address: '10.0.0.7',
        action: 'dossier.view',
        target: CODE,
        status: 200,
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
      {
        actor: 'env:staff',
        person: 'STAFF_TOKEN',
        address: '10.0.0.7',
        action: 'dossier.view',
        target: '000.00.12.H56-261020-9999',
        status: 404,
        at: expect.any(String),
      },
    ]);
  });

  it('shows a staff member of one agency only the dossiers that agency handles (finding: any agency’s dossier opened unmasked)', async () => {
    const { service, db } = setup().open();
    const own = await service.staffView(CODE, { id: 'token:8', name: 'Lê Xã', agency: 'ubnd xa tan an (du lieu mau)', address: '10.0.0.8' });
    expect(own.kind).toBe('found');
    const other = await service.staffView(CODE, {
      id: 'token:9',
      name: 'Trần Phường',
      agency: 'Công an phường Minh Khai (dữ liệu mẫu)',
      address: '10.0.0.9',
    });
    expect(other).toEqual({ kind: 'forbidden', message: expect.stringContaining('Công an phường Minh Khai') });
    expect(JSON.stringify(other)).not.toContain('0900000031');
    expect((await repositoriesOf(db).access.auditLog(1))[0]).toMatchObject({ person: 'Trần Phường', status: 403 });
  });
});

describe('dossier service: subscriptions', () => {
  it('notifies a status change exactly once, also after the service is re-created on the same file', async () => {
    const env = setup();
    const telegram = recordingPusher();
    const first = env.open([telegram]);
    expect((await first.service.subscribe('tg:42', CODE, { clientKey: 'c' })).reply).toContain('Đã đăng ký');
    expect((await first.service.subscribe('web:abc', CODE, { clientKey: 'c' })).reply).toContain('Đã đăng ký');
    expect(await first.service.pollOnce()).toBe(0);

    await first.registry.setStatus(CODE, 4);
    expect(await first.service.pollOnce()).toBe(2);
    expect(await first.service.pollOnce()).toBe(0);
    expect(telegram.sent).toHaveLength(1);
    expect(telegram.sent[0].message.text).toContain('Đang xử lý');
    expect(telegram.sent[0].message.suggestions).toContain(`Dừng theo dõi hồ sơ ${CODE}`);

    // Restart: a new service on the same SQLite file knows what was already announced.
    await first.service.close();
    const second = env.open([telegram]);
    expect(await second.service.pollOnce()).toBe(0);
    expect(await second.service.subscriptionsOf('tg:42')).toEqual([CODE]);
    await second.registry.setStatus(CODE, 9);
    expect(await second.service.pollOnce()).toBe(2);
    expect(telegram.sent.map((s) => s.message.text)).toEqual([expect.stringContaining('Đang xử lý'), expect.stringContaining('Đã xử lý xong')]);

    // Web sessions get the same updates through the outbox, drained once.
    const web = await second.service.takeMessages('web:abc');
    expect(web.map((m) => m.text)).toEqual([expect.stringContaining('Đang xử lý'), expect.stringContaining('Đã xử lý xong')]);
    expect(web[0]).toMatchObject({ suggestions: expect.any(Array), createdAt: expect.any(String) });
    expect(await second.service.takeMessages('web:abc')).toEqual([]);
  });

  it('notifies a new due date, and stops after the dossier ends', async () => {
    const { service, registry } = setup().open();
    await service.subscribe('web:s', CODE, { clientKey: 'c' });
    const record = (await registry.get(CODE))!;
    await registry.put({ ...record, NgayHenTra: '20280301170000' });
    expect(await service.pollOnce()).toBe(1);
    expect((await service.takeMessages('web:s'))[0].text).toContain('ngày hẹn trả mới là 01/03/2028');

    await registry.setStatus(CODE, 10);
    expect(await service.pollOnce()).toBe(1);
    expect((await service.takeMessages('web:s'))[0].text).toContain('dừng theo dõi');
    expect(await service.subscriptionsOf('web:s')).toEqual([]);
    await registry.setStatus(CODE, 4);
    expect(await service.pollOnce()).toBe(0);
  });

  it('refuses to follow an ended or unknown dossier; unsubscribes one or all', async () => {
    const { service } = setup().open();
    expect((await service.subscribe('web:s', '000.00.12.H56-261113-0040', { clientKey: 'c' })).reply).toContain('đã kết thúc');
    expect((await service.subscribe('web:s', '000.00.12.H56-261020-9999', { clientKey: 'c' })).reply).toContain('không tìm thấy');
    expect(await service.subscriptionsOf('web:s')).toEqual([]);

    await service.subscribe('web:s', CODE, { clientKey: 'c' });
    expect((await service.subscribe('web:s', CODE, { clientKey: 'c' })).reply).toContain('đã đăng ký theo dõi');
    await service.subscribe('web:s', '38.98.H29-261102-0004', { clientKey: 'c' });
    expect((await service.unsubscribe('web:s', CODE)).reply).toContain(`Đã dừng theo dõi hồ sơ ${CODE}`);
    expect(await service.subscriptionsOf('web:s')).toEqual(['38.98.H29-261102-0004']);
    expect((await service.unsubscribe('web:s')).reply).toContain('Đã dừng theo dõi 1 hồ sơ');
    expect((await service.unsubscribe('web:s')).reply).toContain('chưa đăng ký');
  });

  it('backs off while the dossier system fails, and keeps the subscription', async () => {
    const env = setup();
    const { db, repositories, service } = env.open();
    await service.subscribe('web:s', CODE, { clientKey: 'c' });
    const failing = createDossierService({
      repositories,
      config: env.config,
      logger: silentLogger,
      pushers: [createOutboxPusher(repositories)],
      source: createUpstreamSource({ baseUrl: await deadUrl(), timeoutMs: 300, logger: silentLogger }),
    });
    cleanups.push(() => failing.close());
    expect(await failing.pollOnce()).toBe(0);
    const watch = db.prepare<[], { failures: number; next_poll_at: number }>('SELECT failures, next_poll_at FROM dossier_watch').get()!;
    expect(watch.failures).toBe(1);
    expect(watch.next_poll_at).toBeGreaterThan(Date.now() + env.config.DOSSIER_POLL_INTERVAL_MS);
    expect(await failing.subscriptionsOf('web:s')).toEqual([CODE]);
  });
});

describe('dossier service: overdue from a record', () => {
  it('looks up an overdue dossier put through the registry', async () => {
    const { service, registry } = setup().open();
    await registry.put(makeRecord({ MaHoSo: '000.00.12.H56-261001-0077', TrangThaiHoSo: '4', NgayHenTra: daysFromNow(-2) }));
    const answer = await service.lookup('000.00.12.H56-261001-0077', { clientKey: 'c' });
    expect(answer.reply).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
  });
});

describe('dossier service: kill -9', () => {
  it('keeps subscriptions and delivered notifications when the process is killed', async () => {
    const env = setup();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/poll-then-hang.ts', import.meta.url)), env.dir, CODE, 'web:k9'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.trim());
      });
      child.on('exit', (codeOrNull) => reject(new Error(`child exited early (${codeOrNull})`)));
    });
    expect(output).toBe('queued 1');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const { service } = env.open();
    expect(await service.subscriptionsOf('web:k9')).toEqual([CODE]);
    expect(await service.pollOnce()).toBe(0);
    expect((await service.takeMessages('web:k9')).map((m) => m.text)).toEqual([expect.stringContaining('Đang xử lý')]);
  });
});
