// Pasted text stays text: no escape sequences, no code-span breakouts, no confident quotes.
import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/render/markdown.js';
import { renderReply } from '../../src/render/reply.js';
import { formatText } from '../../src/render/text.js';
import { realDiagnoser } from '../helpers.js';

const CRASH = 'goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n';

describe('pasted text in replies', () => {
  const diagnoser = realDiagnoser();

  it('drops terminal escape sequences and bidi overrides from everything it quotes', () => {
    const paste = `\u001b]52;c;ZXZpbA==\u0007\u001b[2Jpanic: assignment to entry in nil map\u202e\n\n${CRASH}`;
    const reply = renderReply(diagnoser.diagnoseSync(paste));
    const text = formatText(reply);
    expect(reply.entryId).toBe('nil-map-assignment');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('cannot close a code span or make a link from a function name', () => {
    const paste = `panic: boom\n\ngoroutine 1 [running]:\nmain.x\`[click](https://evil.example)\`()\n\t/x/main.go:3 +0x1\n`;
    const markdown = formatMarkdown(renderReply(diagnoser.diagnoseSync(paste)));
    expect(markdown).not.toContain('](https://evil.example)');
    expect(markdown).not.toContain('`[click]');
  });

  it('never answers prose that only quotes a runtime message with high confidence', () => {
    const prose =
      'We used to get panic: assignment to entry in nil map but we fixed it with make().';
    const diagnosis = diagnoser.diagnoseSync(prose);
    expect(diagnosis.candidates.filter((c) => c.confidence === 'high')).toEqual([]);
  });
});
