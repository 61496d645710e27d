// `crashdoc [FILE|-]`: read a paste, diagnose it, print it in the chosen format.
import { readFileSync, readSync, statSync } from 'node:fs';
import { createDiagnoser } from '../diagnose/diagnose.js';
import { loadKnowledgeQuickly } from '../knowledge/bundle.js';
import { diagnosisToJson } from '../render/json.js';
import { formatMarkdown } from '../render/markdown.js';
import { renderReply } from '../render/reply.js';
import { formatText } from '../render/text.js';
import { MAX_PASTE_BYTES } from '../report/extract.js';
import type { CliOptions } from './main.js';

export async function runDiagnose(file: string | undefined, options: CliOptions): Promise<number> {
  const paste = readInput(file);
  if (!paste.ok) {
    process.stderr.write(`crashdoc: ${paste.message}\n`);
    return 1;
  }

  const diagnoser = createDiagnoser({ entries: await loadKnowledgeQuickly(options.knowledge) });
  const diagnosis = diagnoser.diagnoseSync(paste.text);

  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(diagnosisToJson(diagnosis), null, 2)}\n`);
  } else {
    const reply = renderReply(diagnosis);
    const out = options.format === 'markdown' ? formatMarkdown(reply) : formatText(reply, options);
    process.stdout.write(out);
  }
  return 0;
}

type Input = { ok: true; text: string } | { ok: false; message: string };

function readInput(file: string | undefined): Input {
  const limit = `${MAX_PASTE_BYTES / 1024 / 1024} MiB`;
  try {
    if (file === undefined || file === '-') {
      if (process.stdin.isTTY) {
        process.stderr.write(
          'crashdoc: paste the crash, then press Ctrl-D (or run crashdoc FILE)\n',
        );
      }
      const text = readStdin(MAX_PASTE_BYTES + 1);
      if (Buffer.byteLength(text) > MAX_PASTE_BYTES)
        return { ok: false, message: `stdin is larger than ${limit}` };
      return { ok: true, text };
    }
    const size = statSync(file).size;
    if (size > MAX_PASTE_BYTES) return { ok: false, message: `${file} is larger than ${limit}` };
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, message: `cannot read ${file ?? 'stdin'} (${reason})` };
  }
}

/** Reads stdin synchronously up to `max` bytes, so an endless pipe cannot exhaust memory. */
function readStdin(max: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(1 << 20);
  for (;;) {
    let n: number;
    try {
      // fd 0 works for pipes, files, sockets and TTYs alike; /dev/stdin fails on sockets.
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    total += n;
    if (total >= max) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
