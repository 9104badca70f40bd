import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createToken, roleSchema } from '../http/auth.js';
import type { Store } from '../store/index.js';

export interface TokenCommandContext {
  openStore(): Promise<Store>;
  config: Config;
}

/** `token create --agency <name> --role <admin|staff>`: prints a new token once; only its hash is kept. */
export function registerTokenCommands(program: Command, ctx: TokenCommandContext): void {
  const token = program.command('token').description('manage bearer tokens for the staff and admin APIs');
  token
    .command('create')
    .description('create an agency-scoped token and print it (it cannot be shown again)')
    .requiredOption('--agency <name>', 'agency the token acts for, e.g. "UBND xã Tân An"')
    .requiredOption('--role <role>', 'admin or staff')
    .action(async (options: { agency: string; role: string }) => {
      const role = roleSchema.safeParse(options.role);
      if (!role.success) throw new Error(`--role must be "admin" or "staff", got "${options.role}"`);
      const store = await ctx.openStore();
      try {
        const created = await createToken(store.repositories, { agency: options.agency, role: role.data });
        console.error(`Created ${created.role} token #${created.id} for "${created.agency}". Store it now: it is not shown again.`);
        console.log(created.token);
      } finally {
        await store.close();
      }
    });
}
