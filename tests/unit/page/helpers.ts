export const frame = (ms = 130) => new Promise((r) => setTimeout(r, ms));

export function setUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}

export function hosts(kind: string): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(`[data-agent-sessions-badge="${kind}"]`));
}

export function shadowText(el: Element): string {
  return el.shadowRoot?.textContent ?? '';
}
