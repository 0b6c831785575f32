// Lint, including the layering rules (VS Code's code-layering, as no-restricted-imports per folder).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';

const noElectron = { name: 'electron', message: 'main/core, main/sandbox and the Node hosts must run without Electron.' };
const noElectronPatterns = [{ group: ['electron/*', '**/main/electron/**', '**/electron/*'], message: 'Layering: no Electron glue here.' }];

const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));
// ipcMain is bound in one file, through one validating wrapper; the lifecycle only hands it over.
const IPC_BINDING_FILE = 'main/electron/ipcBinding.ts';
const IPC_HANDOVER_FILE = 'main/electron/lifecycle.ts';

export default defineConfig([
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'off',
    },
  },
  {
    files: ['main/core/**', 'main/sandbox/**', 'main/cli/**', 'main/web/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [
        ...noElectronPatterns,
        { group: ['**/renderer/**'], message: 'Layering: main/ never imports the renderer.' },
      ] }],
    },
  },
  {
    files: ['main/core/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [
        ...noElectronPatterns,
        { group: ['**/renderer/**'], message: 'Layering: main/ never imports the renderer.' },
        { group: ['**/cli/**', '**/web/**', '**/sandbox/**'], message: 'Layering: the core does not import its hosts or the sandbox.' },
      ] }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [
        { group: ['**/main/**'], message: 'Layering: the renderer talks to window.arbion only (types from preload/contract).' },
        { group: ['node:*', ...NODE_BUILTINS, 'better-sqlite3', 'ws', 'electron-store', 'conf', 'selfsigned'], message: 'The renderer runs in a sandboxed browser context: no Node or native packages.' },
      ] }],
    },
  },
  {
    files: ['main/web/static/**'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    // Pure helpers shared by the window and the Node hosts: the platform's JavaScript (Intl) and nothing else.
    files: ['common/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [
        { group: ['**/main/**', '**/renderer/**', '**/preload/**', 'node:*', 'react', 'react-dom'], message: 'Layering: common/ is pure and imports nothing.' },
      ] }],
    },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/**', '**/renderer/**'], message: 'Layering: the preload knows only the contract.' },
      ] }],
    },
  },
  {
    files: ['main/**', 'preload/**'],
    ignores: [IPC_BINDING_FILE, IPC_HANDOVER_FILE],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "ImportSpecifier[imported.name='ipcMain']", message: `ipcMain is bound only in ${IPC_BINDING_FILE}.` },
        { selector: "MemberExpression[property.name='ipcMain']", message: `ipcMain is bound only in ${IPC_BINDING_FILE}.` },
      ],
    },
  },
  {
    files: [IPC_HANDOVER_FILE],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='ipcMain']", message: `Handlers are registered only by bindIpc in ${IPC_BINDING_FILE}.` },
      ],
    },
  },
]);
