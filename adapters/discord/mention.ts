// @crashdoc in a message: diagnose the paste in it (or in the message it replies to) and
// answer as a reply, in a thread when the channel is busy.

import type { Message } from 'discord.js';
import { type Diagnosis, type Reply, renderReply, renderSearchReply } from '../../src/index.js';
import { DISCORD_SEARCH } from './commands.js';
import { type HandlerContext, HELP_TEXT, isQuery } from './context.js';
import { type DiscordMessage, formatReply } from './format.js';
import { type MessagePaste, readMessagePaste } from './paste.js';
import { type ActionRow, notice, replyButtons, sendMessages } from './send.js';
import { canStartThread, openThread, threadName } from './threads.js';

/** Whether a message explicitly mentions the bot (a reply's implicit ping does not count). */
export function isMentioned(message: Message, botId: string): boolean {
  return message.mentions.users.has(botId) && new RegExp(`<@!?${botId}>`).test(message.content);
}

/** Answers one mention. Throws on failure; the caller logs and apologises. */
export async function handleMention(ctx: HandlerContext, message: Message<true>): Promise<void> {
  const log = ctx.logger.child({ requestId: message.id, event: 'mention' });
  const botId = ctx.client.user.id;

  const own = await readMessagePaste(message, botId, ctx.limits);
  let source: 'message' | 'reference' | 'none' = own.paste === '' ? 'none' : 'message';
  let read: MessagePaste = own;
  let diagnosis = own.paste === '' ? undefined : await diagnose(ctx, own.paste, message.id);

  // Nothing crash-like here: the paste may be in the message this one replies to.
  if ((diagnosis === undefined || diagnosis.reports.length === 0) && message.reference) {
    const referenced = await message.fetchReference().catch(() => undefined);
    const theirs = referenced && (await readMessagePaste(referenced, botId, ctx.limits));
    if (theirs && theirs.paste !== '') {
      const found = await diagnose(ctx, theirs.paste, message.id);
      if (found.reports.length > 0 || diagnosis === undefined) {
        diagnosis = found;
        read = theirs;
        source = 'reference';
      }
    }
  }

  // A mention with words and no crash is a question for the knowledge base.
  const isSearch =
    diagnosis !== undefined &&
    diagnosis.reports.length === 0 &&
    source === 'message' &&
    own.files === 0 &&
    isQuery(own.paste);
  let reply: Reply | undefined;
  if (isSearch) reply = renderSearchReply(own.paste, ctx.diagnoser.search(own.paste));
  else if (diagnosis) reply = renderReply(diagnosis, { brief: false, searchHint: DISCORD_SEARCH });

  const messages: DiscordMessage[] = reply ? formatReply(reply) : notice(HELP_TEXT);
  const components = reply && diagnosis && diagnosis.reports.length > 0 ? replyButtons(reply) : [];
  const where = await deliver(ctx, message, messages, components, reply?.title);

  log.info(
    {
      source,
      pasteLength: read.paste.length,
      files: read.files,
      isTruncated: read.isTruncated,
      entryId: reply?.entryId,
      confidence: reply?.confidence,
      fingerprint: diagnosis?.fingerprint,
      messages: messages.length,
      where,
    },
    'mention answered',
  );
}

/** The core logs its own line with the request id, so it gets the adapter's logger. */
function diagnose(ctx: HandlerContext, paste: string, requestId: string): Promise<Diagnosis> {
  return ctx.diagnoser.diagnose(paste, { requestId, logger: ctx.logger });
}

/** Replies in place, or in a thread started from the mention when the channel is busy. */
async function deliver(
  ctx: HandlerContext,
  message: Message<true>,
  messages: readonly DiscordMessage[],
  components: readonly ActionRow[],
  title: string | undefined,
): Promise<'reply' | 'thread'> {
  const isBusy = ctx.activity.isBusy(message.channelId, Date.now());
  if (!isBusy || message.channel.isThread() || !canStartThread(message)) {
    await sendMessages(message.channel, messages, { replyTo: message, components });
    return 'reply';
  }

  const { thread } = await openThread(message, threadName(title ?? 'Go crash'));
  await sendMessages(thread, messages, { components });
  return 'thread';
}
