import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { bundledCatalogDir } from '../support/catalog.js';

/** SQLite serves one server per DATA_DIR on purpose; the CLI works beside it. Real processes, real kill -9. */
const repoDir = fileURLToPath(new URL('../..', import.meta.url));
const running: ChildProcess[] = [];
let dir: string;
afterEach(() => {
  for (const proc of running.splice(0)) proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// SQLite on purpose, whatever the environment says.
const env = () => ({
  ...process.env,
  DATABASE_URL: '',
  DATA_DIR: dir,
  CATALOG_DIR: bundledCatalogDir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  STAFF_TOKEN: '',
});

/** Starts `src/main.ts`; resolves with its base URL once ready, or with its exit and stderr. */
function startServer(): Promise<{ proc: ChildProcess; url?: string; exit?: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(repoDir, 'src/main.ts')], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /is ready at (http:\/\/[\d.:]+)/.exec(stdout)?.[1];
      if (url) resolve({ proc, url, stderr });
    });
    proc.on('exit', (exit) => resolve({ proc, exit, stderr }));
  });
}

it('a second server on the same DATA_DIR refuses to start; the CLI works beside the first; kill -9 frees the lock', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-one-server-'));
  const first = await startServer();
  expect(first.url).toBeDefined();

  const second = await startServer();
  expect(second.exit).toBe(1);
  expect(second.stderr).toContain(`Another Một Cửa server is already running on DATA_DIR=${dir}`);

  // A token made by the CLI while the server runs is accepted by the server at once.
  const cli = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoDir, 'src/cli/main.ts'), 'token', 'create', '--name', 'Nguyễn Thị Hoa', '--role', 'staff'],
    {
      env: env(),
      encoding: 'utf8',
    },
  );
  expect(cli.status).toBe(0);
  const token = cli.stdout.trim();
  const response = await fetch(`${first.url}/api/v1/staff/dossiers/000.00.12.H56-261020-0031`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);

  first.proc.kill('SIGKILL');
  await new Promise((resolve) => first.proc.once('exit', resolve));
  const third = await startServer();
  expect(third.url).toBeDefined();
}, 120_000);
