// Reads the paste out of a Discord message: its text without the bot's mention, plus text
// attachments (Discord turns long pastes into `message.txt`), downloaded with a size cap.
import type { Attachment, Message } from 'discord.js';
import { BotError } from '../../src/index.js';

/** Where attachments may be downloaded from; the fake Discord's origin is added in tests. */
export const DISCORD_CDN_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

export interface DownloadLimits {
  /** Bytes read from one message's attachments in total; the rest is not downloaded. */
  maxBytes: number;
  /** Text attachments read from one message. */
  maxFiles: number;
  timeoutMs: number;
  allowedOrigins: readonly string[];
}

/** What a message holds for diagnosis. */
export interface MessagePaste {
  paste: string;
  /** Text attachments downloaded. */
  files: number;
  /** Whether a size cap cut the paste short. */
  isTruncated: boolean;
}

/** The attachment fields the downloader needs (a discord.js Attachment has them all). */
export type TextFile = Pick<Attachment, 'name' | 'url' | 'size' | 'contentType'>;

const TEXT_EXTENSIONS = /\.(txt|log|out|err|text|trace|dump|race|go)$/i;

/** Whether an attachment is text worth reading: `message.txt`, logs, dumps, Go source. */
export function isTextFile(file: TextFile): boolean {
  const type = file.contentType?.toLowerCase() ?? '';
  if (type.startsWith('text/')) return true;
  if (type !== '' && !type.startsWith('application/octet-stream')) return false;
  return TEXT_EXTENSIONS.test(file.name);
}

/** Removes mentions of the bot (`<@id>`, `<@!id>`) so they are not part of the paste. */
export function stripMention(text: string, botId: string): string {
  return text.replace(new RegExp(`<@!?${botId}>`, 'g'), '').trim();
}

/** Collects the paste of one message: its text (minus the bot's mention) and text files. */
export async function readMessagePaste(
  message: Pick<Message, 'content' | 'attachments'>,
  botId: string,
  limits: DownloadLimits,
): Promise<MessagePaste> {
  const parts = [stripMention(message.content, botId)];
  const files = [...message.attachments.values()].filter(isTextFile).slice(0, limits.maxFiles);

  let budget = limits.maxBytes;
  let isTruncated = false;
  for (const file of files) {
    if (budget <= 0) {
      isTruncated = true;
      break;
    }
    const read = await downloadText(file, { ...limits, maxBytes: budget });
    parts.push(read.text);
    budget -= Buffer.byteLength(read.text, 'utf8');
    isTruncated ||= read.isTruncated;
  }

  return {
    paste: parts.filter((part) => part !== '').join('\n\n'),
    files: files.length,
    isTruncated,
  };
}

/**
 * Downloads one text file, reading at most `maxBytes`. A longer file is cut at its last whole
 * line: the start of a crash (the headline, the crashing goroutine) is what matters.
 */
export async function downloadText(
  file: Pick<TextFile, 'url'>,
  limits: Pick<DownloadLimits, 'maxBytes' | 'timeoutMs' | 'allowedOrigins'>,
): Promise<{ text: string; isTruncated: boolean }> {
  const url = parseUrl(file.url);
  if (!url || !limits.allowedOrigins.includes(url.origin)) {
    throw new BotError('ADAPTER_DOWNLOAD_FAILED', 'attachment host is not Discord');
  }

  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (error) {
    throw new BotError('ADAPTER_DOWNLOAD_FAILED', 'request failed', { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new BotError('ADAPTER_DOWNLOAD_FAILED', `status ${response.status}`);
  }

  const { bytes, isTruncated } = await readCapped(response.body, limits.maxBytes);
  const text = new TextDecoder('utf-8').decode(bytes);
  if (!isTruncated) return { text, isTruncated };

  const lastLine = text.lastIndexOf('\n');
  return { text: lastLine > 0 ? text.slice(0, lastLine) : text, isTruncated };
}

/** Reads a body up to `maxBytes`, then cancels it so the rest is never transferred. */
async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; isTruncated: boolean }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let isTruncated = false;

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        size = maxBytes;
        isTruncated = true;
        await reader.cancel();
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    throw new BotError('ADAPTER_DOWNLOAD_FAILED', 'body read failed', { cause: error });
  }

  return { bytes: Buffer.concat(chunks, size), isTruncated };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
