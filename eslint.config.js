import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'dist-base', 'proxy/dist', 'node_modules', '.reports', 'test-results', 'playwright-report', '.wrangler'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  // Typed rules need the type checker, so they run on what tsconfig.json covers in src/ and tests/.
  {
    files: ['src/**/*.{ts,tsx}', 'tests/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  // Import cycles are errors in the app (README "Layout"): the layers point one way.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // Layers (README "Layout"): app composes everything and nothing imports it; features use the
  // shared layers and never each other; the protocol core knows no React, no page, no feature.
  {
    files: ['src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/app'], message: 'src/app is the composition root: nothing imports it.' },
            // "../<feature>/..." from inside a feature is another feature; "../../" is a shared layer.
            { regex: '^\\.\\./(?!\\.\\.)', message: 'A feature does not import another feature: lift what they share.' },
            { group: ['**/features/**'], message: 'A feature does not import another feature: lift what they share.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**', 'src/services/**', 'src/routing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/app'], message: 'src/app is the composition root: nothing imports it.' },
            { group: ['**/features/**'], message: 'Shared layers do not import features.' },
          ],
        },
      ],
    },
  },
  {
    // The protocol core never imports React, and the proxy never imports the app.
    files: ['src/oauth/**', 'src/vault/**', 'src/config/**', 'src/providers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-*', '**/app/**', '**/features/**', '**/components/**', '**/services/**'] },
      ],
    },
  },
  {
    files: ['proxy/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-*', '**/app/**', '**/features/**', '**/oauth/**', '**/vault/**'] }],
    },
  },
  {
    files: ['**/*.{js,mjs}', 'sandbox/**', 'scripts/**', 'tests/e2e/**', 'proxy/node.*', 'bench/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
);
