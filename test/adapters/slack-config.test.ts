// parseSlackConfig: off when unset, every problem at once, Socket Mode vs HTTP mode.
import { describe, expect, it } from 'vitest';
import { parseSlackConfig } from '../../adapters/slack/config.js';

describe('parseSlackConfig', () => {
  it('returns no config when no Slack variable is set', () => {
    expect(parseSlackConfig({ PORT: '8080', CRASHDOC_DB: '/tmp/x.db' })).toEqual({
      ok: true,
      config: undefined,
    });
    expect(parseSlackConfig({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' })).toEqual({
      ok: true,
      config: undefined,
    });
  });

  it('reads HTTP mode with defaults for port and database', () => {
    const result = parseSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret' });

    expect(result).toEqual({
      ok: true,
      config: {
        mode: 'http',
        botToken: 'xoxb-1',
        signingSecret: 's3cret',
        appToken: undefined,
        port: 3000,
        apiUrl: undefined,
        dbPath: './data/crashdoc.db',
      },
    });
  });

  it('chooses Socket Mode when SLACK_APP_TOKEN is set, without needing the signing secret', () => {
    const result = parseSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      PORT: '0',
      CRASHDOC_DB: '/var/lib/crashdoc.db',
    });

    expect(result.ok && result.config).toMatchObject({
      mode: 'socket',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9999/api/',
      port: 0,
      dbPath: '/var/lib/crashdoc.db',
    });
  });

  it('lists every problem at once', () => {
    const result = parseSlackConfig({
      SLACK_APP_TOKEN: 'xoxp-wrong',
      PORT: 'eighty',
      SLACK_API_URL: 'ftp://example.com',
    });

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      expect.stringContaining('SLACK_BOT_TOKEN is required'),
      expect.stringContaining('SLACK_APP_TOKEN must be an app-level token'),
      expect.stringContaining('PORT must be a whole number'),
      expect.stringContaining('SLACK_API_URL must be an http(s) URL'),
    ]);
  });

  it('asks for the signing secret in HTTP mode', () => {
    const result = parseSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' });

    expect(result).toEqual({
      ok: false,
      problems: [expect.stringContaining('SLACK_SIGNING_SECRET is required')],
    });
  });
});
