// Threads started from a message: open one or find the one that already exists (Discord
// allows one per message; a person or an earlier run of crashdoc may have opened it).
import {
  type AnyThreadChannel,
  ChannelType,
  DiscordAPIError,
  type Message,
  RESTJSONErrorCodes,
  ThreadAutoArchiveDuration,
} from 'discord.js';

/** Channel types whose messages can start a thread. */
export function canStartThread(message: Message<true>): boolean {
  const type = message.channel.type;
  return type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement;
}

/** A thread name from a reply title: plain text within Discord's 100 characters. */
export function threadName(title: string): string {
  const plain = title
    .replace(/[`*_~|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const name = `crashdoc: ${plain || 'Go crash'}`;
  return name.length <= 100 ? name : `${name.slice(0, 99)}…`;
}

/**
 * The thread started from `message`: the existing one (from the cache, or fetched after
 * Discord reports that one exists) or a new one. `isNew` tells which.
 */
export async function openThread(
  message: Message<true>,
  name: string,
): Promise<{ thread: AnyThreadChannel; isNew: boolean }> {
  // A thread started from a message has the message's id as its own.
  const cached = message.thread ?? message.channel.client.channels.cache.get(message.id);
  if (cached?.isThread()) return { thread: cached, isNew: false };

  try {
    const thread = await message.startThread({
      name,
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
    return { thread, isNew: true };
  } catch (error) {
    if (!isThreadAlreadyCreated(error)) throw error;
  }

  const existing = await message.channel.client.channels.fetch(message.id);
  if (!existing?.isThread()) throw new Error('thread reported but not found');
  return { thread: existing, isNew: false };
}

/** Whether the bot already posted in a thread (looks at its latest messages). */
export async function hasOwnMessage(thread: AnyThreadChannel, botId: string): Promise<boolean> {
  const recent = await thread.messages.fetch({ limit: 50 });
  return recent.some((message) => message.author.id === botId);
}

function isThreadAlreadyCreated(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage
  );
}
