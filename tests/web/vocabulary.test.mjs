// The web app's words (web/js/vocabulary.js) against the words the core
// accepts (src/core/assessment.c, printed by tests/web/vocabulary_dump.c).
// The web keeps its own copy because each code needs labels for people; this
// test keeps that copy honest: a code the core renamed, added or dropped, or
// a scale put out of order, fails here instead of as a 400 in front of a
// client.
//   COLLAGENDA_VOCABULARY_DUMP=build/tests/web/vocabulary_dump node --test tests/web/vocabulary.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
// An ES module as the browser loads it; Node.js reads it as one because the
// repo's package.json says "type": "module".
import * as web from '../../web/js/vocabulary.js';

const dump = process.env.COLLAGENDA_VOCABULARY_DUMP;

// Each field the core knows, the export of vocabulary.js that offers it, and
// whether the web relies on the order. Scales are ordered: the buttons run
// from firm to very loose, I to VI, Monday to Sunday, 1 to 5, as the core
// counts them. Multiple choices and the modality are sets: the web may list
// them as it reads best (screening puts pregnancy first), the server answers
// in its own order anyway.
const fields = {
  laxity: { web: 'laxity', ordered: true },
  goal: { web: 'goals', ordered: true },
  areas: { web: 'areas', ordered: false },
  risks: { web: 'risks', ordered: false },
  concerns: { web: 'concerns', ordered: false },
  modality: { web: 'modalities', ordered: false },
  screening: { web: 'screening', ordered: false },
  // The web adds '' first: "not sure", which the API takes as no skin type.
  skin_type: { web: 'skinTypes', ordered: true, unknown: '' },
  open_days: { web: 'weekdays', ordered: true },
  gais: { web: 'gais', ordered: true },
};

let printed;
function core() {
  assert.ok(dump, 'COLLAGENDA_VOCABULARY_DUMP must name the vocabulary_dump program (ctest sets it)');
  printed ??= JSON.parse(execFileSync(dump, { encoding: 'utf8' }));
  return printed;
}

const sorted = (codes) => [...codes].sort();

test('the core prints every vocabulary, none empty', () => {
  const vocabularies = core();
  // A vocabulary the core gains has to be added above (and to the web, if
  // the web asks for it) before this passes.
  assert.deepEqual(sorted(Object.keys(vocabularies)), sorted(Object.keys(fields)));
  for (const [field, codes] of Object.entries(vocabularies)) {
    assert.ok(codes.length > 0, `${field}: the core lists no words`);
  }
});

for (const [field, { web: name, ordered, unknown }] of Object.entries(fields)) {
  test(`${field}: web/js/vocabulary.js ${name} has the core's codes${ordered ? ', in its order' : ''}`, () => {
    const expected = core()[field];
    const list = web[name];
    assert.ok(Array.isArray(list), `vocabulary.js exports no list ${name}`);
    let codes = list.map((item) => item.code);
    for (const item of list) {
      assert.equal(typeof item.code, 'string', `${name}: an item without a string code`);
      assert.ok(item.label, `${name}: ${item.code} has no label`);
    }
    assert.equal(new Set(codes).size, codes.length, `${name} lists a code twice: ${codes.join(', ')}`);
    if (unknown !== undefined) {
      assert.equal(codes[0], unknown, `${name} starts with the "not known" choice '${unknown}'`);
      codes = codes.slice(1);
    }
    if (ordered) {
      assert.deepEqual(codes, expected, `${name} differs from the core's ${field} (codes or order)`);
    } else {
      assert.deepEqual(sorted(codes), sorted(expected), `${name} differs from the core's ${field}`);
    }
  });
}

test('modalityNames names every modality a plan can have', () => {
  // A plan's modality is the one the protocol chose: never 'auto'.
  const planModalities = core().modality.filter((code) => code !== 'auto');
  assert.deepEqual(sorted(Object.keys(web.modalityNames)), sorted(planModalities));
});
