// `crashdoc kb …`: checks on the knowledge base itself.
import { FACT_NAMES } from '../classify/facts.js';
import { checkKnowledge, defaultKnowledgeDir } from '../knowledge/load.js';
import type { CliOptions } from './main.js';

export async function runKb(args: string[], options: CliOptions): Promise<number> {
  const [sub] = args;
  const dir = options.knowledge ?? defaultKnowledgeDir();

  if (sub === 'facts') {
    process.stdout.write(`${FACT_NAMES.join('\n')}\n`);
    return 0;
  }
  if (sub === 'check') {
    const { entries, problems } = checkKnowledge(dir);
    for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
    process.stdout.write(`${entries.length} entries, ${problems.length} problem(s)\n`);
    return problems.length > 0 ? 1 : 0;
  }
  process.stderr.write('crashdoc: kb needs a subcommand: check, coverage or facts\n');
  return 2;
}
