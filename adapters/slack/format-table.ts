// The workaround comparison as a Slack `table` block, and the monospace fallback for it.
import type { types } from '@slack/bolt';
import type { ComparisonTable } from '../../src/index.js';
import { inlineToPlain } from './mrkdwn.js';

/** Table block limits from the Block Kit reference. */
const TABLE_MAX_ROWS = 100;
const TABLE_MAX_COLUMNS = 20;
/** A cell longer than this makes the table unreadable on a phone; the full text is in the entry. */
const CELL_MAX_CHARS = 300;
/** Monospace columns are narrow so a four-column table fits a laptop-width Slack window. */
const MONO_CELL_MAX_CHARS = 22;

/**
 * A `table` block: the header row first, every cell `raw_text` (never parsed as mrkdwn, so it
 * cannot ping anyone). Slack allows one table per message; callers add at most one.
 */
export function tableBlock(table: ComparisonTable): types.TableBlock {
  const rows = [table.columns, ...table.rows].slice(0, TABLE_MAX_ROWS);
  const width = Math.min(TABLE_MAX_COLUMNS, table.columns.length);

  return {
    type: 'table',
    column_settings: Array.from({ length: width }, () => ({ is_wrapped: true })),
    rows: rows.map((row) => padRow(row, width).map((cell) => rawText(cell))),
  };
}

/**
 * The same table as aligned plain text, for a code block when Slack rejects `table`. Long
 * cells wrap onto more lines within their column instead of being cut, so nothing is lost.
 */
export function monospaceTable(table: ComparisonTable, cellMax = MONO_CELL_MAX_CHARS): string {
  const width = table.columns.length;
  const rows = [table.columns, ...table.rows].map((row) =>
    padRow(row, width).map((cell) => wrap(inlineToPlain(cell), cellMax)),
  );
  const widths = Array.from({ length: width }, (_, column) =>
    Math.max(...rows.flatMap((row) => (row[column] ?? []).map((line) => line.length))),
  );

  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const printed = rows.map((row) => {
    const height = Math.max(...row.map((cell) => cell.length));
    return Array.from({ length: height }, (_, line) =>
      row
        .map((cell, column) => (cell[line] ?? '').padEnd(widths[column] ?? 0))
        .join(' | ')
        .trimEnd(),
    ).join('\n');
  });
  // A rule under the header and between rows, so wrapped rows stay readable.
  return printed.join(`\n${rule}\n`);
}

/** Word-wraps one cell to lines of at most `max` characters (longer words are split). */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';

  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    for (let rest = word; rest !== ''; rest = rest.slice(max)) {
      const piece = rest.slice(0, max);
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= max) line = `${line} ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  return [...lines, line];
}

function padRow(row: readonly string[], width: number): string[] {
  return Array.from({ length: width }, (_, column) => row[column] ?? '');
}

function rawText(cell: string): types.RawTextElement {
  // raw_text needs at least one character; an em dash reads as "nothing here".
  const text = clip(inlineToPlain(cell).replace(/\s+/g, ' ').trim(), CELL_MAX_CHARS);
  return { type: 'raw_text', text: text === '' ? '—' : text };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
