import { randomBytes } from 'node:crypto';
import type { Repositories } from '../store/index.js';
import type { Principal } from './auth.js';

/**
 * Session ids of the citizen API are issued by the server (interface spec §2): a conversation,
 * its dossier context, subscriptions and messages belong to whoever holds an id nobody can
 * guess. An id the server did not issue starts a new conversation under a new id. Integrations
 * (a bearer token with role `integration`) relay their own users' ids, kept apart per token.
 * Telegram, Zalo and the CLI call the engine directly with their own ids and never pass here.
 */

export interface ResolvedSession {
  /** The id the conversation is stored under. */
  internal: string;
  /** The id the caller sends back (the integration's own, or the one issued). */
  external: string;
  /** True when this continues a conversation (the per-session limit applies). */
  continued: boolean;
}

export interface SessionIssuer {
  resolve(given: string | undefined, principal: Principal | null, channel: 'web' | 'api'): Promise<ResolvedSession>;
  /** The stored id whose messages the caller may read, or null when it is not theirs to read. */
  find(given: string, principal: Principal | null): Promise<string | null>;
}

/** 144 random bits. */
const ISSUED_BYTES = 18;
/** An issued id unused this long is forgotten (a dossier notice may come weeks after the question). */
const KEEP_MS = 90 * 24 * 3600_000;
const PURGE_EVERY = 1000;

const relayed = (principal: Principal | null) => (principal?.role === 'integration' ? principal : null);

export function createSessionIssuer(repositories: Repositories, now: () => number = Date.now): SessionIssuer {
  const ids = repositories.issuedSessions;
  let issued = 0;

  async function issue(channel: 'web' | 'api'): Promise<ResolvedSession> {
    const id = `${channel}:${randomBytes(ISSUED_BYTES).toString('base64url')}`;
    await ids.issue(id, now());
    if (++issued % PURGE_EVERY === 0) await ids.purge(now() - KEEP_MS);
    return { internal: id, external: id, continued: false };
  }

  return {
    async resolve(given, principal, channel) {
      const integration = relayed(principal);
      if (integration && given) return { internal: `int:${integration.id}:${given}`, external: given, continued: true };
      if (given && (await ids.claim(given, now()))) return { internal: given, external: given, continued: true };
      return issue(channel);
    },
    async find(given, principal) {
      const integration = relayed(principal);
      if (integration) return `int:${integration.id}:${given}`;
      return (await ids.claim(given, now())) ? given : null;
    },
  };
}
