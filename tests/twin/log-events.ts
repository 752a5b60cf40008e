/**
 * The assistant deltas of one Copilot API log event (`data: {"choices":[{"delta":{…}}]}` lines, session-logs.md §1):
 * each delta's text and its named tool calls, in order. Unreadable lines and calls are skipped. Shared by what the
 * twin derives from a session's log: its commits and PR body (progress.ts) and its Actions job log (job-log.ts).
 */
export interface Delta {
  content: string;
  calls: Array<{ name: string; arguments: unknown }>;
}

export function deltasOf(event: string): Delta[] {
  const out: Delta[] = [];
  for (const line of event.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line.slice(6));
    } catch {
      continue;
    }
    const choices = (obj as { choices?: unknown }).choices;
    if (!Array.isArray(choices)) continue;
    for (const c of choices) {
      const delta = (c as { delta?: { content?: unknown; tool_calls?: unknown } }).delta;
      if (!delta) continue;
      const calls = (Array.isArray(delta.tool_calls) ? delta.tool_calls : [])
        .map((tc) => (tc as { function?: { name?: unknown; arguments?: unknown } }).function)
        .filter((fn): fn is { name: string; arguments?: unknown } => !!fn && typeof fn.name === 'string')
        .map((fn) => ({ name: fn.name, arguments: fn.arguments }));
      out.push({ content: typeof delta.content === 'string' ? delta.content : '', calls });
    }
  }
  return out;
}

/** A call's arguments as an object ({} when they are not a JSON object). */
export function argsOf(raw: unknown): Record<string, unknown> | null {
  try {
    const a: unknown = JSON.parse(typeof raw === 'string' ? raw : '{}');
    return a && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, unknown>) : {};
  } catch {
    return null;
  }
}
