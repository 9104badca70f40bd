import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';
import { statusCodes } from './schema.js';

/** The citizen-facing wording of the dossier feature, from intents/dossier.json. */
const line = z.string().min(1);
const statusText = z.object({ label: line, meaning: line, next: line, nextPost: line.optional() });

export const dossierTextsSchema = z.object({
  statuses: z.record(z.enum(statusCodes), statusText),
  reply: z.object({
    header: line,
    procedure: line,
    agency: line,
    applicant: line,
    dates: line,
    datesRescheduled: line,
    status: line,
    next: line,
    overdue: line,
    overdueWithNewDate: line,
    reason: line,
    noDate: line,
    unknownAgency: line,
    unknownProcedure: line,
    documentsUnknown: line,
    feesUnknown: line,
    fee: line,
    listSeparator: line,
  }),
  messages: z.object({
    notFound: line,
    unavailable: line,
    rateLimited: line,
    malformed: line,
    askForCode: line,
    subscribed: line,
    alreadySubscribed: line,
    subscribeEnded: line,
    unsubscribed: line,
    unsubscribedAll: line,
    notSubscribed: line,
    notSubscribedCode: line,
    notificationStatus: line,
    notificationDue: line,
    notificationEnded: line,
    partialCode: line,
    lateNoCode: line,
  }),
  /** Follow-up answers about the dossier in focus ("khi nào có kết quả?", "thiếu giấy gì?"). */
  focus: z.object({
    due: line,
    done: line,
    ended: line,
    missing: line,
    noMissing: line,
    where: line,
    fees: line,
    noFees: line,
    notLate: line,
    lateAgain: line,
    next: line,
  }),
  suggestions: z.object({
    found: z.array(line),
    foundEnded: z.array(line),
    notFound: z.array(line),
    unavailable: z.array(line),
    rateLimited: z.array(line),
    malformed: z.array(line),
    askForCode: z.array(line),
    subscribed: z.array(line),
    unsubscribed: z.array(line),
    notification: z.array(line),
    lateNoCode: z.array(line),
    focus: z.array(line),
  }),
  errors: z.object({ unauthorized: line, forbidden: line, badSession: line, unknownSession: line, otherAgency: line }),
});

export type DossierTexts = z.infer<typeof dossierTextsSchema>;

let cached: DossierTexts | undefined;

/** Reads and validates intents/dossier.json once; a bad file stops start-up naming the field. */
export function loadDossierTexts(dir = intentsDir): DossierTexts {
  if (dir === intentsDir && cached) return cached;
  const texts = dossierTextsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'dossier.json'), 'utf8')));
  if (dir === intentsDir) cached = texts;
  return texts;
}

/** Fills `{name}` placeholders; a placeholder without a value is a wording bug, so it throws. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`intents/dossier.json: no value for {${name}} in "${template}"`);
    return String(value);
  });
}
