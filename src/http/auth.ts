import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { loadDossierTexts } from '../dossier/texts.js';
import type { Repositories } from '../store/index.js';

/**
 * Bearer tokens for the staff and admin APIs: the bootstrap STAFF_TOKEN / ADMIN_TOKEN from the
 * environment, and agency-scoped tokens made with `token create` (only their sha256 is stored).
 * An admin token may do everything a staff token may.
 */
export type Role = 'staff' | 'admin';

export interface Principal {
  /** Stable id for audit logs: `env:staff`, `env:admin` or `token:<id>`. */
  id: string;
  role: Role;
  /** null for the bootstrap tokens, which act for every agency. */
  agency: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const roleSchema = z.enum(['staff', 'admin']);

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Creates an agency-scoped token; the token itself is returned once and never stored. */
export async function createToken(repositories: Repositories, input: { agency: string; role: Role }): Promise<{ id: number; token: string; agency: string; role: Role }> {
  const agency = z.string().trim().min(1).max(200).parse(input.agency);
  const role = roleSchema.parse(input.role);
  const token = `mc_${randomBytes(32).toString('base64url')}`;
  const id = await repositories.access.createToken(sha256(token).toString('hex'), agency, role, new Date().toISOString());
  return { id, token, agency, role };
}

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
function sameSecret(given: Buffer, secret: string | undefined): boolean {
  return secret !== undefined && timingSafeEqual(given, sha256(secret));
}

export async function authenticate(repositories: Repositories, config: Config, header: string | undefined): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const digest = sha256(match[1]);
  if (sameSecret(digest, config.ADMIN_TOKEN)) return { id: 'env:admin', role: 'admin', agency: null };
  if (sameSecret(digest, config.STAFF_TOKEN)) return { id: 'env:staff', role: 'staff', agency: null };
  // The lookup is by digest: timing can reveal at most whether a digest prefix exists, never the token.
  const row = await repositories.access.tokenByHash(digest.toString('hex'));
  const role = roleSchema.safeParse(row?.role);
  return row && role.success ? { id: `token:${row.id}`, role: role.data, agency: row.agency } : null;
}

/** Fastify preHandler: 401 without a valid token, 403 when the token's role is too low. */
export function requireRole(role: Role, deps: { repositories: Repositories; config: Config }): preHandlerAsyncHookHandler {
  const { errors } = loadDossierTexts();
  return async function checkRole(request: FastifyRequest, reply: FastifyReply) {
    const principal = await authenticate(deps.repositories, deps.config, request.headers.authorization);
    if (!principal) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: { code: 'unauthorized', message: errors.unauthorized } });
    }
    // An agency's admin token publishes catalog changes; it does not open citizens' dossiers.
    const scopedAdmin = principal.role === 'admin' && principal.agency !== null;
    if ((role === 'admin' && principal.role !== 'admin') || (role === 'staff' && scopedAdmin)) {
      return reply.status(403).send({ error: { code: 'forbidden', message: errors.forbidden } });
    }
    request.principal = principal;
  };
}
