/**
 * Read marks and opening a session: marking sessions read (their notifications go) or unread, opening a session
 * where a person asked (this tab or a new one: the PR with the drawer, else the drawer as a tab), and a notification
 * click, which opens its session and marks it read.
 */
import { appError, GitHubError } from '../model/errors';
import type { Session } from '../sessions/model';
import type { EngineBrowser } from './engine-deps';
import { extensionPageUrl } from './extension-url';
import { sessionUrl } from './notifications';
import type { EngineData } from './store';

interface ReadingHost {
  data(): EngineData;
  /** The signed-in (or configured) GitHub host. */
  webHost(): string;
  sessionAfterSync(id: string): Promise<Session | undefined>;
  save(): Promise<void>;
  updateBadge(): Promise<void>;
  pushState(): void;
  recordError(e: unknown): void;
}

export function unknownSession(): GitHubError {
  return new GitHubError(
    appError('not-found', 'This session is not known to the extension.', { fix: 'Refresh and try again.' }),
  );
}

export class Reading {
  constructor(
    private readonly b: EngineBrowser,
    private readonly host: ReadingHost,
  ) {}

  async markRead(ids: string[], read: boolean): Promise<void> {
    const data = this.host.data();
    const unread = new Set(data.unread);
    const known = new Set(data.sessions.map((s) => s.id));
    for (const id of ids) {
      if (read) {
        unread.delete(id);
        await this.b.notifications.clear(id).catch(() => false);
      } else if (known.has(id)) unread.add(id);
    }
    this.host.data().unread = [...unread];
    await this.host.save();
    await this.host.updateBadge();
    this.host.pushState();
  }

  async openSession(id: string, newTab: boolean): Promise<void> {
    const s = await this.host.sessionAfterSync(id);
    if (!s) throw unknownSession();
    const url = sessionUrl(s, this.host.webHost(), extensionPageUrl(this.b.runtime, '/drawer.html') ?? undefined);
    const [active] = newTab ? [] : await this.b.tabs.query({ active: true, currentWindow: true });
    if (active?.id != null) await this.b.tabs.update(active.id, { url });
    else await this.b.tabs.create({ url, active: true });
    if (this.host.data().unread.includes(id)) await this.markRead([id], true);
  }

  async onNotificationClicked(id: string): Promise<void> {
    try {
      await this.openSession(id, true);
      await this.markRead([id], true);
      await this.b.notifications.clear(id);
    } catch (e) {
      this.host.recordError(e);
    }
  }
}
