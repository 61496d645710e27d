// Paste → reports: the entry point of the report stage.
import { extractLines } from './extract.js';
import { parseReports } from './parse.js';
import type { CrashReport, PasteLine } from './types.js';

export type ReadResult =
  | { ok: true; reports: CrashReport[]; lines: number; pasteLines: PasteLine[] }
  | { ok: false; notice: 'empty' | 'binary' | 'too-large'; lines: number };

/** Finds and parses every Go crash report in a paste. Never throws on any input. */
export function readPaste(paste: string, maxBytes?: number): ReadResult {
  const extracted = extractLines(paste, maxBytes);
  if (!extracted.ok) return { ok: false, notice: extracted.notice, lines: 0 };
  const lines = extracted.lines;
  return { ok: true, reports: parseReports(lines), lines: lines.length, pasteLines: lines };
}
