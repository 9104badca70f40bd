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
