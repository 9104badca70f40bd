import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChangeRejected, type ChangeLog } from '../../catalog/changes.js';
import { type AccessControl, requireRole } from '../auth.js';
import { parseOr400 } from './citizen.js';

/**
 * Catalog changes (interface spec §3): agencies publish decisions with an admin token; anyone
 * may read what was published.
 */

/** A batch of full records can outgrow the server's 64 KiB default. */
const BATCH_BODY_LIMIT = 2 * 1024 * 1024;

export const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const applyQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });

/** The codes a batch names, for the audit. */
function codesOf(body: unknown): string {
  const changes = (body as { changes?: unknown })?.changes;
  if (!Array.isArray(changes)) return '';
  const codes = changes.map((c) => (c?.action === 'add' ? c?.procedure?.code : c?.code)).filter((c): c is string => typeof c === 'string');
  return [...new Set(codes)].join(',').slice(0, 500);
}

export function adminRoutes(deps: { changes: ChangeLog; access: AccessControl }) {
  return async (server: FastifyInstance) => {
    // Checked on request, before the (up to 2 MB) body is read.
    const admin = requireRole('admin', deps);

    server.post('/api/v1/admin/catalog/changes', { onRequest: admin, bodyLimit: BATCH_BODY_LIMIT }, async (request, reply) => {
      const { dryRun } = parseOr400(applyQuery, request.query);
      // requireRole has set the principal or already answered 401/403/429.
      const principal = request.principal!;
      const action = dryRun === 'true' ? 'catalog.dryRun' : 'catalog.change';
      const target = codesOf(request.body);
      try {
        if (dryRun === 'true') {
          const result = await deps.changes.dryRun(request.body, principal);
          await deps.access.audit(request, { action, target, status: 200 });
          return reply.status(200).send(result);
        }
        const { version, warnings } = await deps.changes.apply(request.body, principal);
        await deps.access.audit(request, { action, target, status: 201 });
        return reply.status(201).send(warnings.length ? { version, warnings } : { version });
      } catch (error) {
        if (!(error instanceof ChangeRejected)) throw error;
        const { problems } = error;
        if (error.reason === 'forbidden') {
          await deps.access.audit(request, { action, target, status: 403 });
          const codes = [...new Set(problems.map((p) => p.code))].join(', ');
          const message = `Mã truy cập này (${principal.name}) không có quyền thay đổi thủ tục ${codes}. Chưa thay đổi nào được áp dụng.`;
          return reply.status(403).send({ error: { code: 'forbidden', message, problems } });
        }
        const message = `Lô thay đổi có ${problems.length} lỗi; chưa thay đổi nào được áp dụng.`;
        return reply.status(422).send({ error: { code: 'invalid_changes', message, problems } });
      }
    });

    server.get('/api/v1/catalog/changes', async (request) => {
      const { limit } = parseOr400(listQuery, request.query);
      return { items: await deps.changes.list(limit), total: await deps.changes.count() };
    });
  };
}
