import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadCatalog } from '../app.js';
import { createLogger } from '../logger.js';
import { variantKey } from '../search/index.js';
import { fold } from '../text/index.js';

interface AliasProblem {
  code: string;
  alias: string;
  kind: 'not-first' | 'shared';
  detail: string;
}

/**
 * `aliases check <file>`: each everyday name in the file searched as a question over a whole
 * catalog, with every alias file loaded. A name whose own record (or one of its level variants)
 * does not come first, or that two different procedures share, is listed.
 */
export function checkAliases(file: string, catalogDir: string, logger: Logger): { checked: number; problems: AliasProblem[] } {
  const catalog = loadCatalog(catalogDir, logger, 0);
  const entries = Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>);
  const owners = new Map<string, Set<string>>();
  for (const [code, aliases] of entries) for (const alias of aliases) owners.set(fold(alias), (owners.get(fold(alias)) ?? new Set()).add(code));
  const problems: AliasProblem[] = [];
  let checked = 0;
  for (const [code, aliases] of entries) {
    const own = catalog.get(code);
    if (!own) {
      problems.push({ code, alias: '', kind: 'not-first', detail: 'code not in this catalog' });
      continue;
    }
    for (const alias of aliases) {
      checked++;
      const sharers = [...(owners.get(fold(alias)) ?? [])].filter(
        (c) => c !== code && variantKey(catalog.get(c)?.name ?? '') !== variantKey(own.name),
      );
      if (sharers.length) problems.push({ code, alias, kind: 'shared', detail: `also given to ${sharers.join(', ')}` });
      const top = catalog.search.search(alias, { limit: 3 })[0];
      if (top && top.procedure.code !== code && variantKey(top.procedure.name) !== variantKey(own.name)) {
        problems.push({ code, alias, kind: 'not-first', detail: `first: ${top.procedure.code} ${top.procedure.name.slice(0, 110)}` });
      }
    }
  }
  return { checked, problems };
}

export function registerAliasCommands(program: Command, ctx: { catalogDir: string }): void {
  program
    .command('aliases')
    .description('check the everyday names of the national vocabulary (intents/aliases)')
    .command('check <file>')
    .description('search each everyday name in <file> over a catalog; list names whose own record is not first')
    .option('--catalog <dir>', 'catalog to search (default: CATALOG_DIR)')
    .action((file: string, options: { catalog?: string }) => {
      const { checked, problems } = checkAliases(file, options.catalog ?? ctx.catalogDir, createLogger('error'));
      for (const p of problems) console.log(`${p.kind}\t${p.code}\t${p.alias}\t${p.detail}`);
      const notFirst = problems.filter((p) => p.kind === 'not-first').length;
      console.log(`${checked} names checked: ${notFirst} not first, ${problems.length - notFirst} shared with another procedure`);
      if (problems.length) process.exitCode = 1;
    });
}
