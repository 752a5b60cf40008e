/**
 * Which part of the engine answers each request of the protocol (already validated and its sender checked by
 * router.ts). A page asks nothing but Stop and the options page: what it shows is pushed (publisher.ts).
 */
import { toAppError } from '../github/errors';
import type { Request, Response, ResponseMap } from '../messages/protocol';
import type { Engine } from './engine';
import { askForChanges } from './follow-up';
import { repoSessions } from './repo-sessions';

/** The answer to one request; a failure becomes the Response's error, in words. */
export async function handleRequest(engine: Engine, req: Request): Promise<Response> {
  try {
    return { ok: true, data: await answer(engine, req) };
  } catch (e) {
    const auth = engine.data.auth;
    return { ok: false, error: toAppError(e, { host: engine.host, tokenKind: auth?.tokenKind, now: engine.now() }) };
  }
}

async function answer(engine: Engine, req: Request): Promise<ResponseMap[Request['type']]> {
  switch (req.type) {
    case 'getState':
      return engine.snapshot();
    case 'refresh':
      if (req.reason === 'page' || req.reason === 'drawer') void engine.refresh(req.reason);
      else await engine.refresh(req.reason);
      return engine.snapshot();
    case 'markRead':
      await engine.markRead(req.ids, req.read);
      return null;
    case 'stopSession':
      return await engine.stopSession(req.sessionId, req.pageLogin);
    case 'getLog':
      return await engine.getLog(req.sessionId, req.offset);
    case 'startTask':
      return await engine.startTask(req.input);
    case 'getRepoSessions':
      return await repoSessions(engine.client(), req.owner, req.repo, engine.data.logins);
    case 'askForChanges':
      return await askForChanges(req, {
        client: engine.client(),
        auth: engine.data.auth,
        session: engine.data.sessions.find((s) => s.id === req.sessionId),
        refresh: () => engine.refresh('manual'),
      });
    case 'signIn':
      return await engine.account.signIn(req.token, req.host);
    case 'signOut':
      await engine.signOut();
      return null;
    case 'deviceFlowStart':
      return await engine.account.deviceFlowStart(req.host);
    case 'deviceFlowPoll':
      return await engine.account.deviceFlowPoll();
    case 'setSettings':
      return await engine.account.setSettings(req.settings);
    case 'listRecentRepos':
      return engine.listRecentRepos();
    case 'getUsageHistory':
      return await engine.history.get(engine.client(), engine.data.auth ? `${engine.host}/${engine.data.auth.id}` : '');
    case 'openSession':
      await engine.reading.openSession(req.sessionId, req.newTab);
      return null;
    case 'openOptions':
      await engine.b.runtime.openOptionsPage?.();
      return null;
  }
}
