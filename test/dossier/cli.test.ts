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
    expect(shown).toMatchObject({
      MaHoSo: '38.98.H29-210519-0003',
      TrangThaiHoSo: '10',
      NgayKetThucXuLy: expect.stringMatching(/^\d{14}$/),
      NgayTra: expect.stringMatching(/^\d{14}$/),
    });

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

  it('creates a personal token printed once, lists it without the secret, and revokes it for a running server at once', async () => {
    const { ctx, out, run } = cli();
    await run('token', 'create', '--role', 'staff', '--name', 'Nguyễn Thị Hoa', '--agency', 'UBND xã Tân An');
    const token = out.at(-1)!;
    expect(token).toMatch(/^mc_[\w-]{40,}$/);
    const db = ctx.openDb();
    cleanups.unshift(() => db.close());
    const repositories = repositoriesOf(db);
    expect(await authenticate(repositories, ctx.config, `Bearer ${token}`)).toMatchObject({
      role: 'staff',
      name: 'Nguyễn Thị Hoa',
      agency: 'UBND xã Tân An',
    });
    await run('token', 'create', '--role', 'admin', '--name', 'Lê Văn Bộ', '--agency', 'Sở Tư pháp', '--scope', '1.001193, Hộ tịch');
    expect(await authenticate(repositories, ctx.config, `Bearer ${out.at(-1)}`)).toMatchObject({ role: 'admin', scope: ['1.001193', 'Hộ tịch'] });

    await run('token', 'list');
    const listed = out.slice(-2).join('\n');
    expect(listed).toMatch(/#1\tstaff\tNguyễn Thị Hoa\tUBND xã Tân An/);
    expect(listed).toMatch(/#2\tadmin\tLê Văn Bộ\tSở Tư pháp\tscope: 1\.001193, Hộ tịch/);
    expect(listed).not.toContain(token);

    await run('token', 'revoke', '1');
    expect(await authenticate(repositories, ctx.config, `Bearer ${token}`)).toBeNull();
    await run('token', 'list');
    expect(out.at(-2)).toMatch(/revoked \d{4}-/);
    await expect(run('token', 'revoke', '1')).rejects.toThrow(/no active token #1/);
    await expect(run('token', 'create', '--role', 'root', '--name', 'X')).rejects.toThrow(/admin, staff or integration/);
    await expect(run('token', 'create', '--role', 'admin', '--name', 'X', '--agency', 'Sở')).rejects.toThrow(/--scope/);

    await repositories.access.audit({
      at: '2026-11-25T10:00:00Z',
      actor: 'token:1',
      person: 'Nguyễn Thị Hoa',
      address: '10.0.0.7',
      action: 'dossier.view',
      target: 'C1',
      status: 200,
    });
    await run('audit', '--limit', '5');
    expect(out.at(-1)).toBe('2026-11-25T10:00:00Z\tNguyễn Thị Hoa\ttoken:1\t10.0.0.7\tdossier.view\tC1\t200');
  });
});
