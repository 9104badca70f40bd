import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledCatalogDir } from '../support/catalog.js';
import { repoDir } from '../support/shared.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'motcua-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `cli chat` with `input` piped in; resolves with its output and exit code once it exits on its own. */
function chat(input: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoDir, 'src/cli/main.ts'), 'chat'], {
      cwd: repoDir,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, CATALOG_DIR: bundledCatalogDir, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

describe('cli chat', () => {
  it('answers every piped line, in one conversation, and exits at the end of input', async () => {
    const { code, out } = await chat('xin chào\nđăng ký kết hôn cần giấy tờ gì\nlệ phí bao nhiêu\n');
    expect(code).toBe(0);
    expect(out.match(/^bạn> /gm)).toHaveLength(3);
    expect(out).toMatch(/Mình là trợ lý/);
    expect(out).toMatch(/📄 Hồ sơ Thủ tục đăng ký kết hôn/);
    expect(out).toMatch(/💰 Phí, lệ phí Thủ tục đăng ký kết hôn/);
  }, 60_000);
});
