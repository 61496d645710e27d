// Starts the fake Discord and the real adapter (real discord.js client, real core) against it,
// captures the adapter's log lines, and offers bounded waits on what the bot sent.
import { Writable } from 'node:stream';
import type { APIMessage } from 'discord.js';
import { pino } from 'pino';
import { expect } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/index.js';
import { openStore, type Store } from '../../../adapters/shared/store.js';
import { createDiagnoser, type Diagnoser, loadKnowledge } from '../../../src/index.js';
import { APP_ID, TOKEN } from './payloads.js';
import { type FakeDiscord, type RecordedRequest, startFakeDiscord } from './server.js';

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  store: Store;
  /** Every log line the adapter wrote, as raw JSON text. */
  logs: string[];
  /** Requests that send message content: channel posts, interaction edits and follow-ups. */
  sends(): RecordedRequest[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  hasMessageContent?: boolean;
  diagnoser?: Diagnoser;
  busy?: { messages: number; windowMs: number };
  maxBytes?: number;
  heartbeatMs?: number;
  disallowedIntents?: number;
}

let realDiagnoser: Diagnoser | undefined;

/** The real core over the real knowledge base, built once per test file. */
export function diagnoser(): Diagnoser {
  realDiagnoser ??= createDiagnoser({ entries: loadKnowledge() });
  return realDiagnoser;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord({
    heartbeatMs: options.heartbeatMs,
    disallowedIntents: options.disallowedIntents,
  });
  const store = openStore(':memory:');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });

  const adapter = createDiscordAdapter({
    diagnoser: options.diagnoser ?? diagnoser(),
    logger: pino({ level: 'debug' }, sink),
    store,
    config: {
      token: TOKEN,
      applicationId: APP_ID,
      apiUrl: fake.apiUrl,
      hasMessageContent: options.hasMessageContent ?? true,
      dbPath: ':memory:',
    },
    busy: options.busy,
    limits: options.maxBytes === undefined ? undefined : { maxBytes: options.maxBytes },
  });

  try {
    await adapter.start();
  } catch (error) {
    await fake.close();
    store.close();
    throw error;
  }

  return {
    fake,
    adapter,
    store,
    logs,
    sends: () => fake.requests.filter(isSend),
    async stop() {
      await adapter.stop();
      await fake.close();
      store.close();
    },
  };
}

/** Whether a request carries a message body the bot wrote. */
export function isSend(request: RecordedRequest): boolean {
  if (request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path)) return true;
  if (/^\/webhooks\//.test(request.path))
    return request.method === 'POST' || request.method === 'PATCH';
  const data = request.body?.['data'] as Record<string, unknown> | undefined;
  return (
    /\/callback$/.test(request.path) &&
    data !== undefined &&
    ('content' in data || 'embeds' in data)
  );
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  ms = 8000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for the adapter's log line with message `msg` and returns it (raw JSON). */
export function waitForLog(h: Harness, msg: string): Promise<string> {
  return waitFor(`log "${msg}"`, () => h.logs.find((line) => line.includes(`"msg":"${msg}"`)));
}

/** Messages the bot posted in a channel (or thread), oldest first. */
export function botMessages(fake: FakeDiscord, channelId: string): APIMessage[] {
  return (fake.messages.get(channelId) ?? []).filter((m) => m.author.bot === true);
}

/** All text the bot sent in one request: content plus embed text. */
export function sentText(request: RecordedRequest): string {
  const body =
    (request.body?.['data'] as Record<string, unknown> | undefined) ?? request.body ?? {};
  const embeds = (body['embeds'] as { title?: string; description?: string }[] | undefined) ?? [];
  return [
    String(body['content'] ?? ''),
    ...embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`),
  ].join('\n');
}

/** The allowed_mentions a request carried (inside `data` for interaction callbacks). */
export function mentionsOf(request: RecordedRequest): unknown {
  const body =
    (request.body?.['data'] as Record<string, unknown> | undefined) ?? request.body ?? {};
  return body['allowed_mentions'];
}

/**
 * Asserts every request that carried a message disabled mentions (parse nothing, no reply
 * ping), then stops everything. Each test file calls it after each test, so the rule is
 * checked on every send of every scenario.
 */
export async function finish(h: Harness | undefined): Promise<void> {
  try {
    for (const request of h?.sends() ?? []) {
      expect(mentionsOf(request), `${request.method} ${request.path}`).toEqual({
        parse: [],
        replied_user: false,
      });
    }
  } finally {
    await h?.stop();
  }
}
