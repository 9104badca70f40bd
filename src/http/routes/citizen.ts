import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Procedure } from '../../catalog/schema.js';
import type { Catalog } from '../../catalog/store.js';
import type { Assistant } from '../../dialog/types.js';
import type { AccessControl } from '../auth.js';
import { HttpError } from '../errors.js';
import type { SessionIssuer } from '../sessions.js';

/**
 * The citizen API of interface spec §2: no auth, limited per client address by the server and
 * per conversation here; session ids are issued by the server (`../sessions.ts`).
 */

/** Conversations of channels that authenticate their users (Telegram) cannot be joined from the open API. */
export const channelSessionId = z
  .string()
  .min(1)
  .max(128, 'sessionId dài tối đa 128 ký tự.')
  .refine((id) => !/^(tg|zalo):/i.test(id), 'sessionId này thuộc một kênh khác, không dùng được qua API.');

export const askBody = z.object({
  text: z
    .string({ error: 'Thiếu nội dung câu hỏi (text).' })
    .max(2000, 'Câu hỏi dài quá 2000 ký tự, bạn vui lòng rút gọn.')
    .refine((t) => t.trim().length > 0, 'Bạn chưa nhập câu hỏi.'),
  sessionId: channelSessionId.optional(),
});

export const searchQuery = z.object({
  q: z.string().max(500).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const procedureCode = /^\d\.\d{6}$/;
export const codeParam = z.object({ code: z.string().regex(procedureCode, 'Mã thủ tục có dạng 1.001193.') });

/** Citizens read these messages: zod's own ones in Vietnamese too. */
const vietnamese = { error: z.locales.vi().localeError };

export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value, vietnamese);
  if (!parsed.success) throw new HttpError(400, 'bad_request', parsed.error.issues[0]?.message ?? 'Yêu cầu không hợp lệ.');
  return parsed.data;
}

/** Each channel's fees in words as they stand today, so API clients and the console say what the chat says. */
export type FeesInForce = (p: Procedure) => Partial<Record<string, string>>;

export interface CitizenRoutesDeps {
  assistant: Assistant;
  catalog: Catalog;
  sessions: SessionIssuer;
  access: AccessControl;
  feesInForce?: FeesInForce;
}

export function citizenRoutes(deps: CitizenRoutesDeps) {
  return async (server: FastifyInstance) => {
    server.get('/healthz', async () => ({
      status: 'ok',
      catalog: { version: deps.catalog.version, procedures: deps.catalog.size },
    }));

    server.post('/api/v1/ask', async (request) => {
      const body = parseOr400(askBody, request.body);
      const principal = await deps.access.optional(request);
      // The web chat says who it is only to label its sessions; it earns no rights by it.
      const session = await deps.sessions.resolve(body.sessionId, principal, request.headers['x-motcua-client'] === 'web' ? 'web' : 'api');
      if (session.continued) await server.limits.session(session.internal);
      const result = await deps.assistant.ask({
        text: body.text,
        sessionId: session.internal,
        channel: session.internal.startsWith('web:') ? 'web' : 'api',
        // Dossier lookups are limited per address (proxy-aware as TRUST_PROXY says).
        clientKey: `ip:${request.ip}`,
      });
      return { sessionId: session.external, ...result, notifications: result.notifications ?? [] };
    });

    server.get('/api/v1/procedures', async (request) => {
      const { q, limit } = parseOr400(searchQuery, request.query);
      if (!q.trim()) {
        const all = deps.catalog.all().filter((p) => !p.abolished);
        return { items: all.slice(0, limit).map((p) => summary(p, 1)), total: all.length };
      }
      // A code typed in full ("1.013225", as the console's placeholder suggests) is that procedure, alone.
      const exact = procedureCode.test(q.trim()) ? deps.catalog.get(q.trim()) : undefined;
      if (exact) return { items: [summary(exact, 1)], total: 1 };
      const hits = deps.catalog.search.search(q, { limit, minScore: 0.2 });
      return { items: hits.map((h) => summary(h.procedure, h.score)), total: hits.length };
    });

    server.get('/api/v1/procedures/:code', async (request) => {
      const { code } = parseOr400(codeParam, request.params);
      const procedure = deps.catalog.get(code);
      if (!procedure) throw new HttpError(404, 'not_found', `Không có thủ tục mã ${code} trong danh mục.`);
      return deps.feesInForce ? { ...procedure, feesInForce: deps.feesInForce(procedure) } : procedure;
    });
  };
}

function summary(p: { code: string; name: string; field: string; levels: string[] }, score: number) {
  return { code: p.code, name: p.name, field: p.field, levels: p.levels, score };
}
