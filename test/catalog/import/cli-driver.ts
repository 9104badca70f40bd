/** Runs the catalog commands the way src/cli/main.ts wires them: `tsx cli-driver.ts <dataDir> <catalogDir> catalog …`. */
import { Command } from 'commander';
import { registerCatalogCommands } from '../../../src/cli/catalog-commands.js';

const [dataDir, catalogDir, ...args] = process.argv.slice(2);
const program = new Command('motcua').exitOverride();
registerCatalogCommands(program, { dataDir, catalogDir });
await program.parseAsync(args, { from: 'user' });
