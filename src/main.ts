// The composition root: config → logger → knowledge → diagnoser → adapters. `npm start`.
import { createDiscordAdapter, parseDiscordConfig } from '../adapters/discord/index.js';
import { openStore, type Store } from '../adapters/shared/store.js';
import { createSlackAdapter, parseSlackConfig } from '../adapters/slack/index.js';
import { parseCoreConfig } from './config.js';
import { createDiagnoser } from './diagnose/diagnose.js';
import { BotError } from './errors.js';
import { loadKnowledge } from './knowledge/load.js';
import { createLogger } from './log.js';

interface Startable {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  // Every problem, the core's and each adapter's, is gathered so one start shows them all.
  const core = parseCoreConfig(process.env);
  const slack = parseSlackConfig(process.env);
  const discord = parseDiscordConfig(process.env);
  const problems = [core, slack, discord].flatMap((r) => (r.ok ? [] : r.problems));
  if (!core.ok || problems.length > 0) throw new BotError('CONFIG_INVALID', problems.join('; '));

  const slackConfig = slack.ok ? slack.config : undefined;
  const discordConfig = discord.ok ? discord.config : undefined;
  if (!slackConfig && !discordConfig) {
    process.stderr.write(
      'crashdoc: no chat tokens set: set SLACK_* or DISCORD_* (see README), or use the crashdoc CLI\n',
    );
    process.exitCode = 2;
    return;
  }
  const logger = createLogger({ level: core.config.logLevel });

  const entries = loadKnowledge(core.config.knowledgeDir);
  const diagnoser = createDiagnoser({ entries, logger });
  logger.info({ entries: entries.length }, 'knowledge loaded');

  const stores = new Map<string, Store>();
  const storeAt = (path: string) => {
    const store = stores.get(path) ?? openStore(path);
    stores.set(path, store);
    return store;
  };

  const adapters: Startable[] = [];
  if (slackConfig) {
    const store = storeAt(slackConfig.dbPath);
    adapters.push(createSlackAdapter({ diagnoser, logger, store, config: slackConfig }));
  }
  if (discordConfig) {
    const store = storeAt(discordConfig.dbPath);
    adapters.push(createDiscordAdapter({ diagnoser, logger, store, config: discordConfig }));
  }

  await Promise.all(adapters.map((a) => a.start()));
  logger.info({ adapters: adapters.map((a) => a.name) }, 'started');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await Promise.allSettled(adapters.map((a) => a.stop()));
    for (const store of stores.values()) store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // Startup failures are ours (config, knowledge, a platform refusing the token): one line.
  const code = error instanceof BotError ? error.code : 'INTERNAL';
  process.stderr.write(`crashdoc: ${code}: ${(error as Error).message}\n`);
  process.exit(1);
});
