import type { Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../config.js';
import { extractReceiptCode } from '../dossier/code.js';
import { createDossierRegistry, readDossierFile } from '../dossier/registry.js';
import type { Store } from '../store/index.js';

export interface DossierCommandContext {
  openStore(): Promise<Store>;
  config: Config;
}

/**
 * `dossier put|set-status|show`: keep dossiers in the reference registry (agencies without their
 * own system) and demo status changes. Operator tools: `show` prints the full record.
 */
export function registerDossierCommands(program: Command, ctx: DossierCommandContext): void {
  const dossier = program.command('dossier').description('manage dossiers in the built-in reference registry');

  async function withRegistry<T>(run: (registry: ReturnType<typeof createDossierRegistry>) => T | Promise<T>): Promise<T> {
    if (ctx.config.DOSSIER_API_URL) {
      console.error('Note: DOSSIER_API_URL is set, so the assistant reads the upstream system, not this registry.');
    }
    const store = await ctx.openStore();
    try {
      return await run(createDossierRegistry(store.repositories));
    } finally {
      await store.close();
    }
  }

  function codeArgument(value: string): string {
    const code = extractReceiptCode(value);
    if (!code) throw new Error(`"${value}" is not a receipt code (expected e.g. 000.00.12.H56-261020-0031)`);
    return code;
  }

  dossier
    .command('put')
    .description('validate and insert or replace dossiers from a JSON file (one record, an array, or {"dossiers": [...]})')
    .argument('<file.json>', 'records in the format of interface spec §5')
    .action(async (file: string) => {
      let records;
      try {
        records = readDossierFile(file);
      } catch (error) {
        const detail = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
        throw new Error(`${file}: not a valid dossier file\n${detail}`);
      }
      await withRegistry(async (registry) => {
        for (const record of records) console.log(`stored ${(await registry.put(record)).MaHoSo} (status ${record.TrangThaiHoSo})`);
      });
    });

  dossier
    .command('set-status')
    .description('move a dossier to a national status 1-10 (dates follow: 9 sets the end of processing, 10 the hand-over)')
    .argument('<code>', 'receipt code')
    .argument('<n>', 'status 1-10')
    .action(async (value: string, n: string) => {
      const code = codeArgument(value);
      const status = z.coerce.number().int().min(1).max(10).safeParse(n);
      if (!status.success) throw new Error(`status must be a whole number from 1 to 10, got "${n}"`);
      await withRegistry(async (registry) => {
        const record = await registry.setStatus(code, status.data);
        if (!record) throw new Error(`no dossier ${code} in the registry`);
        console.log(`${record.MaHoSo}: status ${record.TrangThaiHoSo}`);
      });
    });

  dossier
    .command('show')
    .description('print the full record of a dossier in the registry')
    .argument('<code>', 'receipt code')
    .action(async (value: string) => {
      const code = codeArgument(value);
      const record = await withRegistry((registry) => registry.get(code));
      if (!record) throw new Error(`no dossier ${code} in the registry`);
      console.log(JSON.stringify(record, null, 2));
    });
}
