import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDossierCommands } from '../../src/cli/dossier-commands.js';
import { registerTokenCommands } from '../../src/cli/token-commands.js';
import { createDossierRegistry } from '../../src/dossier/registry.js';
import { authenticate } from '../../src/http/auth.js';
import { openSqliteStore, repositoriesOf } from '../../src/store/index.js';
import { makeRecord, openTestDb, tempDir, testConfig } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  vi.restoreAllMocks();
  cleanups.splice(0).forEach((c) => c());
});

function cli() {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const config = testConfig(dir);
  const ctx = { openDb: () => openTestDb(dir), openStore: async () => openSqliteStore(path.join(dir, 'motcua.sqlite')), config };
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    registerDossierCommands(program, ctx);
    registerTokenCommands(program, ctx);
    await program.parseAsync(args, { from: 'user' });
  };
  return { dir, ctx, out, run };
}

describe('dossier and token commands', () => {
  it('puts a file of dossiers, changes a status and shows the record', async () => {
    const { dir, ctx, out, run } = cli();
    const file = path.join(dir, 'dossiers.json');
    writeFileSync(file, JSON.stringify([makeRecord({ MaHoSo: '38.98.h29-210519-0003', TrangThaiHoSo: '4' })]));
    await run('dossier', 'put', file);
    await run('dossier', 'set-status', '38.98.H29-210519-0003', '10');
    await run('dossier', 'show', '38.98.H29-210519-0003');
    const shown = JSON.parse(out.at(-1)!);
    expect(shown).toMatchObject({ MaHoSo: '38.98.H29-210519-0003', TrangThaiHoSo: '10', NgayKetThucXuLy: expect.stringMatching(/^\d{14}$/), NgayTra: expect.stringMatching(/^\d{14}$/) });

    const db = ctx.openDb();
    cleanups.unshift(() => db.close());
    expect(await createDossierRegistry(repositoriesOf(db)).setStatus('38.98.H29-210519-0003', 4)).toMatchObject({ NgayKetThucXuLy: '', NgayTra: '' });
  });

  it('rejects an invalid file, status or code with a clear message', async () => {
    const { dir, run } = cli();
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ MaHoSo: 'x', TrangThaiHoSo: '11' }));
    await expect(run('dossier', 'put', file)).rejects.toThrow(/not a valid dossier file[\s\S]*TrangThaiHoSo/);
    await expect(run('dossier', 'set-status', '000.00.12.H56-261020-0031', '11')).rejects.toThrow(/1 to 10/);
    await expect(run('dossier', 'show', '0912345678')).rejects.toThrow(/not a receipt code/);
  });

  it('creates a token that is printed once and then authenticates', async () => {
    const { ctx, out, run } = cli();
    await run('token', 'create', '--agency', 'UBND xã Tân An', '--role', 'staff');
    const token = out.at(-1)!;
    expect(token).toMatch(/^mc_[\w-]{40,}$/);
    const db = ctx.openDb();
    cleanups.unshift(() => db.close());
    expect(await authenticate(repositoriesOf(db), ctx.config, `Bearer ${token}`)).toMatchObject({ role: 'staff', agency: 'UBND xã Tân An' });
    await expect(run('token', 'create', '--agency', 'X', '--role', 'root')).rejects.toThrow(/admin.*staff/);
  });
});
