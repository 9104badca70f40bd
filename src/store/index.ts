import type { Db } from './db.js';
import type { Repositories } from './repositories.js';
import { sqliteAccess, sqliteChannelState } from './sqlite/access.js';
import { sqliteCatalogChanges } from './sqlite/catalog.js';
import { sqliteDossierRegistry, sqliteSubscriptions } from './sqlite/dossiers.js';
import { sqliteHealth } from './sqlite/health.js';
import { sqliteNotices } from './sqlite/notices.js';
import { sqliteInbox, sqliteSessions } from './sqlite/sessions.js';

export { type Db, openDatabase } from './db.js';
export * from './repositories.js';

const cache = new WeakMap<Db, Repositories>();

/**
 * The repositories over one open SQLite connection, made once per connection (their statements
 * are prepared once). Feature modules receive the connection and ask for the repositories here;
 * none of them holds SQL.
 */
export function repositoriesOf(db: Db): Repositories {
  let repositories = cache.get(db);
  if (!repositories) {
    repositories = {
      sessions: sqliteSessions(db),
      inbox: sqliteInbox(db),
      subscriptions: sqliteSubscriptions(db),
      notices: sqliteNotices(db),
      access: sqliteAccess(db),
      channelState: sqliteChannelState(db),
      catalogChanges: sqliteCatalogChanges(db),
      dossierRegistry: sqliteDossierRegistry(db),
      health: sqliteHealth(db),
      transaction: (fn) => db.transaction(fn)(),
    };
    cache.set(db, repositories);
  }
  return repositories;
}
