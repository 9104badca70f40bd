import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/store.js';
import type { Metrics } from '../../ops/metrics.js';
import type { Repositories } from '../../store/index.js';
import { openApiDocument } from '../openapi.js';

/** For operators and load balancers: readiness, Prometheus metrics, the OpenAPI description. */
export interface OpsDeps {
  catalog: Catalog;
  repositories: Repositories;
  metrics: Metrics;
  version: string;
  /** True once shutdown began: the balancer should stop sending requests. */
  stopping: () => boolean;
}

export function opsRoutes(deps: OpsDeps) {
  let document: object | undefined;
  return async (server: FastifyInstance) => {
    server.get('/readyz', async (_request, reply) => {
      const checks: Record<string, string> = {};
      checks.catalog = deps.catalog.size > 0 ? 'ok' : 'no procedure loaded';
      checks.store = await deps.repositories.health.writable().then(
        () => 'ok',
        (error: Error) => `not writable: ${error.message}`,
      );
      if (deps.stopping()) checks.server = 'shutting down';
      const ready = Object.values(checks).every((c) => c === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    });

    server.get('/metrics', async (_request, reply) => {
      const { contentType, body } = await deps.metrics.render();
      return reply.type(contentType).send(body);
    });

    server.get('/openapi.json', async () => (document ??= openApiDocument(deps.version)));
  };
}
