// Each test file gets its own record of dry-run validations (provider/validationCache.ts), so no test
// sees a validation made by another file or an earlier run.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
process.env.ITCARE_VALIDATION_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-validated-'));
// Likewise its own record of action durations (sdk/actionDurations.ts): what one file's waits
// learned never changes another's poll schedule, and nothing is written to the user's cache.
process.env.ITCARE_ACTION_DURATIONS = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-durations-')), 'action-durations.json');
// And its own journal of creates in flight (provider/createJournal.ts): a note left by one file's
// crash test never meets another file's create, and nothing is written under the user's ~/.pulumi.
process.env.ITCARE_CREATE_JOURNAL = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-creates-'));
