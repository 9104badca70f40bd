import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Assistant, AskResult } from '../dialog/types.js';
import { isProcedureIntent } from '../nlu/intents.js';

/**
 * What operators watch (`GET /metrics`, Prometheus text): requests by route and status, latency,
 * the intents answered, how often the assistant had to ask back or could not help, upstream
 * errors, notices waiting and dropped, and 429s. One registry per app, so several apps in one
 * process (tests) never share counters.
 */

/** The assistant asked back: options offered instead of one procedure. */
export function isClarification(result: AskResult): boolean {
  return isProcedureIntent(result.intent) && result.procedure === null && result.candidates.length > 1;
}

/** The assistant could not help: outside the catalog, or a procedure question it could not place. */
export function isFallback(result: AskResult): boolean {
  if (result.intent === 'out_of_scope') return true;
  return isProcedureIntent(result.intent) && result.procedure === null && result.candidates.length === 0 && result.receiptCode === null;
}

export type UpstreamFailure = 'outage' | 'bad_answer' | 'circuit_open';

export interface Metrics {
  readonly registry: Registry;
  /** The same assistant, counting each turn's intent and outcome. */
  instrument(assistant: Assistant): Assistant;
  /** Request counts and latency by route pattern (never the URL: it carries codes and ids). */
  observeHttp(server: FastifyInstance): void;
  upstreamFailed(kind: UpstreamFailure): void;
  noticeDropped(reason: 'expired' | 'attempts' | 'undeliverable', count?: number): void;
  /** Called at each scrape for the notices waiting now. */
  pendingNotices(count: () => number | Promise<number>): void;
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'motcua_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'],
    registers,
  });
  const latency = new Histogram({
    name: 'motcua_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['route', 'method'],
    registers,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const limited = new Counter({
    name: 'motcua_http_rate_limited_total',
    help: 'Requests refused with 429, by route pattern',
    labelNames: ['route'],
    registers,
  });
  const turns = new Counter({
    name: 'motcua_assistant_turns_total',
    help: 'Questions answered, by intent and channel',
    labelNames: ['intent', 'channel'],
    registers,
  });
  const clarified = new Counter({ name: 'motcua_assistant_clarifications_total', help: 'Turns answered with a clarifying question', registers });
  const fallbacks = new Counter({
    name: 'motcua_assistant_fallbacks_total',
    help: 'Turns the assistant could not place (out of scope or no procedure found)',
    registers,
  });
  const upstream = new Counter({
    name: 'motcua_dossier_upstream_errors_total',
    help: 'Failed dossier-system lookups by kind',
    labelNames: ['kind'],
    registers,
  });
  const dropped = new Counter({ name: 'motcua_notices_dropped_total', help: 'Notices given up on, by reason', labelNames: ['reason'], registers });
  let countPending: (() => number | Promise<number>) | undefined;
  new Gauge({
    name: 'motcua_notices_pending',
    help: 'Notices stored and not yet delivered or read',
    registers,
    async collect() {
      if (countPending) this.set(await countPending());
    },
  });
  // Created at once so every series exists from the first scrape, at 0.
  for (const kind of ['outage', 'bad_answer', 'circuit_open']) upstream.inc({ kind }, 0);
  for (const reason of ['expired', 'attempts', 'undeliverable']) dropped.inc({ reason }, 0);

  return {
    registry,
    instrument(assistant) {
      return {
        async ask(input) {
          const result = await assistant.ask(input);
          turns.inc({ intent: result.intent, channel: input.channel ?? 'api' });
          if (isClarification(result)) clarified.inc();
          if (isFallback(result)) fallbacks.inc();
          return result;
        },
      };
    },
    observeHttp(server) {
      server.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? '(unmatched)';
        requests.inc({ route, method: request.method, status: String(reply.statusCode) });
        latency.observe({ route, method: request.method }, reply.elapsedTime / 1000);
        if (reply.statusCode === 429) limited.inc({ route });
      });
    },
    upstreamFailed: (kind) => upstream.inc({ kind }),
    noticeDropped: (reason, count = 1) => dropped.inc({ reason }, count),
    pendingNotices(count) {
      countPending = count;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
