// Slack message events → the paste to diagnose: text, attached snippets, or the thread parent.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/index.js';
import { type DownloadOptions, downloadTextFiles, type SlackFileRef } from './files.js';

/** The parts of a message event (or a conversations.replies message) the adapter reads. */
export interface IncomingMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  user: string | undefined;
  botId: string | undefined;
  subtype: string | undefined;
  channelType: string | undefined;
  text: string;
  files: SlackFileRef[];
}

const fileSchema = z.object({
  id: z.string(),
  size: z.number().catch(0),
  mode: z.string().optional().catch(undefined),
  mimetype: z.string().optional().catch(undefined),
  filetype: z.string().optional().catch(undefined),
  url_private: z.string().optional().catch(undefined),
  url_private_download: z.string().optional().catch(undefined),
});

const messageSchema = z.object({
  channel: z.string(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  channel_type: z.string().optional(),
  text: z.string().catch(''),
  files: z.array(z.unknown()).catch([]),
});

/** Narrows an event to the fields we use; undefined for shapes we do not understand. */
export function readMessage(event: unknown): IncomingMessage | undefined {
  const parsed = messageSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const m = parsed.data;

  return {
    channel: m.channel,
    ts: m.ts,
    threadTs: m.thread_ts,
    user: m.user,
    botId: m.bot_id,
    subtype: m.subtype,
    channelType: m.channel_type,
    text: m.text,
    files: m.files.flatMap((file) => {
      const f = fileSchema.safeParse(file);
      if (!f.success) return [];
      return [
        {
          id: f.data.id,
          size: f.data.size,
          mode: f.data.mode,
          mimetype: f.data.mimetype,
          filetype: f.data.filetype,
          urlPrivate: f.data.url_private,
          urlPrivateDownload: f.data.url_private_download,
        },
      ];
    }),
  };
}

/** Any bot, this one included: bots answering bots is how loops start. */
export function isFromBot(message: IncomingMessage): boolean {
  return message.botId !== undefined || message.subtype === 'bot_message';
}

/** A message that starts a thread (or stands alone), not a reply inside one. */
export function isTopLevel(message: IncomingMessage): boolean {
  return message.threadTs === undefined || message.threadTs === message.ts;
}

/** Whether `text` holds a mention of `userId` (`<@U123>` or `<@U123|name>`). */
export function mentionsUser(text: string, userId: string | undefined): boolean {
  return userId !== undefined && text.includes(`<@${userId}`);
}

/** Removes the bot's own mention so "@crashdoc" is not read as part of the paste. */
export function stripMention(text: string, botUserId: string | undefined): string {
  if (botUserId === undefined) return text.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>/, '');
  return text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), '');
}

export type PasteResult = { kind: 'paste'; paste: string } | { kind: 'too-large'; bytes: number };

/**
 * The message's text plus any attached text files. A failed download is logged and the text
 * alone is used: a snippet we cannot read should not hide the words around it.
 */
export async function collectPaste(
  message: IncomingMessage,
  text: string,
  download: DownloadOptions,
  logger: Logger,
): Promise<PasteResult> {
  if (message.files.length === 0) return { kind: 'paste', paste: text };

  try {
    const files = await downloadTextFiles(message.files, download, logger);
    if (files.kind === 'too-large') return files;
    if (files.kind === 'none') return { kind: 'paste', paste: text };
    return { kind: 'paste', paste: text.trim() === '' ? files.text : `${text}\n${files.text}` };
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    logger.error({ code, fileCount: message.files.length }, 'file download failed');
    return { kind: 'paste', paste: text };
  }
}

/** The first message of a thread, read back with conversations.replies (needs *:history). */
export async function fetchThreadParent(
  client: webApi.WebClient,
  channel: string,
  threadTs: string,
): Promise<IncomingMessage | undefined> {
  const result = await client.conversations.replies({
    channel,
    ts: threadTs,
    limit: 1,
    inclusive: true,
  });
  const first = result.messages?.[0];
  return first === undefined ? undefined : readMessage({ ...first, channel });
}
