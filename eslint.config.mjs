// ESLint for the TypeScript sources, tests and scripts: the recommended rules of ESLint and
// typescript-eslint, which the code follows. Rules are untyped (no type information), which keeps
// `npm run lint` to about half a minute. Where the code departs from a rule on purpose, the line
// says so in an eslint-disable comment with its reason.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore names a parameter or binding kept for its position or shape only.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_',
      }],
    },
  },
  {
    // The web console's scripts run in the browser.
    files: ['packages/runtime/console/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
