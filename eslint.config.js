import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/web/**', '**/cli/**'], message: 'core 只能被上层引用，不能反向依赖（layers import downward only）' },
          ],
        },
      ],
    },
  },
  {
    // Only core is restricted; other layers may import anything below them.
    files: ['src/server/**', 'src/web/**', 'src/cli/**', 'bench/**', 'test/**', 'bin/**', '*.ts', '*.js'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
