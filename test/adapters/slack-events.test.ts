// Mentions and auto-replies end to end: threads, retries, doubles, bots, snippets, failures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/buttons.js';
import {
  type Bot,
  type BotOptions,
  coreDiagnoser,
  failingOnceDiagnoser,
  findButton,
  startBot,
  waitFor,
  waitForLog,
} from './fake-slack/harness.js';
import { NIL_MAP_PANIC, NOT_A_CRASH } from './fake-slack/pastes.js';
import { blockAction, eventCallback, userMessage } from './fake-slack/requests.js';
import { BOT, type FakeSlack, startFakeSlack } from './fake-slack/server.js';

let fake: FakeSlack;
let b: Bot;

async function restart(options: BotOptions): Promise<void> {
  await b.stop();
  b = await startBot(fake, options);
}

beforeEach(async () => {
  fake = await startFakeSlack();
  b = await startBot(fake);
});

afterEach(async () => {
  await b.stop();
  await fake.close();
});

const posts = () => fake.posted('chat.postMessage');

describe('auto-reply', () => {
  it('answers a top-level crash paste briefly in its thread, with a way to expand', async () => {
    await eventCallback(b.url, userMessage({ ts: '100.000001', text: NIL_MAP_PANIC }));

    const post = await waitFor('the reply', () => posts()[0]);
    expect(post.args['thread_ts']).toBe('100.000001');
    expect(post.args['text']).toContain('Assignment to entry in nil map');
    const blocks = JSON.stringify(post.args['blocks']);
    expect(blocks).toContain(ACTION.expand);
    expect(blocks).not.toContain('"type":"table"');
    expect(post.authorization).toBe(`Bearer ${BOT.token}`);
  });

  it('expands the brief reply in place by re-reading the original message', async () => {
    fake.threads.set('C1:100.000001', {
      type: 'message',
      ts: '100.000001',
      user: 'U1',
      text: NIL_MAP_PANIC,
    });
    await eventCallback(b.url, userMessage({ ts: '100.000001', text: NIL_MAP_PANIC }));
    const post = await waitFor('the reply', () => posts()[0]);
    const button = findButton(post.args, ACTION.expand);
    expect(JSON.parse(button.value)).toEqual({ c: 'C1', t: '100.000001' });

    await blockAction(b.url, {
      actionId: ACTION.expand,
      value: button.value,
      responseUrl: fake.responseUrl(),
      messageTs: '1700000001.000100',
    });

    const update = await waitFor('the update', () => fake.posted('chat.update')[0]);
    expect(update.args['ts']).toBe('1700000001.000100');
    expect(JSON.stringify(update.args['blocks'])).toContain('"type":"table"');
  });

  it('answers once when Slack redelivers the event with X-Slack-Retry-Num', async () => {
    const event = userMessage({ ts: '101.000001', text: NIL_MAP_PANIC });
    await eventCallback(b.url, event, { eventId: 'EvSame' });
    await eventCallback(b.url, event, { eventId: 'EvSame', retryNum: 1 });
    await eventCallback(b.url, event, { eventId: 'EvSame', retryNum: 2 });

    await waitForLog(b, 'message skipped', { reason: 'duplicate', ts: '101.000001' }, 2);
    await waitFor('the reply', () => posts()[0]);
    expect(posts()).toHaveLength(1);
  });

  it('stays quiet for chat that is not a crash, for bots, and for thread replies', async () => {
    await eventCallback(b.url, userMessage({ ts: '102.000001', text: NOT_A_CRASH }));
    await eventCallback(
      b.url,
      userMessage({
        ts: '102.000002',
        text: NIL_MAP_PANIC,
        bot_id: 'BOTHER',
        subtype: 'bot_message',
      }),
    );
    await eventCallback(
      b.url,
      userMessage({ ts: '102.000003', text: NIL_MAP_PANIC, bot_id: 'BOTHER' }),
    );
    await eventCallback(
      b.url,
      userMessage({ ts: '102.000004', text: NIL_MAP_PANIC, thread_ts: '99.000001' }),
    );

    await waitForLog(b, 'no autoreply');
    await waitForLog(b, 'message skipped', { ts: '102.000002', reason: 'subtype' });
    await waitForLog(b, 'message skipped', { ts: '102.000003', reason: 'bot' });
    await waitForLog(b, 'message skipped', { ts: '102.000004', reason: 'in-thread' });
    // A marker paste answered afterwards shows the quiet ones were handled, not still pending.
    await eventCallback(b.url, userMessage({ ts: '102.000009', text: NIL_MAP_PANIC }));
    await waitFor('the marker reply', () => posts()[0]);
    expect(posts().map((p) => p.args['thread_ts'])).toEqual(['102.000009']);
  });

  it('stays quiet in a channel where auto-replies are off', async () => {
    b.store.setAutoreply('slack', 'C1', false);
    await eventCallback(b.url, userMessage({ ts: '103.000001', text: NIL_MAP_PANIC }));

    await waitForLog(b, 'message skipped', { ts: '103.000001', reason: 'autoreply-off' });
    expect(posts()).toEqual([]);
  });

  it('downloads a shared snippet with the bot token and diagnoses it', async () => {
    fake.files.set('panic.txt', NIL_MAP_PANIC);
    const file = {
      id: 'F1',
      size: NIL_MAP_PANIC.length,
      mode: 'snippet',
      mimetype: 'text/plain',
      filetype: 'text',
    };
    await eventCallback(
      b.url,
      userMessage({
        ts: '104.000001',
        subtype: 'file_share',
        text: '',
        files: [{ ...file, url_private: fake.fileUrl('panic.txt') }],
      }),
    );

    const post = await waitFor('the reply', () => posts()[0]);
    expect(post.args['text']).toContain('Assignment to entry in nil map');
    expect(fake.fileRequests).toEqual([
      { name: 'panic.txt', authorization: `Bearer ${BOT.token}` },
    ]);
  });

  it('does not download a file over the size cap', async () => {
    await restart({ tuning: { maxFileBytes: 100 } });
    const file = { id: 'F2', size: 5000, mode: 'snippet', url_private: fake.fileUrl('big.txt') };
    await eventCallback(
      b.url,
      userMessage({ ts: '105.000001', subtype: 'file_share', text: '', files: [file] }),
    );
    await eventCallback(b.url, userMessage({ ts: '105.000002', text: NIL_MAP_PANIC }));

    await waitFor('the marker reply', () => posts()[0]);
    expect(fake.fileRequests).toEqual([]);
    expect(posts()).toHaveLength(1);
  });
});

