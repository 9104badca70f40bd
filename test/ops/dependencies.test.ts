import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoDir } from '../support/shared.js';

/** Issue 15: `npm audit` cannot run here, so docs/operations.md lists the production dependencies; this keeps it current. */

const read = (file: string) => readFileSync(path.join(repoDir, file), 'utf8');

function expectedTable(): string {
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean }> };
  const rows = Object.entries(pkg.dependencies).map(
    ([name, range]) => `| \`${name}\` | \`${range}\` | ${lock.packages[`node_modules/${name}`]?.version ?? 'not locked'} |`,
  );
  const all = Object.entries(lock.packages).filter(([key, entry]) => key !== '' && !entry.dev && !entry.devOptional).length;
  return [
    '| package | range in package.json | locked version |',
    '|---|---|---|',
    ...rows,
    '',
    `With their own dependencies, ${all} packages in all (\`npm ls --omit=dev --all\` lists them).`,
  ].join('\n');
}

describe('docs/operations.md', () => {
  it('lists every production dependency with its locked version', () => {
    const doc = read('docs/operations.md');
    const listed = /<!-- dependencies:start -->\n([\s\S]*?)\n<!-- dependencies:end -->/.exec(doc)?.[1];
    expect(listed, `paste between the markers:\n${expectedTable()}`).toBe(expectedTable());
  });
});
