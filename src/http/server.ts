import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import { createServer as createHttpServer } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { HttpError } from './errors.js';
import { type Limits, createLimits } from './limits.js';

/**
 * The HTTP shell: timeouts against slow clients, load shedding, security headers, the limit per
 * client address, request logs without bodies, and one error handler that answers every failure
 * as `{"error":{"code","message"}}` in Vietnamese.
 */

export { HttpError };

const messages: Record<number, [string, string]> = {
  400: ['bad_request', 'Yêu cầu không hợp lệ.'],
  401: ['unauthorized', 'Cần đăng nhập bằng mã truy cập hợp lệ.'],
  403: ['forbidden', 'Bạn không có quyền thực hiện việc này.'],
  404: ['not_found', 'Không tìm thấy.'],
  405: ['method_not_allowed', 'Địa chỉ này không nhận phương thức này.'],
  408: ['request_timeout', 'Yêu cầu gửi đến quá chậm nên đã bị ngắt, bạn vui lòng thử lại.'],
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

declare module 'fastify' {
  interface FastifyInstance {
    /** The request limits (per address, per session, failed tokens), shared by the routes. */
    limits: Limits;
  }
}

/** Routes outside the address limit: probes, and webhooks whose platforms authenticate themselves. */
const unlimited = (url: string) =>
  url === '/healthz' || url === '/readyz' || url === '/metrics' || url.startsWith('/telegram/') || url.startsWith('/zalo/');

/**
 * One log line per request, naming the route pattern rather than the URL: paths carry receipt
 * codes and session ids, which do not belong in logs.
 */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? '(unmatched)',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

/** Loopback and private networks: where a reverse proxy in front of the service connects from. */
const privateNetworks = new BlockList();
for (const [net, prefix] of [
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
] as const)
  privateNetworks.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  privateNetworks.addSubnet(net, prefix, 'ipv6');
const isPrivate = (address: string) => {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return v4 ? privateNetworks.check(v4, 'ipv4') : privateNetworks.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
};

/**
 * TRUST_PROXY as Fastify takes it. Addresses/CIDRs as given. A hop count believes that many
 * proxies, but only when the connection itself comes from loopback or a private network: a
 * client reaching the service directly from outside cannot pick its address by sending the header.
 */
function trustProxyOption(value: Config['TRUST_PROXY']): FastifyServerOptions['trustProxy'] {
  if (typeof value !== 'number') return value;
  return (address: string, hop: number) => hop < value && (hop > 0 || isPrivate(address));
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

export async function createServer(config: Config, logger: Logger, options: { limits?: Limits } = {}): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new RequestLog(),
    bodyLimit: 64 * 1024,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true },
    // A path Fastify cannot decode (a broken %-escape) gets our shape rather than Fastify's own.
    frameworkErrors: (_error, _request, reply) => void (reply as FastifyReply).status(400).send(errorBody(400)),
    // Slow clients (slowloris): headers and the whole request have deadlines, idle keep-alive
    // sockets close, and connections are capped below the process's descriptors.
    serverFactory: (handler) => {
      const http = createHttpServer(
        {
          requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
          headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
          keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
          connectionsCheckingInterval: Math.min(1000, config.HTTP_HEADERS_TIMEOUT_MS),
        },
        handler,
      );
      http.maxConnections = config.HTTP_MAX_CONNECTIONS;
      return http;
    },
    // Requests Node cannot even parse (raw non-ASCII in the URL…) or that came too slowly get the same error shape too.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const status = (error as NodeJS.ErrnoException).code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const body = JSON.stringify(errorBody(status));
      socket.end(
        `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });

  // Load shedding: while the event loop lags, new requests are refused at once rather than queued.
  await server.register(underPressure, {
    maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
    exposeStatusRoute: false,
    // Liveness stays up; everything else is answered 503 by the error handler below.
    pressureHandler: async (request) => {
      if (request.url !== '/healthz') throw new HttpError(503, 'overloaded', 'Hệ thống đang quá tải, bạn vui lòng thử lại sau ít phút.', 10_000);
    },
  });
  // Served over plain HTTP (the Docker image), upgrade-insecure-requests would break every script and call.
  const https = config.PUBLIC_URL?.startsWith('https:') ?? false;
  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
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

  // Per client address (the socket's, or the one TRUST_PROXY's proxies forwarded), before the
  // body is read: rotating session ids does not dodge it.
  const limits = options.limits ?? createLimits(config, logger);
  await limits.ready();
  server.decorate('limits', limits);
  server.addHook('onClose', async () => limits.close());
  server.addHook('onRequest', async (request) => {
    if (!unlimited(request.url)) await limits.address(request.ip);
  });

  server.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (error instanceof HttpError && error.retryAfterMs) reply.header('retry-after', Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    if (error instanceof HttpError) return reply.status(status).send(errorBody(status, error.code, error.message));
    if ('validation' in error && error.validation) return reply.status(400).send(errorBody(400));
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
