// Lint, including the layering rules (VS Code's code-layering, as no-restricted-imports per folder).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

const noElectron = { name: 'electron', message: 'main/core, main/sandbox and the Node hosts must run without Electron.' };
const noElectronPatterns = [{ group: ['electron/*', '**/main/electron/**', '**/electron/*'], message: 'Layering: no Electron glue here.' }];

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
        { group: ['node:*'], message: 'The renderer runs in a sandboxed browser context.' },
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
]);
