/**
 * One plain line, `Tests: N passed, N failed, N skipped`, the form CI systems read from any runner's
 * output (jest's own line, "N passed, N total", omits failures). Printed after the run; when
 * JEST_SUMMARY_FILE is set, also written there so that .ci/run can repeat it as its closing line.
 */
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `Tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`;
    process.stderr.write(`\n${line}\n`);
    if (process.env.JEST_SUMMARY_FILE) fs.writeFileSync(process.env.JEST_SUMMARY_FILE, `${line}\n`);
  }
}
module.exports = SummaryReporter;
