import { channelSessionId } from './citizen.js';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { DossierService, ViewResult } from '../../dossier/service.js';
import { type AccessControl, requireRole } from '../auth.js';
import { staffDossierView } from '../../desk/dossier-view.js';
import { errorBody } from '../server.js';
import type { SessionIssuer } from '../sessions.js';

/**
 * Dossier status over HTTP (interface spec §2–3): the masked public view, the audited staff view,
 * and the outbox of pushed messages for web/API sessions.
 */
export interface DossierRoutesDeps {
  service: DossierService;
  access: AccessControl;
  sessions: SessionIssuer;
  /** Named in the decoded staff view's next steps. */
  hotline: string;
}

export const codeParams = z.object({ receiptCode: z.string().min(1).max(100) });
export const sessionParams = z.object({ sessionId: channelSessionId });

const failureStatus = { malformed: 400, forbidden: 403, not_found: 404, rate_limited: 429, unavailable: 503 } as const;
const failureCode = {
  malformed: 'malformed_code',
  forbidden: 'other_agency',
  not_found: 'dossier_not_found',
  rate_limited: 'too_many_lookups',
  unavailable: 'dossier_unavailable',
} as const;

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

    app.get('/api/v1/staff/dossiers/:receiptCode', { onRequest: requireRole('staff', deps) }, async (request, reply) => {
      const params = codeParams.safeParse(request.params);
      if (!params.success) return reply.status(400).send(errorBody(400, failureCode.malformed, service.malformedReply().reply));
      // requireRole has set the principal or already answered 401/403/429.
      const { id, name, agency } = request.principal!;
      const result = await service.staffView(params.data.receiptCode, { id, name, agency, address: request.ip });
      if (result.kind !== 'found') return send(reply, result);
      // The record whole, and decoded for a call in progress (status in words, dates, days late, a script).
      const decoded = staffDossierView(result.view, { texts: service.texts, hotline: deps.hotline, now: Date.now() });
      return reply.send({ ...result.view, decoded });
    });

    app.get('/api/v1/sessions/:sessionId/messages', async (request, reply) => {
      const params = sessionParams.safeParse(request.params);
      if (!params.success) return reply.status(400).send(errorBody(400, 'bad_session', service.texts.errors.badSession));
      const sessionId = await deps.sessions.find(params.data.sessionId, await deps.access.optional(request));
      if (!sessionId) return reply.status(404).send(errorBody(404, 'unknown_session', service.texts.errors.unknownSession));
      return reply.send({ messages: await service.takeMessages(sessionId) });
    });
  };
}
