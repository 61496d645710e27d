// Auto-reply: in channels where it is on, a message whose paste is a Go crash gets a thread
// started from it holding a brief diagnosis, a button to expand it and vote buttons.

import type { Message } from 'discord.js';
import { renderReply } from '../../src/index.js';
import { DISCORD_SEARCH } from './commands.js';
import type { HandlerContext } from './context.js';
import { formatReply } from './format.js';
import { readMessagePaste } from './paste.js';
import { replyButtons, sendMessages } from './send.js';
import { canStartThread, hasOwnMessage, openThread, threadName } from './threads.js';

/** The channel whose setting applies: a thread follows its parent channel. */
export function settingChannelId(message: Message<true>): string {
  return message.channel.isThread()
    ? (message.channel.parentId ?? message.channelId)
    : message.channelId;
}

/**
 * Answers one message unasked when auto-reply is on and the paste is a crash worth it.
 * Throws on failure; the caller logs it (and sends no apology: nobody asked).
 */
export async function handleAutoreply(ctx: HandlerContext, message: Message<true>): Promise<void> {
  if (!ctx.store.isAutoreplyEnabled('discord', settingChannelId(message))) return;

  const log = ctx.logger.child({ requestId: message.id, event: 'autoreply' });
  const read = await readMessagePaste(message, ctx.client.user.id, ctx.limits);
  if (read.paste === '') return;

  const diagnosis = await ctx.diagnoser.diagnose(read.paste, {
    requestId: message.id,
    logger: ctx.logger,
  });
  if (!diagnosis.autoreply) {
    log.debug({ pasteLength: read.paste.length, notice: diagnosis.notice }, 'not answered');
    return;
  }

  const reply = renderReply(diagnosis, { brief: true, searchHint: DISCORD_SEARCH });
  const messages = formatReply(reply);
  const components = replyButtons(reply, { channelId: message.channelId, messageId: message.id });

  // Inside a thread (or where threads cannot start) the answer is a plain reply.
  if (message.channel.isThread() || !canStartThread(message)) {
    await sendMessages(message.channel, messages, { replyTo: message, components });
    log.info(logFields(read.paste.length, read.files, reply, 'reply'), 'auto-replied');
    return;
  }

  const { thread, isNew } = await openThread(message, threadName(reply.title));
  // An existing thread may hold our answer from before a restart: never answer twice.
  if (!isNew && (await hasOwnMessage(thread, ctx.client.user.id))) {
    log.info({ threadId: thread.id }, 'already answered in thread');
    return;
  }

  await sendMessages(thread, messages, { components });
  log.info(
    logFields(read.paste.length, read.files, reply, isNew ? 'new-thread' : 'thread'),
    'auto-replied',
  );
}

function logFields(
  pasteLength: number,
  files: number,
  reply: { entryId?: string; confidence: string; fingerprint?: string },
  where: string,
): Record<string, unknown> {
  return {
    pasteLength,
    files,
    entryId: reply.entryId,
    confidence: reply.confidence,
    fingerprint: reply.fingerprint,
    where,
  };
}
