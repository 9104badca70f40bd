import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoDir } from '../support/shared.js';

/**
 * Issue 15 item 8: the house rules hold. The lint configuration refuses an import that climbs the
 * layers of docs/architecture.md and a floating promise; CI runs lint before the tests; no test
 * asserts on wall-clock time; the browser test writes its screenshot outside the tracked tree.
 */

function testFiles(dir = path.join(repoDir, 'test')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('lint rules', () => {
  const eslint = new ESLint({ cwd: repoDir });
  const lint = async (file: string, code: string) =>
    (await eslint.lintText(code, { filePath: path.join(repoDir, file) }))[0].messages.map((m) => m.ruleId);

  it('refuse a lower layer importing a higher one, and allow the neutral contracts', async () => {
    expect(await lint('src/text/display.ts', "import { Engine } from '../dialog/engine.js';\nexport const e = Engine;\n")).toContain(
      'no-restricted-imports',
    );
    expect(
      await lint('src/nlu/cues.ts', "import { createDossierService } from '../dossier/service.js';\nexport const s = createDossierService;\n"),
    ).toContain('no-restricted-imports');
    expect(await lint('src/catalog/store.ts', "import { fill } from '../dialog/templates.js';\nexport const f = fill;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await lint('src/dialog/engine.ts', "import { createServer } from '../http/server.js';\nexport const c = createServer;\n")).toContain(
      'no-restricted-imports',
    );
    expect(
      await lint('src/nlu/cues.ts', "import { extractReceiptCode } from '../dossier/code.js';\nexport const x = extractReceiptCode;\n"),
    ).not.toContain('no-restricted-imports');
    expect(await lint('src/notify/index.ts', "import type { Pusher } from '../channels/types.js';\nexport type P = Pusher;\n")).not.toContain(
      'no-restricted-imports',
    );
  }, 120_000);

  it('refuse a floating promise', async () => {
    expect(await lint('src/text/display.ts', 'async function later(): Promise<void> {}\nexport function now(): void {\n  later();\n}\n')).toContain(
      '@typescript-eslint/no-floating-promises',
    );
  }, 120_000);

  it('run in CI before the tests, failing the run', () => {
    const ci = readFileSync(path.join(repoDir, '.ci', 'run'), 'utf8');
    expect(ci.indexOf('npm run lint')).toBeGreaterThan(0);
    expect(ci.indexOf('npm run lint')).toBeLessThan(ci.indexOf('\nnpm test'));
    expect(ci).toMatch(/if ! \{? ?npm run lint && npm run format:check;? ?\}?; then[\s\S]*?exit 1/);
  });
});

describe('tests', () => {
  it('assert nothing on wall-clock time', () => {
    const timed = /expect\([^)]*\b(elapsed|duration|took|ms|millis|performance\.now\(\)|Date\.now\(\)\s*-)[^)]*\)\s*\.\s*toBeLessThan/;
    const offenders = testFiles()
      .filter((file) => timed.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(repoDir, file));
    expect(offenders).toEqual([]);
  });

  it('never write the tracked screenshot unless asked to', () => {
    const browser = readFileSync(path.join(repoDir, 'test', 'channels', 'web-chat.test.ts'), 'utf8');
    expect(browser).toMatch(/process\.env\.UPDATE_SCREENSHOTS\s*\?\s*path\.join\(repoDir, 'docs'[^:]*:\s*path\.join\(repoDir, 'test-results'/);
  });
});
