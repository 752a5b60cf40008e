/** Saves text as a file through a Blob and a temporary `a[download]` (works in extension pages and iframes). */
export function downloadText(filename: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `agent-session-<id>.md` / `.log`, the id reduced to safe characters. */
export function exportFilename(sessionId: string, ext: 'md' | 'log'): string {
  const id = sessionId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64) || 'log';
  return `agent-session-${id}.${ext}`;
}
