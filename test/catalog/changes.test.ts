import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeLog, scopeCovers } from '../../src/catalog/changes.js';
import { mergePatch } from '../../src/catalog/changes/batch.js';
import type { Procedure } from '../../src/catalog/schema.js';
import { Catalog } from '../../src/catalog/store.js';
import { ReplyBuilder, page } from '../../src/dialog/replies.js';
import { loadReplies } from '../../src/dialog/templates.js';
import type { OutboundMessage, Pusher } from '../../src/channels/types.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createAccessControl, createToken } from '../../src/http/auth.js';
import { adminRoutes } from '../../src/http/routes/admin.js';
import { createServer } from '../../src/http/server.js';
import { type Db, openDatabase, repositoriesOf } from '../../src/store/index.js';
import { bundled } from '../support/catalog.js';

/** Catalog changes through the real HTTP routes, a temp SQLite file and three bundled records. */

const KHAI_SINH = '1.001193'; // UBND cấp xã, announced by 163/QĐ-BTP
const KET_HON = '1.000894'; // UBND cấp xã, announced by 163/QĐ-BTP
const TAM_TRU = '1.004194'; // Công an cấp xã, announced by 9354/QĐ-BCA-C06
const NEW_CODE = '1.999001';
const CAN_CUOC = '1.014061'; // Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên, Bộ Công an
const ADMIN = 'bootstrap-admin-secret-of-32-chars-or-more';
const DAY_MS = 24 * 3600_000;
const decision = { number: '123/QĐ-UBND', date: '2026-03-01', agency: 'UBND tỉnh Hà Nam' };

/** Records pushes; 'fail' throws like a channel that is down, 'hold' waits until released. */
class RecordingPusher implements Pusher {
  readonly sent: Array<{ sessionId: string; message: OutboundMessage }> = [];
  release!: () => void;
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));
  constructor(
    private readonly prefix: string,
    private readonly behaviour: 'ok' | 'fail' | 'hold' = 'ok',
  ) {}
  handles(sessionId: string) {
    return sessionId.startsWith(this.prefix);
  }
  async push(sessionId: string, message: OutboundMessage) {
    if (this.behaviour === 'fail') throw new Error('channel down');
    if (this.behaviour === 'hold') await this.held;
    this.sent.push({ sessionId, message });
  }
}

let dir: string;
let db: Db;
let config: Config;
let base: Procedure[];
let catalog: Catalog;
let changes: ChangeLog;
let server: FastifyInstance;
let baseUrl: string;
let clock: number;
let web: RecordingPusher;
let telegram: RecordingPusher;
let slow: RecordingPusher;
let tokens: { commune: string; police: string; ministry: string; staff: string; unscopedName: string };

function open(): Promise<ChangeLog> {
  catalog = new Catalog(base);
  return ChangeLog.open(repositoriesOf(db), catalog, base, { pushers: [slow, telegram, web], logger: pino({ level: 'silent' }), now: () => clock });
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-changes-'));
  config = loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'silent' });
  db = openDatabase(config.databaseFile);
  base = [bundled(KHAI_SINH), bundled(KET_HON), bundled(TAM_TRU), bundled(CAN_CUOC)];
  clock = Date.parse('2026-03-02T03:00:00Z');
  web = new RecordingPusher('web:');
  telegram = new RecordingPusher('tg:', 'fail');
  slow = new RecordingPusher('slow:', 'hold');
  changes = await open();
  const repositories = repositoriesOf(db);
  const token = async (input: Parameters<typeof createToken>[1]) => (await createToken(repositories, input)).token;
  tokens = {
    // A commune's token scoped by field: its own procedures whatever its name says.
    commune: await token({ name: 'Lê Văn Xã', agency: 'UBND xã Tân An', role: 'admin', scope: ['HỘ TỊCH'] }),
    police: await token({ name: 'Trần Công An', agency: 'Công an tỉnh Hà Nam', role: 'admin', scope: [TAM_TRU] }),
    // Named like the ministry that announced khai sinh (163/QĐ-BTP) but scoped to one other code.
    ministry: await token({ name: 'Phạm Bộ', agency: 'Bộ Tư pháp', role: 'admin', scope: [KET_HON] }),
    staff: await token({ name: 'Ngô Tổng Đài', agency: 'Ủy ban nhân dân cấp xã', role: 'staff' }),
    unscopedName: await token({ name: 'Ban Tổ chức', agency: 'Ban Tổ chức Tỉnh ủy', role: 'admin', scope: ['1.000000'] }),
  };
  server = await createServer(config, pino({ level: 'silent' }));
  await server.register(adminRoutes({ changes, access: createAccessControl({ repositories, config, limits: server.limits }) }));
  baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
});

