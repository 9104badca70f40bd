import { z } from 'zod';
import { procedureSchema } from '../catalog/schema.js';
import { dossierRecordSchema } from '../dossier/schema.js';
import { intents } from '../nlu/intents.js';

/**
 * What the routes answer, as zod schemas: `/openapi.json` is generated from them (with the
 * request schemas the routes validate with), and `test/http/openapi.test.ts` holds real answers
 * against them so the description stays true.
 */

const problem = z.object({ path: z.string(), message: z.string(), code: z.string().optional() });
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string().describe('Vietnamese, for people'), problems: z.array(problem).optional() }),
});

const procedureRef = z.object({ code: z.string(), name: z.string() });
const message = z.object({ text: z.string(), suggestions: z.array(z.string()).optional() });

export const askResultSchema = z.object({
  sessionId: z.string().optional().describe('Issued by the server: send it back to continue the conversation'),
  intent: z.enum(intents),
  confidence: z.number().min(0).max(1),
  procedure: procedureRef.nullable(),
  candidates: z.array(procedureRef.extend({ score: z.number() })),
  receiptCode: z.string().nullable(),
  reply: z.string(),
  suggestions: z.array(z.string()),
  notifications: z.array(message).optional(),
});

export const healthSchema = z.object({ status: z.literal('ok'), catalog: z.object({ version: z.number(), procedures: z.number() }) });
export const readySchema = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.record(z.string(), z.string()) });

export const procedureListSchema = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), field: z.string(), levels: z.array(z.string()), score: z.number() })),
  total: z.number(),
});

export const procedureRecordSchema = procedureSchema.extend({
  feesInForce: z.record(z.string(), z.string()).optional().describe('Each channel’s fees in words as they stand today'),
});

const isoTime = z.string().nullable();
export const publicDossierSchema = z.object({
  receiptCode: z.string(),
  procedure: procedureRef,
  applicant: z.string().describe('Masked: family name and initials'),
  agency: z.string(),
  status: z.object({ code: z.number(), label: z.string(), meaning: z.string() }),
  receivedAt: isoTime,
  dueAt: isoTime,
  newDueAt: isoTime,
  finishedAt: isoTime,
  returnedAt: isoTime,
  overdue: z.boolean(),
  delivery: z.enum(['counter', 'post']),
  fees: z.array(z.object({ name: z.string(), amount: z.number().nullable() })),
  supplementRequests: z.array(z.object({ requestedAt: isoTime, content: z.string(), documents: z.string() })),
  reason: z.string().nullable(),
  nextStep: z.string(),
  reply: z.string(),
});

export const staffDossierSchema = dossierRecordSchema.extend({ TomTat: z.string().describe('What the citizen is told') });

export const messagesSchema = z.object({ messages: z.array(message.extend({ createdAt: z.string() })) });

export const changeListSchema = z.object({
  items: z.array(
    z.object({
      decision: z.object({ number: z.string(), date: z.string(), agency: z.string() }),
      effectiveDate: z.string().nullable(),
      version: z.number(),
      appliedAt: z.string(),
      changes: z.array(z.object({ action: z.enum(['add', 'amend', 'abolish']), code: z.string(), name: z.string(), summary: z.string() })),
    }),
  ),
  total: z.number(),
});

export const changeAppliedSchema = z.object({ version: z.number(), warnings: z.array(problem).optional() });
export const changeDryRunSchema = z.object({
  records: z.array(z.object({ code: z.string(), before: z.unknown(), after: z.unknown() })),
  answers: z.array(z.unknown()),
});
