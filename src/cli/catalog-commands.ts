import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { importDvcScrape, coverageReport, type ImportOptions, type ImportSummary } from '../catalog/import/index.js';
import { loadCatalogDir, writeCatalogFile, type CatalogFileError } from '../catalog/loader.js';
import { dataDir as repoDataDir } from '../paths.js';

export interface CatalogCommandContext {
  /** DATA_DIR: imported catalogs go to `${dataDir}/catalog` unless --out says otherwise. */
  dataDir: string;
  /** CATALOG_DIR: the catalog `catalog report` reads by default. */
  catalogDir: string;
}

/** Warnings printed without --verbose; the rest are counted. */
const WARNINGS_SHOWN = 20;

/** `catalog validate | import | report` for operators (English messages). */
export function registerCatalogCommands(program: Command, ctx: CatalogCommandContext): void {
  const catalog = program.command('catalog').description('load, check and measure procedure catalogs');

  catalog
    .command('validate <dir>')
    .description('check every catalog file in <dir> against the record schema')
    .action(
      reportingErrors((dir: string) => {
        const { procedures, errors } = loadCatalogDir(dir);
        printFileErrors(errors);
        console.log(`${procedures.length} valid procedure file(s), ${errors.length} rejected in ${dir}`);
        if (errors.length > 0) process.exitCode = 1;
      }),
    );

  catalog
    .command('import <path>')
    .description('import a catalog into project-format files (one JSON per procedure)')
    .addOption(new Option('--format <format>', 'source format').choices(['project', 'dvc-scrape']).makeOptionMandatory())
    .option('--out <dir>', 'where to write the files (default: $DATA_DIR/catalog)')
    .option('--verbose', 'print every warning')
    .option('--retrieved-at <YYYY-MM-DD>', "the date the records were fetched (default: each record file's date)")
    .action(
      reportingErrors(
        async (source: string, options: { format: 'project' | 'dvc-scrape'; out?: string; verbose?: boolean; retrievedAt?: string }) => {
          if (options.retrievedAt && !/^\d{4}-\d{2}-\d{2}$/.test(options.retrievedAt)) throw new Error('--retrieved-at must be YYYY-MM-DD');
          const retrievedAt = options.retrievedAt ? { retrievedAt: options.retrievedAt } : {};
          const outDir = path.resolve(options.out ?? path.join(ctx.dataDir, 'catalog'));
          if (isInside(outDir, repoDataDir)) {
            throw new Error(`Refusing to write into the repository's data folder (${outDir}); choose --out under DATA_DIR`);
          }
          const summary =
            options.format === 'project'
              ? importProject(source, outDir)
              : await withProgress((o) => importDvcScrape(source, outDir, { ...o, ...retrievedAt }));
          printSummary(summary, outDir, options.verbose ?? false);
          if (summary.imported === 0) process.exitCode = 1;
        },
      ),
    );

  catalog
    .command('report [dir]')
    .description('print how many records carry each field (default: CATALOG_DIR)')
    .action(
      reportingErrors((dir?: string) => {
        const target = dir ?? ctx.catalogDir;
        const { procedures, errors } = loadCatalogDir(target);
        console.log(
          `${procedures.length} procedure(s) in ${target}${errors.length ? ` (${errors.length} file(s) rejected; run catalog validate)` : ''}`,
        );
        const rows = coverageReport(procedures);
        const width = Math.max(...rows.map((r) => r.field.length));
        for (const row of rows) {
          console.log(`${row.field.padEnd(width)}  ${String(row.count).padStart(6)}  ${row.percent.toFixed(1).padStart(5)}%`);
        }
      }),
    );
}

/** Format "project": validate, then copy the good files (normalised to NFC). */
function importProject(source: string, outDir: string): ImportSummary {
  const { procedures, errors } = loadCatalogDir(source);
  for (const procedure of procedures) writeCatalogFile(outDir, procedure);
  return {
    read: procedures.length + errors.length,
    imported: procedures.length,
    withWarnings: 0,
    rejected: errors.map((e) => ({ file: e.file, reason: e.problems.join('; ') })),
    warnings: [],
  };
}

/** A progress bar on a terminal; nothing when output is piped or logged. */
async function withProgress(run: (options: ImportOptions) => Promise<ImportSummary>): Promise<ImportSummary> {
  if (!process.stderr.isTTY) return run({});
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'importing [{bar}] {value}/{total} records' },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    return await run({
      onProgress(done, total) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
  } finally {
    bar.stop();
  }
}

function printSummary(summary: ImportSummary, outDir: string, verbose: boolean): void {
  const shown = verbose ? summary.warnings : summary.warnings.slice(0, WARNINGS_SHOWN);
  for (const warning of shown) console.warn(`warning: ${warning}`);
  if (shown.length < summary.warnings.length) {
    console.warn(`… ${summary.warnings.length - shown.length} more warning(s); run with --verbose to see all`);
  }
  for (const rejection of summary.rejected) console.error(`rejected: ${rejection.file}: ${rejection.reason}`);
  console.log(
    `Read ${summary.read}, imported ${summary.imported} (${summary.withWarnings} with warnings), rejected ${summary.rejected.length}. Files in ${outDir}`,
  );
}

function printFileErrors(errors: CatalogFileError[]): void {
  for (const { file, problems } of errors) {
    console.error(file);
    for (const problem of problems) console.error(`  ${problem}`);
  }
}

/** An operator mistake (missing folder, bad --out) prints one line and exits 1, without a stack trace. */
function reportingErrors<A extends unknown[]>(action: (...args: A) => void | Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  };
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
