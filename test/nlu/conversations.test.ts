import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracy, evaluate, formatReport, readConversations } from '../../src/cli/eval.js';
import { type RunningApp, startApp } from '../support/app.js';
import { evalFile, repoDir } from '../support/shared.js';
import { intents as allIntents } from '../../src/nlu/intents.js';

/** Accuracy on labelled conversations through the real engine (goal: ≥ 95% overall, ≥ 92% without diacritics). */
let running: RunningApp;
beforeAll(async () => {
  running = await startApp({}, { listen: false });
});
afterAll(() => running.close());

const own = path.join(repoDir, 'test', 'fixtures', 'conversations.jsonl');

describe('turn accuracy', () => {
  it('our own 200+ turn set covers every intent and every bundled procedure', () => {
    const conversations = readConversations(own);
    const turns = conversations.flatMap((c) => c.turns);
    expect(turns.length).toBeGreaterThanOrEqual(200);
    const intents = new Set(turns.flatMap((t) => t.expect.intent ?? []));
    for (const intent of allIntents) {
      expect(intents, intent).toContain(intent);
    }
    const codes = new Set(turns.flatMap((t) => t.expect.procedure ?? []));
    for (const procedure of running.app.catalog.all()) expect(codes, procedure.code).toContain(procedure.code);
  });

  it('reaches the goals on our own set', async () => {
    const report = await evaluate(running.app.assistant, readConversations(own), 'own');
    const message = formatReport(report);
    expect(accuracy(report.overall.correct, report.overall.turns), message).toBeGreaterThanOrEqual(0.95);
    expect(accuracy(report.withoutDiacritics.correct, report.withoutDiacritics.turns), message).toBeGreaterThanOrEqual(0.92);
  });

  it.skipIf(!existsSync(evalFile))(
    `reaches the goals on ../shared/eval/dev.jsonl${existsSync(evalFile) ? '' : ' (skipped: ../shared is absent)'}`,
    async () => {
      const report = await evaluate(running.app.assistant, readConversations(evalFile), 'dev');
      const message = formatReport(report);
      expect(accuracy(report.overall.correct, report.overall.turns), message).toBeGreaterThanOrEqual(0.95);
      expect(accuracy(report.withoutDiacritics.correct, report.withoutDiacritics.turns), message).toBeGreaterThanOrEqual(0.92);
    },
  );
});
