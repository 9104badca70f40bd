// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * House rules (`npm run lint`, run by .ci/run before the tests). Beyond the recommended sets:
 * promises are never left floating, and imports follow the layering of docs/architecture.md —
 * channel → normalise → understand → decide → answer, lower layers never import higher ones,
 * shared contracts (channels/types.ts, dossier/code.ts) in neutral modules.
 */

/** An import of one of these top-level folders of src/ (or files: app.js), as a relative path climbing out. */
const folder = (...names) => `^(\\.\\./)+(${names.join('|')})(/|\\.js$)`;
/** channels/ except its neutral contract, channels/types.ts. */
const channelsExceptContract = '^(\\.\\./)+channels/(?!types\\.js$)';
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((regex) => ({ regex, message: why })) }],
  },
});
const shell = folder('http', 'cli', 'ops', 'app', 'main');

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'var/', 'coverage/', 'src/channels/web/public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tests and stand-ins read loosely typed JSON; the source is strict through tsc.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // The storage contract suites await every call on purpose, so they hold for an asynchronous backend too.
  { files: ['test/store/contract.ts'], rules: { '@typescript-eslint/await-thenable': 'off' } },
  // Normalise and the neutral foundations: text, calendar, personal-data scrubbing, storage, configuration.
  layer(
    ['src/text/**', 'src/calendar/**', 'src/privacy/**', 'src/store/**', 'src/paths.ts', 'src/config.ts', 'src/logger.ts', 'src/channels/types.ts'],
    [folder('catalog', 'search', 'nlu', 'dialog', 'dossier', 'notify'), channelsExceptContract, shell],
    'A foundation module (text, calendar, privacy, store, config) imports no feature above it (docs/architecture.md).',
  ),
  // The catalog, its search index and the notification path: data below understanding.
  layer(
    ['src/catalog/**', 'src/search/**', 'src/notify/**'],
    [folder('nlu', 'dialog', 'dossier'), channelsExceptContract, shell],
    'catalog, search and notify sit below understanding and decisions (docs/architecture.md).',
  ),
  layer(
    ['src/nlu/**'],
    [folder('dialog'), '^(\\.\\./)+dossier/(?!code\\.js$)', channelsExceptContract, shell],
    'Understanding never imports decide, answer or a channel; of dossier only the receipt-code contract (docs/architecture.md).',
  ),
  layer(
    ['src/dossier/**'],
    [folder('nlu', 'dialog'), channelsExceptContract, shell],
    'Dossier answers never import understanding, decisions or a channel (docs/architecture.md).',
  ),
  layer(['src/dialog/**'], [channelsExceptContract, shell], 'Decide never imports a channel or the HTTP shell (docs/architecture.md).'),
  layer(['src/channels/**'], [shell], 'Channels never import the HTTP shell, the CLI or operations.'),
  layer(['src/ops/**'], [folder('http', 'cli', 'app', 'main'), channelsExceptContract], 'Operations never import the HTTP shell or a channel.'),
);
