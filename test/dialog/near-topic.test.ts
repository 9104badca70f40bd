import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app.js';
import { bundledCatalogDir } from '../support/catalog.js';

/**
 * A follow-up that fits records of several families about equally well ("trả lại bến", "tạm ngừng")
 * means the one that belongs with the procedure discussed, as the national catalog has such
 * families by the dozen (giving back a sea area for an individual's fish farm, not a firm's).
 */
describe('a follow-up about another step of the procedure discussed', () => {
  let running: RunningApp;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-near-topic-'));
    const base = JSON.parse(readFileSync(path.join(bundledCatalogDir, '1.004194.json'), 'utf8'));
    const record = (code: string, name: string, aliases: string[] = []) =>
      writeFileSync(path.join(dir, `${code}.json`), JSON.stringify({ ...base, code, name, aliases, results: [] }));
    record('9.300001', 'Giao bến thuyền cho cá nhân để chở khách qua sông thử nghiệm');
    record('9.300002', 'Trả lại bến thuyền cho cá nhân để chở khách qua sông thử nghiệm');
    record('9.300003', 'Trả lại bến thuyền thử nghiệm');
    record('9.300011', 'Cấp giấy chứng nhận nuôi ong lấy mật thử nghiệm');
    record('9.300012', 'Thông báo ngừng nuôi ong');
    record('9.300013', 'Tạm ngừng kinh doanh của hộ kinh doanh thử nghiệm', ['hộ kinh doanh tạm ngừng kinh doanh một thời gian']);
    record('9.300021', 'Đăng ký thay đổi nội dung đăng ký hộ bán hàng rong thử nghiệm', ['đổi mặt hàng bán rong']);
    record('9.300022', 'Chấm dứt hoạt động hộ bán hàng rong thử nghiệm', ['nghỉ bán rong hẳn, dẹp luôn gánh hàng']);
    running = await startApp({ CATALOG_DIR: dir }, { listen: false });
  });
  afterAll(() => running.close());
  const conversation = (id: string) => (text: string) => running.app.assistant.ask({ text, sessionId: `near-topic:${id}` });

  it('a record named outright in its shorter form: the one of the family discussed', async () => {
    const say = conversation('return');
    expect((await say('cá nhân xin giao bến thuyền chở khách qua sông cần giấy gì')).procedure?.code).toBe('9.300001');
    const next = await say('mai mốt không chở khách nữa thì trả lại bến thuyền thế nào');
    expect(next.procedure?.code).toBe('9.300002');
  });

  it('another action asked of the procedure discussed: that action within its family', async () => {
    const say = conversation('pause');
    expect((await say('cấp giấy chứng nhận nuôi ong lấy mật ở đâu')).procedure?.code).toBe('9.300011');
    const next = await say('sau này muốn ngừng một thời gian thì báo thế nào');
    expect(next.procedure?.code).toBe('9.300012');
  });

  it('another action too weakly matched on its own: the topic vouches for its family record', async () => {
    const say = conversation('stop');
    expect((await say('muốn đổi mặt hàng bán rong thì làm sao')).procedure?.code).toBe('9.300021');
    const next = await say('nếu nghỉ hẳn không bán nữa thì sao');
    expect(next.procedure?.code).toBe('9.300022');
  });

  it('a follow-up that only asks about the procedure discussed keeps it', async () => {
    const say = conversation('keep');
    expect((await say('cấp giấy chứng nhận nuôi ong lấy mật ở đâu')).procedure?.code).toBe('9.300011');
    const next = await say('thế làm xong mất bao lâu?');
    expect(next.procedure?.code).toBe('9.300011');
    expect(next.intent).toBe('duration');
  });

  it('without a procedure discussed, the record the message fits best', async () => {
    const answer = await conversation('fresh')('hộ kinh doanh muốn ngừng một thời gian thì báo thế nào');
    expect(answer.procedure?.code).toBe('9.300013');
  });
});
