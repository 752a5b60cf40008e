/**
 * The one place the drawer reaches into utils/logs/: parsers and text helpers (pure, written and tested there).
 */

export { parseActionsJobLog } from '../../utils/logs/actions';
export type { AnsiSpan } from '../../utils/logs/ansi';
export { ansiToSpans, sanitizeDisplayText, stripAnsi } from '../../utils/logs/ansi';
export { createCopilotLogParser, parseCopilotLog } from '../../utils/logs/copilot-api';
export {
  commitBody,
  commitTitle,
  entryText,
  planChangeLines,
  toMarkdown,
} from '../../utils/logs/export';
export { liveEntries, type PlanRevision, planChanges } from '../../utils/logs/live';
export {
  linkHostNote,
  linkText,
  type MdInline,
  type MdNode,
  parseMarkdownSafe,
  safeHref,
} from '../../utils/logs/markdown';
export type { IncrementalParser } from '../../utils/logs/types';
