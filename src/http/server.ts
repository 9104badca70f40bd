import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

/**
 * The HTTP shell: security headers, per-client rate limit, request logs without bodies, and
 * one error handler that answers every failure as `{"error":{"code","message"}}` in Vietnamese.
 */

export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

const messages: Record<number, [string, string]> = {
  400: ['bad_request', 'Yêu cầu không hợp lệ.'],
  401: ['unauthorized', 'Cần đăng nhập bằng mã truy cập hợp lệ.'],
  403: ['forbidden', 'Bạn không có quyền thực hiện việc này.'],
  404: ['not_found', 'Không tìm thấy.'],
  405: ['method_not_allowed', 'Địa chỉ này không nhận phương thức này.'],
  413: ['too_large', 'Nội dung gửi lên quá lớn.'],
  415: ['unsupported_media_type', 'Vui lòng gửi dữ liệu JSON (Content-Type: application/json).'],
  429: ['too_many_requests', 'Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ít phút.'],
  503: ['unavailable', 'Hệ thống tạm thời gián đoạn, vui lòng thử lại sau.'],
};

export function errorBody(statusCode: number, code?: string, message?: string) {
  const [defaultCode, defaultMessage] = messages[statusCode] ?? ['internal_error', 'Đã có lỗi xảy ra, vui lòng thử lại sau.'];
  return { error: { code: code ?? defaultCode, message: message ?? defaultMessage } };
}

/** Deeper JSON than any record needs is refused before a handler walks it (a merge patch 4,000 deep overflowed the stack). */
const MAX_JSON_DEPTH = 32;

/** Iterative, so the check itself cannot overflow the stack. */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Staff and admin data, the console, and anything about one person's dossier or conversation. */
const noStorePrefixes = ['/api/v1/staff', '/api/v1/admin', '/console', '/api/v1/dossiers', '/api/v1/sessions', '/api/v1/ask'];

/** Who the client is for rate limits: the session or chat when given, else the address. */
export function clientKey(request: { ip: string; body?: unknown; headers: Record<string, unknown> }): string {
  const body = request.body as { sessionId?: unknown } | undefined;
  if (body && typeof body.sessionId === 'string' && body.sessionId) return `s:${body.sessionId.slice(0, 128)}`;
  return `ip:${request.ip}`;
}

/**
 * One log line per request, naming the route pattern rather than the URL: paths carry receipt
 * codes and session ids, which do not belong in logs.
 */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

interface RouteEntry {
  url: string;
  pattern: RegExp;
  method: string;
}
const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route registered on a server made by `createServer` (the OpenAPI test reads them). */
export function routesOf(server: FastifyInstance): Array<{ url: string; method: string }> {
  return (routeTables.get(server) ?? []).map(({ url, method }) => ({ url, method }));
}

export async function createServer(config: Config, logger: Logger): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new RequestLog(),
    bodyLimit: 64 * 1024,
    trustProxy: config.TRUST_PROXY as FastifyServerOptions['trustProxy'],
    routerOptions: { ignoreTrailingSlash: true },
    // A path Fastify cannot decode (a broken %-escape) gets our shape rather than Fastify's own.
    frameworkErrors: (_error, _request, reply) => void (reply as FastifyReply).status(400).send(errorBody(400)),
    // Requests Node cannot even parse (raw non-ASCII in the URL…) get the same error shape too.
    clientErrorHandler: (_error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify(errorBody(400));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  });

  // Served over plain HTTP (the Docker image), upgrade-insecure-requests would break every script and call.
  const https = config.PUBLIC_URL?.startsWith('https:') ?? false;
  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
  });
  // JSON only: a text/plain body is a 415, not a string handed to the routes.
  server.removeContentTypeParser('text/plain');
  server.addHook('onSend', async (request, reply) => {
    if (noStorePrefixes.some((prefix) => request.url.startsWith(prefix))) reply.header('cache-control', 'no-store');
  });
  server.addHook('preValidation', async (request) => {
    if (request.body !== undefined && deeperThan(request.body, MAX_JSON_DEPTH)) {
      throw new HttpError(400, 'too_deep', `Dữ liệu JSON lồng quá sâu (tối đa ${MAX_JSON_DEPTH} cấp).`);
    }
  });
  // Paths and methods of every route, so a known path asked with another method is a 405.
  const routes: RouteEntry[] = [];
  routeTables.set(server, routes);
  server.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+')}/?$`);
    for (const method of [route.method].flat()) routes.push({ url: route.url, pattern, method });
  });
  await server.register(rateLimit, {
    global: true,
    // After the body is parsed, so a chat session (not a shared NAT address) is the client.
    hook: 'preHandler',
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => clientKey(request),
    // Probes and scrapers (health, readiness, metrics) are never limited.
    allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url) || request.url.startsWith('/telegram/') || request.url.startsWith('/zalo/'),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...errorBody(429, 'too_many_requests', `Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ${Math.ceil(context.ttl / 1000)} giây.`),
    }),
  });

  server.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (error instanceof HttpError) return reply.status(status).send(errorBody(status, error.code, error.message));
    if ('validation' in error && error.validation) return reply.status(400).send(errorBody(400));
    // The rate limiter's error carries our body; only its `error` goes out (no Fastify `statusCode`).
    if (status === 429) return reply.status(429).send({ error: (error as unknown as ReturnType<typeof errorBody>).error ?? errorBody(429).error });
    return reply.status(status).send(errorBody(status));
  });
  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length > 0) return reply.status(405).header('allow', allowed.join(', ')).send(errorBody(405));
    return reply.status(404).send(errorBody(404));
  });
  return server;
}
