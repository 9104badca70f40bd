import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDvcScrape } from '../../src/catalog/import/index.js';
import { accuracy, evaluate, formatReport, readConversations } from '../../src/cli/eval.js';
import { type RunningApp, startApp } from '../support/app.js';
import { evalFile, hasScrape, scrapeDir, skipWithoutScrape } from '../support/shared.js';

/** Answering with all 2,642 official records loaded: the citizen-facing variant must still win. */
describe.skipIf(!hasScrape)(`answering over the national catalog ${skipWithoutScrape}`, () => {
  let running: RunningApp;
  let catalogDir: string;
  beforeAll(async () => {
    catalogDir = mkdtempSync(path.join(os.tmpdir(), 'motcua-national-'));
    await importDvcScrape(scrapeDir, catalogDir, { retrievedAt: '2026-07-01' });
    running = await startApp({ CATALOG_DIR: catalogDir }, { listen: false });
  }, 120_000);
  afterAll(async () => {
    await running?.close();
    rmSync(catalogDir, { recursive: true, force: true });
  });

  it('serves every record', () => {
    expect(running.app.catalog.size).toBe(2642);
  });

  it('reaches ≥ 90% turn accuracy on dev.jsonl (other levels count as listed)', async () => {
    const report = await evaluate(running.app.assistant, readConversations(evalFile), 'national');
    expect(accuracy(report.overall.correct, report.overall.turns), formatReport(report)).toBeGreaterThanOrEqual(0.9);
  });

  it('prefers the commune-level variant and asks when two stay close', async () => {
    const id = await running.app.assistant.ask({ text: 'cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên', sessionId: 'nat:1' });
    expect(id.procedure?.code).toBe('1.014061');
    const provincial = running.app.catalog.search.search('cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên cấp tỉnh', { limit: 1 })[0];
    expect(provincial.procedure.levels).toContain('Cấp tỉnh');
  });
});
