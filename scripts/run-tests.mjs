// Runs every vitest project (unit and e2e) once, writes the JSON report CI reads, and ends with
// one plain totals line: `N passed, N failed[, N skipped]`. Exits non-zero when vitest failed or
// when no test ran at all. Extra arguments go to vitest.
// Usage: node scripts/run-tests.mjs [vitest args...]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportRel = 'artifacts/vitest-report.json';
const reportFile = path.join(root, reportRel);
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

// A report left by an earlier run must never be counted as this run's.
rmSync(reportFile, { force: true });

const child = spawn(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportRel}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));

const { code, signal } = await new Promise((resolve) => child.once('exit', (c, s) => resolve({ code: c, signal: s })));
const vitestCode = code ?? (signal ? 1 : 0);

/** Sums every test in the report by outcome; anything not passed or failed counts as skipped. */
function totals(report) {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') sum.passed++;
      else if (test.status === 'failed') sum.failed++;
      else sum.skipped++; // skipped, pending, todo, disabled
    }
  }
  return sum;
}

let sum = { passed: 0, failed: 0, skipped: 0 };
let problem;
if (!existsSync(reportFile)) {
  problem = `no test report at ${reportRel}: vitest ${signal ? `was stopped by ${signal}` : `exited with code ${vitestCode}`} before writing it`;
} else {
  try {
    sum = totals(JSON.parse(readFileSync(reportFile, 'utf8')));
  } catch (err) {
    problem = `cannot read ${reportRel}: ${err.message}`;
  }
}
if (!problem && sum.passed + sum.failed === 0) problem = 'no tests ran';
if (!problem && vitestCode !== 0 && sum.failed === 0) problem = `vitest exited with code ${vitestCode} (a test file failed to load or a hook failed: see above)`;

if (problem) console.log(`run-tests: ${problem}`);
console.log(`${sum.passed} passed, ${sum.failed} failed${sum.skipped ? `, ${sum.skipped} skipped` : ''}`);
process.exit(vitestCode !== 0 ? vitestCode : problem ? 1 : 0);
