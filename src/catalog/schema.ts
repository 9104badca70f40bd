import { z } from 'zod';

/** The project's catalog record (interface spec §4). Every catalog source is validated against it. */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const nonEmpty = z.string().trim().min(1);
/** A link a citizen may be sent to: http(s) only, never `javascript:`, `data:`, `vbscript:` or `file:`. */
const webUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });

export const procedureCode = z.string().regex(/^\d\.\d{6}$/, 'expected a national code such as 1.001193');

export const channelMethod = z.enum(['direct', 'online', 'postal']);
export const timeUnit = z.enum(['working_day', 'day', 'hour', 'month', 'other']);

export const feeSchema = z.object({
  kind: z.enum(['fee', 'charge']),
  /** 0 means nothing to pay unless `note` says otherwise (e.g. the province sets the amount). */
  amount: z.number().nonnegative(),
  /** Most fees are in đồng; a few of foreigners' (visas, residence cards) are set in US dollars or euros. */
  currency: z.enum(['VND', 'USD', 'EUR']).default('VND'),
  note: z.string().optional(),
  /** The period the amount applies to (Vietnam dates, both days included); absent = open-ended. */
  validFrom: isoDate.optional(),
  validUntil: isoDate.optional(),
  /** The legal document that sets this amount or period, e.g. "64/2025/TT-BTC". */
  basis: z.string().optional(),
  /** A reduced amount: the full amount it is a percentage of (both stated in the record). */
  reducedFrom: z.object({ amount: z.number().nonnegative(), percent: z.number().positive().max(100) }).optional(),
  /** Another amount the record's own description states for the same fee (the portal disagrees with itself). */
  statedElsewhere: z.number().nonnegative().optional(),
});

export const channelSchema = z.object({
  method: channelMethod,
  processingTime: z
    .object({
      value: z.number().nonnegative().nullable(),
      unit: timeUnit,
      /** Always shown for unit "other": it carries the real meaning of the time. */
      note: z.string().optional(),
    })
    .nullable(),
  fees: z.array(feeSchema).default([]),
  note: z.string().optional(),
});

export const documentItemSchema = z.object({
  name: nonEmpty,
  originals: z.number().int().nonnegative().default(0),
  copies: z.number().int().nonnegative().default(0),
  form: z.string().optional(),
  formUrl: webUrl.optional(),
  note: z.string().optional(),
});

export const documentCaseSchema = z.object({
  /** Which situation this list is for; "" or absent when it applies to everyone. */
  case: z.string().default(''),
  /** "submit" (phải nộp) or "present" (phải xuất trình). */
  kind: z.enum(['submit', 'present']).default('submit'),
  items: z.array(documentItemSchema).default([]),
  notes: z.array(z.string()).default([]),
});

export const procedureSchema = z.object({
  code: procedureCode,
  name: nonEmpty,
  aliases: z.array(nonEmpty).default([]),
  field: nonEmpty,
  levels: z.array(nonEmpty).min(1),
  subjects: z.array(z.string()).default([]),
  agencies: z
    .object({
      competent: z.string().optional(),
      executing: z.string().optional(),
      coordinating: z.string().optional(),
    })
    .default({}),
  where: z.string().default(''),
  decision: z.string().default(''),
  onlineService: z.enum(['full', 'partial', 'none']).default('none'),
  channels: z.array(channelSchema).default([]),
  documents: z.array(documentCaseSchema).default([]),
  steps: z.array(nonEmpty).default([]),
  requirements: z.string().default(''),
  results: z.array(nonEmpty).default([]),
  legalBasis: z.array(z.object({ number: z.string(), title: z.string().default('') })).default([]),
  /** Short facts a citizen should know (written in our own words), shown with the overview. */
  notes: z.array(z.string()).default([]),
  source: z.object({ url: webUrl, retrievedAt: isoDate }),
  updatedAt: isoDate.optional(),
  /** Set when a published decision abolished the procedure. */
  abolished: z
    .object({ decision: z.string(), date: isoDate.optional(), summary: z.string().default(''), replacedBy: procedureCode.optional() })
    .optional(),
  /** The published decision behind the latest agency change: answers name it as their source. */
  changedBy: z
    .object({ decision: z.string(), agency: z.string().default(''), effectiveDate: isoDate.optional(), added: z.boolean().optional() })
    .optional(),
});

export type Procedure = z.infer<typeof procedureSchema>;
export type ProcedureInput = z.input<typeof procedureSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type ChannelMethod = z.infer<typeof channelMethod>;
export type Fee = z.infer<typeof feeSchema>;
export type DocumentCase = z.infer<typeof documentCaseSchema>;
export type DocumentItem = z.infer<typeof documentItemSchema>;

/** One readable line per problem: "channels.0.fees.1.amount: expected number". */
export function describeZodError(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
}

/** An everyday name with its folded form, computed once: loading dedupes by it and the index compares with it. */
export interface EverydayName {
  text: string;
  folded: string;
}

/** Everyday names by national code (`src/catalog/names.ts` loads them; the search index reads them). */
export type EverydayNames = ReadonlyMap<string, readonly EverydayName[]>;
