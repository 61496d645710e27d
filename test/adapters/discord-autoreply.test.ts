// Auto-reply through the real discord.js client: a pasted crash in a channel where it is on

import type { APIMessage } from 'discord.js';
// gets a thread (new or existing) with a brief answer and an expand button; nothing else does.
import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT, NIL_MAP_PANIC } from './fake-discord/crashes.js';
import {
  botMessages,
  finish,
  type Harness,
  startHarness,
  waitFor,
  waitForLog,
} from './fake-discord/harness.js';
import {
  BOT_ID,
  botUser,
  buttonClick,
  MANAGER_PERMISSIONS,
  message,
  QUIET_CHANNEL_ID,
  slashCommand,
} from './fake-discord/payloads.js';

const MESSAGE_CONTENT_INTENT = GatewayIntentBits.MessageContent;

let h: Harness | undefined;

afterEach(async () => {
  await finish(h);
  h = undefined;
});

async function startWithAutoreply(hasMessageContent = true): Promise<Harness> {
  const harness = await startHarness({ hasMessageContent });
  harness.store.setAutoreply('discord', QUIET_CHANNEL_ID, true);
  return harness;
}

/** Asks by mention and waits for the answer: events before it have been handled by then. */
async function barrier(harness: Harness): Promise<void> {
  const ask = message({ content: `<@${BOT_ID}> ${NIL_MAP_PANIC}`, mentionsBot: true });
  harness.fake.post(ask);
  // The last message of a complete answer carries the vote buttons.
  await waitFor('the barrier answer', () =>
    botMessages(harness.fake, QUIET_CHANNEL_ID).some((m) => m.id > ask.id && m.components?.length),
  );
}

function threadCreations(harness: Harness) {
  return harness.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/threads'));
}

/** The brief answer in the thread started from `paste`, once its buttons are there. */
function briefIn(harness: Harness, paste: APIMessage): Promise<APIMessage[]> {
  return waitFor('the brief answer', () => {
    const inThread = botMessages(harness.fake, paste.id);
    return inThread.some((m) => m.components?.length) && inThread;
  });
}

