import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { takeServerLock } from '../../src/store/lock.js';
import { makeRecord, sendJson, startStandIn } from '../dossier/helpers.js';
import { bundledCatalogDir } from '../support/catalog.js';
import { repoDir } from '../support/shared.js';

/**
 * Graceful shutdown of the real process (`src/main.ts`): SIGTERM while a request is in flight —
 * the request completes, the process exits 0, and the store is closed (the lock is free again and
 * SQLite removed its write-ahead log, which it does only on a clean close).
 */

const CODE = '000.00.12.H56-261020-0031';
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SIGTERM with a request in flight', () => {
  it('finishes the request, closes the store and exits 0', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let upstreamAsked!: () => void;
    const asked = new Promise<void>((resolve) => (upstreamAsked = resolve));
    const standIn = await startStandIn((_req, res) => {
      upstreamAsked();
      void released.then(() => sendJson(res, 200, makeRecord({ MaHoSo: CODE })));
    });

    const child = spawn(path.join(repoDir, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: repoDir,
      // SQLite whatever the environment says (CI exports DATABASE_URL): the test reads its lock and write-ahead log.
      env: {
        ...process.env,
        DATABASE_URL: '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        CATALOG_DIR: bundledCatalogDir,
        LOG_LEVEL: 'info',
        DOSSIER_API_URL: standIn.url,
        DOSSIER_TIMEOUT_MS: '60000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let output = '';
    const waitForLine = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) resolve(match);
        };
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          check();
        });
        void exited.then(() => reject(new Error(`exited early:\n${output}`)));
        check();
      });
    try {
      const [, baseUrl] = await waitForLine(/is ready at (http:\/\/[\d.:]+)/);
      const inFlight = fetch(`${baseUrl}/api/v1/dossiers/${CODE}`);
      await asked;
      child.kill('SIGTERM');
      await waitForLine(/shutting down/);
      release();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(((await response.json()) as { receiptCode: string }).receiptCode).toBe(CODE);
      const code = await exited;
      expect(code, output).toBe(0);
      expect(existsSync(path.join(dataDir, 'motcua.sqlite'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'motcua.sqlite-wal'))).toBe(false);
      takeServerLock(dataDir).release();
    } finally {
      child.kill('SIGKILL');
      await standIn.close();
    }
  }, 60_000);
});
