// Starts the real Slack adapter (Bolt, HTTP mode, 127.0.0.1) against a fake Slack, with the real
// core, and captures its log lines so tests can check that no paste text is ever logged.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { openStore, type Store } from '../../../adapters/shared/store.js';
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackTuning,
} from '../../../adapters/slack/index.js';
import { createDiagnoser, type Diagnoser, loadKnowledge } from '../../../src/index.js';
import { SIGNING_SECRET } from './requests.js';
import { BOT, type FakeSlack } from './server.js';

export interface Bot {
  adapter: SlackAdapter;
  store: Store;
  /** Where Slack sends commands, events and actions. */
  url: string;
  baseUrl: string;
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

let realDiagnoser: Diagnoser | undefined;

/** The real core over the real knowledge base, loaded once per test file. */
export function coreDiagnoser(): Diagnoser {
  realDiagnoser ??= createDiagnoser({ entries: loadKnowledge() });
  return realDiagnoser;
}

export interface BotOptions {
  diagnoser?: Diagnoser;
  botToken?: string;
  dbPath?: string;
  tuning?: SlackTuning;
}

export async function startBot(fake: FakeSlack, options: BotOptions = {}): Promise<Bot> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const store = openStore(options.dbPath ?? ':memory:');

  const adapter = createSlackAdapter({
    diagnoser: options.diagnoser ?? coreDiagnoser(),
    logger,
    store,
    config: {
      mode: 'http',
      botToken: options.botToken ?? BOT.token,
      signingSecret: SIGNING_SECRET,
      appToken: undefined,
      port: 0,
      apiUrl: fake.apiUrl,
      dbPath: options.dbPath ?? ':memory:',
    },
    // A dead fake should fail a test quickly, not after minutes of retries.
    tuning: {
      host: '127.0.0.1',
      retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
      ...options.tuning,
    },
  });
  await adapter.start();

  const baseUrl = `http://127.0.0.1:${adapter.port()}`;
  return {
    adapter,
    store,
    url: `${baseUrl}/slack/events`,
    baseUrl,
    logs,
    async stop() {
      await adapter.stop();
      store.close();
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false), failing after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for the bot to log `msg` (with the given fields) at least `count` times. */
export function waitForLog(
  bot: Bot,
  msg: string,
  fields: Record<string, unknown> = {},
  count = 1,
): Promise<Record<string, unknown>[]> {
  return waitFor(`log "${msg}"`, () => {
    const lines = bot.logs.filter(
      (line) => line['msg'] === msg && Object.entries(fields).every(([k, v]) => line[k] === v),
    );
    return lines.length >= count ? lines : undefined;
  });
}

/** A diagnoser that waits for release() before diagnosing: proves the ack does not wait. */
export function gatedDiagnoser(inner: Diagnoser): Diagnoser & { release(): void; started: number } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const gated = Object.create(inner) as Diagnoser & { release(): void; started: number };
  gated.started = 0;
  gated.release = () => release();
  gated.diagnose = async (paste, context) => {
    gated.started += 1;
    await gate;
    return inner.diagnose(paste, context);
  };
  return gated;
}

/** A diagnoser whose first diagnose() throws, as a bug in the core would. */
export function failingOnceDiagnoser(inner: Diagnoser): Diagnoser {
  let failed = false;
  const failing = Object.create(inner) as Diagnoser;
  failing.diagnose = async (paste, context) => {
    if (!failed) {
      failed = true;
      throw new Error('simulated core failure');
    }
    return inner.diagnose(paste, context);
  };
  return failing;
}

/** The button with `actionId` in a message the bot sent; throws when it is missing. */
export function findButton(message: Record<string, unknown>, actionId: string): { value: string } {
  const blocks = (message['blocks'] ?? []) as {
    elements?: { action_id?: string; value?: string }[];
  }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  if (button?.value === undefined) throw new Error(`no ${actionId} button`);
  return { value: button.value };
}
