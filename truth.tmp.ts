import { readFileSync } from 'node:fs';
import { checkKnowledge } from './src/knowledge/load.js';
import { loadTruthData } from './src/knowledge/truth-data.js';
import { checkTruth } from './src/knowledge/truth.js';
const data = loadTruthData();
console.log('data problems', data.problems);
const { entries } = checkKnowledge('knowledge');
let n = 0;
const t0 = Date.now();
for (const e of entries) for (const p of checkTruth(e, readFileSync(e.file, 'utf8'), data)) { n++; console.log(`${p.file.replace(/.*\//,'')}:${p.line}: ${p.message}`); }
console.log(n, Date.now()-t0, 'ms');
