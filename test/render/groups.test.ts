// Goroutine groups in the outputs: the JSON contract's ranked `groups`, and the table with
// the ranking's notes in Markdown and terminal text.
import { describe, expect, it } from 'vitest';
import { diagnosisToJson } from '../../src/render/json.js';
import { formatMarkdown } from '../../src/render/markdown.js';
import { renderReply } from '../../src/render/reply.js';
import { formatText } from '../../src/render/text.js';
import { fixture, realDiagnoser } from '../helpers.js';

describe('goroutine groups in the outputs', () => {
  const diagnosis = realDiagnoser().diagnoseSync(
    fixture('generated/goroutine-leak-sigquit-61s.txt'),
  );

  it('keeps the JSON group shape, ranked, with role and note added', () => {
    const json = diagnosisToJson(diagnosis) as { reports: { groups: unknown[] }[] };
    expect(json.reports[0]?.groups[0]).toEqual({
      count: 1000,
      state: 'chan receive',
      waitMinutes: [1, 1],
      lockedToThread: 0,
      top: 'main.(*Subscriber).consume',
      createdBy: 'main.main',
      role: 'suspect',
      note: 'leak suspect',
    });
    const roles = json.reports[0]?.groups.map((g) => (g as { role: string }).role) ?? [];
    expect(roles.indexOf('normal')).toBeGreaterThan(roles.lastIndexOf('suspect'));
  });

  it('shows the notes as a column in Markdown and in the terminal', () => {
    const reply = renderReply(diagnosis);
    const markdown = formatMarkdown(reply);
    expect(markdown).toContain('| Count | State | Waiting | Top frame | Note |');
    expect(markdown).toContain(
      '| 10 | IO wait | 1 min | `main.serve` | listener accepting: closed? |',
    );
    expect(formatText(reply)).toMatch(
      /5\s+chan receive\s+1 min\s+main\.pinned\s+leak suspect; 5 locked/,
    );
  });

  it('leaves the Note column out when no group has a note', () => {
    const paste =
      'panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n\ngoroutine 2 [running]:\nmain.f()\n\t/x/main.go:9 +0x1\n';
    const markdown = formatMarkdown(renderReply(realDiagnoser().diagnoseSync(paste)));
    expect(markdown).toContain('| Count | State | Waiting | Top frame |\n');
  });
});
