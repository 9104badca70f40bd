import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Db, openDatabase, repositoriesOf } from '../../src/store/index.js';
import { type StorageFactory, storageContracts } from './contract.js';

const sqlite: StorageFactory = {
  name: 'SQLite',
  async make() {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-store-'));
    const file = path.join(dir, 'motcua.sqlite');
    const open: Db[] = [openDatabase(file)];
    return {
      repositories: repositoriesOf(open[0]),
      async reopen() {
        open.push(openDatabase(file));
        return repositoriesOf(open.at(-1)!);
      },
      async close() {
        open.forEach((db) => db.close());
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

for (const contract of storageContracts) contract(sqlite);
