import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { ChangeLog } from '../../src/catalog/changes.js';
import { Catalog } from '../../src/catalog/store.js';
import { createNotifications } from '../../src/notify/index.js';
import { openDatabase, repositoriesOf } from '../../src/store/index.js';
import { bundled } from '../support/catalog.js';

/** Catalog-change notices are stored with the batch: a crash before or during the fan-out loses none and repeats none. */
const child = fileURLToPath(new URL('./fixtures/apply-then-die.ts', import.meta.url));
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it.each(['applied', 'partial'])('every interested session gets the notice once after kill -9 (%s)', async (when) => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-catalog-crash-'));
  const file = path.join(dir, 'motcua.sqlite');
  const proc = spawn(process.execPath, ['--import', 'tsx', child, file, when], { stdio: ['ignore', 'inherit', 'inherit'] });
  expect(await new Promise((resolve) => proc.on('exit', (_code, signal) => resolve(signal)))).toBe('SIGKILL');

  const db = openDatabase(file);
  const repositories = repositoriesOf(db);
  const storedBefore = await repositories.notices.count();
  expect(storedBefore).toBe(when === 'applied' ? 0 : 500);
  const base = [bundled('1.001193')];
  const notifications = createNotifications({ repositories, pushers: [] });
  const changes = await ChangeLog.open(repositories, new Catalog(base), base, { notifications });
  changes.start();
  await changes.settled();
  const received = await Promise.all(
    Array.from({ length: 1200 }, async (_, i) => (await notifications.take(`web:${String(i).padStart(4, '0')}`)).length),
  );
  expect(received.every((n) => n === 1)).toBe(true);
  expect(await repositories.catalogChanges.pendingJobs()).toEqual([]);
  db.close();
});
