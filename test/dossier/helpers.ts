import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { formatTimestamp, type DossierRecordInput } from '../../src/dossier/schema.js';
import { openDatabase, type Db } from '../../src/store/db.js';

export const silentLogger = pino({ level: 'silent' });
const DAY = 24 * 3600_000;

/** A temp dir removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-dossier-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', HOTLINE: '1900 0000', ...env });
}

export function openTestDb(dir: string): Db {
  return openDatabase(path.join(dir, 'motcua.sqlite'));
}

/** A fictional record; dates relative to now so "overdue" and "future" stay true. */
export function makeRecord(overrides: Partial<DossierRecordInput> = {}): DossierRecordInput {
  return {
    MaHoSo: '000.00.12.H56-261020-0031',
    MaTTHC: '1.001193',
    TenTTHC: 'Thủ tục đăng ký khai sinh',
    ChuHoSo: 'Nguyễn Văn An',
    SoDienThoai: '0912345678',
    Email: 'an@example.vn',
    DiaChi: 'Số 5 đường Thử Nghiệm, xã Tân An',
    SoGiayTo: '001203004567',
    DonViXuLy: 'UBND xã Tân An',
    HinhThuc: '0',
    NgayTiepNhan: formatTimestamp(Date.now() - 2 * DAY),
    NgayHenTra: formatTimestamp(Date.now() + 5 * DAY),
    NgayKetThucXuLy: '',
    NgayTra: '',
    TrangThaiHoSo: '2',
    DanhSachLePhi: [],
    DanhSachHoSoBoSung: [],
    ...overrides,
  } as DossierRecordInput;
}

export const daysFromNow = (days: number) => formatTimestamp(Date.now() + days * DAY);

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The upstream dossier system's stand-in: a real HTTP server on 127.0.0.1. */
export async function startStandIn(handler: Handler): Promise<{ url: string; requests: IncomingMessage[]; close: () => Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A port that refuses connections: a dead upstream. */
export async function deadUrl(): Promise<string> {
  const standIn = await startStandIn(() => undefined);
  await standIn.close();
  return standIn.url;
}
