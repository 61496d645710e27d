// /crashdoc end to end: the real Bolt app in HTTP mode against a fake Slack on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/buttons.js';
import {
  type Bot,
  type BotOptions,
  coreDiagnoser,
  findButton,
  gatedDiagnoser,
  startBot,
  waitFor,
} from './fake-slack/harness.js';
import { NIL_MAP_PANIC } from './fake-slack/pastes.js';
import { blockAction, slashCommand } from './fake-slack/requests.js';
import { type FakeSlack, startFakeSlack } from './fake-slack/server.js';

let fake: FakeSlack;
const bots: Bot[] = [];
const dirs: string[] = [];

async function bot(options?: BotOptions): Promise<Bot> {
  const started = await startBot(fake, options);
  bots.push(started);
  return started;
}

beforeEach(async () => {
  fake = await startFakeSlack();
});

afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop();
  await fake.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('/crashdoc <paste>', () => {
  it('acknowledges before any diagnosis work, then answers through response_url', async () => {
    const diagnoser = gatedDiagnoser(coreDiagnoser());
    const b = await bot({ diagnoser });
    const responseUrl = fake.responseUrl();

    // The HTTP answer arrives while the diagnoser is still held at its gate.
    const ack = await slashCommand(b.url, { text: NIL_MAP_PANIC, responseUrl });
    expect(ack.status).toBe(200);
    expect(fake.responses).toHaveLength(0);

    await waitFor('diagnosis to start', () => diagnoser.started === 1);
    expect(fake.responses).toHaveLength(0);
    diagnoser.release();

    const answer = await waitFor('the answer', () => fake.responses[0]);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(answer.body['text']).toContain('Assignment to entry in nil map');
    expect(JSON.stringify(answer.body['blocks'])).toContain(ACTION.postToChannel);
    expect(fake.violations).toEqual([]);
  });

  it('shares the answer in the channel, restating what was diagnosed', async () => {
    const b = await bot();
    await slashCommand(b.url, { text: NIL_MAP_PANIC, responseUrl: fake.responseUrl() });
    const ephemeral = await waitFor('the answer', () => fake.responses[0]);
    const button = findButton(ephemeral.body, ACTION.postToChannel);

    const clickUrl = fake.responseUrl();
    await blockAction(b.url, {
      actionId: ACTION.postToChannel,
      value: button.value,
      responseUrl: clickUrl,
      isEphemeral: true,
    });

    const shared = await waitFor('the shared copy', () =>
      fake.responses.find((r) => r.body['response_type'] === 'in_channel'),
    );
    const blocks = JSON.stringify(shared.body['blocks']);
    expect(blocks).toContain('<@U1> shared a crashdoc diagnosis');
    expect(blocks).toContain('What was diagnosed');
    expect(blocks).toContain('assignment to entry in nil map');
    expect(blocks).not.toContain(ACTION.postToChannel);
    await waitFor('the ephemeral copy removed', () =>
      fake.responses.find((r) => r.body['delete_original']),
    );
  });

  it('records a vote with the entry id and fingerprint, never the paste', async () => {
    const b = await bot();
    await slashCommand(b.url, { text: NIL_MAP_PANIC, responseUrl: fake.responseUrl() });
    const answer = await waitFor('the answer', () => fake.responses[0]);
    const button = findButton(answer.body, ACTION.helpful);

    await blockAction(b.url, {
      actionId: ACTION.helpful,
      value: button.value,
      responseUrl: fake.responseUrl(),
      isEphemeral: true,
    });

    await waitFor('the vote', () => b.store.countVotes('nil-map-assignment').helpful === 1);
    const value = JSON.parse(button.value) as { e: string; f: string };
    expect(value.e).toBe('nil-map-assignment');
    expect(value.f).toMatch(/^[0-9a-f]+$/);
    expect(button.value).not.toContain('panic');
  });
});

describe('/crashdoc words, help and autoreply', () => {
  it('searches the knowledge base when the text holds no crash', async () => {
    const b = await bot();
    await slashCommand(b.url, { text: 'nil map', responseUrl: fake.responseUrl() });

    const answer = await waitFor('the answer', () => fake.responses[0]);
    expect(answer.body['text']).toContain('Assignment to entry in nil map');
    expect(JSON.stringify(answer.body['blocks'])).toContain('Knowledge base entry');
  });

  it('explains itself on `help` and on an empty command', async () => {
    const b = await bot();
    await slashCommand(b.url, { text: 'help', responseUrl: fake.responseUrl() });
    await slashCommand(b.url, { text: '', responseUrl: fake.responseUrl() });

    await waitFor('two help answers', () => fake.responses.length === 2);
    for (const r of fake.responses) expect(r.body['text']).toContain('/crashdoc autoreply off');
  });

  it('keeps `autoreply off` across a restart with the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crashdoc-slack-'));
    dirs.push(dir);
    const dbPath = join(dir, 'crashdoc.db');

    const first = await bot({ dbPath });
    await slashCommand(first.url, {
      text: 'autoreply off',
      responseUrl: fake.responseUrl(),
      channel: 'C7',
    });
    const said = await waitFor('the announcement', () => fake.responses[0]);
    expect(said.body['response_type']).toBe('in_channel');
    await first.stop();
    bots.splice(bots.indexOf(first), 1);

    const second = await bot({ dbPath });
    expect(second.store.isAutoreplyEnabled('slack', 'C7')).toBe(false);
    await slashCommand(second.url, {
      text: 'autoreply on',
      responseUrl: fake.responseUrl(),
      channel: 'C7',
    });
    await waitFor('the setting', () => second.store.isAutoreplyEnabled('slack', 'C7'));
  });

  it('slows down a user past the rate limit, with a note instead of an answer', async () => {
    const b = await bot({
      tuning: {
        rateLimits: { user: { burst: 1, perMs: 60_000 }, channel: { burst: 10, perMs: 60_000 } },
      },
    });
    await slashCommand(b.url, { text: NIL_MAP_PANIC, responseUrl: fake.responseUrl() });
    await slashCommand(b.url, { text: NIL_MAP_PANIC, responseUrl: fake.responseUrl() });

    await waitFor('two answers', () => fake.responses.length === 2);
    const texts = fake.responses.map((r) => String(r.body['text']));
    expect(texts.filter((t) => t.includes('faster than I can read'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Assignment to entry in nil map'))).toHaveLength(1);
  });
});

describe('HTTP endpoint', () => {
  it('rejects a request signed with the wrong secret with 401 and never answers it', async () => {
    const b = await bot();
    const response = await slashCommand(
      b.url,
      { text: NIL_MAP_PANIC, responseUrl: fake.responseUrl() },
      { secret: 'not-the-secret' },
    );

    expect(response.status).toBe(401);
    expect(fake.responses).toEqual([]);
  });

  it('refuses to start with a bot token Slack does not accept', async () => {
    await expect(bot({ botToken: 'xoxb-revoked' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('invalid_auth'),
    });
  });

  it('answers GET /healthz', async () => {
    const b = await bot();
    const response = await fetch(`${b.baseUrl}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('never logs the paste', async () => {
    const b = await bot();
    await slashCommand(b.url, { text: NIL_MAP_PANIC, responseUrl: fake.responseUrl() });
    await waitFor('the answer', () => fake.responses[0]);

    const logged = JSON.stringify(b.logs);
    expect(logged).not.toContain('assignment to entry');
    expect(logged).not.toContain('Registry');
  });
});
