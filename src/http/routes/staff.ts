import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Catalog } from '../../catalog/store.js';
import { PeriodError, analyticsCsv, analyticsReport, period } from '../../desk/analytics.js';
import type { StaffInbox } from '../../desk/inbox.js';
import type { Repositories } from '../../store/index.js';
import { type AccessControl, type Principal, requireRole } from '../auth.js';
import { HttpError } from '../server.js';

/**
 * The staff desk over HTTP (spec §3): the inbox (list, assign, answer) and analytics. Staff
 * tokens only (an agency's admin token is refused, as for dossiers); every call names a person
 * in the audit. Errors here are in English: operators read them.
 */
export interface StaffRoutesDeps {
  access: AccessControl;
  inbox: StaffInbox;
  repositories: Repositories;
  catalog: Catalog;
  now?: () => number;
}

/** The person behind a token, as `answeredBy` and the assignee name them: the token's name, else its id. */
export function personOf(principal: Principal): string {
  return principal.name.trim() || principal.id;
}

export const statusQuery = z.object({ status: z.enum(['new', 'assigned', 'answered']).optional() });
export const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const answerBody = z.object({ text: z.string().trim().min(1, 'text must not be empty').max(2000, 'text is at most 2000 characters') });
export const assignBody = z.object({ assignee: z.string().trim().min(1).max(200).optional() }).nullish();
export const analyticsQuery = z.object({ from: z.string().optional(), to: z.string().optional(), format: z.enum(['json', 'csv']).default('json') });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, 'bad_request', issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'bad request');
  }
  return parsed.data;
}

const notFound = (id: number) => new HttpError(404, 'not_found', `no inbox item ${id}`);

export function staffRoutes(deps: StaffRoutesDeps): FastifyPluginAsync {
  const now = deps.now ?? Date.now;
  return async (app) => {
    const staffOnly = { onRequest: requireRole('staff', deps) };
    const person = (request: FastifyRequest) => personOf(request.principal!);
    /** One audit line per staff call: the person and address (access control), what was done to what, the status answered. */
    const audit = (request: FastifyRequest, action: string, target: string, status: number) => deps.access.audit(request, { action, target, status });

    app.get('/api/v1/staff/inbox', staffOnly, async (request) => {
      const { status } = parse(statusQuery, request.query);
      const items = await deps.inbox.list(status);
      await audit(request, 'inbox.list', `${status ?? 'all'}:${items.length}`, 200);
      return { items };
    });

    app.post('/api/v1/staff/inbox/:id/assign', staffOnly, async (request) => {
      const { id } = parse(idParams, request.params);
      const body = parse(assignBody, request.body);
      const item = await deps.inbox.assign(id, person(request), body?.assignee);
      await audit(request, 'inbox.assign', `${id}:${item?.assignee ?? ''}`, !item ? 404 : item.status === 'answered' ? 409 : 200);
      if (!item) throw notFound(id);
      if (item.status === 'answered') throw new HttpError(409, 'already_answered', `inbox item ${id} is already answered by ${item.answeredBy}`);
      return item;
    });

    app.post('/api/v1/staff/inbox/:id/answer', staffOnly, async (request) => {
      const { id } = parse(idParams, request.params);
      const { text } = parse(answerBody, request.body);
      const { outcome, item } = await deps.inbox.answer(id, text, person(request));
      await audit(request, 'inbox.answer', String(id), { answered: 200, already_answered: 409, not_found: 404 }[outcome]);
      if (outcome === 'not_found') throw notFound(id);
      if (outcome === 'already_answered') throw new HttpError(409, 'already_answered', `inbox item ${id} is already answered by ${item?.answeredBy}`);
      return item;
    });

    app.get('/api/v1/staff/analytics', staffOnly, async (request, reply) => {
      const query = parse(analyticsQuery, request.query);
      let range: { from: string; to: string };
      try {
        range = period(query, now());
      } catch (error) {
        if (error instanceof PeriodError) throw new HttpError(400, 'bad_request', error.message);
        throw error;
      }
      await audit(request, 'analytics.view', `${query.format}:${range.from}..${range.to}`, 200);
      if (query.format === 'json') return analyticsReport(deps.repositories, deps.catalog, range);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="motcua-analytics-${range.from}-${range.to}.csv"`)
        .send(await analyticsCsv(deps.repositories, range));
    });
  };
}
