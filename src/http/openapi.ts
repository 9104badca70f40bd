import { z } from 'zod';
import { batchSchema } from '../catalog/changes/batch.js';
import { applyQuery, listQuery } from './routes/admin.js';
import { askBody, codeParam, searchQuery } from './routes/citizen.js';
import { codeParams, sessionParams } from './routes/dossiers.js';
import { analyticsQuery, answerBody, assignBody, idParams, statusQuery } from './routes/staff.js';
import {
  askResultSchema,
  changeAppliedSchema,
  changeDryRunSchema,
  changeListSchema,
  errorSchema,
  healthSchema,
  messagesSchema,
  procedureListSchema,
  procedureRecordSchema,
  publicDossierSchema,
  readySchema,
  staffDossierSchema,
} from './schemas.js';

/**
 * `GET /openapi.json`: the OpenAPI 3.1 description of the HTTP API, generated from the zod schemas
 * the routes validate requests with (exported by the route modules) and the response schemas of
 * `schemas.ts`. A route added without an entry here fails `test/http/openapi.test.ts`.
 */

type Schema = z.ZodType;

/** The staff desk's answers (src/desk): described by their main fields. */
const inboxItemSchema = z.looseObject({
  id: z.number(),
  kind: z.enum(['feedback', 'staff_question']),
  text: z.string(),
  procedure: z.object({ code: z.string(), name: z.string() }).nullable(),
  channel: z.enum(['telegram', 'zalo', 'web', 'api']),
  createdAt: z.string(),
  status: z.enum(['new', 'assigned', 'answered']),
  statusLabel: z.string(),
  assignee: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  delivery: z.object({ delivered: z.literal(false), reason: z.string(), at: z.string() }).nullable(),
  ageMinutes: z.number(),
  overdue: z.boolean(),
  conversation: z.array(z.object({ role: z.string(), text: z.string() })),
});
const inboxListSchema = z.object({ items: z.array(inboxItemSchema) });
const analyticsSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  total: z.number(),
  perDay: z.array(z.looseObject({ day: z.string(), total: z.number() })),
  rates: z.object({ answered: z.number(), clarified: z.number(), unanswered: z.number(), outOfScope: z.number() }),
  topProcedures: z.array(z.object({ code: z.string(), name: z.string(), count: z.number() })),
  topIntents: z.array(z.object({ intent: z.string(), count: z.number() })),
  lowConfidence: z.array(z.looseObject({ text: z.string(), intent: z.string(), confidence: z.number(), outcome: z.string(), action: z.string() })),
});
export interface RouteDoc {
  method: 'get' | 'post';
  /** Fastify's pattern (`:param`). */
  path: string;
  summary: string;
  auth?: 'staff' | 'admin';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: Schema;
  responses: Record<number, { description: string; schema?: Schema; contentType?: string }>;
}

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: errorDescriptions[s] ?? 'Error', schema: errorSchema }]));
const errorDescriptions: Record<number, string> = {
  400: 'Bad input',
  401: 'No valid token',
  403: 'The token may not do this',
  404: 'Unknown',
  413: 'Too large',
  415: 'Not JSON',
  422: 'Every problem of the batch; nothing applied',
  429: 'Too many requests',
  503: 'Unavailable',
};

