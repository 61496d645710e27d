// The Discord adapter under trouble: events delivered twice, bots talking, REST failures and a
// core that throws. One answer per message, none to bots, and the bot stays up throughout.
import { afterEach, describe, expect, it } from 'vitest';
import { createActivityTracker, createSeenSet } from '../../adapters/discord/recent.js';
import type { Diagnoser } from '../../src/index.js';
import { NIL_MAP_PANIC } from './fake-discord/crashes.js';
import {
  botMessages,
  diagnoser,
  finish,
  type Harness,
  startHarness,
  waitFor,
  waitForLog,
} from './fake-discord/harness.js';
import { BOT_ID, botUser, message, otherBot, QUIET_CHANNEL_ID } from './fake-discord/payloads.js';

const APOLOGY_START = 'Sorry, crashdoc could not answer';

let h: Harness | undefined;

afterEach(async () => {
  await finish(h);
  h = undefined;
});

/** Posts a mention with the crash and waits until its answer (with vote buttons) is complete. */
async function askAndWait(harness: Harness): Promise<string> {
  const ask = message({ content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`, mentionsBot: true });
  harness.fake.post(ask);
  await waitFor('the answer', () =>
    botMessages(harness.fake, QUIET_CHANNEL_ID).some((m) => m.components?.length && m.id > ask.id),
  );
  return ask.id;
}

function repliesTo(harness: Harness, messageId: string) {
  return botMessages(harness.fake, QUIET_CHANNEL_ID).filter(
    (m) => m.message_reference?.message_id === messageId,
  );
}

describe('discord adapter: reliability', () => {
  it('answers a message delivered twice only once', async () => {
    h = await startHarness();
    const ask = message({ content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`, mentionsBot: true });
    h.fake.post(ask);
    h.fake.gateway.dispatch('MESSAGE_CREATE', ask);

    // Events are handled in order, so once a later question is answered the duplicate is done.
    await askAndWait(h);
    expect(repliesTo(h, ask.id)).toHaveLength(1);
  });

  it('never answers bots, itself included, even when they mention it with a crash', async () => {
    h = await startHarness();
    h.store.setAutoreply('discord', QUIET_CHANNEL_ID, true);
    const fromBot = message({
      author: otherBot,
      content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`,
      mentionsBot: true,
    });
    const fromSelf = message({ author: botUser, content: `<@${BOT_ID}> ${NIL_MAP_PANIC}` });
    h.fake.post(fromBot);
    h.fake.post(fromSelf);

    await askAndWait(h);
    expect(repliesTo(h, fromBot.id)).toHaveLength(0);
    expect(repliesTo(h, fromSelf.id)).toHaveLength(0);
    expect(h.fake.requests.filter((r) => r.path.endsWith('/threads'))).toHaveLength(0);
  });

  it('stays up after Discord refuses a reply with 403, and apologises', async () => {
    h = await startHarness();
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, 403);
    const first = message({ content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`, mentionsBot: true });
    h.fake.post(first);

    const failed = await waitForLog(h, 'message failed');
    expect(failed).toContain('"code":"ADAPTER_POST_FAILED"');
    expect(failed).toContain('"status":403');
    await waitFor('the apology', () =>
      repliesTo(h!, first.id).find((m) => m.content.startsWith(APOLOGY_START)),
    );

    const second = await askAndWait(h);
    expect(repliesTo(h, second)[0]?.embeds[0]?.title).toBe('Assignment to entry in nil map');
  });

  it('lets discord.js retry a 500 once, then stays up when every retry fails', async () => {
    h = await startHarness();
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, 500, 1);
    const retried = await askAndWait(h);
    expect(repliesTo(h, retried)).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.status === 500)).toHaveLength(1);

    // discord.js tries 1 + 3 times; all fail, so this answer is lost but not the process.
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, 500, 4);
    const lost = message({ content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`, mentionsBot: true });
    h.fake.post(lost);
    expect(await waitForLog(h, 'message failed')).toContain('"status":500');

    const after = await askAndWait(h);
    expect(repliesTo(h, after)[0]?.embeds[0]?.title).toBe('Assignment to entry in nil map');
  });

  it('apologises when the core throws, without logging the paste', async () => {
    const real = diagnoser();
    let calls = 0;
    const flaky: Diagnoser = {
      ...real,
      diagnose: async (paste, context) => {
        calls += 1;
        if (calls === 1) throw new Error(`parser exploded on ${paste}`);
        return real.diagnose(paste, context);
      },
    };
    h = await startHarness({ diagnoser: flaky });
    const first = message({ content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`, mentionsBot: true });
    h.fake.post(first);

    await waitFor('the apology', () =>
      repliesTo(h!, first.id).find((m) => m.content.startsWith(APOLOGY_START)),
    );
    expect(h.logs.join('\n')).not.toContain('assignment to entry in nil map');
    await askAndWait(h);
  });

  it('remembers handled ids within its bound and forgets the oldest beyond it', () => {
    const seen = createSeenSet(2);
    expect([seen.claim('a'), seen.claim('a'), seen.claim('b'), seen.claim('c')]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(seen.claim('a')).toBe(true); // forgotten: the set holds b and c
    expect(seen.claim('c')).toBe(false);
  });

  it('calls a channel busy only while enough messages fall in the window', () => {
    const activity = createActivityTracker({ messages: 3, windowMs: 1000 });
    for (const at of [0, 100, 200]) activity.record('c', at);
    expect(activity.isBusy('c', 500)).toBe(true);
    expect(activity.isBusy('c', 1150)).toBe(false);
    expect(activity.isBusy('other', 500)).toBe(false);
  });
});
