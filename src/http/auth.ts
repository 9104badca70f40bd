import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler, onResponseAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { loadDossierTexts } from '../dossier/texts.js';
import type { Repositories, TokenRole } from '../store/index.js';
import { HttpError } from './errors.js';
import type { Limits } from './limits.js';

/**
 * Bearer tokens for the staff, admin and integration APIs: the bootstrap STAFF_TOKEN / ADMIN_TOKEN
 * from the environment, and personal tokens made with `token create` (only their sha256 is
 * stored; revoked ones are refused at once, since every check reads the store). What a token may
 * do is data: its role, its agency and its scope (procedure codes or fields).
 */
export type Role = TokenRole;

export interface Principal {
  /** Stable id for audit logs: `env:staff`, `env:admin` or `token:<id>`. */
  id: string;
  role: Role;
  /** The person the token belongs to (the bootstrap tokens name their variable). */
  name: string;
  /** null for the bootstrap tokens, which act for every agency. */
  agency: string | null;
  /** Procedure codes or fields the token may change (admin); null: every one (bootstrap). */
  scope: string[] | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const roleSchema = z.enum(['admin', 'staff', 'integration']);

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** `1.001193, Hộ tịch` → ['1.001193', 'Hộ tịch']. */
export function parseScope(text: string | undefined): string[] {
  return [
    ...new Set(
      (text ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

/** Operators' mistakes in `token create` (English, the CLI's language). */
export class TokenInputError extends Error {}

const tokenInput = z.object({
  name: z.string().trim().min(1, '--name is required: the person (or integration) the token belongs to').max(200),
  role: roleSchema,
  agency: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || null),
  scope: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
});

/**
 * Creates a personal token; the secret is returned once and never stored. An agency admin token
 * must name its agency and the procedure codes or fields it may change.
 */
export async function createToken(
  repositories: Repositories,
  input: { name: string; role: string; agency?: string; scope?: string[] },
): Promise<{ id: number; token: string; name: string; role: Role; agency: string | null; scope: string[] }> {
  const parsed = tokenInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TokenInputError(issue.path[0] === 'role' ? `--role must be admin, staff or integration, got "${input.role}"` : issue.message);
  }
  const { name, role, agency, scope } = parsed.data;
  if (role === 'admin' && (!agency || scope.length === 0)) {
    throw new TokenInputError(
      'an admin token acts for one agency on named procedures: give --agency "<agency>" and --scope "<codes or fields, comma-separated>"',
    );
  }
  if (role === 'integration' && (agency || scope.length)) throw new TokenInputError('an integration token takes no --agency or --scope');
  const token = `mc_${randomBytes(32).toString('base64url')}`;
  const id = await repositories.access.createToken({
    hash: sha256(token).toString('hex'),
    name,
    role,
    agency,
    scope,
    createdAt: new Date().toISOString(),
  });
  return { id, token, name, role, agency, scope };
}

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
function sameSecret(given: Buffer, secret: string | undefined): boolean {
  return secret !== undefined && timingSafeEqual(given, sha256(secret));
}

export async function authenticate(repositories: Repositories, config: Config, header: string | undefined): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const digest = sha256(match[1]);
  if (sameSecret(digest, config.ADMIN_TOKEN)) return { id: 'env:admin', role: 'admin', name: 'ADMIN_TOKEN', agency: null, scope: null };
  if (sameSecret(digest, config.STAFF_TOKEN)) return { id: 'env:staff', role: 'staff', name: 'STAFF_TOKEN', agency: null, scope: null };
  // The lookup is by digest: timing can reveal at most whether a digest prefix exists, never the token.
  const row = await repositories.access.tokenByHash(digest.toString('hex'));
  const role = roleSchema.safeParse(row?.role);
  if (!row || !role.success) return null;
  return { id: `token:${row.id}`, role: role.data, name: row.name, agency: row.agency, scope: row.scope };
}

/** Whether a principal may use the routes of `role`. An agency's admin token publishes catalog changes; it does not open citizens' dossiers. */
function mayUse(role: 'staff' | 'admin', principal: Principal): boolean {
  if (role === 'admin') return principal.role === 'admin';
  return principal.role === 'staff' || (principal.role === 'admin' && principal.scope === null);
}

export interface AccessControl {
  /** The principal of a request's bearer token; null without one; HttpError 401 (counted as a failure) or 429 for a wrong one. */
  optional(request: FastifyRequest): Promise<Principal | null>;
  /**
   * onRequest hook: runs before the body is read, so an unauthenticated upload is refused without
   * being read or parsed. 429 once the address used its failed checks this minute, 401 without a
   * valid token, 403 when its role is too low; each refusal is audited.
   */
  require(role: 'staff' | 'admin'): onRequestAsyncHookHandler;
  /** Writes one audit line naming the request's person and address. */
  audit(request: FastifyRequest, entry: { action: string; target?: string; status: number }): Promise<void>;
  /**
   * onResponse hook: a staff or admin request refused by the address limit (429, before any token
   * check) is audited too — once per address and minute, so a flood does not flood the audit.
   */
  auditLimited: onResponseAsyncHookHandler;
}

const protectedRoute = (url: string) => url.startsWith('/api/v1/staff/') || url.startsWith('/api/v1/admin/');

export function createAccessControl(deps: { repositories: Repositories; config: Config; limits: Limits }): AccessControl {
  const { repositories, config, limits } = deps;
  const { errors } = loadDossierTexts();

  async function audit(
    request: FastifyRequest,
    entry: { action: string; target?: string; status: number },
    principal = request.principal,
  ): Promise<void> {
    written.add(request);
    await repositories.access.audit({
      at: new Date().toISOString(),
      actor: principal?.id ?? '',
      person: principal?.name ?? '',
      address: request.ip,
      action: entry.action,
      target: entry.target ?? '',
      status: entry.status,
    });
  }

  /** Requests whose refusal is already written, and the minute each address's limit refusal was. */
  const written = new WeakSet<FastifyRequest>();
  const limitedIn = new Map<string, number>();

  const route = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;

  /** A refused request that carries a body gets the connection closed rather than the body read. */
  function refuse(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string) {
    if (Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding']) reply.header('connection', 'close');
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.status(status).send({ error: { code, message } });
  }

  /** 429 (and one audit line per address and minute) once the address has no failed checks left. */
  async function tooManyFailures(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const { blocked, retryAfterMs } = await limits.authBlocked(request.ip);
    if (!blocked) return false;
    const count = await limits.authFailed(request.ip);
    written.add(request);
    if (count === config.AUTH_FAILURES_PER_MINUTE + 1) await audit(request, { action: route(request), status: 429 }, undefined);
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    reply.header('retry-after', seconds);
    refuse(
      request,
      reply,
      429,
      'too_many_failures',
      `Quá nhiều lần dùng mã truy cập không hợp lệ từ địa chỉ này; vui lòng thử lại sau ${seconds} giây.`,
    );
    return true;
  }

  async function failed(request: FastifyRequest, reply: FastifyReply) {
    await limits.authFailed(request.ip);
    await audit(request, { action: route(request), status: 401 }, undefined);
    return refuse(request, reply, 401, 'unauthorized', errors.unauthorized);
  }

  return {
    audit,
    async auditLimited(request, reply) {
      if (reply.statusCode !== 429 || written.has(request) || !protectedRoute(request.url)) return;
      const minute = Math.floor(Date.now() / 60_000);
      if (limitedIn.get(request.ip) === minute) return;
      if (limitedIn.size > 10_000) limitedIn.clear();
      limitedIn.set(request.ip, minute);
      await audit(request, { action: `${request.method} ${request.url.split('?')[0].slice(0, 200)}`, status: 429 }, undefined);
    },
    async optional(request) {
      if (request.headers.authorization === undefined) return null;
      const { blocked, retryAfterMs } = await limits.authBlocked(request.ip);
      if (blocked)
        throw new HttpError(
          429,
          'too_many_failures',
          'Quá nhiều lần dùng mã truy cập không hợp lệ từ địa chỉ này; vui lòng thử lại sau ít phút.',
          retryAfterMs,
        );
      const principal = await authenticate(repositories, config, request.headers.authorization);
      if (principal) return principal;
      await limits.authFailed(request.ip);
      throw new HttpError(401, 'unauthorized', errors.unauthorized);
    },
    require(role) {
      return async function checkRole(request, reply) {
        if (await tooManyFailures(request, reply)) return reply;
        const principal = await authenticate(repositories, config, request.headers.authorization);
        if (!principal) return failed(request, reply);
        if (!mayUse(role, principal)) {
          await audit(request, { action: route(request), status: 403 }, principal);
          return refuse(request, reply, 403, 'forbidden', errors.forbidden);
        }
        request.principal = principal;
      };
    },
  };
}

/** The onRequest hook of a staff or admin route (see `AccessControl.require`). */
export function requireRole(role: 'staff' | 'admin', deps: { access: AccessControl }): onRequestAsyncHookHandler {
  return deps.access.require(role);
}
