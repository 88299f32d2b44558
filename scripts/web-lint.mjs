// Checks the web app and the JavaScript around it: Prettier's formatting and
// ESLint's rules, zero warnings allowed.
//   node scripts/web-lint.mjs           check (npm run lint, ctest's web_lint)
//   node scripts/web-lint.mjs --write   format in place (npm run format)
//
// It lists the files itself instead of handing folders to the two CLIs, so
// that it can prove it checked something: a file that Prettier or ESLint
// would skip (an ignore pattern, no parser, no ESLint config matching it) is
// an error, and so is a list missing the files the app cannot do without.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const write = process.argv.includes('--write');

// What is checked: every file of these kinds under these folders...
const folders = ['web', 'tests/web', 'scripts'];
const formatted = new Set(['.js', '.mjs', '.html', '.css']);
const linted = new Set(['.js', '.mjs']);
// ...plus these, and at least these must be found.
const extraFiles = ['eslint.config.js'];
const mustHave = [
  'web/index.html',
  'web/calculator.html',
  'web/style.css',
  'web/js/app.js',
  'web/js/vocabulary.js',
  'tests/web/staff.test.mjs',
  'scripts/web-lint.mjs',
];

async function walk(folder) {
  const found = [];
  for (const entry of await readdir(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...(await walk(relative)));
    } else if (entry.isFile() && formatted.has(path.extname(entry.name))) {
      found.push(relative);
    }
  }
  return found;
}

const problems = [];
const files = [...extraFiles];
for (const folder of folders) files.push(...(await walk(folder)));
files.sort();
for (const file of mustHave) {
  if (!files.includes(file)) problems.push(`${file}: expected among the checked files but not found`);
}

// Prettier, file by file, with the options .prettierrc.json gives each.
const unformatted = [];
for (const file of files) {
  const absolute = path.join(root, file);
  const info = await prettier.getFileInfo(absolute, { ignorePath: path.join(root, '.prettierignore') });
  if (info.ignored || !info.inferredParser) {
    problems.push(`${file}: Prettier would skip it (${info.ignored ? 'ignored by .prettierignore' : 'no parser'})`);
    continue;
  }
  const options = { ...(await prettier.resolveConfig(absolute, { editorconfig: true })), filepath: absolute };
  const source = await readFile(absolute, 'utf8');
  if (write) {
    const output = await prettier.format(source, options);
    if (output !== source) {
      await writeFile(absolute, output);
      console.log(`formatted ${file}`);
    }
  } else if (!(await prettier.check(source, options))) {
    unformatted.push(file);
  }
}
for (const file of unformatted) problems.push(`${file}: not formatted as Prettier would (run npm run format)`);

// ESLint on the JavaScript among them.
let lintReport = '';
const scripts = files.filter((file) => linted.has(path.extname(file)));
if (!write) {
  const eslint = new ESLint({ cwd: root, errorOnUnmatchedPattern: true });
  const results = await eslint.lintFiles(scripts);
  const seen = new Set(results.map((result) => path.relative(root, result.filePath).split(path.sep).join('/')));
  for (const file of scripts) {
    if (!seen.has(file)) problems.push(`${file}: ESLint returned no result for it`);
    if (await eslint.isPathIgnored(path.join(root, file))) problems.push(`${file}: ESLint ignores it`);
  }
  // An ignored or unconfigured file comes back as a warning, so "no
  // warnings" also means every file was really linted.
  const count = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
  if (count > 0) {
    lintReport = await (await eslint.loadFormatter('stylish')).format(results);
    problems.push(`ESLint: ${count} problem(s), none allowed`);
  }
}

if (lintReport) process.stderr.write(lintReport);
for (const problem of problems) console.error(`web-lint: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(
  write
    ? `web-lint: ${files.length} files formatted by Prettier`
    : `web-lint: ${files.length} files match Prettier's format, ${scripts.length} JavaScript files pass ESLint with no warnings`,
);
