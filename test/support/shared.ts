import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** `../shared` beside the repo: present in CI, absent on a user's fresh clone. */
export const sharedDir = path.resolve(fileURLToPath(new URL('../../../shared', import.meta.url)));
export const scrapeDir = path.join(sharedDir, 'data', 'dvc-scrape');
export const evalFile = path.join(sharedDir, 'eval', 'dev.jsonl');
export const hasScrape = existsSync(scrapeDir);
export const skipWithoutScrape = hasScrape ? '' : `skipped: ${scrapeDir} is absent (it ships beside the repo in CI)`;

/** Path of the official record for a national code, or undefined. */
export function officialRecordPath(code: string): string | undefined {
  if (!hasScrape) return undefined;
  for (const ministry of readdirSync(scrapeDir)) {
    const candidate = path.join(scrapeDir, ministry, `${code}.json`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const repoDir = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
