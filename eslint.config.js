// Lint rules, plus the runtime boundaries: each folder may import only what its runtime has.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only src-main may import electron.' };
const restrict = (patterns, paths = []) => ['error', { patterns, paths }];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'artifacts/**', 'bench/results/**', 'bench/data/**', '.electron-native/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    // Tests run in Node and may use it to exercise the shared code over real channels.
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [{ group: ['node:*', '../src-*', '../../src-*'], message: 'src-shared is pure TypeScript: no node:, no other process folders.' }],
        [noElectron],
      ),
    },
  },
  {
    files: ['src-worker/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          { group: ['**/src-main/**', '**/src-renderer/**'], message: 'The engine imports only src-shared from other processes.' },
          { group: ['**/src-server/**', '**/src-cli/**'], message: 'The engine must not import the sync server or the CLI: src-cli composes them.' },
          { group: ['**/bench/**'], message: 'Tests and code do not import bench/: shared test support lives in src-worker/testing.' },
        ],
        [noElectron],
      ),
    },
  },
  {
    files: ['src-server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          { group: ['**/src-main/**', '**/src-renderer/**'], message: 'The server imports only src-shared from other processes.' },
          { group: ['**/src-worker/**', '**/src-cli/**'], message: 'The sync server must not import the engine or the CLI: src-cli composes them.' },
          { group: ['**/bench/**'], message: 'Tests and code do not import bench/.' },
        ],
        [noElectron],
      ),
    },
  },
  {
    // The one CLI composes the engine and the sync server.
    files: ['src-cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          { group: ['**/src-main/**', '**/src-renderer/**'], message: 'The CLI imports the engine, the server and src-shared only.' },
          { group: ['**/bench/**'], message: 'Tests and code do not import bench/.' },
        ],
        [noElectron],
      ),
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        [{ group: ['node:*', '**/src-main/**', '**/src-worker/**', '**/src-server/**'], message: 'The renderer imports only src-shared.' }],
        [noElectron],
      ),
    },
  },
  {
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/src-worker/**', '**/src-renderer/**', '**/src-server/**'], message: 'Main talks to the worker over RPC only.' },
      ]),
    },
  },
);
