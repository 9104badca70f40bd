import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * The load generator, run as its own process so it does not share the server's event loop:
 * `node --import tsx bench/load-client.ts '<json options>'` prints autocannon's summary as JSON.
 * Each request asks one of the questions with a fresh sessionId, as separate citizens would.
 */

const optionsSchema = z.object({
  url: z.string().url(),
  questions: z.array(z.string()).min(1),
  durationSeconds: z.number().positive(),
  connections: z.number().int().positive(),
});

const histogram = z.object({ average: z.number(), p50: z.number(), p99: z.number(), max: z.number() });
const resultSchema = z.object({
  requests: histogram,
  latency: histogram,
  duration: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
  statusCodeStats: z.record(z.string(), z.object({ count: z.coerce.number() })).optional(),
});
export type LoadResult = z.infer<typeof resultSchema> & { total: number };

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: unknown) => void) => unknown;

const require = createRequire(import.meta.url);
// autocannon ships CommonJS without types; its result is checked with zod below.
const autocannon = require('autocannon') as Autocannon;

const options = optionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
let counter = 0;
autocannon(
  {
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/ask',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: AutocannonRequest) => {
          const text = options.questions[counter % options.questions.length];
          counter++;
          return { ...request, body: JSON.stringify({ text, sessionId: `load-${process.pid}-${counter}` }) };
        },
      },
    ],
  },
  (error, raw) => {
    if (error) {
      console.error(`autocannon failed: ${error.message}`);
      process.exit(1);
    }
    const result = resultSchema.parse(raw);
    const total = Object.values(result.statusCodeStats ?? {}).reduce((sum, s) => sum + s.count, 0);
    process.stdout.write(`${JSON.stringify({ ...result, total })}\n`);
  },
);
