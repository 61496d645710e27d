// Downloading pasted snippets and text files with the bot token, within a size cap.
import { BotError, type Logger } from '../../src/index.js';

/** The fields of a Slack file object we read; everything else in the event is ignored. */
export interface SlackFileRef {
  id: string;
  size: number;
  mode?: string;
  mimetype?: string;
  filetype?: string;
  urlPrivate?: string;
  urlPrivateDownload?: string;
}

export interface DownloadOptions {
  botToken: string;
  maxBytes: number;
  /** The Web API base in use: its origin may serve files too (a local Slack in tests). */
  apiUrl: string | undefined;
  fetch?: typeof fetch;
}

export type DownloadResult =
  | { kind: 'text'; text: string }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'none' };

/** Files worth reading for a paste: snippets, text/*, and the file types Go output lands in. */
const TEXT_FILETYPES = new Set(['text', 'go', 'log', 'txt', 'plain', 'markdown', 'json', 'shell']);
/** Only the first few files of a message are read; a crash rarely spans more. */
const MAX_FILES = 3;

/**
 * Reads the text files attached to a message and joins them. Files over `maxBytes` are not
 * fetched at all; a download that turns out larger is cut off at the cap and reported.
 */
export async function downloadTextFiles(
  files: readonly SlackFileRef[],
  options: DownloadOptions,
  logger: Logger,
): Promise<DownloadResult> {
  const candidates = files.filter(isTextFile).slice(0, MAX_FILES);
  const texts: string[] = [];

  for (const file of candidates) {
    if (file.size > options.maxBytes) return { kind: 'too-large', bytes: file.size };

    const url = file.urlPrivateDownload ?? file.urlPrivate;
    if (url === undefined || !isSlackFileUrl(url, options.apiUrl)) {
      logger.warn({ fileId: file.id }, 'file url not on a Slack host, skipped');
      continue;
    }

    const result = await downloadOne(url, options);
    if (result.kind === 'too-large') return result;
    texts.push(result.text);
    logger.debug({ fileId: file.id, bytes: result.text.length }, 'file downloaded');
  }

  return texts.length === 0 ? { kind: 'none' } : { kind: 'text', text: texts.join('\n') };
}

/** Whether a file is worth downloading as a paste. */
export function isTextFile(file: SlackFileRef): boolean {
  if (file.mode === 'snippet') return true;
  if (file.mimetype?.startsWith('text/')) return true;
  return file.filetype !== undefined && TEXT_FILETYPES.has(file.filetype);
}

/**
 * Only Slack's own file hosts (or the configured API's origin) get the bot token: the URL comes
 * from an event body, and a token sent elsewhere would be a token given away.
 */
export function isSlackFileUrl(url: string, apiUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }

  if (apiUrl !== undefined && parsed.origin === new URL(apiUrl).origin) return true;
  return parsed.protocol === 'https:' && /(^|\.)slack\.com$/.test(parsed.hostname);
}

async function downloadOne(
  url: string,
  options: DownloadOptions,
): Promise<{ kind: 'text'; text: string } | { kind: 'too-large'; bytes: number }> {
  const fetchFn = options.fetch ?? fetch;
  let response: Response;
  try {
    // Redirects are followed; fetch drops the Authorization header when one leaves the origin.
    response = await fetchFn(url, {
      headers: { Authorization: `Bearer ${options.botToken}` },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new BotError('ADAPTER_DOWNLOAD_FAILED', 'request failed', { cause: error });
  }

  // Without files:read Slack answers 200 with its HTML sign-in page instead of the file.
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || type.startsWith('text/html')) {
    await response.body?.cancel();
    throw new BotError('ADAPTER_DOWNLOAD_FAILED', `status ${response.status}`);
  }

  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    return { kind: 'too-large', bytes: declared };
  }

  return readCapped(response, options.maxBytes);
}

/** Reads at most `maxBytes`, so a lying Content-Length cannot fill memory. */
async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<{ kind: 'text'; text: string } | { kind: 'too-large'; bytes: number }> {
  const reader = response.body?.getReader();
  if (reader === undefined) return { kind: 'text', text: '' };

  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { kind: 'too-large', bytes: total };
    }
    chunks.push(value);
  }

  return { kind: 'text', text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)) };
}
