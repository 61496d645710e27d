// Tables for Discord, which renders no Markdown tables: a monospace grid inside a code block,
// or, for a narrow table, one inline embed field per column (Discord shows three side by side).
import type { APIEmbedField } from 'discord.js';

/** Widest line of a monospace table: about what a phone shows in a code block unwrapped. */
export const TABLE_WIDTH = 72;

const SEPARATOR = ' | ';

/** Inline Markdown to plain text for a monospace cell: code ticks, bold and link targets go. */
export function plainCell(inline: string): string {
  return inline
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether embed fields, one per column, show the table legibly (no cell wraps in a field). */
export function isNarrowTable(columns: readonly string[], rows: readonly string[][]): boolean {
  if (columns.length > 3 || rows.length === 0 || rows.length > 10) return false;
  return rows.every((row) => row.every((cell) => plainCell(cell).length <= 24));
}

/** A narrow table as inline embed fields: one field per column, its cells one per line. */
export function tableFields(
  columns: readonly string[],
  rows: readonly string[][],
): APIEmbedField[] {
  return columns.map((column, index) => ({
    name: column.slice(0, 256),
    value:
      rows
        .map((row) => row[index] ?? '-')
        .join('\n')
        .slice(0, 1024) || '-',
    inline: true,
  }));
}

/**
 * Lays a table out as fixed-width lines no wider than `maxWidth`, wrapping long cells onto
 * extra lines within their column. Put the result in a code block.
 */
export function monospaceTable(
  columns: readonly string[],
  rows: readonly string[][],
  maxWidth = TABLE_WIDTH,
): string[] {
  const header = columns.map(plainCell);
  const body = rows.map((row) => header.map((_, index) => plainCell(row[index] ?? '')));
  const widths = columnWidths([header, ...body], maxWidth);

  const wrapped = body.map((row) => row.map((cell, index) => wrap(cell, widths[index] ?? 1)));
  const isWrapped = wrapped.some((row) => row.some((cell) => cell.length > 1));
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');

  const lines = [
    ...layoutRow(
      header.map((cell, i) => wrap(cell, widths[i] ?? 1)),
      widths,
    ),
    rule,
  ];
  for (const [index, row] of wrapped.entries()) {
    // With cells over several lines, a rule between rows shows where each row ends.
    if (isWrapped && index > 0) lines.push(rule);
    lines.push(...layoutRow(row, widths));
  }
  return lines.map((line) => line.trimEnd());
}

/** Natural column widths, shrunk fairly (widest first) until the row fits `maxWidth`. */
function columnWidths(table: readonly string[][], maxWidth: number): number[] {
  const count = table[0]?.length ?? 0;
  const natural = Array.from({ length: count }, (_, index) =>
    Math.max(1, ...table.map((row) => row[index]?.length ?? 0)),
  );
  const budget = Math.max(count * 4, maxWidth - SEPARATOR.length * (count - 1));

  const widths = [...natural];
  while (widths.reduce((sum, width) => sum + width, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= 4) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

function layoutRow(cells: readonly string[][], widths: readonly number[]): string[] {
  const height = Math.max(1, ...cells.map((cell) => cell.length));
  return Array.from({ length: height }, (_, line) =>
    cells.map((cell, index) => (cell[line] ?? '').padEnd(widths[index] ?? 0)).join(SEPARATOR),
  );
}

/** Word-wraps text to `width`, cutting words longer than the column. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';

  for (const word of text.split(' ').filter((w) => w !== '')) {
    for (let rest = word; rest !== ''; ) {
      const room = current === '' ? width : width - current.length - 1;
      if (rest.length <= room) {
        current = current === '' ? rest : `${current} ${rest}`;
        rest = '';
      } else if (current !== '') {
        lines.push(current);
        current = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }

  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}
