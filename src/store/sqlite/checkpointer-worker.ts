/**
 * The background checkpointer's thread (`checkpointer.ts`): its own connection to the SQLite file,
 * copying the write-ahead log into the database every `intervalMs`. A PASSIVE checkpoint never
 * waits for the serving connection; what it cannot copy yet it copies next time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs, maxLogPages } = workerData as { file: string; intervalMs: number; maxLogPages: number };
const db = new Database(file);
// The checkpoint syncs the log before copying it and the database after, as on the serving connection.
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
// A checkpoint copies pages through; it reads nothing worth caching.
db.pragma('cache_size = -64');
const timer = setInterval(() => {
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
  // Under steady writes a passive checkpoint never reaches the log's end, and the log would grow
  // without bound: past `maxLogPages`, wait for the writer once and start the log afresh.
  if (log >= maxLogPages) db.pragma('wal_checkpoint(TRUNCATE)');
}, intervalMs);
parentPort!.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
