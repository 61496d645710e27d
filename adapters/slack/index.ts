// The Slack adapter: a Bolt app (Socket Mode or HTTP) wired to the crashdoc core.
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, HTTPReceiver, webApi } from '@slack/bolt';
import { BotError, type Diagnoser, type Logger } from '../../src/index.js';
import type { Store } from '../shared/store.js';
import { registerActions } from './actions.js';
import type { CachedReply, SlackDeps } from './answer.js';
import { createBoltLogger } from './bolt-logger.js';
import { registerCommand } from './command.js';
import type { SlackConfig } from './config.js';
import { registerEvents } from './events.js';
import { createRateGate, DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit.js';
import { slackErrorCode } from './send.js';
import { TtlMap } from './ttl-map.js';

export { parseSlackConfig, type SlackConfig, type SlackConfigResult } from './config.js';

/** Knobs with sensible defaults; tests turn them, production rarely needs to. */
export interface SlackTuning {
  /** HTTP mode's listen address; all interfaces when unset. */
  host?: string;
  rateLimits?: RateLimits;
  /** Largest snippet or file downloaded, in bytes (default 4 MiB). */
  maxFileBytes?: number;
  /** The slash command's name as set in the manifest. */
  command?: string;
  /** How the WebClient retries failed calls (429s always wait for Retry-After first). */
  retryConfig?: webApi.RetryOptions;
}

export interface SlackAdapterOptions {
  diagnoser: Diagnoser;
  logger: Logger;
  store: Store;
  config: SlackConfig;
  tuning?: SlackTuning;
}

export interface SlackAdapter {
  readonly name: 'slack';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The port HTTP mode listens on once started (useful with PORT=0). */
  port(): number | undefined;
}

/** Messages already answered are remembered this long; Slack's retries come within minutes. */
const HANDLED_TTL_MS = 60 * 60_000;
/**
 * Big enough for a GOTRACEBACK=all dump of a thousand goroutines (about 1 MB), small enough
 * that one file cannot hold the process's memory hostage.
 */
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
/** How long stop() waits for answers already being worked on. */
const STOP_GRACE_MS = 10_000;
/** Ephemeral answers can be posted to the channel for this long. */
const REPLY_TTL_MS = 60 * 60_000;

/**
 * Builds the Slack adapter. Nothing connects until start(): it checks the bot token
 * (auth.test), then opens the Socket Mode connection or starts listening for HTTP.
 *
 * @example
 * const slack = parseSlackConfig(process.env);
 * if (slack.ok && slack.config) {
 *   const adapter = createSlackAdapter({ diagnoser, logger, store, config: slack.config });
 *   await adapter.start();
 * }
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, tuning = {} } = options;
  const logger = options.logger.child({ adapter: 'slack' });
  const deps: SlackDeps = {
    diagnoser: options.diagnoser,
    store: options.store,
    logger,
    config,
    rateGate: createRateGate(tuning.rateLimits ?? DEFAULT_RATE_LIMITS),
    handled: new TtlMap<true>({ ttlMs: HANDLED_TTL_MS, maxEntries: 100_000 }),
    replies: new TtlMap<CachedReply>({ ttlMs: REPLY_TTL_MS, maxEntries: 2_000 }),
    download: {
      botToken: config.botToken,
      maxBytes: tuning.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      apiUrl: config.apiUrl,
    },
    command: tuning.command ?? '/crashdoc',
  };

  const app = buildApp(config, tuning, logger);

  // Work goes on after the ack; stop() waits for it so the store is not closed under it.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });

  registerCommand(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);

  // A last net: handlers catch their own failures, so reaching this is a bug worth a log line.
  app.error(async (error) => {
    logger.error({ code: slackErrorCode(error) }, 'unhandled Slack listener error');
  });

  let port: number | undefined;
  let started = false;

  return {
    name: 'slack',

    async start() {
      try {
        await app.init();
      } catch (error) {
        throw new BotError('CONFIG_INVALID', `Slack auth.test failed: ${slackErrorCode(error)}`, {
          cause: error,
        });
      }

      if (config.mode === 'socket') {
        await app.start();
      } else {
        const server = await app.start({ port: config.port, host: tuning.host });
        port = (server.address() as AddressInfo | null)?.port;
      }
      started = true;
      logger.info({ mode: config.mode, port }, 'slack adapter started');
    },

    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      await settle(inFlight, STOP_GRACE_MS);
      logger.info({ abandoned: inFlight.size }, 'slack adapter stopped');
    },

    port: () => port,
  };
}

/** Waits for `pending` to finish, or for `ms`, whichever comes first. */
async function settle(pending: Set<Promise<void>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled([...pending]), deadline]);
  clearTimeout(timer);
}

function buildApp(config: SlackConfig, tuning: SlackTuning, logger: Logger): App {
  const boltLogger = createBoltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: tuning.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    timeout: 30_000,
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
  };
  const customRoutes: CustomRoute[] = [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      },
    },
  ];
  const common = {
    token: config.botToken,
    logger: boltLogger,
    clientOptions,
    // start() runs init(), so a bad token fails at start with auth.test's error, not later.
    deferInitialization: true,
  };

  if (config.mode === 'socket') {
    return new App({
      ...common,
      socketMode: true,
      appToken: config.appToken,
      port: config.port,
      customRoutes,
    });
  }

  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret ?? '',
    endpoints: '/slack/events',
    logger: boltLogger,
    customRoutes,
    // Ack first, work after: Slack wants the HTTP answer within 3 s.
    processBeforeResponse: false,
  });
  return new App({ ...common, receiver });
}
