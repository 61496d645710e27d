// Discord formatting: every message within 2,000 characters and every embed within its limits,
// code blocks never cut open, tables as monospace grids or (narrow) inline embed fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitEmbed, formatReply } from '../../adapters/discord/format.js';
import { splitMarkdown } from '../../adapters/discord/split.js';
import { isNarrowTable, monospaceTable, tableFields } from '../../adapters/discord/table.js';
import type { Reply } from '../../src/index.js';
import { expectWithinLimits, fences, goLines } from './fake-discord/limits.js';

const longGo = Array.from(
  { length: 300 },
  (_, i) => `\tregistry.handlers["h${i}"] = handler${i} // ${i}`,
).join('\n');

/** A reply larger than any real one, in every part at once. */
const hugeReply: Reply = {
  entryId: 'nil-map-assignment',
  title: `A very long title ${'x'.repeat(400)}`,
  confidence: 'high',
  summary: `Summary ${'word '.repeat(1500)}`,
  context: Array.from(
    { length: 40 },
    (_, i) => `**Context ${i}:** \`value ${i}\` ${'y'.repeat(80)}`,
  ),
  evidence: Array.from({ length: 8 }, (_, i) => ({
    line: i * 100 + 1,
    text: `${'e'.repeat(100)} \`\`\` fence ${'e'.repeat(400)}`,
  })),
  cause: `First paragraph ${'cause '.repeat(600)}\n\n\`\`\`go\nfunc inCause() {}\n\`\`\``,
  fixes: [{ title: 'Make the map', note: 'Use **make**.', before: longGo, after: `${longGo}\n}` }],
  comparison: {
    columns: ['Workaround', 'Removes the cause?', 'Cost', 'When to choose it'],
    rows: Array.from({ length: 12 }, (_, i) => [
      `Option ${i} ${'long '.repeat(10)}`,
      'No',
      'Some',
      'Rarely',
    ]),
  },
  nextSteps: Array.from({ length: 6 }, (_, i) => `Run \`go test -run Test${i} ./...\``),
  related: [{ id: 'concurrent-map-access', title: 'Concurrent map writes' }],
  groups: [
    { count: 1200, state: 'chan receive', wait: '5–90 min', top: `main.worker${'z'.repeat(200)}` },
  ],
  fingerprint: 'ae744e45b9663409',
};

describe('discord formatting', () => {
  it('keeps every message of a huge reply within the limits, Go code whole and in order', () => {
    const messages = formatReply(hugeReply);
    for (const m of messages) expectWithinLimits(m.embeds ?? [], m.content);

    const contents = messages.flatMap((m) => (m.content === undefined ? [] : [m.content]));
    expect(goLines(contents)).toEqual([
      'func inCause() {}',
      ...longGo.split('\n'),
      ...longGo.split('\n'),
      '}',
    ]);
    expect(messages[0]?.embeds?.[0]?.footer?.text).toContain('nil-map-assignment');
  });

  it('neutralises backtick fences inside pasted evidence', () => {
    const body = formatReply(hugeReply)
      .map((m) => m.content ?? '')
      .join('\n');
    expect(body).not.toContain('e ``` fence');
    expect(body).toContain('`\u200b`\u200b` fence');
  });

  it('never leaves a code block open, whatever the Markdown (property)', () => {
    const line = fc
      .string({ maxLength: 2500 })
      .map((s) => s.replace(/`/g, "'").replace(/\n/g, ' '));
    const block = fc.oneof(
      fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n')),
      fc
        .tuple(fc.constantFrom('', 'go', 'text'), fc.array(line, { maxLength: 30 }))
        .map(([lang, lines]) => `\`\`\`${lang}\n${lines.join('\n')}\n\`\`\``),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
        const markdown = blocks.join('\n');
        const chunks = splitMarkdown(markdown);
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(2000);
          expect(fences(chunk) % 2).toBe(0);
        }
        // Nothing is lost: the same characters, fences and breaks aside.
        const strip = (s: string) => s.replace(/```\w*/g, '').replace(/\s/g, '');
        expect(strip(chunks.join(''))).toBe(strip(markdown));
      }),
      { numRuns: 200 },
    );
  });

  it('lays the comparison out as a monospace grid no wider than 72 columns', () => {
    const rows = hugeReply.comparison?.rows ?? [];
    const grid = monospaceTable(['Workaround', 'Removes the cause?', 'Cost', 'When'], rows);
    expect(grid.every((l) => l.length <= 72)).toBe(true);
    expect(grid[1]).toMatch(/^-+(-\+-+)+$/);
    expect(isNarrowTable(['Workaround', 'Cost'], [['Recover', 'High']])).toBe(true);
    expect(isNarrowTable(['A', 'B', 'C', 'D'], [['1', '2', '3', '4']])).toBe(false);
  });

  it('shows a narrow table as inline embed fields, one per column', () => {
    const reply: Reply = {
      ...hugeReply,
      title: 'Short',
      summary: 'Short.',
      context: [],
      comparison: {
        columns: ['Option', 'Fixes it?'],
        rows: [
          ['make', 'Yes'],
          ['recover', 'No'],
        ],
      },
    };
    const header = formatReply(reply)[0]?.embeds?.[0];
    expect(header?.fields).toEqual(
      tableFields(
        ['Option', 'Fixes it?'],
        [
          ['make', 'Yes'],
          ['recover', 'No'],
        ],
      ),
    );
    expect(header?.fields?.every((f) => f.inline)).toBe(true);
    expect(formatReply(reply).some((m) => m.content?.includes('Workarounds compared'))).toBe(false);
  });

  it('trims an embed over the 6,000-character total', () => {
    const embed = fitEmbed({
      title: 't'.repeat(300),
      description: 'd'.repeat(5000),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(2000) })),
      footer: { text: 'f'.repeat(3000) },
    });
    expectWithinLimits([embed]);
  });
});
