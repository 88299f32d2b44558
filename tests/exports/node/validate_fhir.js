// Validates FHIR R4 JSON resources with the `fhir` package (FHIR.js, R4
// structure definitions and value sets bundled), errors on unexpected
// properties included. Prints one JSON object: {file: {valid, messages}}.
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');

const fhir = new Fhir();
const results = {};
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  results[file] = {
    valid: result.valid,
    messages: result.messages.filter((m) => m.severity !== 'information'),
  };
}
process.stdout.write(JSON.stringify(results, null, 1) + '\n');
