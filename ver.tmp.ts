import { readFileSync } from 'node:fs';
import { extractLines } from './src/report/extract.js';
import { detectGoVersion } from './src/report/version.js';
const rows = readFileSync('/work/main/test/fixtures/INDEX.tsv','utf8').trim().split('\n').slice(1).map(r=>r.split('\t'));
for (const [file,, , notes] of rows) {
  const ex = extractLines(readFileSync('/work/main/test/fixtures/'+file,'utf8'));
  if (!ex.ok) continue;
  const v = detectGoVersion(ex.lines);
  console.log(file.padEnd(60), (v.version ?? v.range ?? '-').padEnd(14), (v.evidence[0]?.reason ?? '').slice(0,50).padEnd(50), '|', (notes??'').slice(0,45));
}
