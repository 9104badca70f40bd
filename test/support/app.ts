import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { bundledCatalogDir } from './catalog.js';

export interface RunningApp {
  app: App;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** The real service on 127.0.0.1 with a temp SQLite folder; env overrides the defaults. */
export async function startApp(env: Record<string, string> = {}, options: { listen?: boolean; dataDir?: string } = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'motcua-test-'));
  // Load shedding off unless a test is about it: a busy shared test machine is not an overloaded server.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CATALOG_DIR: bundledCatalogDir,
    LOG_LEVEL: 'silent',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
  const app = await createApp(config);
  const baseUrl = options.listen === false ? '' : await app.listen();
  return {
    app,
    baseUrl,
    dataDir,
    async close() {
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}
