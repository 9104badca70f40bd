import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listJsonFiles, parseDvcDir } from '../../../src/catalog/import/index.js';
import type { Procedure } from '../../../src/catalog/schema.js';
import { type ProcedureIntent, ReplyBuilder, page } from '../../../src/dialog/replies.js';
import { loadReplies } from '../../../src/dialog/templates.js';
import { hasScrape, scrapeDir, skipWithoutScrape } from '../../support/shared.js';
import { containsAmount, containsNumber, feeTraceable, squash } from '../../support/trace.js';

/**
 * Every one of the official records, imported and answered on a fixed day: a first message that
 * fits a phone with the key document in it, no attached file names or stray numbering, and every amount and time traceable
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
  const raw = new Map<string, string>();
  let procedures: Procedure[] = [];
  beforeAll(async () => {
    for (const file of await listJsonFiles(scrapeDir)) {
      const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      raw.set(String(record.ma_thu_tuc).trim(), squash(`${record.cach_thuc_thuc_hien}\n${record.trinh_tu_thuc_hien}\n${record.raw_text}`));
    }
    procedures = (await parseDvcDir(scrapeDir, { retrievedAt: '2026-11-20' })).procedures;
  }, 300_000);

  const fees = (code: string, channel: 'direct' | 'online') => {
    const { first } = page(
      builder.build(
        'fees',
        procedures.find((p) => p.code === code)!,
        channel,
      ),
      t,
    );
    return first.split('\n').find((l) => l.startsWith(channel === 'direct' ? '• Nộp trực tiếp' : '• Nộp trực tuyến'))!;
  };

  it('imported fees on 25/11/2026: in force first, then what follows; ended rates never as current', () => {
    expect(fees('1.014064', 'direct')).toMatch(
      /: 35\.000 đồng \(bằng 50% mức 70\.000 đồng, theo 64\/2025\/TT-BTC\) đến hết 31\/12\/2026, sau đó 70\.000 đồng/,
    );
    expect(fees('1.001456', 'online')).toMatch(/: mức 160\.000 đồng chỉ áp dụng đến hết 31\/12\/2023/);
    expect(fees('3.000347', 'online')).toMatch(/: 135\.000 đồng \(Cổng ghi “Miễn phí” ở mục phí nhưng phần mô tả thủ tục nêu mức này\)/);
    expect(fees('3.000347', 'online')).not.toMatch(/: 115\.000/);
    expect(fees('1.002755', 'online')).toContain('5.000 đồng theo ô mức thu trên Cổng, nhưng phần mô tả của Cổng ghi 7.000 đồng');
  });

  it('answers all 2,642 records', { timeout: 300_000 }, () => {
    expect(procedures).toHaveLength(2642);

    const problems: string[] = [];
    const note = (p: Procedure, what: string) => problems.length < 40 && problems.push(`${p.code}: ${what}`);
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
        const reply = builder.build(intent, p, null);
        const { first, chunks } = page(reply, t);
        if (first.length > 1200) note(p, `${intent}: first message ${first.length} characters`);
        if (reply.key?.length && !first.includes(reply.key[0].slice(0, 80))) note(p, `${intent}: key document behind “xem thêm”`);
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
