import type { HealthRepository } from '../repositories.js';
import type { Query } from './repositories.js';

/** Writable: the server answers, is not a read-only replica, and this session may write. */
export function pgHealth(q: Query): HealthRepository {
  return {
    async writable() {
      const { rows } = await q<{ replica: boolean; readonly: string }>(
        "SELECT pg_is_in_recovery() AS replica, current_setting('transaction_read_only') AS readonly",
      );
      if (rows[0]?.replica) throw new Error('the database is a read-only replica');
      if (rows[0]?.readonly === 'on') throw new Error('the database session is read-only');
    },
  };
}
