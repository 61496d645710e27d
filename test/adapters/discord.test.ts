// The Discord adapter on mentions, driven through the real discord.js client against a fake
// Discord: the gateway handshake, replies in place and in threads, files, searches, no pings.
import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT, NIL_MAP_PANIC } from './fake-discord/crashes.js';
import {
  botMessages,
  finish,
  type Harness,
  sentText,
  startHarness,
  waitFor,
  waitForLog,
} from './fake-discord/harness.js';
import {
  ALICE_ID,
  attachment,
  BOT_ID,
  BUSY_CHANNEL_ID,
  message,
  QUIET_CHANNEL_ID,
  TOKEN,
} from './fake-discord/payloads.js';

const MESSAGE_CONTENT_INTENT = GatewayIntentBits.MessageContent;

let h: Harness | undefined;

afterEach(async () => {
  await finish(h);
  h = undefined;
});

describe('discord adapter: mentions', () => {
  it('completes the gateway handshake: identify with token and intents, heartbeats acked', async () => {
    h = await startHarness({ heartbeatMs: 200 });
    const fake = h.fake;

    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot' });
    expect(fake.gateway.identifies).toHaveLength(1);
    expect(fake.gateway.identifies[0]?.token).toBe(TOKEN);
    expect((fake.gateway.identifies[0]?.intents ?? 0) & MESSAGE_CONTENT_INTENT).not.toBe(0);
    await waitFor('a heartbeat', () => fake.gateway.heartbeats >= 2);
    expect(h.logs.some((line) => line.includes('"discord ready"'))).toBe(true);
  });

  it('answers a mention holding a paste with a reply: embed, Go code blocks, vote buttons', async () => {
    h = await startHarness();
    const ask = message({ content: `<@${BOT_ID}> help?\n${NIL_MAP_PANIC}`, mentionsBot: true });
    h.fake.post(ask);

    const sent = await waitFor('the answer', () => {
      const ours = botMessages(h!.fake, QUIET_CHANNEL_ID);
      return ours.some((m) => m.components?.length) && ours;
    });
    expect(sent[0]?.message_reference?.message_id).toBe(ask.id);
    expect(sent[0]?.embeds[0]?.title).toBe('Assignment to entry in nil map');
    expect(sent[0]?.embeds[0]?.footer?.text).toContain('nil-map-assignment');

    const body = sent.map((m) => m.content).join('\n');
    expect(body).toContain('```go\n');
    expect(body).toContain('**Workarounds compared**');
    const buttons = JSON.stringify(sent.at(-1)?.components);
    expect(buttons).toContain('crashdoc:v:1:nil-map-assignment');
    expect(h.fake.requests.some((r) => r.path.endsWith('/threads'))).toBe(false);
  });

  it('diagnoses the message a mention replies to', async () => {
    h = await startHarness();
    const paste = message({ content: NIL_MAP_PANIC });
    h.fake.post(paste);
    h.fake.post(
      message({ content: `<@${BOT_ID}> what is this?`, mentionsBot: true, replyTo: paste }),
    );

    const answered = await waitForLog(h, 'mention answered');
    expect(answered).toContain('"source":"reference"');
    const sent = botMessages(h.fake, QUIET_CHANNEL_ID)[0];
    expect(sent?.embeds[0]?.title).toBe('Assignment to entry in nil map');
  });

  it('downloads a message.txt attachment and diagnoses it', async () => {
    h = await startHarness();
    const file = attachment(h.fake.url, 'message.txt', NIL_MAP_PANIC.length);
    h.fake.files.set(new URL(file.url).pathname, Buffer.from(NIL_MAP_PANIC));
    h.fake.post(message({ content: `<@${BOT_ID}>`, mentionsBot: true, attachments: [file] }));

    expect(await waitForLog(h, 'mention answered')).toContain('"files":1');
    const sent = botMessages(h.fake, QUIET_CHANNEL_ID)[0];
    expect(sent?.embeds[0]?.title).toBe('Assignment to entry in nil map');
  });

  it('reads only up to the size cap of a large attachment', async () => {
    h = await startHarness({ maxBytes: 4096 });
    const huge = `${NIL_MAP_PANIC}\n${'main.filler()\n\t/app/filler.go:1 +0x1\n'.repeat(20_000)}`;
    const file = attachment(h.fake.url, 'message.txt', huge.length);
    h.fake.files.set(new URL(file.url).pathname, Buffer.from(huge));
    h.fake.post(message({ content: `<@${BOT_ID}>`, mentionsBot: true, attachments: [file] }));

    const answered = await waitForLog(h, 'mention answered');
    expect(botMessages(h.fake, QUIET_CHANNEL_ID)[0]?.embeds[0]?.title).toBe(
      'Assignment to entry in nil map',
    );
    expect(answered).toContain('"isTruncated":true');
    expect(Number(/"pasteLength":(\d+)/.exec(answered)?.[1])).toBeLessThanOrEqual(4096);
  });

  it('answers in a thread started from the mention when the channel is busy', async () => {
    h = await startHarness({ busy: { messages: 3, windowMs: 60_000 } });
    h.fake.post(message({ channelId: BUSY_CHANNEL_ID, content: CHAT }));
    h.fake.post(message({ channelId: BUSY_CHANNEL_ID, content: CHAT }));
    const ask = message({
      channelId: BUSY_CHANNEL_ID,
      content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`,
      mentionsBot: true,
    });
    h.fake.post(ask);

    const inThread = await waitFor('the answer in a thread', () => botMessages(h!.fake, ask.id)[0]);
    expect(inThread.embeds[0]?.title).toBe('Assignment to entry in nil map');
    const create = h.fake.requests.find((r) => r.path.endsWith(`/messages/${ask.id}/threads`));
    expect(create?.body?.['name']).toBe('crashdoc: Assignment to entry in nil map');
    expect(botMessages(h.fake, BUSY_CHANNEL_ID)).toHaveLength(0);
  });

  it('treats words without a crash as a knowledge-base search', async () => {
    h = await startHarness();
    h.fake.post(message({ content: `<@${BOT_ID}> nil map assignment`, mentionsBot: true }));

    const sent = await waitFor('the answer', () => botMessages(h!.fake, QUIET_CHANNEL_ID)[0]);
    expect(sent.embeds[0]?.title).toBe('Assignment to entry in nil map');
    expect(sent.components ?? []).toHaveLength(0);
  });

  it('explains how to ask when a mention holds nothing', async () => {
    h = await startHarness();
    h.fake.post(message({ content: `<@${BOT_ID}>`, mentionsBot: true }));

    const sent = await waitFor('the help', () => botMessages(h!.fake, QUIET_CHANNEL_ID)[0]);
    expect(sent.content).toContain('/diagnose');
  });

  it('pings no one for a paste full of mentions, and logs none of the paste', async () => {
    h = await startHarness();
    const marker = 'SECRET-MARKER-7781';
    const paste = `@everyone @here <@${ALICE_ID}> ${marker}\n${NIL_MAP_PANIC.replace(
      'main.main()',
      `main.main() @everyone ${marker}`,
    )}`;
    h.fake.post(message({ content: `<@${BOT_ID}> ${paste}`, mentionsBot: true }));

    await waitFor('the answer', () => botMessages(h!.fake, QUIET_CHANNEL_ID).length >= 2);
    const sends = h.sends();
    expect(sends.length).toBeGreaterThan(0);
    expect(h.logs.join('\n')).not.toContain(marker);
    expect(h.logs.join('\n')).not.toContain('alice');
    // The afterEach check proves allowed_mentions on each of these sends.
    expect(sends.map(sentText).join('\n')).not.toContain('<@&');
  });
});
