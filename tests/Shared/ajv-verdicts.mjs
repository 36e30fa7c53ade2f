// The verdicts of Ajv, the reference JSON Schema validator for JavaScript, whose `pattern` is an ECMA-262 regular expression
// run by the JavaScript engine itself: an implementation that shares no code with the hub's. Usage:
//   node ajv-verdicts.mjs <node_modules folder> <schema.json> <documents.json>
// documents.json holds an array of JSON texts; the answer, on standard output, is an array of true (valid) / false.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [modules, schemaPath, documentsPath] = process.argv.slice(2);
const require = createRequire(join(modules, 'oracle.cjs'));
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv, ['date']);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
const documents = JSON.parse(readFileSync(documentsPath, 'utf8'));
process.stdout.write(JSON.stringify(documents.map(text => validate(JSON.parse(text)))));
