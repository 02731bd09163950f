// A Jest reporter that writes the run's counts (and the failing tests' names
// and messages, as text) to $EKS_JEST_SUMMARY_FILE for the test summary.
// It replaces `jest --json`, whose JSON.stringify of raw results crashes on a
// failed test whose error holds a circular structure (an HTTP response, an
// error that refers to itself): the run then reported "0 passed, 1 failed".
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');

const MESSAGE_LIMIT = 4000;

class SummaryReporter {
  constructor(_globalConfig, options = {}) {
    this.file = options.outputFile || process.env.EKS_JEST_SUMMARY_FILE;
  }

  onRunComplete(_contexts, results) {
    if (!this.file) return;
    const failures = [];
    for (const suite of results.testResults) {
      if (suite.testExecError) {
        failures.push({
          file: suite.testFilePath,
          test: '(the test file failed to run)',
          message: String(
            suite.testExecError.message ?? suite.testExecError,
          ).slice(0, MESSAGE_LIMIT),
        });
      }
      for (const test of suite.testResults) {
        if (test.status !== 'failed') continue;
        failures.push({
          file: suite.testFilePath,
          test: test.fullName,
          message: test.failureMessages
            .map(String)
            .join('\n')
            .slice(0, MESSAGE_LIMIT),
        });
      }
    }
    const summary = {
      success: results.success,
      numPassedTests: results.numPassedTests,
      numFailedTests: results.numFailedTests,
      numPendingTests: results.numPendingTests,
      numTodoTests: results.numTodoTests,
      numTotalTestSuites: results.numTotalTestSuites,
      numFailedTestSuites: results.numFailedTestSuites,
      numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
      failures,
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(summary, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}

module.exports = SummaryReporter;
