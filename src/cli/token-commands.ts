import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createToken, parseScope } from '../http/auth.js';
import type { Repositories, Store } from '../store/index.js';

export interface TokenCommandContext {
  openStore(): Promise<Store>;
  config: Config;
}

/**
 * Personal bearer tokens (interface spec §6): `token create` prints a new token once (only its
 * hash is kept), `token list` shows who holds which (never a secret), `token revoke <id>` ends
 * one; a running server refuses it at its next request, since it reads tokens from the store.
 */
export function registerTokenCommands(program: Command, ctx: TokenCommandContext): void {
  const withStore = async <T>(run: (repositories: Repositories) => Promise<T>): Promise<T> => {
    const store = await ctx.openStore();
    try {
      return await run(store.repositories);
    } finally {
      await store.close();
    }
  };

  const token = program.command('token').description('manage personal bearer tokens for the staff, admin and integration APIs');
  token
    .command('create')
    .description('create a personal token and print it (it cannot be shown again)')
    .requiredOption('--role <role>', 'admin (an agency publishing catalog changes), staff (hotline) or integration (relays its own users)')
    .requiredOption('--name <person>', 'who holds the token, named in the audit, e.g. "Nguyễn Thị Hoa"')
    .option('--agency <name>', 'the agency the person works for; for staff, written as the dossier system writes it (DonViXuLy)')
    .option('--scope <codes or fields>', 'admin: procedure codes or fields it may change, comma-separated, e.g. "1.001193,Hộ tịch"')
    .action(async (options: { role: string; name: string; agency?: string; scope?: string }) => {
      const created = await withStore((repositories) =>
        createToken(repositories, { name: options.name, role: options.role, agency: options.agency, scope: parseScope(options.scope) }),
      );
      const scope = created.scope.length ? `, scope ${created.scope.join(', ')}` : '';
      console.error(
        `Created ${created.role} token #${created.id} for "${created.name}"${created.agency ? ` (${created.agency})` : ''}${scope}. Store it now: it is not shown again.`,
      );
      console.log(created.token);
    });

  token
    .command('list')
    .description('list tokens: id, role, person, agency, scope, created, revoked (never the secret)')
    .option('--json', 'one JSON array')
    .action(async (options: { json?: boolean }) => {
      const rows = await withStore((repositories) => repositories.access.listTokens());
      if (options.json) return console.log(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return console.log('No tokens yet: create one with `token create`.');
      for (const row of rows) {
        const state = row.revokedAt ? `revoked ${row.revokedAt}` : 'active';
        const scope = row.scope.length ? row.scope.join(', ') : '-';
        console.log(`#${row.id}\t${row.role}\t${row.name || '(no name)'}\t${row.agency ?? '-'}\tscope: ${scope}\tcreated ${row.createdAt}\t${state}`);
      }
    });

  token
    .command('revoke')
    .description('revoke a token by its id (see `token list`); a running server refuses it at once')
    .argument('<id>', 'the token id')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new Error(`token id must be a number (see \`token list\`), got "${id}"`);
      const revoked = await withStore((repositories) => repositories.access.revokeToken(Number(id), new Date().toISOString()));
      if (!revoked) throw new Error(`no active token #${id} (see \`token list\`)`);
      console.error(`Revoked token #${id}.`);
    });

  program
    .command('audit')
    .description('show the access audit, newest first: time, person, token, address, action, target, status')
    .option('--limit <n>', 'how many entries', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'one JSON array')
    .action(async (options: { limit: number; json?: boolean }) => {
      if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error('--limit must be a positive whole number');
      const entries = await withStore((repositories) => repositories.access.auditLog(options.limit));
      if (options.json) return console.log(JSON.stringify(entries, null, 2));
      for (const e of entries)
        console.log(`${e.at}\t${e.person || '-'}\t${e.actor || '-'}\t${e.address || '-'}\t${e.action}\t${e.target || '-'}\t${e.status}`);
    });
}
