// Prints one plain closing line, "Tests: N passed, N failed, N skipped", that CI reads whatever the
// runner. Jest's own summary stays above it.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    const suites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\n${line}\n${suites > 0 ? `Suites that failed to run or failed: ${suites}\n` : ''}`);
  }
}
module.exports = SummaryReporter;
