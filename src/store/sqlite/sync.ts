/**
 * The SQLite repositories are written synchronously (better-sqlite3 answers at once); `Sync<R>` is
 * a repository interface with its promises taken off, which they implement.
 */
export type Sync<R> = {
  [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => T : R[K];
};
