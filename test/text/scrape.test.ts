import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonical, fold } from '../../src/text/index.js';
import { hasScrape, scrapeDir, skipWithoutScrape } from '../support/shared.js';

/** Every official record: folding must not depend on the Unicode form the portal happened to use. */
describe.skipIf(!hasScrape)(`normalisation over every official record ${skipWithoutScrape}`, () => {
  const files = hasScrape
    ? readdirSync(scrapeDir).flatMap((ministry) =>
        readdirSync(path.join(scrapeDir, ministry))
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(scrapeDir, ministry, f)),
      )
    : [];

  it('reads the whole scrape, which mixes NFC and non-NFC text', () => {
    expect(files.length).toBeGreaterThan(2000);
    const notNfc = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return text !== text.normalize('NFC');
    });
    expect(notNfc.length).toBeGreaterThan(0);
  });

  it('fold() of the NFC and NFD forms agree, only [a-z0-9 ] remain, and canonical() is NFC', () => {
    const problems: string[] = [];
    for (const file of files) {
      const record = JSON.parse(readFileSync(file, 'utf8')) as { ten_thu_tuc: string; raw_text: string };
      for (const field of ['ten_thu_tuc', 'raw_text'] as const) {
        const text = record[field];
        const nfc = fold(text.normalize('NFC'));
        if (nfc !== fold(text.normalize('NFD'))) problems.push(`${file} ${field}: NFC and NFD fold differ`);
        if (!/^[a-z0-9 ]*$/.test(nfc)) problems.push(`${file} ${field}: fold left ${nfc.match(/[^a-z0-9 ]/)?.[0]}`);
        const canon = canonical(text);
        if (canon !== canon.normalize('NFC')) problems.push(`${file} ${field}: canonical() is not NFC`);
      }
      if (fold(record.ten_thu_tuc) === '') problems.push(`${file}: empty folded name`);
    }
    expect(problems).toEqual([]);
  });
});
