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
  413: ['too_large', 'Nội dung gửi lên quá lớn.'],
  415: ['unsupported_media_type', 'Vui lòng gửi dữ liệu JSON (Content-Type: application/json).'],
  429: ['too_many_requests', 'Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ít phút.'],
  503: ['unavailable', 'Hệ thống tạm thời gián đoạn, vui lòng thử lại sau.'],
};

export function errorBody(statusCode: number, code?: string, message?: string) {
  const [defaultCode, defaultMessage] = messages[statusCode] ?? ['internal_error', 'Đã có lỗi xảy ra, vui lòng thử lại sau.'];
  return { error: { code: code ?? defaultCode, message: message ?? defaultMessage } };
}

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

export async function createServer(config: Config, logger: Logger): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new RequestLog(),
    bodyLimit: 64 * 1024,
    trustProxy: config.TRUST_PROXY as FastifyServerOptions['trustProxy'],
    routerOptions: { ignoreTrailingSlash: true },
    // Requests Node cannot even parse (raw non-ASCII in the URL…) get the same error shape too.
    clientErrorHandler: (_error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify(errorBody(400));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  });

  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  await server.register(rateLimit, {
    global: true,
    // After the body is parsed, so a chat session (not a shared NAT address) is the client.
    hook: 'preHandler',
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => clientKey(request),
    allowList: (request) => request.url === '/healthz' || request.url.startsWith('/telegram/') || request.url.startsWith('/zalo/'),
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
    if (status === 429) return reply.status(429).send(error);
    return reply.status(status).send(errorBody(status));
  });
  server.setNotFoundHandler((_request, reply) => reply.status(404).send(errorBody(404)));
  return server;
}
