#!/usr/bin/env node
// The crashdoc command line: diagnose a paste from a file or stdin, search, check knowledge.
import { parseArgs } from 'node:util';

const USAGE = `Usage:
  crashdoc [FILE|-] [--format text|markdown|json]   diagnose Go crash output (stdin when no FILE)
  crashdoc search WORDS... [--format text|json]      search the knowledge base
  crashdoc kb check                                  validate knowledge/ (exit 1 on problems)
  crashdoc kb coverage                               runtime messages mapped to entries
  crashdoc kb facts                                  facts a signature can test

Options:
  --format, -f     text (default), markdown or json
  --knowledge DIR  knowledge directory (default: the bundled knowledge/)
  --no-color       plain text even on a terminal
  --help, -h       this help
`;

export type Format = 'text' | 'markdown' | 'json';

export interface CliOptions {
  format: Format;
  knowledge?: string;
  color: boolean;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`crashdoc: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'markdown' && format !== 'json') {
    process.stderr.write(`crashdoc: unknown format "${format}" (text, markdown or json)\n`);
    return 2;
  }
  const options: CliOptions = {
    format,
    knowledge: values.knowledge,
    color: !values['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR,
  };

  const [command, ...rest] = positionals;
  if (command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  // Each command loads only what it needs: `kb` pulls in the Markdown, YAML and Go parsers.
  if (command === 'search') return (await import('./search.js')).runSearch(rest, options);
  if (command === 'kb') return (await import('./kb.js')).runKb(rest, options);
  if (positionals.length > 1) {
    process.stderr.write(`crashdoc: one file at a time\n\n${USAGE}`);
    return 2;
  }
  return (await import('./diagnose.js')).runDiagnose(command, options);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f' },
      knowledge: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

// `crashdoc x | head` closes the pipe early: that is the reader's choice, not our failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Our own failure (bad knowledge base, I/O): one line with its code, never a stack trace.
    const code = (error as { code?: string }).code ?? 'INTERNAL';
    process.stderr.write(`crashdoc: ${code}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
