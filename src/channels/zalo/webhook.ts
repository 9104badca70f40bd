import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sameSecret } from '../secret.js';

export const webhookPath = '/zalo/webhook';
const signatureHeader = 'x-zevent-signature';
/** Older (or later) events are refused: a captured request cannot be replayed after this. */
export const STALE_AFTER_MS = 5 * 60_000;

/**
 * Only the envelope is checked before the signature. IDs and timestamps are JSON strings: they
 * exceed 2^53, so they are never read as numbers.
 */
const envelope = z.looseObject({
  app_id: z.string(),
  event_name: z.string(),
  timestamp: z.string().regex(/^\d{1,16}$/),
});

export type ZaloEnvelope = z.infer<typeof envelope>;

/** `mac=` + hex sha256(app_id + raw body + timestamp + OA secret key), over the bytes as received. */
export function signatureOf(appId: string, raw: Buffer, timestamp: string, secretKey: string): string {
  const digest = createHash('sha256').update(appId).update(raw).update(timestamp).update(secretKey).digest('hex');
  return `mac=${digest}`;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

export interface ZaloWebhookOptions {
  appId: string;
  secretKey: string;
  now: () => number;
  /** Called after the 200 has been sent. */
  onEvent(event: ZaloEnvelope): void;
}

/**
 * `POST /zalo/webhook`: reads the raw body (the signature covers its exact bytes), checks the app,
 * the signature and the age, answers 200 at once and hands the event on afterwards, so Zalo never
 * waits for the assistant; a repeat that still arrives is dropped by event id.
 */
export async function registerZaloWebhook(server: FastifyInstance, opts: ZaloWebhookOptions): Promise<void> {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(webhookPath, { config: { rateLimit: false } }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send(errorBody('bad_request', 'Sự kiện không phải JSON.'));
      }
      const parsed = envelope.safeParse(json);
      if (!parsed.success) return reply.code(400).send(errorBody('bad_request', 'Sự kiện không hợp lệ.'));
      const event = parsed.data;
      if (event.app_id !== opts.appId) return reply.code(403).send(errorBody('forbidden', 'Sự kiện của ứng dụng khác.'));
      const given = request.headers[signatureHeader];
      if (typeof given !== 'string' || !sameSecret(given.trim(), signatureOf(opts.appId, raw, event.timestamp, opts.secretKey))) {
        return reply.code(401).send(errorBody('unauthorized', 'Thiếu hoặc sai chữ ký X-ZEvent-Signature.'));
      }
      if (Math.abs(opts.now() - Number(event.timestamp)) > STALE_AFTER_MS) {
        return reply.code(403).send(errorBody('stale', 'Sự kiện đã quá cũ.'));
      }
      reply.code(200).send({ ok: true });
      setImmediate(() => opts.onEvent(event));
      return reply;
    });
  });
}
