import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';

/** The staff desk's wording, from intents/desk.json, read and checked once. */
const line = z.string().min(1);

const deskTextsSchema = z.object({
  citizen: z.object({ staffQuestion: line, feedback: line, suggestions: z.array(line) }),
  inboxStatuses: z.object({ new: line, assigned: line, answered: line }),
  dossier: z.object({
    delivery: z.object({ counter: line, post: line }),
    overdue: line,
    overdueToday: line,
    apologyOwed: line,
    apologyGiven: line,
    script: z.object({ opening: line, status: line, due: line, rescheduled: line, late: line, next: line }),
  }),
});

export type DeskTexts = z.infer<typeof deskTextsSchema>;

let cached: DeskTexts | undefined;

export function loadDeskTexts(): DeskTexts {
  return (cached ??= deskTextsSchema.parse(JSON.parse(readFileSync(path.join(intentsDir, 'desk.json'), 'utf8'))));
}
