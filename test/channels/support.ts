import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { repoDir } from '../support/shared.js';

/**
 * A procedure made for channel tests: markup characters in the name (to prove escaping) and
 * enough steps that the answer about them exceeds Telegram's 4,096 characters (to prove splitting).
 */
export const markupProcedure = {
  code: '9.999001',
  name: 'Thủ tục thử nghiệm kênh <b>in đậm</b> & "ngoặc" <script>',
  aliases: ['thủ tục thử nghiệm kênh'],
  field: 'Thử nghiệm',
  levels: ['Cấp xã'],
  where: 'Bộ phận Một cửa <tầng 1> & quầy số 2',
  onlineService: 'none',
  channels: [{ method: 'direct', processingTime: { value: 3, unit: 'working_day' }, fees: [{ kind: 'charge', amount: 10000, currency: 'VND' }] }],
  documents: [{ case: '', items: [{ name: 'Tờ khai <mẫu 01> & bản sao', originals: 1, copies: 0 }] }],
  steps: Array.from(
    { length: 60 },
    (_, i) =>
      `Bước ${i + 1}: cán bộ kiểm tra thành phần hồ sơ, đối chiếu giấy tờ <bản chính> & ghi vào sổ theo dõi. ` +
      'Nếu hồ sơ đầy đủ, cán bộ lập giấy tiếp nhận và hẹn trả kết quả; nếu chưa đủ, cán bộ hướng dẫn người nộp bổ sung một lần, ' +
      'ghi rõ giấy tờ còn thiếu, lý do và thời hạn bổ sung, rồi chuyển hồ sơ sang bộ phận tiếp theo trong ngày làm việc. ' +
      'Mọi lần chuyển hồ sơ đều được ghi vào sổ theo dõi và cập nhật lên hệ thống một cửa điện tử để người nộp tra cứu được.',
  ),
  results: ['Giấy xác nhận thử nghiệm'],
  source: { url: 'https://dichvucong.gov.vn/', retrievedAt: '2026-01-01' },
  updatedAt: '2026-01-01',
};

/** The repo's catalog plus the test procedure, in a temp folder. */
function testCatalog(dir: string): string {
  const catalogDir = path.join(dir, 'catalog');
  cpSync(path.join(repoDir, 'data', 'catalog'), catalogDir, { recursive: true });
  writeFileSync(path.join(catalogDir, `${markupProcedure.code}.json`), JSON.stringify(markupProcedure, null, 2));
  return catalogDir;
}

export interface TestApp {
  app: App;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real app (real engine, SQLite in a temp DATA_DIR) listening on 127.0.0.1. Given `dir` (a
 * folder an earlier app used), it restarts on the same data and leaves the folder in place.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { dir?: string } = {}): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'motcua-channels-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(dir, 'data'),
    CATALOG_DIR: testCatalog(dir),
    LOG_LEVEL: 'silent',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  const baseUrl = await app.listen();
  return {
    app,
    baseUrl,
    async close() {
      await app.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
