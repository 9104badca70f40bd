#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { type App, createApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { openStore } from '../store/index.js';
import { registerAliasCommands } from './alias-commands.js';
import { registerCatalogCommands } from './catalog-commands.js';
import { registerDossierCommands } from './dossier-commands.js';
import { evaluate, formatReport, readConversations } from './eval.js';
import { registerStoreCommands } from './store-commands.js';
import { registerTokenCommands } from './token-commands.js';

/** `npm run cli -- <command>`: the assistant and its operations from a terminal. */

const config = loadConfigOrExit();
const program = new Command()
  .name('motcua')
  .description('Một Cửa — administrative-procedure assistant: ask, chat, evaluate, and operate the catalog and dossiers.')
  .showHelpAfterError();

async function withApp<T>(overrides: Partial<typeof config>, run: (app: App) => Promise<T>): Promise<T> {
  const app = await createApp({ ...config, LOG_LEVEL: 'warn', ...overrides });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

program
  .command('ask')
  .description('ask one question and print the reply')
  .argument('<text>', 'the question, in Vietnamese')
  .option('--json', 'print the full /api/v1/ask object')
  .option('--session <id>', 'conversation id, to continue a conversation', 'cli:ask')
  .action(async (text: string, options: { json?: boolean; session: string }) => {
    await withApp({}, async (app) => {
      const result = await app.assistant.ask({ text, sessionId: options.session, channel: 'cli' });
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else console.log(result.reply + (result.suggestions.length ? `\n\n→ ${result.suggestions.join(' · ')}` : ''));
    });
  });

program
  .command('chat')
  .description('talk to the assistant in the terminal (Ctrl+D or "thoát" to leave); piped input is read line by line')
  .action(async () => {
    await withApp({}, async (app) => {
      // Iterating the interface queues every line, so piped input is answered line by line to its end.
      const interactive = Boolean(process.stdin.isTTY);
      const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
      const sessionId = `cli:${process.pid}:${Date.now()}`;
      const prompt = () => interactive && process.stdout.write('bạn> ');
      if (interactive) console.log('Một Cửa — gõ câu hỏi, "thoát" để kết thúc.');
      prompt();
      try {
        for await (const line of rl) {
          const text = line.trim();
          if (/^(thoat|thoát|exit|quit)$/i.test(text)) break;
          if (text) {
            const result = await app.assistant.ask({ text, sessionId, channel: 'cli' });
            if (!interactive) console.log(`bạn> ${text}`);
            console.log(`\n${result.reply}`);
            if (result.suggestions.length) console.log(`→ ${result.suggestions.join(' · ')}`);
            console.log('');
          }
          prompt();
        }
      } finally {
        rl.close();
      }
    });
  });

program
  .command('eval')
  .description('score the assistant on labelled conversations (JSONL)')
  .argument('<file>', 'labelled conversations, e.g. ../shared/eval/dev.jsonl')
  .option('--catalog <dir>', 'serve this catalog instead of CATALOG_DIR')
  .option('--json', 'print the report as JSON')
  .option('--min <percent>', 'exit 1 when overall turn accuracy is below this', parseFloat)
  .action(async (file: string, options: { catalog?: string; json?: boolean; min?: number }) => {
    const conversations = readConversations(file);
    await withApp(options.catalog ? { CATALOG_DIR: options.catalog } : {}, async (app) => {
      const report = await evaluate(app.assistant, conversations);
      console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      const overall = report.overall.correct / Math.max(report.overall.turns, 1);
      if (options.min !== undefined && overall * 100 < options.min) process.exitCode = 1;
    });
  });

program
  .command('search')
  .description('search the catalog the way the assistant does')
  .argument('<text>', 'words that name a procedure')
  .option('--limit <n>', 'how many results', (v) => Number.parseInt(v, 10), 5)
  .action(async (text: string, options: { limit: number }) => {
    await withApp({}, async (app) => {
      const hits = app.catalog.search.search(text, { limit: options.limit, minScore: 0.2 });
      if (hits.length === 0) console.log('No procedure found.');
      for (const hit of hits)
        console.log(`${hit.score.toFixed(3)}  ${hit.procedure.code}  ${hit.procedure.name}  [${hit.procedure.levels.join(', ')}]`);
    });
  });

registerCatalogCommands(program, { dataDir: config.DATA_DIR, catalogDir: config.CATALOG_DIR });
registerAliasCommands(program, { catalogDir: config.CATALOG_DIR });
registerDossierCommands(program, { openStore: () => openStore(config), config });
registerTokenCommands(program, { openStore: () => openStore(config), config });
registerStoreCommands(program, { dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL });

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
