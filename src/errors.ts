// Our own failures: one coded error type, with message templates kept next to the codes.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'KNOWLEDGE_INVALID_ENTRY'
  | 'KNOWLEDGE_DUPLICATE_ID'
  | 'KNOWLEDGE_UNREADABLE'
  | 'SEARCH_INDEX_EMPTY'
  | 'PASTE_UNREADABLE'
  | 'PASTE_TOO_LARGE'
  | 'ADAPTER_POST_FAILED'
  | 'ADAPTER_DOWNLOAD_FAILED'
  | 'STORE_FAILED';

const MESSAGES: Record<ErrorCode, string> = {
  CONFIG_INVALID: 'the configuration is invalid',
  KNOWLEDGE_INVALID_ENTRY: 'a knowledge entry is invalid',
  KNOWLEDGE_DUPLICATE_ID: 'two knowledge entries share an id',
  KNOWLEDGE_UNREADABLE: 'the knowledge directory cannot be read',
  SEARCH_INDEX_EMPTY: 'the search index has no entries',
  PASTE_UNREADABLE: 'the paste cannot be read',
  PASTE_TOO_LARGE: 'the paste is larger than the limit',
  ADAPTER_POST_FAILED: 'the platform rejected a reply',
  ADAPTER_DOWNLOAD_FAILED: 'a pasted file could not be downloaded',
  STORE_FAILED: 'the settings database failed',
};

/** A failure of crashdoc itself (never of the pasted input), carrying a stable code. */
export class BotError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${MESSAGES[code]}: ${detail}` : MESSAGES[code], options);
    this.name = 'BotError';
    this.code = code;
  }
}

/** One problem in a knowledge file, with the line it was found on (1-based, 0 if unknown). */
export interface KnowledgeProblem {
  file: string;
  line: number;
  message: string;
}

/** Every problem found while loading knowledge/, reported at once. */
export class KnowledgeError extends BotError {
  readonly problems: readonly KnowledgeProblem[];

  constructor(problems: KnowledgeProblem[]) {
    const lines = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    super('KNOWLEDGE_INVALID_ENTRY', `${problems.length} problem(s)\n${lines.join('\n')}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}
