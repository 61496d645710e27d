// The Slack adapter's small parts: fallback delivery, file host checks, dedupe, rate limits.
import type { RespondFn } from '@slack/bolt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../adapters/slack/command.js';
import { isSlackFileUrl } from '../../adapters/slack/files.js';
import type { FallbackLevel, SlackMessage } from '../../adapters/slack/format.js';
import { RateLimiter } from '../../adapters/slack/rate-limit.js';
import { isBlocksRejected, respondSender, sendWithFallback } from '../../adapters/slack/send.js';
import { TtlMap } from '../../adapters/slack/ttl-map.js';

const silent = pino({ level: 'silent' });
const MESSAGES: Record<FallbackLevel, SlackMessage> = {
  table: { text: 'table', blocks: [{ type: 'divider' }] },
  'code-table': { text: 'code', blocks: [{ type: 'divider' }] },
  text: { text: 'plain' },
};
const build = (level: FallbackLevel) => MESSAGES[level];

describe('sendWithFallback', () => {
  it('steps down a level only when Slack rejects the blocks', async () => {
    const sent: SlackMessage[] = [];
    const level = await sendWithFallback(
      build,
      async (message) => {
        sent.push(message);
        if (message.blocks)
          throw Object.assign(new Error('x'), { data: { ok: false, error: 'invalid_blocks' } });
      },
      silent,
    );

    expect(level).toBe('text');
    expect(sent.map((m) => m.text)).toEqual(['table', 'code', 'plain']);
  });

  it('gives up at once with ADAPTER_POST_FAILED when the failure is not about blocks', async () => {
    let attempts = 0;
    const failing = sendWithFallback(
      build,
      async () => {
        attempts += 1;
        throw Object.assign(new Error('x'), { data: { ok: false, error: 'channel_not_found' } });
      },
      silent,
    );

    await expect(failing).rejects.toMatchObject({ code: 'ADAPTER_POST_FAILED' });
    expect(attempts).toBe(1);
  });

  it("treats a response_url's 200 with ok:false invalid_blocks as a rejection", async () => {
    const respond = (async () =>
      new Response('{"ok":false,"error":"invalid_blocks"}', {
        status: 200,
      })) as unknown as RespondFn;

    const error = await respondSender(respond, { response_type: 'ephemeral' })({ text: 't' }).catch(
      (e: unknown) => e,
    );
    expect(isBlocksRejected(error)).toBe(true);
  });
});

describe('isSlackFileUrl', () => {
  it('sends the bot token only to Slack hosts or the configured API origin', () => {
    expect(isSlackFileUrl('https://files.slack.com/files-pri/T1-F1/panic.txt', undefined)).toBe(
      true,
    );
    expect(isSlackFileUrl('http://files.slack.com/x', undefined)).toBe(false);
    expect(isSlackFileUrl('https://files.slack.com.evil.example/x', undefined)).toBe(false);
    expect(isSlackFileUrl('https://evil.example/slack.com', undefined)).toBe(false);
    expect(isSlackFileUrl('http://127.0.0.1:9/files/a', 'http://127.0.0.1:9/api/')).toBe(true);
    expect(isSlackFileUrl('http://127.0.0.1:8/files/a', 'http://127.0.0.1:9/api/')).toBe(false);
    expect(isSlackFileUrl('not a url', undefined)).toBe(false);
  });
});

describe('TtlMap.claim', () => {
  it('lets one caller claim a key until it expires, and evicts past the size cap', () => {
    let now = 0;
    const map = new TtlMap<true>({ ttlMs: 100, maxEntries: 2, now: () => now });

    expect(map.claim('C1:1.0', true)).toBe(true);
    expect(map.claim('C1:1.0', true)).toBe(false);
    now = 150;
    expect(map.claim('C1:1.0', true)).toBe(true);

    map.set('a', true);
    map.set('b', true);
    expect(map.size).toBe(2);
    expect(map.get('C1:1.0')).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perMs: 1000 }, () => now);

    expect(limiter.take('U1')).toEqual({ ok: true });
    expect(limiter.take('U1')).toEqual({ ok: true });
    expect(limiter.take('U1')).toEqual({ ok: false, retryAfterMs: 500 });
    expect(limiter.take('U2')).toEqual({ ok: true });
    now = 500;
    expect(limiter.take('U1')).toEqual({ ok: true });
  });
});

describe('parseCommandText', () => {
  it('reads help, autoreply switches, and everything else as a paste', () => {
    expect(parseCommandText('  ')).toEqual({ kind: 'help' });
    expect(parseCommandText('HELP')).toEqual({ kind: 'help' });
    expect(parseCommandText('autoreply Off')).toEqual({ kind: 'autoreply', enabled: false });
    expect(parseCommandText('autoreply')).toEqual({ kind: 'autoreply', enabled: undefined });
    expect(parseCommandText('autoreply maybe')).toEqual({
      kind: 'paste',
      paste: 'autoreply maybe',
    });
  });
});
