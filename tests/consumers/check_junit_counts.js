// Reads one JUnit XML file with test-results-parser (an npm JUnit reader isotest shares no
// code with) and compares the counts it sees, three ways (top-level totals, per-suite
// totals, per-case statuses), with the expected ones.
//   node check_junit_counts.js FILE TESTS FAILURES ERRORS SKIPPED
// Prints one line "ok ..." or "FAIL ..." (plus what the parser saw); exit 0 ok, 1 mismatch
// or unreadable file, 2 usage.
'use strict';
const path = require('path');
const { parse } = require('test-results-parser');

const [file, ...expectedText] = process.argv.slice(2);
if (!file || expectedText.length !== 4 || !expectedText.every((n) => /^[0-9]+$/.test(n))) {
  console.error('usage: node check_junit_counts.js FILE TESTS FAILURES ERRORS SKIPPED');
  process.exit(2);
}
const [tests, failures, errors, skipped] = expectedText.map(Number);

let result;
try {
  result = parse({ type: 'junit', files: [path.resolve(file)] });
} catch (error) {
  console.log(`FAIL ${file}: test-results-parser could not read it: ${error}`);
  process.exit(1);
}
const num = (value) => Number(value || 0);

const seen = {
  totals: { tests: num(result.total) + num(result.skipped), failures: num(result.failed), errors: num(result.errors) },
  suites: { tests: 0, failures: 0, errors: 0, skipped: 0 },
  cases: { tests: 0, failed_or_errored: 0, skipped: 0, passed: 0 },
};
for (const suite of result.suites) {
  // test-results-parser's suite.total leaves out skipped tests.
  seen.suites.tests += num(suite.total) + num(suite.skipped);
  seen.suites.failures += num(suite.failed);
  seen.suites.errors += num(suite.errors);
  seen.suites.skipped += num(suite.skipped);
  for (const testCase of suite.cases) {
    seen.cases.tests += 1;
    if (testCase.status === 'FAIL') seen.cases.failed_or_errored += 1;
    else if (testCase.status === 'SKIP') seen.cases.skipped += 1;
    else if (testCase.status === 'PASS') seen.cases.passed += 1;
  }
}

const expected = {
  'totals.tests': [seen.totals.tests, tests],
  'totals.failures': [seen.totals.failures, failures],
  'totals.errors': [seen.totals.errors, errors],
  'suites.tests': [seen.suites.tests, tests],
  'suites.failures': [seen.suites.failures, failures],
  'suites.errors': [seen.suites.errors, errors],
  'suites.skipped': [seen.suites.skipped, skipped],
  'cases.tests': [seen.cases.tests, tests],
  'cases.failed_or_errored': [seen.cases.failed_or_errored, failures + errors],
  'cases.skipped': [seen.cases.skipped, skipped],
  'cases.passed': [seen.cases.passed, tests - failures - errors - skipped],
};
const wrong = Object.entries(expected)
  .filter(([, [got, want]]) => got !== want)
  .map(([name, [got, want]]) => `${name}=${got} (expected ${want})`);
if (wrong.length === 0) {
  console.log(`ok   ${file}: ${tests} tests, ${failures} failures, ${errors} errors, ${skipped} skipped`);
  process.exit(0);
}
console.log(`FAIL ${file}: ${wrong.join(', ')}`);
console.log(`     test-results-parser saw: ${JSON.stringify(seen)}`);
process.exit(1);