describe('mentions', () => {
  it('answers the paste in the mention, in its thread, once despite the doubled message event', async () => {
    const text = `<@${BOT.userId}> what is this?\n${NIL_MAP_PANIC}`;
    await eventCallback(b.url, userMessage({ type: 'app_mention', ts: '200.000001', text }));
    await eventCallback(b.url, userMessage({ ts: '200.000001', text }));
    await eventCallback(b.url, userMessage({ type: 'app_mention', ts: '200.000001', text }), {
      retryNum: 1,
    });

    await waitForLog(b, 'message skipped', { ts: '200.000001', reason: 'mention' });
    await waitForLog(b, 'mention skipped', { ts: '200.000001', reason: 'duplicate' });
    const post = await waitFor('the reply', () => posts()[0]);
    expect(posts()).toHaveLength(1);
    expect(post.args['thread_ts']).toBe('200.000001');
    expect(JSON.stringify(post.args['blocks'])).toContain('"type":"table"');
  });

  it('reads the thread parent when the mention itself holds no paste', async () => {
    fake.threads.set('C1:201.000001', {
      type: 'message',
      ts: '201.000001',
      user: 'U2',
      text: NIL_MAP_PANIC,
    });
    await eventCallback(
      b.url,
      userMessage({
        type: 'app_mention',
        ts: '201.000005',
        thread_ts: '201.000001',
        text: `<@${BOT.userId}> help?`,
      }),
    );

    const post = await waitFor('the reply', () => posts()[0]);
    expect(post.args['thread_ts']).toBe('201.000001');
    expect(post.args['text']).toContain('Assignment to entry in nil map');
    expect(fake.posted('conversations.replies')[0]?.args).toMatchObject({
      channel: 'C1',
      ts: '201.000001',
    });
  });

  it('ignores mentions written by bots', async () => {
    await eventCallback(
      b.url,
      userMessage({
        type: 'app_mention',
        ts: '202.000001',
        bot_id: 'BOTHER',
        text: `<@${BOT.userId}> ${NIL_MAP_PANIC}`,
      }),
    );

    await waitForLog(b, 'mention skipped', { ts: '202.000001', reason: 'bot' });
    expect(posts()).toEqual([]);
  });

  it('apologises when diagnosis fails, and keeps serving the next message', async () => {
    await restart({ diagnoser: failingOnceDiagnoser(coreDiagnoser()) });
    const text = `<@${BOT.userId}> ${NIL_MAP_PANIC}`;
    await eventCallback(b.url, userMessage({ type: 'app_mention', ts: '203.000001', text }));
    await eventCallback(b.url, userMessage({ type: 'app_mention', ts: '203.000002', text }));

    await waitFor('two replies', () => posts().length === 2);
    const texts = posts().map((p) => String(p.args['text']));
    expect(texts.some((t) => t.startsWith('Sorry, something went wrong'))).toBe(true);
    expect(texts.some((t) => t.includes('Assignment to entry in nil map'))).toBe(true);
    expect(b.logs.some((l) => l['msg'] === 'request failed' && l['step'] === 'mention')).toBe(true);
  });
});
