// Reply formatting and delivery: escaping, the table block, Slack's limits, and the fallbacks
// when Slack rejects blocks or rate-limits the bot.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatReply } from '../../adapters/slack/format.js';
import { inlineToMrkdwn } from '../../adapters/slack/mrkdwn.js';
import type { Reply } from '../../src/index.js';
import { type Bot, startBot, waitFor, waitForLog } from './fake-slack/harness.js';
import { HOSTILE_PANIC, NIL_MAP_PANIC } from './fake-slack/pastes.js';
import { eventCallback, slashCommand, userMessage } from './fake-slack/requests.js';
import { BOT, type FakeSlack, startFakeSlack } from './fake-slack/server.js';
import { blockProblem } from './fake-slack/validate.js';

let fake: FakeSlack;
let b: Bot;

beforeEach(async () => {
  fake = await startFakeSlack();
  b = await startBot(fake);
});

afterEach(async () => {
  await b.stop();
  await fake.close();
});

const mention = (ts: string, paste: string) =>
  eventCallback(
    b.url,
    userMessage({ type: 'app_mention', ts, text: `<@${BOT.userId}>\n${paste}` }),
  );
const posts = () => fake.posted('chat.postMessage');
type Block = {
  type: string;
  rows?: { type: string; text: string }[][];
  column_settings?: unknown[];
};
const blocksOf = (call: { args: Record<string, unknown> }) =>
  (call.args['blocks'] ?? []) as Block[];

describe('echoed paste text', () => {
  it('is escaped so nobody can be pinged through the bot', async () => {
    await mention('300.000001', HOSTILE_PANIC);

    const post = await waitFor('the reply', () => posts()[0]);
    const sent = JSON.stringify(post.args);
    expect(sent).toContain('&lt;!channel&gt;');
    expect(sent).toContain('&lt;@U999&gt;');
    expect(sent).toContain('&lt;b&gt; &amp; co');
    expect(sent).not.toMatch(/<!channel>|<@U999>|<b>/);
    expect(fake.violations).toEqual([]);
  });
});

describe('the workaround comparison', () => {
  it('is one real table block: a header row of raw_text cells, then the workarounds', async () => {
    await mention('301.000001', NIL_MAP_PANIC);

    const post = await waitFor('the reply', () => posts()[0]);
    const tables = blocksOf(post).filter((block) => block.type === 'table');
    expect(tables).toHaveLength(1);
    const rows = tables[0]?.rows ?? [];
    expect(rows[0]?.map((cell) => cell.text)).toEqual([
      'Workaround',
      'Removes the cause?',
      'Cost',
      'When to choose it',
    ]);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.flat().every((cell) => cell.type === 'raw_text' && cell.text.length > 0)).toBe(
      true,
    );
    expect(tables[0]?.column_settings).toHaveLength(4);
  });

  it('falls back to a monospace table in a code block when Slack rejects the table', async () => {
    fake.rejectBlocks = 'table';
    await mention('302.000001', NIL_MAP_PANIC);

    await waitFor('the retry', () => posts().length === 2);
    const [rejected, accepted] = posts();
    expect(blocksOf(rejected!).some((block) => block.type === 'table')).toBe(true);
    expect(blocksOf(accepted!).some((block) => block.type === 'table')).toBe(false);
    expect(JSON.stringify(accepted!.args['blocks'])).toMatch(
      /```Workaround +\| Removes the cause\?/,
    );
    await waitForLog(b, 'blocks rejected, falling back', {
      level: 40,
      fallbackLevel: 'table',
      slackError: 'invalid_blocks',
    });
  });
});

describe('when Slack rejects every Block Kit payload', () => {
  it('still gets the answer to the user as text, in a thread', async () => {
    fake.rejectBlocks = 'all';
    await mention('303.000001', NIL_MAP_PANIC);

    await waitFor('the text reply', () => posts().find((p) => p.args['blocks'] === undefined));
    const last = posts().at(-1)!;
    expect(last.args['blocks']).toBeUndefined();
    expect(last.args['thread_ts']).toBe('303.000001');
    expect(last.args['text']).toContain('Assignment to entry in nil map');
    expect(last.args['text']).toContain('*Cause*');
  });

  it('still gets the slash command answer to the user as text through response_url', async () => {
    fake.rejectBlocks = 'all';
    await slashCommand(b.url, { text: NIL_MAP_PANIC, responseUrl: fake.responseUrl() });

    const answer = await waitFor('the text answer', () =>
      fake.responses.find((r) => r.body['blocks'] === undefined),
    );
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(answer.body['text']).toContain('Assignment to entry in nil map');
  });
});

describe("Slack's rate limits", () => {
  it('waits out a 429 with Retry-After and then delivers', async () => {
    fake.rateLimitNext = { method: 'chat.postMessage', retryAfter: 1 };
    await mention('304.000001', NIL_MAP_PANIC);

    await waitFor('the delivered reply', () => posts().length === 2);
    expect(posts().map((p) => p.args['thread_ts'])).toEqual(['304.000001', '304.000001']);
    expect(b.logs.some((l) => String(l['boltMessage']).includes('rate limiting'))).toBe(true);
  });
});

describe('formatReply', () => {
  const huge: Reply = {
    entryId: 'x',
    title: 'T'.repeat(400),
    confidence: 'high',
    summary: 'S'.repeat(5000),
    context: Array.from({ length: 300 }, (_, i) => `**line ${i}** ${'c'.repeat(40)}`),
    evidence: Array.from({ length: 500 }, (_, i) => ({
      line: i + 1,
      text: `<!here> ${'e'.repeat(80)}`,
    })),
    cause: 'C'.repeat(5000),
    fixes: Array.from({ length: 40 }, () => ({
      title: 'fix',
      note: 'n',
      before: 'b'.repeat(9000),
      after: 'a',
    })),
    comparison: {
      columns: ['Workaround', 'Removes the cause?', 'Cost', 'When to choose it'],
      rows: Array.from({ length: 300 }, () => ['w', '', 'c'.repeat(900), 'x']),
    },
    nextSteps: Array.from({ length: 100 }, () => 'step'),
    related: [],
    groups: Array.from({ length: 100 }, () => ({
      count: 1,
      state: 'chan receive',
      wait: '5 min',
      top: 'main.f',
    })),
    fingerprint: 'f',
  };

  it('keeps an oversized reply inside every Block Kit limit at each fallback level', () => {
    for (const level of ['table', 'code-table', 'text'] as const) {
      const message = formatReply(huge, {
        variant: 'full',
        level,
        buttons: { vote: { entryId: 'x', fingerprint: 'f' } },
      });
      expect(blockProblem({ ...message })).toBeUndefined();
      expect(message.text.length).toBeLessThanOrEqual(3900);
      expect(JSON.stringify(message)).not.toContain('<!here>');
    }
  });

  it('converts inline markdown outside code spans only', () => {
    expect(
      inlineToMrkdwn(
        '**Headline:** `[x](https://e.org) **y** <!here>` see [docs](https://go.dev/doc)',
      ),
    ).toBe('*Headline:* `[x](https://e.org) **y** &lt;!here&gt;` see <https://go.dev/doc|docs>');
  });
});
