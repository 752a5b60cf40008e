/**
 * Typed, person-worded errors shared by every layer: `fix` says what to do, `link` where (always an https URL we
 * built). The API layer turns GitHub's failures into these (utils/github/errors.ts `toAppError`). Pure.
 */
/** Typed, person-worded errors; `fix` says what to do, `link` where (always an https URL we built). */
type ErrorKind =
  | 'bad-token'
  | 'expired-token'
  | 'missing-permission'
  | 'org-policy'
  | 'sso-required'
  | 'rate-limited'
  | 'offline'
  | 'not-available'
  | 'not-found'
  | 'validation'
  | 'github-error';

export interface AppError {
  kind: ErrorKind;
  message: string;
  fix: string | null;
  link: string | null;
  /** For rate limits: when requests may resume (ISO). */
  retryAt?: string | null;
  /** For missing permissions: which one ("Actions: write", "repo"). */
  permission?: string | null;
  /** For SSO / policy: the organisation. */
  org?: string | null;
  status?: number | null;
}

/** An Error that carries its AppError; thrown by our own code when we already know the words. */
export class GitHubError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
    this.name = 'GitHubError';
  }
}

export function appError(kind: ErrorKind, message: string, extra: Partial<AppError> = {}): AppError {
  return { kind, message, fix: null, link: null, ...extra };
}
