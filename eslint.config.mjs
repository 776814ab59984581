// Type-aware lint with the async rules that catch lost promises and unhandled cases.
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.cache/**',
      'coverage/**',
      'test-artifacts/**',
      '**/*.js',
      '**/*.mjs',
      // The dashboard's page code is linted (below, for the browser): docs/adr/0028-checked-page-code.md.
      '!libs/reporting/web/assets/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // kafkajs and Nest hand out closures that do not use `this`; the rule cannot tell.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Library boundaries: a library, app or test reaches another library only through its public entry point
  // (`@app/<lib>`, or `@app/<lib>/testing` for spec helpers), never by a relative path into its folders.
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(libs/)?[\\w-]+/(src|testing)(/|$)',
              message: "Import another library through its entry point ('@app/<lib>' or '@app/<lib>/testing'), not its internals.",
            },
          ],
        },
      ],
    },
  },
  // The contracts are the published language: plain TypeScript and zod, no framework, no other library.
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(libs/)?[\\w-]+/(src|testing)(/|$)', message: 'The contracts import no other library.' },
            {
              regex: '^(@nestjs/|@app/(?!contracts)|typeorm$|pg$|kafkajs$|@clickhouse/|chdb$|express$|class-validator$|class-transformer$|rxjs)',
              message: 'The contracts import no framework and no other library: plain TypeScript, zod and decimal.js only.',
            },
          ],
        },
      ],
    },
  },
  // The dashboard's page code: ES modules for the browser, type-checked as JavaScript (libs/reporting/web/tsconfig.json,
  // the nearest tsconfig of these files; the API's answers typed by libs/reporting/web/types/api.d.ts, so the
  // no-unsafe-* rules apply as to the rest). Browser globals only: node's and jest's are turned off.
  {
    files: ['libs/reporting/web/assets/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        ...Object.fromEntries(Object.keys({ ...globals.node, ...globals.jest }).map((name) => [name, 'off'])),
        ...globals.browser,
      },
    },
    rules: {
      // Strict equality, except the `x != null` test for null and undefined together.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
