import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChangeRejected, type ChangeLog } from '../../catalog/changes.js';
import type { Config } from '../../config.js';
import type { Repositories } from '../../store/index.js';
import { requireRole } from '../auth.js';
import { parseOr400 } from './citizen.js';

/**
 * Catalog changes (interface spec §3): agencies publish decisions with an admin token; anyone
 * may read what was published.
 */

/** A batch of full records can outgrow the server's 64 KiB default. */
const BATCH_BODY_LIMIT = 2 * 1024 * 1024;

export const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const applyQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });

export function adminRoutes(deps: { changes: ChangeLog; repositories: Repositories; config: Config }) {
  return async (server: FastifyInstance) => {
    const admin = requireRole('admin', { repositories: deps.repositories, config: deps.config });

    server.post('/api/v1/admin/catalog/changes', { preHandler: admin, bodyLimit: BATCH_BODY_LIMIT }, async (request, reply) => {
      const { dryRun } = parseOr400(applyQuery, request.query);
      try {
        // requireRole has set the principal or already answered 401/403.
        if (dryRun === 'true') return reply.status(200).send(await deps.changes.dryRun(request.body, request.principal!));
        const { version, warnings } = await deps.changes.apply(request.body, request.principal!);
        return reply.status(201).send(warnings.length ? { version, warnings } : { version });
      } catch (error) {
        if (!(error instanceof ChangeRejected)) throw error;
        const { problems } = error;
        if (error.reason === 'forbidden') {
          const codes = [...new Set(problems.map((p) => p.code))].join(', ');
          const message = `Cơ quan của mã truy cập này không có quyền thay đổi thủ tục ${codes}. Chưa thay đổi nào được áp dụng.`;
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
