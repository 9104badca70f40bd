import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { repoDir } from './support/shared.js';

describe('configuration', () => {
  it('has embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './var', CATALOG_DIR: './data/catalog', DOSSIER_TIMEOUT_MS: 3000 });
    expect(config.DOSSIER_API_URL).toBeUndefined();
    expect(config.databaseFile).toBe(path.join('var', 'motcua.sqlite'));
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ DOSSIER_API_URL: 'not a url', PORT: 'abc' })).toThrow(ConfigError);
    try {
      loadConfig({ DOSSIER_API_URL: 'not a url', PORT: 'abc' });
    } catch (error) {
      expect((error as Error).message).toContain('DOSSIER_API_URL');
      expect((error as Error).message).toContain('PORT');
    }
  });

  it('reads the staff desk settings, with defaults, and names a bad one', () => {
    expect(loadConfig({})).toMatchObject({ INBOX_OVERDUE_HOURS: 24, INBOX_RETENTION_DAYS: 365, TURN_LOG_RETENTION_DAYS: 180 });
    expect(loadConfig({ INBOX_OVERDUE_HOURS: '8', TURN_LOG_RETENTION_DAYS: '30' })).toMatchObject({
      INBOX_OVERDUE_HOURS: 8,
      TURN_LOG_RETENTION_DAYS: 30,
    });
    for (const [name, value] of [
      ['INBOX_OVERDUE_HOURS', '0'],
      ['INBOX_RETENTION_DAYS', 'một năm'],
      ['TURN_LOG_RETENTION_DAYS', '-1'],
    ]) {
      expect(() => loadConfig({ [name]: value }), name).toThrow(name);
    }
  });

  it('stops start-up with one clear message and a non-zero exit on an unreadable catalog', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoDir, 'src', 'main.ts')], {
      cwd: repoDir,
      env: { ...process.env, DATABASE_URL: '', CATALOG_DIR: '/nonexistent/catalog', DATA_DIR: path.join(repoDir, 'var', 'test-config'), PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CATALOG_DIR');
  });
});

describe('access configuration (issue 15)', () => {
  it('refuses ADMIN_TOKEN and STAFF_TOKEN shorter than 32 characters, naming the variable', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'a' })).toThrow(/ADMIN_TOKEN: .*at least 32 characters/);
    expect(() => loadConfig({ STAFF_TOKEN: 'x'.repeat(31) })).toThrow(/STAFF_TOKEN: .*at least 32 characters/);
    expect(loadConfig({ ADMIN_TOKEN: 'a'.repeat(32), STAFF_TOKEN: 's'.repeat(40) }).ADMIN_TOKEN).toBe('a'.repeat(32));
  });

  it('stops start-up with a non-zero exit on a short ADMIN_TOKEN', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoDir, 'src', 'main.ts')], {
      cwd: repoDir,
      env: { ...process.env, ADMIN_TOKEN: 'a', DATA_DIR: path.join(repoDir, 'var', 'test-config'), PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ADMIN_TOKEN/);
  });

  it('never believes every proxy: TRUST_PROXY=true is refused with a message that says what to write (finding: 800 of 800 enumeration lookups answered)', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: .*hop count.*addresses/);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).TRUST_PROXY).toEqual(['10.0.0.1', '192.168.0.0/16']);
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx.local' })).toThrow(/TRUST_PROXY/);
  });

  it('limits per address and per session by default as spec §1 says', () => {
    expect(loadConfig({})).toMatchObject({ RATE_LIMIT_PER_MINUTE: 600, SESSION_RATE_LIMIT_PER_MINUTE: 30 });
  });
});
