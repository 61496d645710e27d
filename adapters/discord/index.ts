// The Discord adapter: a discord.js client that routes mentions, auto-reply candidates, slash
// commands, the paste modal and buttons to their handlers, and keeps one failure contained.
import { once } from 'node:events';
import {
  Client,
  DiscordjsError,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
} from 'discord.js';
import { BotError, type Diagnoser, type Logger, MAX_PASTE_BYTES } from '../../src/index.js';
import type { Store } from '../shared/store.js';
import { handleAutoreply } from './autoreply.js';
import { handleButton } from './buttons.js';
import { AUTOREPLY_COMMAND, DIAGNOSE_COMMAND, PASTE_MODAL_ID } from './commands.js';
import type { DiscordConfig } from './config.js';
import type { HandlerContext } from './context.js';
import { handleMention, isMentioned } from './mention.js';
import { DISCORD_CDN_ORIGINS, type DownloadLimits } from './paste.js';
import { type BusyRule, createActivityTracker, createSeenSet } from './recent.js';
import { APOLOGY, answerInteraction, describeError, NO_MENTIONS, notice } from './send.js';
import { handleAutoreplyCommand, handleDiagnoseCommand, handlePasteModal } from './slash.js';

export type { DiscordConfig, DiscordConfigResult } from './config.js';
export { parseDiscordConfig } from './config.js';

export interface DiscordAdapterOptions {
  diagnoser: Diagnoser;
  logger: Logger;
  store: Store;
  config: DiscordConfig;
  /** Attachment download caps; the defaults suit production. */
  limits?: Partial<Omit<DownloadLimits, 'allowedOrigins'>>;
  /** When a channel counts as busy, so mention answers go to a thread. */
  busy?: BusyRule;
}

export interface DiscordAdapter {
  readonly name: 'discord';
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Default download cap: a goroutine dump of thousands of goroutines fits in 8 MiB. */
const DEFAULT_MAX_BYTES = Math.min(8 * 1024 * 1024, MAX_PASTE_BYTES);

/**
 * Creates the Discord adapter. Nothing connects until `start()`.
 *
 * @example
 * const adapter = createDiscordAdapter({ diagnoser, logger, store, config });
 * await adapter.start();
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { config, diagnoser, store } = options;
  const logger = options.logger.child({ adapter: 'discord' });

  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (config.hasMessageContent) intents.push(GatewayIntentBits.MessageContent);

  const client = new Client({
    intents,
    allowedMentions: NO_MENTIONS,
    rest: config.apiUrl ? { api: config.apiUrl } : {},
  });

  const origins = [...DISCORD_CDN_ORIGINS];
  if (config.apiUrl) origins.push(new URL(config.apiUrl).origin);
  const limits: DownloadLimits = {
    maxBytes: options.limits?.maxBytes ?? DEFAULT_MAX_BYTES,
    maxFiles: options.limits?.maxFiles ?? 3,
    timeoutMs: options.limits?.timeoutMs ?? 15_000,
    allowedOrigins: origins,
  };

  const seen = createSeenSet();
  const activity = createActivityTracker(options.busy ?? { messages: 5, windowMs: 120_000 });
  const context = (): HandlerContext => ({
    client: client as Client<true>,
    diagnoser,
    store,
    logger,
    config,
    limits,
    activity,
    seen,
  });

  const onMessage = async (message: Message): Promise<void> => {
    // Bots (this one included) and webhooks are never answered: bots answering bots loop.
    if (message.author.bot || message.webhookId !== null || message.system) return;
    if (!message.inGuild() || !client.user) return;
    if (!seen.claim(`message:${message.id}`)) {
      logger.debug({ requestId: message.id }, 'duplicate message event');
      return;
    }
    // Our clock, not the id's timestamp: the busy window is measured against Date.now().
    activity.record(message.channelId, Date.now());

    const isMention = isMentioned(message, client.user.id);
    try {
      if (isMention) await handleMention(context(), message);
      else if (config.hasMessageContent) await handleAutoreply(context(), message);
    } catch (error) {
      logger.error({ requestId: message.id, ...describeError(error) }, 'message failed');
      if (isMention) {
        await message
          .reply({ content: APOLOGY, allowedMentions: NO_MENTIONS })
          .catch((e: unknown) => logger.warn({ ...describeError(e) }, 'apology failed'));
      }
    }
  };

  const onInteraction = async (interaction: Interaction): Promise<void> => {
    if (!seen.claim(`interaction:${interaction.id}`)) return;
    try {
      const ctx = context();
      if (interaction.isChatInputCommand() && interaction.commandName === DIAGNOSE_COMMAND) {
        await handleDiagnoseCommand(ctx, interaction);
      } else if (
        interaction.isChatInputCommand() &&
        interaction.commandName === AUTOREPLY_COMMAND
      ) {
        await handleAutoreplyCommand(ctx, interaction);
      } else if (interaction.isModalSubmit() && interaction.customId === PASTE_MODAL_ID) {
        await handlePasteModal(ctx, interaction);
      } else if (interaction.isButton()) {
        await handleButton(ctx, interaction);
      }
    } catch (error) {
      logger.error({ requestId: interaction.id, ...describeError(error) }, 'interaction failed');
      if (!interaction.isRepliable()) return;
      const sorry =
        interaction.deferred || interaction.replied
          ? answerInteraction(interaction, notice(APOLOGY))
          : interaction.reply({
              content: APOLOGY,
              flags: MessageFlags.Ephemeral,
              allowedMentions: NO_MENTIONS,
            });
      await sorry.catch((e: unknown) => logger.warn({ ...describeError(e) }, 'apology failed'));
    }
  };

  client.on(Events.MessageCreate, (message) => void onMessage(message));
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
  // Without an 'error' listener an EventEmitter error would end the process.
  client.on(Events.Error, (error) => logger.error(describeError(error), 'client error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'client warning'));
  client.on(Events.ShardError, (error, shardId) =>
    logger.error({ shardId, ...describeError(error) }, 'gateway error'),
  );
  client.rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, retryAfter: info.retryAfter, global: info.global },
      'rate limited',
    ),
  );

  return {
    name: 'discord',

    async start() {
      if (!config.hasMessageContent) {
        logger.warn(
          'Message Content intent off (DISCORD_MESSAGE_CONTENT=false): auto-reply cannot read ' +
            'messages; mentions and slash commands work',
        );
      }

      const ready = once(client, Events.ClientReady);
      try {
        await client.login(config.token);
        await ready;
      } catch (error) {
        await client.destroy();
        throw startError(error);
      }

      logger.info(
        { botId: client.user?.id, guilds: client.guilds.cache.size, intents: intents.length },
        'discord ready',
      );
    },

    async stop() {
      await client.destroy();
      logger.info('discord stopped');
    },
  };
}

/** Turns a login failure into a coded error that says what to change. */
function startError(error: unknown): BotError {
  // @discordjs/ws rejects with a plain Error on close code 4014; older versions used the code.
  const isDisallowed =
    (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.DisallowedIntents) ||
    (error instanceof Error && error.message === 'Used disallowed intents');
  if (isDisallowed) {
    return new BotError(
      'CONFIG_INVALID',
      'Discord refused the Message Content intent: tick it in the developer portal (Bot page) ' +
        'or set DISCORD_MESSAGE_CONTENT=false',
      { cause: error },
    );
  }
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) {
    return new BotError('CONFIG_INVALID', 'Discord rejected DISCORD_TOKEN', { cause: error });
  }
  return new BotError('CONFIG_INVALID', 'could not connect to Discord', { cause: error });
}
