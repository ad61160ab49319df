// Lint rules, plus the runtime boundaries: each folder may import only what its runtime has.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only src-main may import electron.' };
const restrict = (patterns, paths = []) => ['error', { patterns, paths }];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'artifacts/**', 'bench/results/**', 'bench/data/**', '.electron-native/**'] },
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
    files: ['src-worker/**/*.ts', 'src-server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [{ group: ['**/src-main/**', '**/src-renderer/**'], message: 'The engine and the server import only src-shared from other processes.' }],
        [noElectron],
      ),
    },
  },
  {
    // The one CLI also starts the sync server: its entry may import src-server.
    files: ['src-worker/cli/index.ts'],
    rules: { 'no-restricted-imports': restrict([{ group: ['**/src-main/**', '**/src-renderer/**'], message: 'The CLI imports only src-shared and src-server.' }], [noElectron]) },
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