describe('discord adapter: auto-reply', () => {
  it('stays quiet where auto-reply is off, the default on Discord', async () => {
    h = await startHarness();
    const paste = message({ content: NIL_MAP_PANIC });
    h.fake.post(paste);

    await barrier(h);
    expect(threadCreations(h)).toHaveLength(0);
    expect(botMessages(h.fake, paste.id)).toHaveLength(0);
  });

  it('answers a pasted crash in a new thread with a brief diagnosis and buttons, once', async () => {
    h = await startWithAutoreply();
    const paste = message({ content: `this broke prod:\n${NIL_MAP_PANIC}` });
    h.fake.post(paste);
    h.fake.gateway.dispatch('MESSAGE_CREATE', paste);

    const brief = await briefIn(h, paste);
    expect(threadCreations(h)).toHaveLength(1);
    expect(threadCreations(h)[0]?.path).toBe(
      `/channels/${QUIET_CHANNEL_ID}/messages/${paste.id}/threads`,
    );
    expect(brief[0]?.embeds[0]?.title).toBe('Assignment to entry in nil map');
    const buttons = JSON.stringify(brief.at(-1)?.components);
    expect(buttons).toContain(`crashdoc:x:${QUIET_CHANNEL_ID}:${paste.id}`);
    expect(buttons).toContain('crashdoc:v:1:nil-map-assignment');
    expect(brief.map((m) => m.content).join('\n')).not.toContain('**Cause**');

    await barrier(h);
    expect(threadCreations(h)).toHaveLength(1);
    expect(botMessages(h.fake, paste.id)).toHaveLength(brief.length);
  });

  it('ignores messages that are not Go crashes', async () => {
    h = await startWithAutoreply();
    h.fake.post(message({ content: CHAT }));
    h.fake.post(message({ content: 'panic attack before the demo, wish me luck' }));

    await barrier(h);
    expect(threadCreations(h)).toHaveLength(0);
  });

  it('reuses the thread a person already opened on the message', async () => {
    h = await startWithAutoreply();
    const paste = message({ content: NIL_MAP_PANIC });
    h.fake.openThread(paste.id, QUIET_CHANNEL_ID);
    h.fake.post(paste);

    const brief = await briefIn(h, paste);
    expect(brief[0]?.embeds[0]?.title).toBe('Assignment to entry in nil map');
    const refused = threadCreations(h)[0];
    expect(refused?.status).toBe(400);
    expect(
      h.fake.requests.some((r) => r.method === 'GET' && r.path === `/channels/${paste.id}`),
    ).toBe(true);
  });

  it('reuses a thread it has seen created without asking to create one', async () => {
    h = await startWithAutoreply();
    const paste = message({ content: NIL_MAP_PANIC });
    h.fake.gateway.dispatch('THREAD_CREATE', {
      ...h.fake.openThread(paste.id, QUIET_CHANNEL_ID),
      newly_created: true,
    });
    h.fake.post(paste);

    await briefIn(h, paste);
    expect(threadCreations(h)).toHaveLength(0);
  });

  it('does not answer again in a thread that already holds its answer (after a restart)', async () => {
    h = await startWithAutoreply();
    const paste = message({ content: NIL_MAP_PANIC });
    h.fake.openThread(paste.id, QUIET_CHANNEL_ID);
    h.fake.messages.set(paste.id, [
      message({ id: undefined, channelId: paste.id, author: botUser, content: 'earlier answer' }),
    ]);
    h.fake.post(paste);

    expect(await waitForLog(h, 'already answered in thread')).toContain(paste.id);
    expect(botMessages(h.fake, paste.id)).toHaveLength(1);
  });

  it('expands the brief answer on request: the button goes, the full diagnosis follows', async () => {
    h = await startWithAutoreply();
    const paste = message({ content: NIL_MAP_PANIC });
    h.fake.post(paste);
    const brief = await briefIn(h, paste);
    const withButtons = brief.at(-1) as APIMessage;
    const thread = h.fake.channels.get(paste.id);

    const click = buttonClick(`crashdoc:x:${QUIET_CHANNEL_ID}:${paste.id}`, withButtons, {
      channel: thread,
    });
    h.fake.interact(click);

    const update = await waitFor('the update', () =>
      h!.fake.requests.find((r) => r.path.startsWith(`/interactions/${click.id}/`)),
    );
    expect(update.body?.['type']).toBe(7);
    const rows = JSON.stringify(update.body?.['data']);
    expect(rows).not.toContain('crashdoc:x:');
    expect(rows).toContain('crashdoc:v:');

    const full = await waitFor('the full answer', () => {
      const sends = h!.fake.requests.filter(
        (r) => r.path.startsWith(`/webhooks/`) && r.path.includes(click.token),
      );
      return sends.some((r) => String(r.body?.['content'] ?? '').includes('**Cause**')) && sends;
    });
    expect(full.every((r) => r.method === 'POST')).toBe(true);
    expect(full.map((r) => String(r.body?.['content'] ?? '')).join('\n')).toContain('```go\n');
  });
});

describe('discord adapter: without the Message Content intent', () => {
  it('does not ask for it, says so at start, and still answers mentions', async () => {
    h = await startWithAutoreply(false);
    expect((h.fake.gateway.identifies[0]?.intents ?? 0) & MESSAGE_CONTENT_INTENT).toBe(0);
    expect(h.logs.some((line) => line.includes('Message Content intent off'))).toBe(true);

    h.fake.post(message({ content: NIL_MAP_PANIC }));
    await barrier(h);
    expect(threadCreations(h)).toHaveLength(0);

    const command = slashCommand('crashdoc-autoreply', [{ name: 'on', type: 1, options: [] }], {
      permissions: MANAGER_PERMISSIONS,
    });
    h.fake.interact(command);
    const reply = await waitFor('the confirmation', () =>
      h!.fake.requests.find((r) => r.path.startsWith(`/interactions/${command.id}/`)),
    );
    expect(JSON.stringify(reply.body)).toContain('without the Message Content intent');
  });

  it('fails to start with a coded error naming the fix when Discord refuses the intent', async () => {
    const start = startHarness({ disallowedIntents: MESSAGE_CONTENT_INTENT });
    await expect(start).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('DISCORD_MESSAGE_CONTENT=false'),
    });
  });
});
