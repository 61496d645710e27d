// The public surface of the crashdoc core: the only module adapters may import.

export type { Diagnoser, DiagnoserOptions, Match, RequestContext } from './diagnose/diagnose.js';
export { createDiagnoser } from './diagnose/diagnose.js';
export type { Candidate, Confidence, Diagnosis, Notice } from './diagnose/types.js';
export type { ErrorCode } from './errors.js';
export { BotError, KnowledgeError } from './errors.js';
export { defaultKnowledgeDir, loadKnowledge } from './knowledge/load.js';
export type { Entry } from './knowledge/types.js';
export type { Logger } from './log.js';
export { createLogger, silentLogger } from './log.js';
export { diagnosisToJson } from './render/json.js';
export { formatMarkdown } from './render/markdown.js';
export { renderReply, renderSearchReply } from './render/reply.js';
export { formatText } from './render/text.js';
export type { ComparisonTable, GroupRow, Inline, Reply, ReplyFix } from './render/types.js';
export { MAX_PASTE_BYTES } from './report/extract.js';
export type { CrashReport, ReportKind } from './report/types.js';
