// Discord settings from the environment, and `npm run discord:register` against a fake REST.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDiscordConfig } from '../../adapters/discord/config.js';
import { registerCommands } from '../../adapters/discord/register.js';
import { silentLogger } from '../../src/index.js';
import { APP_ID, GUILD_ID, TOKEN } from './fake-discord/payloads.js';
import { type FakeDiscord, startFakeDiscord } from './fake-discord/server.js';

const VALID = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID };

describe('parseDiscordConfig', () => {
  it('returns no config when no Discord variable is set', () => {
    expect(parseDiscordConfig({ CRASHDOC_DB: '/tmp/x.db', SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({
      ok: true,
      config: undefined,
    });
  });

  it('reads a full configuration, Message Content on by default', () => {
    const result = parseDiscordConfig({ ...VALID, DISCORD_API_URL: 'http://127.0.0.1:9/api/' });
    expect(result).toEqual({
      ok: true,
      config: {
        token: TOKEN,
        applicationId: APP_ID,
        apiUrl: 'http://127.0.0.1:9/api',
        hasMessageContent: true,
        dbPath: './data/crashdoc.db',
      },
    });
  });

  it('turns the Message Content intent off with DISCORD_MESSAGE_CONTENT=false', () => {
    const result = parseDiscordConfig({
      ...VALID,
      DISCORD_MESSAGE_CONTENT: 'false',
      CRASHDOC_DB: 'a.db',
    });
    expect(result.ok && result.config?.hasMessageContent).toBe(false);
    expect(result.ok && result.config?.dbPath).toBe('a.db');
  });

  it('lists every problem at once', () => {
    const result = parseDiscordConfig({
      DISCORD_APPLICATION_ID: 'not-a-number',
      DISCORD_API_URL: 'ftp://example.com',
      DISCORD_MESSAGE_CONTENT: 'maybe',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(4);
    for (const key of [
      'DISCORD_TOKEN',
      'DISCORD_APPLICATION_ID',
      'DISCORD_API_URL',
      'DISCORD_MESSAGE_CONTENT',
    ]) {
      expect(problems.some((p) => p.startsWith(key))).toBe(true);
    }
  });
});

describe('registerCommands', () => {
  let fake: FakeDiscord | undefined;

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('registers /diagnose and /crashdoc-autoreply in one guild, or globally', async () => {
    fake = await startFakeDiscord();
    const config = { token: TOKEN, applicationId: APP_ID, apiUrl: fake.apiUrl };
    const logger = silentLogger();

    expect(await registerCommands({ config, guildId: GUILD_ID, logger })).toEqual([
      'diagnose',
      'crashdoc-autoreply',
    ]);
    await registerCommands({ config, guildId: undefined, logger });

    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual([
      `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`,
      `/applications/${APP_ID}/commands`,
    ]);
    const body = puts[0]?.body as unknown as {
      name: string;
      default_member_permissions?: string;
    }[];
    expect(body.find((c) => c.name === 'crashdoc-autoreply')?.default_member_permissions).toBe(
      '16',
    );
    expect(JSON.stringify(body)).toContain('"type":11'); // the attachment option
  });
});
