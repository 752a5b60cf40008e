/** Users by id: Agent tasks name creators by `{id}` only; `GET /user/{account_id}` gives the login. */
import type { GitHubClient } from './client';

export async function loginById(client: GitHubClient, id: number): Promise<string | null> {
  const res = await client.get<{ login?: string }>('GET /user/{account_id}', { account_id: id });
  return typeof res.data?.login === 'string' ? res.data.login : null;
}
