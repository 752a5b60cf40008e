/** The person's settings and their defaults. Pure. */
export interface Settings {
  host: string;
  notify: {
    completed: boolean;
    failed: boolean;
    timedOut: boolean;
    waiting: boolean;
    /** Opt-in events on the agent's PR (issue 16): Copilot's code review submitted, checks failed, merged or closed. */
    prReviewed: boolean;
    prChecksFailed: boolean;
    prMergedClosed: boolean;
  };
  /** Seconds between polls while something runs / while all is idle. */
  pollActiveSec: number;
  pollIdleSec: number;
  features: { badges: boolean; drawer: boolean; listBadges: boolean };
  confirmStop: boolean;
  theme: 'auto' | 'light' | 'dark';
}

export const DEFAULT_SETTINGS: Settings = {
  host: 'github.com',
  notify: {
    completed: true,
    failed: true,
    timedOut: true,
    waiting: true,
    prReviewed: false,
    prChecksFailed: false,
    prMergedClosed: false,
  },
  pollActiveSec: 30,
  pollIdleSec: 300,
  features: { badges: true, drawer: true, listBadges: true },
  confirmStop: false,
  theme: 'auto',
};
