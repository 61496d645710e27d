// `crashdoc kb …`: checks on the knowledge base itself (validity, truth, catalog coverage).
import { readFileSync } from 'node:fs';
import { FACT_NAMES } from '../classify/facts.js';
import type { KnowledgeProblem } from '../errors.js';
import { type Coverage, catalogCoverage } from '../knowledge/coverage.js';
import { checkKnowledge, defaultKnowledgeDir } from '../knowledge/load.js';
import { checkTruth } from '../knowledge/truth.js';
import { loadTruthData } from '../knowledge/truth-data.js';
import type { Entry } from '../knowledge/types.js';
import type { CliOptions } from './main.js';

export async function runKb(args: string[], options: CliOptions): Promise<number> {
  const [sub] = args;
  const dir = options.knowledge ?? defaultKnowledgeDir();

  if (sub === 'facts') {
    process.stdout.write(`${FACT_NAMES.join('\n')}\n`);
    return 0;
  }
  if (sub === 'check') {
    const { entries, problems } = checkKnowledgeTruth(dir);
    for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
    process.stdout.write(`${entries.length} entries, ${problems.length} problem(s)\n`);
    return problems.length > 0 ? 1 : 0;
  }
  if (sub === 'coverage') {
    const { entries, problems } = checkKnowledge(dir);
    if (problems.length > 0) {
      process.stderr.write(
        `crashdoc: knowledge/ has ${problems.length} problem(s); run kb check\n`,
      );
      return 1;
    }
    const coverage = catalogCoverage(entries);
    process.stdout.write(formatCoverage(coverage));
    return coverage.unmapped.length > 0 ? 1 : 0;
  }
  process.stderr.write('crashdoc: kb needs a subcommand: check, coverage or facts\n');
  return 2;
}

/** Loading problems plus truth-check problems (data/go/ lists and every valid entry). */
export function checkKnowledgeTruth(dir: string): {
  entries: Entry[];
  problems: KnowledgeProblem[];
} {
  const { entries, problems } = checkKnowledge(dir);
  const data = loadTruthData();
  const all = [...problems, ...data.problems];
  for (const entry of entries)
    all.push(...checkTruth(entry, readFileSync(entry.file, 'utf8'), data));
  return { entries, problems: all };
}

/** The coverage report: counts per entry, then every message no entry recognises. */
export function formatCoverage(coverage: Coverage): string {
  const target = coverage.items.filter((i) => i.isTarget);
  const panics = coverage.items.filter((i) => !i.isTarget);
  const out = [
    `Fatal errors in data/go/messages.tsv (throw, fatal, C abort): ${target.length} distinct messages`,
    `recognised: ${target.length - coverage.unmapped.length}, not recognised: ${coverage.unmapped.length}`,
    '',
    ...coverage.byEntry.map(([id, n]) => `  ${String(n).padStart(4)}  ${id}`),
  ];
  if (coverage.unmapped.length > 0) {
    out.push('', 'Not recognised by any entry:');
    for (const item of coverage.unmapped)
      out.push(`  ${item.form.padEnd(5)}  ${item.row.message}  (${item.row.file})`);
  }

  const recognised = panics.length - coverage.panics.unmapped.length;
  out.push(
    '',
    `Panics (reported, not a target): ${panics.length} distinct, ${recognised} recognised`,
    '',
  );
  out.push(...coverage.panics.byEntry.map(([id, n]) => `  ${String(n).padStart(4)}  ${id}`));
  if (coverage.panics.unmapped.length > 0) {
    out.push('', 'Panics no entry recognises:');
    for (const item of coverage.panics.unmapped) out.push(`  panic  ${item.row.message}`);
  }
  return `${out.join('\n')}\n`;
}
