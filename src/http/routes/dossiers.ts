import { channelSessionId } from './citizen.js';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { DossierService, ViewResult } from '../../dossier/service.js';
import type { Repositories } from '../../store/index.js';
import { requireRole } from '../auth.js';
import { errorBody } from '../server.js';

/**
 * Dossier status over HTTP (interface spec §2–3): the masked public view, the audited staff view,
 * and the outbox of pushed messages for web/API sessions.
 */
export interface DossierRoutesDeps {
  service: DossierService;
  repositories: Repositories;
  config: Config;
}

export const codeParams = z.object({ receiptCode: z.string().min(1).max(100) });
export const sessionParams = z.object({ sessionId: channelSessionId });

const failureStatus = { malformed: 400, not_found: 404, rate_limited: 429, unavailable: 503 } as const;
const failureCode = { malformed: 'malformed_code', not_found: 'dossier_not_found', rate_limited: 'too_many_lookups', unavailable: 'dossier_unavailable' } as const;

function send<T>(reply: FastifyReply, result: ViewResult<T>) {
  if (result.kind === 'found') return reply.send(result.view);
  if (result.kind === 'rate_limited' && result.retryAfterMs) reply.header('retry-after', Math.ceil(result.retryAfterMs / 1000));
  return reply.status(failureStatus[result.kind]).send(errorBody(failureStatus[result.kind], failureCode[result.kind], result.message));
}

export function dossierRoutes(deps: DossierRoutesDeps): FastifyPluginAsync {
  const { service } = deps;
  return async (app) => {
    app.get('/api/v1/dossiers/:receiptCode', async (request, reply) => {
      const params = codeParams.safeParse(request.params);
      if (!params.success) return reply.status(400).send(errorBody(400, failureCode.malformed, service.malformedReply().reply));
      return send(reply, await service.publicView(params.data.receiptCode, { clientKey: `ip:${request.ip}` }));
    });

    app.get(
      '/api/v1/staff/dossiers/:receiptCode',
      { preHandler: requireRole('staff', deps) },
      async (request, reply) => {
        const params = codeParams.safeParse(request.params);
        if (!params.success) return reply.status(400).send(errorBody(400, failureCode.malformed, service.malformedReply().reply));
        return send(reply, await service.staffView(params.data.receiptCode, request.principal!.id));
      },
    );

    app.get('/api/v1/sessions/:sessionId/messages', async (request, reply) => {
      const params = sessionParams.safeParse(request.params);
      if (!params.success) return reply.status(400).send(errorBody(400, 'bad_session', service.texts.errors.badSession));
      return reply.send({ messages: await service.takeMessages(params.data.sessionId) });
    });
  };
}
