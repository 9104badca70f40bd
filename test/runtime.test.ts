import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoDir = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const built = existsSync(path.join(repoDir, 'dist', 'cli', 'main.js'));

describe('runtime', () => {
  it('the suite runs on the Node 24 the project brings, whatever Node is on the machine', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it.skipIf(!built)('the motcua bin runs on Node 24 with only the system PATH (needs `npm run build`)', () => {
    const result = spawnSync(path.join(repoDir, 'bin', 'motcua'), ['ask', '--json', 'làm căn cước cần gì'], {
      encoding: 'utf8',
      cwd: repoDir,
      // Not the npm scripts' PATH: the shim must find the project's Node itself.
      env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'motcua-bin-')) },
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).intent).toBe('documents');
  });
});
