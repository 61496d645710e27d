// `crashdoc [FILE|-]`: read a paste, diagnose it, print it in the chosen format.
import { closeSync, openSync, readSync } from 'node:fs';
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
  const name = file === undefined || file === '-' ? 'stdin' : file;
  let fd: number | undefined;
  try {
    if (name === 'stdin' && process.stdin.isTTY) {
      process.stderr.write('crashdoc: paste the crash, then press Ctrl-D (or run crashdoc FILE)\n');
    }
    // Files go through the same capped read as stdin: a FIFO or /dev/zero reports size 0.
    fd = name === 'stdin' ? 0 : openSync(name, 'r');
    const bytes = readCapped(fd, MAX_PASTE_BYTES + 1);
    // The limit is on bytes as read, before decoding (invalid UTF-8 grows when decoded).
    if (bytes.length > MAX_PASTE_BYTES)
      return { ok: false, message: `${name} is larger than ${limit}` };
    return { ok: true, text: bytes.toString('utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, message: `cannot read ${name} (${reason})` };
  } finally {
    if (fd !== undefined && fd !== 0) closeSync(fd);
  }
}

/** Reads up to `max` bytes synchronously, so an endless pipe cannot exhaust memory. */
function readCapped(fd: number, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(1 << 20);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Non-blocking stdin with nothing yet: wait a little instead of spinning a core.
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 20);
        continue;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    total += n;
    if (total >= max) break;
  }
  return Buffer.concat(chunks);
}
