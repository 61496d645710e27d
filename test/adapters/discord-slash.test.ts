// /diagnose (modal, attachment, search), /crashdoc-autoreply and the vote buttons, through
// the real discord.js client: deferred at once, answered by editing and following up.
import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { NIL_MAP_PANIC } from './fake-discord/crashes.js';
import { finish, type Harness, startHarness, waitFor } from './fake-discord/harness.js';
import {
  APP_ID,
  attachment,
  buttonClick,
  MANAGER_PERMISSIONS,
  modalSubmit,
  QUIET_CHANNEL_ID,
  slashCommand,
} from './fake-discord/payloads.js';
import type { RecordedRequest } from './fake-discord/server.js';

const Callback = { Message: 4, Deferred: 5, Update: 7, Modal: 9 } as const;
const EPHEMERAL = 1 << 6;

let h: Harness | undefined;

afterEach(async () => {
  await finish(h);
  h = undefined;
});

/** The callback the bot made for an interaction, once it has made one. */
function callbackOf(harness: Harness, interaction: { id: string }): RecordedRequest | undefined {
  return harness.fake.requests.find((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
}

/** Edits and follow-ups sent with an interaction's token, in order. */
function webhookSends(harness: Harness, interaction: { token: string }): RecordedRequest[] {
  return harness.fake.requests.filter((r) =>
    r.path.startsWith(`/webhooks/${APP_ID}/${interaction.token}`),
  );
}

/** Waits until the answer is complete: its last message carries the vote buttons. */
async function answerOf(harness: Harness, interaction: { token: string }) {
  return waitFor('the answer', () => {
    const sends = webhookSends(harness, interaction);
    return (
      sends.some((r) => JSON.stringify(r.body?.['components'] ?? []).includes('crashdoc:v:')) &&
      sends
    );
  });
}

describe('discord adapter: /diagnose', () => {
  it('opens a modal when given nothing, then diagnoses what is submitted in it', async () => {
    h = await startHarness();
    const command = slashCommand('diagnose');
    h.fake.interact(command);

    const modal = await waitFor('the modal', () => callbackOf(h!, command));
    expect(modal.body?.['type']).toBe(Callback.Modal);
    const data = modal.body?.['data'] as { custom_id: string; components: unknown[] };
    expect(data.custom_id).toBe('crashdoc:paste');
    expect(JSON.stringify(data.components)).toContain('"style":2'); // a paragraph field

    const submit = modalSubmit('crashdoc:paste', 'paste', NIL_MAP_PANIC);
    h.fake.interact(submit);
    const sends = await answerOf(h, submit);

    expect(callbackOf(h, submit)?.body?.['type']).toBe(Callback.Deferred);
    expect(sends[0]?.method).toBe('PATCH');
    expect(sends[0]?.path).toMatch(/\/messages\/@original$/);
    const embeds = sends[0]?.body?.['embeds'] as { title: string }[];
    expect(embeds[0]?.title).toBe('Assignment to entry in nil map');
    expect(sends.slice(1).every((r) => r.method === 'POST')).toBe(true);
    expect(sends.map((r) => String(r.body?.['content'] ?? '')).join('\n')).toContain('```go\n');
  });

  it('downloads the attached file and diagnoses it', async () => {
    h = await startHarness();
    const file = attachment(h.fake.url, 'crash.log', NIL_MAP_PANIC.length);
    h.fake.files.set(new URL(file.url).pathname, Buffer.from(NIL_MAP_PANIC));
    const command = slashCommand('diagnose', [{ name: 'file', type: 11, value: file.id }], {
      attachments: [file],
    });
    h.fake.interact(command);

    const sends = await answerOf(h, command);
    expect(callbackOf(h, command)?.body?.['type']).toBe(Callback.Deferred);
    const embeds = sends[0]?.body?.['embeds'] as { title: string }[];
    expect(embeds[0]?.title).toBe('Assignment to entry in nil map');
  });

  it('says so when the attached file cannot be downloaded, and stays up', async () => {
    h = await startHarness();
    const file = attachment(h.fake.url, 'gone.txt', 100); // never served: the fake answers 404
    const command = slashCommand('diagnose', [{ name: 'file', type: 11, value: file.id }], {
      attachments: [file],
    });
    h.fake.interact(command);

    const edit = await waitFor('the notice', () => webhookSends(h!, command)[0]);
    expect(String(edit.body?.['content'])).toContain('could not download');
    expect(h.logs.some((line) => line.includes('"code":"ADAPTER_DOWNLOAD_FAILED"'))).toBe(true);
  });

  it('searches the knowledge base for words that hold no crash', async () => {
    h = await startHarness();
    const command = slashCommand('diagnose', [{ name: 'query', type: 3, value: 'nil map' }]);
    h.fake.interact(command);

    const edit = await waitFor('the answer', () => webhookSends(h!, command)[0]);
    const embeds = edit.body?.['embeds'] as { title: string }[];
    expect(embeds[0]?.title).toBe('Assignment to entry in nil map');
  });

  it('acknowledges an interaction delivered twice only once', async () => {
    h = await startHarness();
    const command = slashCommand('diagnose', [{ name: 'query', type: 3, value: NIL_MAP_PANIC }]);
    h.fake.interact(command);
    h.fake.interact(command);

    await answerOf(h, command);
    const later = slashCommand('diagnose', [{ name: 'query', type: 3, value: NIL_MAP_PANIC }]);
    h.fake.interact(later);
    await answerOf(h, later);
    const callbacks = h.fake.requests.filter((r) =>
      r.path.startsWith(`/interactions/${command.id}/`),
    );
    expect(callbacks).toHaveLength(1);
  });
});

describe('discord adapter: /crashdoc-autoreply and votes', () => {
  const toggle = (mode: 'on' | 'off', permissions?: string) =>
    slashCommand('crashdoc-autoreply', [{ name: mode, type: 1, options: [] }], { permissions });

  it('refuses members who cannot manage the channel', async () => {
    h = await startHarness();
    const command = toggle('on');
    h.fake.interact(command);

    const reply = await waitFor('the refusal', () => callbackOf(h!, command));
    expect(reply.body?.['type']).toBe(Callback.Message);
    const data = reply.body?.['data'] as { content: string; flags: number };
    expect(data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(data.content).toContain('manage');
    expect(h.store.isAutoreplyEnabled('discord', QUIET_CHANNEL_ID)).toBe(false);
  });

  it('turns auto-reply on and off for members with Manage Channels', async () => {
    h = await startHarness();
    expect(h.store.isAutoreplyEnabled('discord', QUIET_CHANNEL_ID)).toBe(false);

    const on = toggle('on', MANAGER_PERMISSIONS);
    h.fake.interact(on);
    await waitFor('the confirmation', () => callbackOf(h!, on));
    expect(h.store.isAutoreplyEnabled('discord', QUIET_CHANNEL_ID)).toBe(true);

    const off = toggle('off', MANAGER_PERMISSIONS);
    h.fake.interact(off);
    await waitFor('the confirmation', () => callbackOf(h!, off));
    expect(h.store.isAutoreplyEnabled('discord', QUIET_CHANNEL_ID)).toBe(false);
  });

  it('records Helpful and Not helpful votes, one per voter', async () => {
    h = await startHarness();
    const submit = modalSubmit('crashdoc:paste', 'paste', NIL_MAP_PANIC);
    h.fake.interact(submit);
    const sends = await answerOf(h, submit);
    const last = h.fake.messages.get(QUIET_CHANNEL_ID)?.at(-1) as APIMessage;
    const ids = JSON.stringify(sends.at(-1)?.body?.['components']).match(/crashdoc:v:[^"]+/g) ?? [];
    expect(ids).toHaveLength(2);

    const helpful = buttonClick(ids[0] ?? '', last);
    h.fake.interact(helpful);
    const thanks = await waitFor('the thanks', () => callbackOf(h!, helpful));
    const flags = (thanks.body?.['data'] as { flags?: number } | undefined)?.flags ?? 0;
    expect(flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(h.store.countVotes('nil-map-assignment')).toEqual({ helpful: 1, notHelpful: 0 });

    // The same person changing their mind replaces their vote.
    const notHelpful = buttonClick(ids[1] ?? '', last);
    h.fake.interact(notHelpful);
    await waitFor('the thanks', () => callbackOf(h!, notHelpful));
    expect(h.store.countVotes('nil-map-assignment')).toEqual({ helpful: 0, notHelpful: 1 });
  });
});
