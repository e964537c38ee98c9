// Validates kiosk-report's xAPI output with Learning Locker's xapi-validation (a conformance-tested
// validator): every statement must pass, ids must be unique UUIDs, and the verbs must be the four
// the report promises. Usage: node xapi_validate.js NODE_MODULES_DIR STATEMENTS.json
'use strict';
const path = require('path');
const fs = require('fs');
const validate = require(path.join(process.argv[2], 'xapi-validation')).default;
const statements = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
if (!Array.isArray(statements) || statements.length === 0) {
  console.error('FAIL: no statements');
  process.exit(1);
}
let failed = 0;
const ids = new Set();
const verbs = {};
for (const s of statements) {
  const warnings = validate(s);
  if (warnings.length > 0) {
    if (failed < 5) console.error('FAIL: statement ' + s.id + ': ' + JSON.stringify(warnings.map(w => w.message || w)));
    failed++;
  }
  if (ids.has(s.id)) {
    console.error('FAIL: duplicate id ' + s.id);
    failed++;
  }
  ids.add(s.id);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s.id)) {
    console.error('FAIL: not a v4 UUID: ' + s.id);
    failed++;
  }
  const verb = s.verb.id.replace('http://adlnet.gov/expapi/verbs/', '');
  verbs[verb] = (verbs[verb] || 0) + 1;
}
for (const v of ['answered', 'completed', 'passed', 'failed']) {
  if (!verbs[v]) {
    console.error('FAIL: no "' + v + '" statements');
    failed++;
  }
}
console.log(statements.length + ' statements, ' + failed + ' failed; verbs ' + JSON.stringify(verbs));
process.exit(failed ? 1 : 0);
