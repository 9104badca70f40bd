import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { procedureSchema } from '../../src/catalog/schema.js';
import { hasScrape, officialRecordPath, repoDir, skipWithoutScrape } from '../support/shared.js';

/**
 * Holds every bundled record against the official portal record it was written from:
 * same code and name, and every time and fee amount we state appears in the official text.
 */
const catalogDir = path.join(repoDir, 'data', 'catalog');
const files = readdirSync(catalogDir).filter((f) => f.endsWith('.json')).sort();
const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** The ways the portal writes an amount: 100,000 / 100.000 / 100000. */
function amountSpellings(amount: number): string[] {
  const plain = String(amount);
  const grouped = plain.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return [plain, grouped, grouped.replace(/,/g, '.')];
}

function containsNumber(text: string, spelling: string): boolean {
  const escaped = spelling.replace(/[.,]/g, (c) => `\\${c}`);
  return new RegExp(`(^|[^\\d.,])0*${escaped}(?![\\d]|[.,]\\d)`).test(text);
}

describe.skipIf(!hasScrape)(`bundled catalog matches official records ${skipWithoutScrape}`, () => {
  it('bundles at least 63 procedures', () => {
    expect(files.length).toBeGreaterThanOrEqual(63);
  });

  for (const file of files) {
    it(file, () => {
      const record = procedureSchema.parse(JSON.parse(readFileSync(path.join(catalogDir, file), 'utf8')));
      expect(file).toBe(`${record.code}.json`);
      const officialPath = officialRecordPath(record.code);
      expect(officialPath, `no official record for ${record.code}`).toBeDefined();
      const official = JSON.parse(readFileSync(officialPath!, 'utf8')) as Record<string, string>;
      expect(official.ma_thu_tuc).toBe(record.code);
      expect(squash(record.name)).toBe(squash(official.ten_thu_tuc));
      const text = squash(`${official.cach_thuc_thuc_hien}\n${official.raw_text}`);
      for (const channel of record.channels) {
        const value = channel.processingTime?.value;
        if (value != null) {
          expect(containsNumber(text, String(value)), `${record.code} ${channel.method}: time ${value} not in official text`).toBe(true);
        }
        for (const fee of channel.fees) {
          if (fee.amount === 0) continue;
          const found = amountSpellings(fee.amount).some((s) => containsNumber(text, s));
          expect(found, `${record.code} ${channel.method}: fee ${fee.amount} not in official text`).toBe(true);
        }
      }
    });
  }
});
