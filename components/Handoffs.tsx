/**
 * Where to take a session next (utils/sessions/handoffs.ts builds every URL): open its pull request in VS Code, copy
 * `copilot --resume=<id>`, open GitHub's Agents page, and for a branch-only session its compare page and the "open a
 * pull request" form. One list for the popup row's menu and the drawer (and its tab). Copy happens only on the
 * user's click; the command is also shown as text, to select by hand where the clipboard is refused.
 */
import { useState } from 'preact/hooks';
import { handoffsOf } from '../utils/sessions/handoffs';
import type { Session } from '../utils/sessions/model';
import { Octicon } from './Octicon';

interface HandoffProps {
  session: Session;
  /** The web origin of the session's account (`https://github.com`, `https://<tenant>.ghe.com`). */
  origin: string;
  /** `menu`: the popup row's list; `bar`: the drawer's row of links. */
  variant: 'menu' | 'bar';
  /** Branch-only sessions' compare and create-PR links are shown here too (the popup shows them on the row). */
  withBranchLinks?: boolean;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function Handoffs({ session, origin, variant, withBranchLinks = true }: HandoffProps) {
  const h = handoffsOf(origin, session);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const external = { target: '_blank', rel: 'noopener noreferrer' } as const;
  const items: preact.JSX.Element[] = [];
  if (withBranchLinks && h.createPr)
    items.push(
      <a key="create-pr" href={h.createPr} {...external} data-handoff="create-pr">
        <Octicon name="git-pull-request" size={14} /> Create pull request
      </a>,
    );
  if (withBranchLinks && h.compare)
    items.push(
      <a key="compare" href={h.compare} {...external} data-handoff="compare">
        <Octicon name="git-compare" size={14} /> Compare branch
      </a>,
    );
  if (h.vscode)
    items.push(
      <a key="vscode" href={h.vscode} data-handoff="vscode" title="Check out the pull request in VS Code">
        <Octicon name="vscode" size={14} /> Open in VS Code
      </a>,
    );
  if (h.resume) {
    const cmd = h.resume;
    items.push(
      <button
        key="resume"
        type="button"
        class="as-handoff-copy"
        data-handoff="resume"
        data-command={cmd}
        title={cmd}
        onClick={async (e) => {
          e.stopPropagation();
          if (!e.isTrusted) return;
          setCopied((await copyText(cmd)) ? 'ok' : 'failed');
        }}
      >
        <Octicon name={copied === 'ok' ? 'check' : 'copy'} size={14} />
        {copied === 'ok' ? ' Copied ' : ' Copy '}
        {/* The drawer's one row keeps to a short label (the command is the tooltip, and shown when copying fails). */}
        {variant === 'bar' ? 'resume command' : <code>{cmd}</code>}
      </button>,
    );
  }
  if (h.agents)
    items.push(
      <a key="agents" href={h.agents} {...external} data-handoff="agents" title="Open GitHub’s Agents page">
        <Octicon name="agent" size={14} /> {variant === 'bar' ? 'Agents page' : 'Open GitHub’s Agents page'}
      </a>,
    );
  if (items.length === 0) return null;
  const note =
    copied === 'failed' ? (
      <output class="as-handoff-note">
        The clipboard refused: select the command and copy it.{' '}
        {variant === 'bar' && <code class="as-handoff-cmd">{h.resume}</code>}
      </output>
    ) : copied === 'ok' ? (
      <output class="as-visually-hidden">Copied to the clipboard</output>
    ) : null;
  if (variant === 'bar')
    return (
      <nav class="as-handoffs as-handoffs--bar" aria-label="Continue elsewhere" data-role="handoffs">
        {items}
        {note}
      </nav>
    );
  return (
    <ul class="as-handoffs as-handoffs--menu" data-role="handoffs">
      {items.map((it) => (
        <li key={it.key}>{it}</li>
      ))}
      {note && <li>{note}</li>}
    </ul>
  );
}
