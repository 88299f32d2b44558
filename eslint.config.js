// ESLint for the web app (web/: ES modules run by browsers under a strict
// CSP) and the JavaScript that tests and checks it (tests/web/, scripts/: run
// by Node.js). Layout is Prettier's job, so only @eslint/js's recommended
// rules, which are about correctness, are on. `npm run lint` runs it.
import js from '@eslint/js';
import globals from 'globals';

export default [
  // Installed packages are not ours; build trees hold nothing to lint.
  { ignores: ['**/node_modules/', 'build/', 'build-*/'] },
  js.configs.recommended,
  {
    files: ['web/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
  },
  {
    // The browser tests run in Node.js, but the functions they hand to
    // page.evaluate() and friends run inside the page, where document and
    // window are real.
    files: ['tests/web/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
  },
];
