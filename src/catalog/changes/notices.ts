import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { OutboundMessage } from '../../channels/types.js';
import { fill } from '../../text/template.js';
import { shortName } from '../short-name.js';
import { intentsDir } from '../../paths.js';
import type { Procedure } from '../schema.js';

/** The citizen-facing wording of catalog-change notices, from intents/catalog-notices.json. */

const line = z.string().min(1);
const actionTexts = z.object({ text: line, tail: z.string(), suggestions: z.array(line) });
export const noticeTextsSchema = z.object({ amend: actionTexts, abolish: actionTexts, effective: line });
export type NoticeTexts = z.infer<typeof noticeTextsSchema>;

/** Reads and validates the wording; a bad file stops start-up naming the field. */
export function loadNoticeTexts(dir = intentsDir): NoticeTexts {
  return noticeTextsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'catalog-notices.json'), 'utf8')));
}

export interface NoticeInput {
  action: 'amend' | 'abolish';
  procedure: Procedure;
  decision: string;
  summary: string;
  effectiveDate?: string;
}

export function renderNotice(texts: NoticeTexts, input: NoticeInput): OutboundMessage {
  const t = texts[input.action];
  const [y, m, d] = (input.effectiveDate ?? '').split('-');
  const title = shortName(input.procedure);
  const values = {
    title: title.charAt(0).toUpperCase() + title.slice(1),
    // Lower case inside a sentence, unless the name opens with an abbreviation (BHXH…).
    name: /^\p{Lu}\p{Ll}/u.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title,
    decision: input.decision,
    summary: input.summary.trim().replace(/[.。\s]+$/u, ''),
    date: `${d}/${m}/${y}`,
  };
  const parts = [fill(t.text, values), input.effectiveDate ? fill(texts.effective, values) : '', fill(t.tail, values)];
  return { text: parts.filter(Boolean).join(' '), suggestions: t.suggestions.map((s) => fill(s, values)) };
}
