import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listJsonFiles, parseDvcDir } from '../../../src/catalog/import/index.js';
import type { Procedure } from '../../../src/catalog/schema.js';
import { type ProcedureIntent, ReplyBuilder, paginate } from '../../../src/dialog/replies.js';
import { loadReplies } from '../../../src/dialog/templates.js';
import { hasScrape, scrapeDir, skipWithoutScrape } from '../../support/shared.js';
import { containsAmount, containsNumber, feeTraceable, squash } from '../../support/trace.js';

/**
 * Every one of the official records, imported and answered on a fixed day: a first message that
 * fits a phone, no attached file names or stray numbering, and every amount and time traceable
 * to the record it came from.
 */

const intents: ProcedureIntent[] = ['overview', 'documents', 'duration', 'fees', 'where', 'online', 'steps', 'forms', 'requirements'];
const t = loadReplies();
const builder = new ReplyBuilder(t, { now: () => Date.parse('2026-11-25T10:00:00+07:00') });
const FILE_NAME = /[\p{L}\d_)-]\.(?:docx?|pdf|xlsx?|rtf|odt)\b/iu;
/** "….1.", "CT01 ….1.", a line that is only a number, "1. 1." or "2. Bước 2:". */
const STRAY_NUMBERING = /…\s*\.?\d+\.|^\s*(?:• )?\d+(?:\.\d+)*\.?\s*$|^\d+\.\s*(?:Bước\s*\d+|\d+[.)])\s/mu;
const AMOUNT = /(\d{1,3}(?:\.\d{3})+|\d+) đồng/gu;
const TIME = /(?<![\d.,])(\d+(?:[.,]\d+)?) (ngày làm việc|ngày|giờ|tháng)\b/gu;

describe.skipIf(!hasScrape)(`all imported official records answer within a phone’s reach ${skipWithoutScrape}`, () => {
  it('imports and answers all 2,642 records', { timeout: 300_000 }, async () => {
    const files = await listJsonFiles(scrapeDir);
    const raw = new Map<string, string>();
    for (const file of files) {
      const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      raw.set(String(record.ma_thu_tuc).trim(), squash(`${record.cach_thuc_thuc_hien}\n${record.trinh_tu_thuc_hien}\n${record.raw_text}`));
    }
    const { procedures } = await parseDvcDir(scrapeDir, { retrievedAt: '2026-11-20' });
    expect(procedures).toHaveLength(2642);

    const problems: string[] = [];
    const note = (p: Procedure, what: string) => problems.length < (Number(process.env.SHOW_PROBLEMS) || 40) && problems.push(`${p.code}: ${what}`);
    for (const p of procedures) {
      const text = raw.get(p.code)!;
      const amounts = new Set<number>();
      for (const fee of p.channels.flatMap((c) => c.fees)) {
        if (!feeTraceable(fee, text)) note(p, `fee ${fee.amount} not traceable`);
        amounts.add(fee.amount);
        if (fee.reducedFrom) amounts.add(fee.reducedFrom.amount);
        if (fee.statedElsewhere !== undefined) amounts.add(fee.statedElsewhere);
      }
      for (const intent of intents) {
        const { first, chunks } = paginate(builder.build(intent, p, null), t);
        if (first.length > 1200) note(p, `${intent}: first message ${first.length} characters`);
        const all = [first, ...chunks].join('\n');
        const file = FILE_NAME.exec(all);
        if (file) note(p, `${intent}: file name “${all.slice(Math.max(0, file.index - 30), file.index + 8)}”`);
        const stray = STRAY_NUMBERING.exec(all);
        if (stray) note(p, `${intent}: stray numbering “${all.slice(Math.max(0, stray.index - 20), stray.index + 20)}”`);
        for (const match of all.matchAll(AMOUNT)) {
          const amount = Number(match[1].replace(/\./g, ''));
          if (!amounts.has(amount) && !containsAmount(text, amount)) note(p, `${intent}: amount ${match[0]} not in the record`);
        }
        for (const match of all.matchAll(TIME)) {
          const spellings = [match[1], match[1].padStart(2, '0'), match[1].replace(',', '.'), match[1].replace('.', ',')];
          if (!spellings.some((n) => containsNumber(text, n))) note(p, `${intent}: time “${match[0]}” not in the record`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