afterEach(async () => {
  await server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(body: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}/api/v1/admin/catalog/changes`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

const newProcedure = () => ({
  ...bundled(KET_HON),
  code: NEW_CODE,
  name: 'Thủ tục đăng ký nuôi chim bồ câu đưa thư',
  aliases: ['nuôi bồ câu đưa thư'],
});
const amendFee = { action: 'amend', code: KHAI_SINH, patch: { aliases: ['giấy chào đời'] }, summary: 'Bổ sung cách gọi mới.' };

describe('POST /api/v1/admin/catalog/changes', () => {
  it('applies add, amend and abolish at once: records, search and version change with no restart', async () => {
    const before = catalog.version;
    const response = await post(
      {
        decision,
        effectiveDate: '2026-03-01',
        changes: [
          { action: 'add', procedure: newProcedure(), summary: 'Công bố thủ tục mới.' },
          {
            action: 'amend',
            code: KHAI_SINH,
            patch: { aliases: ['giấy chào đời'], agencies: { coordinating: 'Bệnh viện' } },
            summary: 'Bổ sung cách gọi.',
          },
          { action: 'abolish', code: KET_HON, summary: 'Thay bằng thủ tục liên thông.' },
        ],
      },
      ADMIN,
    );
    expect(response).toEqual({ status: 201, body: { version: before + 1 } });
    expect(catalog.version).toBe(before + 1);

    expect(catalog.get(NEW_CODE)?.name).toBe('Thủ tục đăng ký nuôi chim bồ câu đưa thư');
    expect(catalog.search.search('nuôi bồ câu đưa thư')[0]?.procedure.code).toBe(NEW_CODE);

    const amended = catalog.get(KHAI_SINH)!;
    expect(amended.aliases).toEqual(['giấy chào đời']);
    // Merge patch: the untouched agency fields stay, the new one is added.
    expect(amended.agencies).toEqual({ ...bundled(KHAI_SINH).agencies, coordinating: 'Bệnh viện' });
    expect(amended.updatedAt).toBe('2026-03-02');
    expect(catalog.search.search('giấy chào đời')[0]?.procedure.code).toBe(KHAI_SINH);

    const abolished = catalog.get(KET_HON)!;
    expect(abolished.abolished).toEqual({ decision: '123/QĐ-UBND', date: '2026-03-01', summary: 'Thay bằng thủ tục liên thông.' });
    // Still found by name, so the assistant can say it was abolished instead of answering with a look-alike.
    expect(catalog.search.search('đăng ký kết hôn')[0]?.procedure.code).toBe(KET_HON);

    const list = (await (await fetch(`${baseUrl}/api/v1/catalog/changes`)).json()) as any;
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      decision,
      effectiveDate: '2026-03-01',
      version: before + 1,
      changes: [
        { action: 'add', code: NEW_CODE, name: 'Thủ tục đăng ký nuôi chim bồ câu đưa thư', summary: 'Công bố thủ tục mới.' },
        { action: 'amend', code: KHAI_SINH, name: 'Thủ tục đăng ký khai sinh', summary: 'Bổ sung cách gọi.' },
        { action: 'abolish', code: KET_HON, name: 'Thủ tục đăng ký kết hôn', summary: 'Thay bằng thủ tục liên thông.' },
      ],
    });
  });

  it('applies nothing from a batch with one bad change and lists every problem', async () => {
    const before = { version: catalog.version, khaiSinh: catalog.get(KHAI_SINH) };
    // Well-formed changes that each fail against the catalog.
    const badChanges = [
      amendFee,
      { action: 'amend', code: '1.000001', patch: { name: 'x' }, summary: 'Không có thủ tục này.' },
      { action: 'add', procedure: bundled(TAM_TRU) },
      { action: 'add', procedure: { ...newProcedure(), name: '' } },
      { action: 'amend', code: KHAI_SINH, patch: { levels: [], code: '1.000002' }, summary: 'Sai.' },
    ];
    const response = await post(
      {
        decision,
        changes: [...badChanges, { action: 'abolish', code: TAM_TRU }, { action: 'rename', code: TAM_TRU }],
      },
      ADMIN,
    );
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('invalid_changes');
    // Shape problems are reported first; they alone stop the batch.
    expect(response.body.error.problems.map((p: any) => p.path)).toEqual(['changes.5.summary', 'changes.6.action']);

    const fixedShape = await post(
      {
        decision,
        changes: badChanges,
      },
      ADMIN,
    );
    expect(fixedShape.status).toBe(422);
    expect(fixedShape.body.error.problems.map((p: any) => p.path)).toEqual([
      'changes.1.code',
      'changes.2.procedure.code',
      'changes.3.procedure.name',
      'changes.4.patch.code',
      'changes.4.patch.levels',
    ]);
    expect(catalog.version).toBe(before.version);
    expect(catalog.get(KHAI_SINH)).toBe(before.khaiSinh);
    expect(await changes.list()).toEqual([]);
  });

  it('refuses without a valid admin token (401) and procedures outside the token’s scope (403), by data not names', async () => {
    expect((await post({ decision, changes: [amendFee] })).status).toBe(401);
    expect((await post({ decision, changes: [amendFee] }, 'not-a-token')).status).toBe(401);
    expect((await post({ decision, changes: [amendFee] }, tokens.staff)).status).toBe(403);

    const foreign = await post({ decision, changes: [{ ...amendFee, code: TAM_TRU }, amendFee] }, tokens.commune);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.problems).toEqual([expect.objectContaining({ path: 'changes.0', code: TAM_TRU })]);
    expect(foreign.body.error.message).toMatch(/Lê Văn Xã.*không có quyền/);
    expect(catalog.get(KHAI_SINH)?.aliases).toEqual(bundled(KHAI_SINH).aliases);

    const wrongAdd = await post(
      { decision, changes: [{ action: 'add', procedure: { ...newProcedure(), field: 'Đăng ký, quản lý cư trú' } }] },
      tokens.commune,
    );
    expect(wrongAdd.status).toBe(403);
    // A patch cannot carry a record out of the token's reach either.
    const moved = await post({ decision, changes: [{ ...amendFee, patch: { field: 'Chứng thực' } }] }, tokens.commune);
    expect(moved.status).toBe(403);
    expect(await changes.list()).toEqual([]);

    // The finding: a "Ban Tổ chức" token edited another ministry's procedures, the ministry's
    // namesake token edited what its decision announced; now only the scope counts.
    expect((await post({ decision, changes: [{ ...amendFee, code: KHAI_SINH }] }, tokens.unscopedName)).status).toBe(403);
    expect((await post({ decision, changes: [amendFee] }, tokens.ministry)).status).toBe(403);
    // And a commune's token was refused its own: scoped by field, it may.
    expect((await post({ decision, changes: [amendFee] }, tokens.commune)).status).toBe(201);
    expect((await post({ decision, changes: [{ ...amendFee, code: TAM_TRU }] }, tokens.police)).status).toBe(201);
    expect((await post({ decision, changes: [{ ...amendFee, code: KET_HON }] }, tokens.ministry)).status).toBe(201);
    expect((await post({ decision, changes: [{ ...amendFee, code: TAM_TRU }] }, tokens.ministry)).status).toBe(403);
  });

  it('refuses an added record that would shadow another agency’s procedure, and names the agency as the source of one that does not', async () => {
    const fake = {
      ...bundled(CAN_CUOC),
      code: NEW_CODE,
      name: 'Cấp thẻ căn cước',
      aliases: ['làm căn cước nhanh'],
      field: 'Hộ tịch',
      requirements: 'Cung cấp mã OTP ngân hàng để xác minh.',
    };
    const shadow = await post({ decision, changes: [{ action: 'add', procedure: fake }] }, tokens.commune);
    expect(shadow.status).toBe(403);
    expect(shadow.body.error.problems).toEqual([expect.objectContaining({ code: NEW_CODE, message: expect.stringContaining(CAN_CUOC) })]);
    expect(catalog.get(NEW_CODE)).toBeUndefined();
    // The same name under an alias, or a variant of the same name, is refused too.
    const alias = await post(
      {
        decision,
        changes: [
          { action: 'add', procedure: { ...newProcedure(), field: 'Hộ tịch', aliases: ['cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên'] } },
        ],
      },
      tokens.commune,
    );
    expect(alias.status).toBe(403);
    const variant = await post(
      {
        decision,
        changes: [
          {
            action: 'add',
            procedure: { ...newProcedure(), field: 'Hộ tịch', name: 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên (cấp xã)', aliases: [] },
          },
        ],
      },
      tokens.commune,
    );
    expect(variant.status).toBe(403);

    // A procedure of its own with a distinct name is published, and answered in its agency's name.
    const own = await post({ decision, changes: [{ action: 'add', procedure: { ...newProcedure(), field: 'Hộ tịch' } }] }, tokens.commune);
    expect(own.status).toBe(201);
    const record = catalog.get(NEW_CODE)!;
    expect(record.changedBy).toMatchObject({ agency: 'UBND xã Tân An', decision: '123/QĐ-UBND', added: true });
    expect(scopeCovers(['Hộ tịch'], record)).toBe(true);
    const t = loadReplies();
    const built = new ReplyBuilder(t, { now: () => clock, lookup: (code) => catalog.get(code) }).build('fees', record, null, {});
    const overview = [page(built, t).first, ...page(built, t).chunks].join('\n');
    expect(overview).toContain('Nguồn: 123/QĐ-UBND (UBND xã Tân An)');
    expect(overview).not.toContain('Cổng Dịch vụ công quốc gia (dữ liệu');
    expect(overview).toContain('không lấy từ Cổng Dịch vụ công quốc gia');
    // Across a restart too: the agency of the token, not the body's word, stays the source.
    await open();
    expect(catalog.get(NEW_CODE)?.changedBy).toMatchObject({ agency: 'UBND xã Tân An', added: true });
  });

  it('keeps applied changes when the change log is re-created on the same database', async () => {
    await post(
      {
        decision,
        changes: [
          { action: 'add', procedure: newProcedure() },
          { action: 'abolish', code: KET_HON, summary: 'Bãi bỏ.' },
        ],
      },
      ADMIN,
    );
    clock += DAY_MS;
    const second = await post({ decision: { ...decision, number: '124/QĐ-UBND' }, changes: [amendFee] }, ADMIN);
    const served = catalog.all();

    const reopened = await open();
    expect(catalog.version).toBe(second.body.version);
    expect(catalog.all()).toEqual(served);
    expect(catalog.get(KHAI_SINH)?.updatedAt).toBe('2026-03-03');
    expect(catalog.search.search('nuôi bồ câu đưa thư')[0]?.procedure.code).toBe(NEW_CODE);
    expect((await reopened.list()).map((e) => e.decision.number)).toEqual(['124/QĐ-UBND', '123/QĐ-UBND']);
  });

  it('tells sessions that asked about a changed procedure in the last 30 days, without waiting for or failing on channels', async () => {
    changes.recordInterest('web:stale', KHAI_SINH);
    clock += 29 * DAY_MS;
    changes.recordInterest('slow:1', KHAI_SINH);
    changes.recordInterest('web:asked', KHAI_SINH);
    changes.recordInterest('web:asked', KET_HON);
    changes.recordInterest('tg:42', KHAI_SINH);
    changes.recordInterest('web:other', TAM_TRU);
    clock += 2 * DAY_MS; // 'web:stale' asked 31 days ago now

    // Answered while the slow channel still holds its notice, and despite the failing one.
    const response = await post({ decision, effectiveDate: '2026-04-01', changes: [amendFee] }, ADMIN);
    expect(response.status).toBe(201);
    expect(slow.sent).toEqual([]);
    slow.release();
    await changes.settled();
    expect(slow.sent.map((s) => s.sessionId)).toEqual(['slow:1']);
    expect(web.sent).toEqual([
      {
        sessionId: 'web:asked',
        message: {
          text: '📢 Thủ tục đăng ký khai sinh vừa được cập nhật theo Quyết định 123/QĐ-UBND: Bổ sung cách gọi mới. Áp dụng từ ngày 01/04/2026. Hỏi lại để xem thông tin mới.',
          suggestions: ['Đăng ký khai sinh'],
        },
      },
    ]);

    await post({ decision, changes: [{ action: 'abolish', code: KET_HON, summary: 'Thay bằng thủ tục liên thông' }] }, ADMIN);
    await changes.settled();
    expect(web.sent[1]?.message.text).toContain('Thủ tục đăng ký kết hôn đã được bãi bỏ theo Quyết định 123/QĐ-UBND: Thay bằng thủ tục liên thông.');
  });
});

describe('scope rule and merge patch', () => {
  it('covers a procedure by its code or its field written the same, never by a likeness', () => {
    const khaiSinh = bundled(KHAI_SINH);
    expect(scopeCovers(null, khaiSinh)).toBe(true);
    expect(scopeCovers([KHAI_SINH], khaiSinh)).toBe(true);
    expect(scopeCovers(['HO TICH'], khaiSinh)).toBe(true);
    expect(scopeCovers(['Hộ'], khaiSinh)).toBe(false);
    expect(scopeCovers([KET_HON, 'Chứng thực'], khaiSinh)).toBe(false);
    expect(scopeCovers([], khaiSinh)).toBe(false);
  });

  it('follows RFC 7396', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch({ a: 'foo' }, 'bar')).toBe('bar');
    const patched = mergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
  });
});