export const routeDocs: RouteDoc[] = [
  { method: 'get', path: '/healthz', summary: 'Alive, with the catalog loaded', responses: { 200: { description: 'Alive', schema: healthSchema } } },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Ready to serve: the store takes writes and the catalog is loaded',
    responses: { 200: { description: 'Ready', schema: readySchema }, 503: { description: 'Not ready, with why', schema: readySchema } },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
  },
  { method: 'get', path: '/openapi.json', summary: 'This description', responses: { 200: { description: 'OpenAPI 3.1' } } },
  {
    method: 'post',
    path: '/api/v1/ask',
    summary: 'Ask the assistant',
    body: askBody,
    responses: { 200: { description: 'The answer', schema: askResultSchema }, ...errors(400, 413, 415, 429) },
  },
  {
    method: 'get',
    path: '/api/v1/procedures',
    summary: 'Search the catalog',
    query: searchQuery,
    responses: { 200: { description: 'Matching procedures', schema: procedureListSchema }, ...errors(400, 429) },
  },
  {
    method: 'get',
    path: '/api/v1/procedures/:code',
    summary: 'One procedure’s full record',
    params: codeParam,
    responses: { 200: { description: 'The record', schema: procedureRecordSchema }, ...errors(400, 404, 429) },
  },
  {
    method: 'get',
    path: '/api/v1/dossiers/:receiptCode',
    summary: 'A dossier’s status, masked for the public',
    params: codeParams,
    responses: { 200: { description: 'The public view', schema: publicDossierSchema }, ...errors(400, 404, 429, 503) },
  },
  {
    method: 'get',
    path: '/api/v1/staff/dossiers/:receiptCode',
    summary: 'A dossier’s full record (audited)',
    auth: 'staff',
    params: codeParams,
    responses: { 200: { description: 'The full record', schema: staffDossierSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  {
    method: 'get',
    path: '/api/v1/staff/inbox',
    summary: 'Questions and feedback left for staff, with their conversation (audited)',
    auth: 'staff',
    query: statusQuery,
    responses: { 200: { description: 'Items, open ones oldest first', schema: inboxListSchema }, ...errors(400, 401, 403) },
  },
  {
    method: 'post',
    path: '/api/v1/staff/inbox/:id/assign',
    summary: 'Take an item, or give it to a colleague (audited)',
    auth: 'staff',
    params: idParams,
    body: assignBody,
    responses: { 200: { description: 'The item', schema: inboxItemSchema }, ...errors(400, 401, 403, 404, 409) },
  },
  {
    method: 'post',
    path: '/api/v1/staff/inbox/:id/answer',
    summary: 'Answer an item: sent once to the person on their channel (audited)',
    auth: 'staff',
    params: idParams,
    body: answerBody,
    responses: { 200: { description: 'The answered item', schema: inboxItemSchema }, ...errors(400, 401, 403, 404, 409) },
  },
  {
    method: 'get',
    path: '/api/v1/staff/analytics',
    summary: 'What people ask and where the assistant fails (scrubbed; ?format=csv)',
    auth: 'staff',
    query: analyticsQuery,
    responses: { 200: { description: 'The report (JSON) or one row per turn (CSV)', schema: analyticsSchema }, ...errors(400, 401, 403) },
  },
  {
    method: 'get',
    path: '/api/v1/sessions/:sessionId/messages',
    summary: 'Messages pushed to a session and not yet read',
    params: sessionParams,
    responses: { 200: { description: 'Each message once', schema: messagesSchema }, ...errors(400, 404, 429) },
  },
  {
    method: 'get',
    path: '/api/v1/catalog/changes',
    summary: 'Published catalog changes, newest first',
    query: listQuery,
    responses: { 200: { description: 'Changes', schema: changeListSchema }, ...errors(400, 429) },
  },
  {
    method: 'post',
    path: '/api/v1/admin/catalog/changes',
    summary: 'Publish an agency’s decision (atomic)',
    auth: 'admin',
    query: applyQuery,
    body: batchSchema,
    responses: {
      200: { description: 'Dry run: records and answers as they will read', schema: changeDryRunSchema },
      201: { description: 'Applied', schema: changeAppliedSchema },
      ...errors(400, 401, 403, 413, 415, 422),
    },
  },
];

const requestSchema = (schema: Schema) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const responseSchema = (schema: Schema) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = requestSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

export function openApiDocument(version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routeDocs) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      ...(route.auth ? { security: [{ bearer: [] }], 'x-role': route.auth } : {}),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: requestSchema(route.body) } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: responseSchema(r.schema) } } } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một Cửa',
      version,
      description: 'Trợ lý thủ tục hành chính và tra cứu hồ sơ. Errors: {"error":{"code","message"}} with a Vietnamese message.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
