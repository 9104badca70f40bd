import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db.js';

/** How often the background thread checkpoints. */
const CHECKPOINT_INTERVAL_MS = 250;
/**
 * The log's length (in 4 KiB pages) at which the thread makes the writer wait once to start it
 * afresh: under a steady stream of answers, about once a second at the bench's rate.
 */
const MAX_LOG_PAGES = 4000;
/** SQLite's own default: a commit that brings the log to this many pages checkpoints it then and there. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface Checkpointer {
  /** Stops the thread; the serving connection checkpoints on its own again. */
  stop(): Promise<void>;
}

/**
 * Moves write-ahead-log checkpoints off the serving connection. A checkpoint copies the log into
 * the database and syncs it to disk, and SQLite runs one inside the commit that fills the log:
 * every few dozen answers one citizen waited several milliseconds on the disk for it. A worker
 * thread with its own connection does that copying instead, while answers go on. If the thread
 * fails, the serving connection takes the checkpoints back (`onFailure` is told), so the log never
 * grows without bound.
 */
export function checkpointInBackground(db: Db, file: string, options: { onFailure?: (error: Error) => void } = {}): Checkpointer {
  const own = fileURLToPath(import.meta.url);
  // Compiled, this is checkpointer.js beside checkpointer-worker.js; from source (tests, tsx), both are .ts.
  const worker = new Worker(path.join(path.dirname(own), `checkpointer-worker${path.extname(own)}`), {
    workerData: { file: path.resolve(file), intervalMs: CHECKPOINT_INTERVAL_MS, maxLogPages: MAX_LOG_PAGES },
  });
  // The thread never keeps the process alive: a server shutting down stops it, a crash takes it along.
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  worker.on('error', (error) => options.onFailure?.(error));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      resolve();
    }),
  );
  return {
    async stop() {
      // Held by the thread until it has let go of its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
