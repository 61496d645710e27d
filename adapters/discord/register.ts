// `npm run discord:register`: registers crashdoc's slash commands with Discord, in one server
// (DISCORD_GUILD_ID set: instant, for development) or globally (for production).
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { BotError, createLogger, type Logger } from '../../src/index.js';
import { COMMANDS } from './commands.js';
import { type DiscordConfig, parseDiscordConfig } from './config.js';

export interface RegisterOptions {
  config: Pick<DiscordConfig, 'token' | 'applicationId' | 'apiUrl'>;
  /** Register in this server only; global registration when undefined. */
  guildId: string | undefined;
  logger: Logger;
}

/**
 * Replaces the application's commands (in one guild, or globally) with crashdoc's.
 *
 * @example
 * await registerCommands({ config, guildId: process.env.DISCORD_GUILD_ID, logger });
 */
export async function registerCommands(options: RegisterOptions): Promise<string[]> {
  const { config, guildId, logger } = options;
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = guildId
    ? Routes.applicationGuildCommands(config.applicationId, guildId)
    : Routes.applicationCommands(config.applicationId);

  // PUT replaces the whole set, so commands removed from COMMANDS disappear from Discord too.
  const registered = (await rest.put(route, { body: COMMANDS })) as { name: string }[];
  const names = registered.map((command) => command.name);
  logger.info({ scope: guildId ? 'guild' : 'global', guildId, names }, 'commands registered');
  return names;
}

async function main(): Promise<void> {
  const logger = createLogger();
  const parsed = parseDiscordConfig(process.env);
  if (!parsed.ok) throw new BotError('CONFIG_INVALID', parsed.problems.join('; '));
  if (!parsed.config) throw new BotError('CONFIG_INVALID', 'DISCORD_TOKEN is not set');

  const guildId = process.env['DISCORD_GUILD_ID'] || undefined;
  if (guildId !== undefined && !/^\d{15,22}$/.test(guildId)) {
    throw new BotError('CONFIG_INVALID', 'DISCORD_GUILD_ID must be a numeric snowflake id');
  }
  if (!guildId) logger.info('no DISCORD_GUILD_ID: registering globally');
  await registerCommands({ config: parsed.config, guildId, logger });
}

// Run only as a script, not when a test imports registerCommands.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`discord:register failed: ${detail}\n`);
    process.exitCode = 1;
  });
}
