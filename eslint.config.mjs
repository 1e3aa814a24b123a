import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'util',
  'stream',
];
const noNodeInPureCode = [
  'error',
  {
    paths: nodeBuiltins.flatMap((m) => [m, `node:${m}`]),
    patterns: [
      'date-holidays',
      'zod',
      'nodemailer',
      '@temporalio/client',
      '@temporalio/worker',
      '@temporalio/activity',
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.tools/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Workflow code is bundled into Temporal's deterministic sandbox; the domain is pure. Neither may touch I/O
  // or carry heavy modules (date-holidays, zod) into the bundle.
  {
    files: ['src/workflows/**/*.ts', 'src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': noNodeInPureCode },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // A run terminated mid-task leaves the time-skipping server's clock locked and later tests hang.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='terminate']",
          message: 'End a test case with CaseHandle.close(): terminating can lock the time-skipping clock.',
        },
      ],
    },
  },
);
