import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { procedureSchema } from '../../src/catalog/schema.js';
import { hasScrape, officialRecordPath, repoDir, skipWithoutScrape } from '../support/shared.js';
import { containsNumber, feeTraceable, squash } from '../support/trace.js';

/**
 * Holds every bundled record against the official portal record it was written from:
 * same code and name, and every time and fee amount we state appears in the official text.
 */
const catalogDir = path.join(repoDir, 'data', 'catalog');
const files = readdirSync(catalogDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
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
          expect(feeTraceable(fee, text), `${record.code} ${channel.method}: fee ${fee.amount} not in official text`).toBe(true);
        }
      }
    });
  }
});
