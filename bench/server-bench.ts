import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { LoadResult } from './load-client.js';
import { type Latency, median, summarize } from './stats.js';

/**
 * Sections 2, 3 and 5: the assistant over HTTP on loopback. Ask latency runs the app in this
 * process (sequential requests, so nothing else competes); start-up, memory and load run the
 * built service `node dist/main.js` as a separate process, as it is deployed.
 */

const HIGH_RATE_LIMIT = '100000000';

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `motcua-bench-${prefix}-`));
}

/** A keep-alive POST /api/v1/ask; resolves to the status code. */
function postAsk(agent: http.Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/api/v1/ask', method: 'POST', agent, timeout: 10_000, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('timeout', () => request.destroy(new Error('ask timed out after 10 s')));
    request.on('error', reject);
    request.end(body);
  });
}

export interface AskResult {
  label: string;
  records: number;
  goal: number;
  latency: Latency;
  failures: number;
}

/** `requests` sequential asks with distinct session ids against an app started in this process; `prepare` fills its store first. */
export async function benchAsk(
  label: string,
  catalogDir: string,
  questions: string[],
  goal: number,
  requests = 600,
  prepare?: (app: App) => Promise<void> | void,
): Promise<AskResult> {
  const dataDir = tempDir('ask');
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CATALOG_DIR: catalogDir,
    RATE_LIMIT_PER_MINUTE: HIGH_RATE_LIMIT,
    // Throughput of the whole service, not of load shedding.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    TELEGRAM_BOT_TOKEN: '',
    DOSSIER_API_URL: '',
    DATABASE_URL: '',
    LOG_LEVEL: 'info',
    // Every ask computed from scratch: the questions repeat, and latency must not be the cache's.
    SEARCH_CACHE_SIZE: '0',
  });
  // Request logs stay on (they are part of the cost in production) but go nowhere.
  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const app = await createApp(config, { logger });
  await prepare?.(app);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const port = Number(new URL(await app.listen()).port);
    const times: number[] = [];
    let failures = 0;
    for (let i = -50; i < requests; i++) {
      const body = JSON.stringify({ text: questions[(i + questions.length * 100) % questions.length], sessionId: `bench-${label}-${i}` });
      const start = performance.now();
      const status = await postAsk(agent, port, body);
      const elapsed = performance.now() - start;
      if (i < 0) continue; // warm-up
      if (status !== 200) failures++;
      times.push(elapsed);
    }
    return { label, records: app.catalog.size, goal, latency: summarize(times), failures };
  } finally {
    agent.destroy();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

function healthz(port: number): Promise<{ status: number; procedures: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const procedures = response.statusCode === 200 ? Number(JSON.parse(text)?.catalog?.procedures ?? 0) : 0;
        resolve({ status: response.statusCode ?? 0, procedures });
      });
    });
    request.on('timeout', () => request.destroy(new Error('healthz timed out')));
    request.on('error', reject);
  });
}

/** Resident set size of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

export interface RunningService {
  child: ChildProcess;
  url: string;
  startMs: number;
  procedures: number;
  stop(): Promise<void>;
}

/** The node flags of `npm start` (package.json), so the service is measured as it is deployed. */
function startFlags(repoDir: string): string[] {
  const scripts = JSON.parse(readFileSync(path.join(repoDir, 'package.json'), 'utf8')).scripts as Record<string, string>;
  return (scripts.start ?? '').split(/\s+/).filter((part) => part.startsWith('--'));
}

/** Spawns `node dist/main.js` (with the flags of `npm start`) and waits for /healthz; the time runs from spawn to the first 200. */
export async function startService(
  repoDir: string,
  catalogDir: string,
  extraEnv: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<RunningService> {
  const port = await freePort();
  const dataDir = tempDir('serve');
  const started = performance.now();
  const child = spawn(process.execPath, [...startFlags(repoDir), path.join(repoDir, 'dist', 'main.js')], {
    cwd: repoDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CATALOG_DIR: catalogDir,
      RATE_LIMIT_PER_MINUTE: HIGH_RATE_LIMIT,
      MAX_EVENT_LOOP_DELAY_MS: '0',
      DOSSIER_LOOKUPS_PER_10_MIN: HIGH_RATE_LIMIT,
      TELEGRAM_BOT_TOKEN: '',
      DOSSIER_API_URL: '',
      // SQLite unless the caller says otherwise (bench/instances-bench.ts), whatever the environment holds.
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) break;
    const answer = await healthz(port).catch(() => null);
    if (answer?.status === 200) {
      return { child, url: `http://127.0.0.1:${port}`, startMs: performance.now() - started, procedures: answer.procedures, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await stop();
  throw new Error(`service did not answer /healthz within ${timeoutMs} ms (exit ${child.exitCode}): ${stderr.slice(-500)}`);
}

export interface StartupResult {
  label: string;
  procedures: number;
  goalMs: number;
  startMs: number;
  runs: number[];
}

/** Median start-up over `runs` cold starts; the last start is left running for the caller. */
export async function benchStartup(
  label: string,
  repoDir: string,
  catalogDir: string,
  goalMs: number,
  extraEnv: Record<string, string> = {},
  runs = 3,
): Promise<{ result: StartupResult; service: RunningService }> {
  const times: number[] = [];
  for (let i = 0; ; i++) {
    const service = await startService(repoDir, catalogDir, extraEnv);
    times.push(service.startMs);
    if (i === runs - 1) {
      return { result: { label, procedures: service.procedures, goalMs, startMs: median(times), runs: times }, service };
    }
    await service.stop();
  }
}

/** Runs autocannon from a second process against `url`. */
export function runLoad(repoDir: string, url: string, questions: string[], durationSeconds: number, connections = 10): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoDir, 'bench', 'load-client.ts'), JSON.stringify({ url, questions, durationSeconds, connections })],
      { cwd: repoDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const guard = setTimeout(() => child.kill('SIGKILL'), (durationSeconds + 30) * 1000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (code !== 0) return reject(new Error(`load client failed (exit ${code}): ${err.slice(-500)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadResult);
      } catch (error) {
        reject(new Error(`load client printed no result: ${(error as Error).message} ${err.slice(-300)}`));
      }
    });
  });
}
