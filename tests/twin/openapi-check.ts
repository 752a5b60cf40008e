/**
 * GitHub's REST description (@octokit/openapi, api.github.com.json) as a checker for requests and answers, shared by
 * the twin (`startTwin({ validate: true })`), the OpenAPI suite and the engine's unit-test fake.
 *
 * - A request: its route must be in the description; every query parameter must be one the operation declares,
 *   with a value its schema accepts (type, enum, bounds); required ones present; a JSON body must match the request
 *   body schema (and a body is refused where the operation takes none).
 * - An answer: a documented status is validated against its JSON schema; a status the description does not document
 *   must be in UNDOCUMENTED_STATUSES, with its reason, and its body is then validated as GitHub's error body
 *   (`basic-error`). Nothing is skipped silently.
 * Routes outside the REST description (GraphQL, the twin's `/_twin/*` controls) are listed in NOT_REST.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}
interface Operation {
  parameters?: Array<Param | { $ref: string }>;
  requestBody?: Json;
  responses: Record<string, Json>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Json & { parameters: Record<string, Param>; responses: Record<string, Json> };
}

/**
 * Statuses an answer may have that the description does not document for its route (`*`: any route), each with
 * why GitHub answers it. Their bodies are validated as `basic-error` (`body: 'none'`: no body at all).
 */
export const UNDOCUMENTED_STATUSES: ReadonlyArray<{
  route: string;
  status: number;
  body: 'error' | 'none';
  reason: string;
}> = [
  {
    route: '*',
    status: 304,
    body: 'none',
    reason: 'Conditional requests (If-None-Match): GitHub answers 304 Not Modified on any GET with an ETag.',
  },
  {
    route: '*',
    status: 403,
    body: 'error',
    reason:
      'Primary and secondary rate limits: "API rate limit exceeded" / "secondary rate limit" on any route (docs.github.com "Rate limits for the REST API").',
  },
  {
    route: '*',
    status: 429,
    body: 'error',
    reason: 'Secondary rate limits may answer 429 on any route (docs.github.com "Rate limits for the REST API").',
  },
  {
    route: '*',
    status: 401,
    body: 'error',
    reason: 'A bad, expired or revoked token answers 401 "Bad credentials" on any route, documented or not.',
  },
  {
    route: '*',
    status: 400,
    body: 'error',
    reason:
      'An unsupported X-GitHub-Api-Version answers 400 on any route (docs.github.com "API Versions"; docs/fidelity.md "Unsupported X-GitHub-Api-Version"); the Agent tasks API switched off as 400 (docs/fidelity.md "Agent tasks API off").',
  },
  {
    route: '*',
    status: 404,
    body: 'error',
    reason:
      'GitHub answers 404 for a resource the token cannot see (private repositories, fine-grained tokens without the repository), on every route.',
  },
  {
    route: '*',
    status: 500,
    body: 'error',
    reason: 'Server errors (injected by twin faults): any route can answer them.',
  },
  { route: '*', status: 502, body: 'error', reason: 'Server errors (injected by twin faults): any route.' },
  { route: '*', status: 503, body: 'error', reason: 'Server errors (injected by twin faults): any route.' },
  {
    route: 'GET /agents/tasks',
    status: 404,
    body: 'error',
    reason:
      'The Agent tasks API switched off for an account: the answer is undocumented (docs/fidelity.md "Agent tasks API off").',
  },
  {
    route: 'GET /agents/repos/{owner}/{repo}/tasks',
    status: 400,
    body: 'error',
    reason: 'Agent tasks API switched off, answered 400 (docs/fidelity.md "Agent tasks API off").',
  },
  {
    route: 'GET /agents/repos/{owner}/{repo}/tasks/{task_id}',
    status: 422,
    body: 'error',
    reason: 'Agent tasks API switched off, answered 422 (docs/fidelity.md "Agent tasks API off").',
  },
  {
    route: 'GET /agents/tasks/{task_id}',
    status: 422,
    body: 'error',
    reason: 'Agent tasks API switched off, answered 422 (docs/fidelity.md "Agent tasks API off").',
  },
  {
    route: 'POST /agents/repos/{owner}/{repo}/tasks',
    status: 404,
    body: 'error',
    reason:
      'Agent tasks API switched off, or a repository the token cannot see (docs/fidelity.md "Agent tasks API off").',
  },
];

/** Routes the twin serves on api.github.com that are not REST: never checked against the REST description. */
export const NOT_REST: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /^\/graphql$/, reason: 'GraphQL: checked for its shape in tests/unit/twin/openapi.test.ts.' },
  { pattern: /^\/_twin(\/|$)/, reason: 'The twin’s own control API.' },
];

/**
 * Routes GitHub serves that its description leaves out, each checked as the documented route it answers like.
 * (Listed here, so a route the engine calls that is in neither place goes red.)
 */
export const UNDOCUMENTED_ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; as: string; reason: string }> = [
  {
    method: 'get',
    pattern: /^\/repositories\/\d+$/,
    as: '/repos/{owner}/{repo}',
    reason:
      'A repository by id: long served by GitHub and used by Octokit and gh, absent from the description; the answer is the full-repository of GET /repos/{owner}/{repo}.',
  },
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let loaded: {
  spec: Spec;
  ajv: Ajv;
  templates: Map<string, Array<{ re: RegExp; path: string; params: number }>>;
} | null = null;

/** OpenAPI 3.0 `nullable: true` → JSON Schema (type + null, or anyOf with null); `$ref`s moved under "gh#". */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$ref' && typeof v === 'string') out[k] = v.startsWith('#/') ? `gh${v}` : v;
    else if (k === 'example' || k === 'examples' || k === 'discriminator') continue;
    else out[k] = toJsonSchema(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export function description(): { spec: Spec; ajv: Ajv } {
  if (loaded) return loaded;
  const spec = JSON.parse(
    readFileSync(path.join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json'), 'utf8'),
  ) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'binary', 'repo.nwo', 'ssh-key', 'ssh-key fingerprint']) {
    ajv.addFormat(f, true);
  }
  ajv.addSchema({ $id: 'gh', components: toJsonSchema(spec.components) as Json }, 'gh');
  const templates = new Map<string, Array<{ re: RegExp; path: string; params: number }>>();
  for (const [p, ops] of Object.entries(spec.paths)) {
    const re = new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    const params = (p.match(/\{/g) ?? []).length;
    for (const m of Object.keys(ops)) {
      const list = templates.get(m) ?? [];
      list.push({ re, path: p, params });
      templates.set(m, list);
    }
  }
  for (const list of templates.values()) list.sort((a, b) => a.params - b.params);
  loaded = { spec, ajv, templates };
  return loaded;
}

/** The description's path template for a request path (`/repos/o/r/pulls/1` → `/repos/{owner}/{repo}/pulls/{pull_number}`). */
export function routeOf(method: string, pathname: string): string | null {
  const { templates } = description() as NonNullable<typeof loaded>;
  const m = method.toLowerCase();
  const alias = UNDOCUMENTED_ROUTES.find((u) => u.method === m && u.pattern.test(pathname));
  if (alias) return alias.as;
  return templates.get(m)?.find((t) => t.re.test(pathname))?.path ?? null;
}

function isAlias(method: string, pathname: string): boolean {
  return UNDOCUMENTED_ROUTES.some((u) => u.method === method.toLowerCase() && u.pattern.test(pathname));
}

const compiled = new Map<string, ValidateFunction | 'no-body' | 'undocumented'>();
const errorKey = 'basic-error';

function compile(key: string, schema: unknown): ValidateFunction {
  const { ajv } = description();
  const cached = compiled.get(key);
  if (cached && typeof cached !== 'string') return cached;
  const v = ajv.compile(toJsonSchema(schema) as Json);
  compiled.set(key, v);
  return v;
}

/** The validator of one documented answer: a schema, `no-body`, or `undocumented`. */
export function responseValidator(
  apiPath: string,
  method: string,
  status: number,
): ValidateFunction | 'no-body' | 'undocumented' {
  const key = `${method} ${apiPath} ${status}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const { spec } = description();
  const op = spec.paths[apiPath]?.[method];
  if (!op) throw new Error(`Not in the description: ${key}`);
  let response = op.responses[String(status)] as Json | undefined;
  if (response?.$ref) response = spec.components.responses[String(response.$ref).split('/').pop()!];
  let result: ValidateFunction | 'no-body' | 'undocumented';
  if (!response) result = 'undocumented';
  else {
    const schema = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
    result = schema?.schema ? compile(`${key} schema`, schema.schema) : 'no-body';
  }
  compiled.set(key, result);
  return result;
}

function notRest(pathname: string): boolean {
  return NOT_REST.some((n) => n.pattern.test(pathname));
}

function paramsOf(op: Operation): Param[] {
  const { spec } = description();
  return (op.parameters ?? []).map((p) =>
    '$ref' in p ? spec.components.parameters[String(p.$ref).split('/').pop()!]! : p,
  );
}

/** A query or path value (always a string on the wire) against its parameter schema. */
function valueProblem(value: string, schema: Json | undefined): string | null {
  if (!schema) return null;
  const type = schema.type;
  let v: unknown = value;
  if (type === 'integer' || type === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(value) || (type === 'integer' && value.includes('.'))) return `not an ${type}`;
    v = Number(value);
    if (typeof schema.minimum === 'number' && (v as number) < schema.minimum) return `below ${schema.minimum}`;
    if (typeof schema.maximum === 'number' && (v as number) > schema.maximum) return `above ${schema.maximum}`;
  } else if (type === 'boolean') {
    if (value !== 'true' && value !== 'false') return 'not a boolean';
  }
  if (Array.isArray(schema.enum) && !schema.enum.map(String).includes(String(v))) {
    return `not one of ${schema.enum.join(', ')}`;
  }
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return 'not a date-time';
  return null;
}

/** What is wrong with a request to api.github.com (empty: nothing). `url` is the path with its query. */
export function checkRequest(method: string, url: string, body?: unknown): string[] {
  const parsed = new URL(url, 'https://api.github.com');
  if (notRest(parsed.pathname)) return [];
  const m = method.toLowerCase();
  const route = routeOf(m, parsed.pathname);
  const label = `${method.toUpperCase()} ${parsed.pathname}`;
  if (!route) return [`${label}: no such route in GitHub's description`];
  const op = description().spec.paths[route]![m]!;
  const params = paramsOf(op);
  const problems: string[] = [];
  for (const [name, value] of parsed.searchParams) {
    const p = params.find((x) => x.in === 'query' && x.name === name);
    if (!p) {
      problems.push(`${label}: query parameter "${name}" is not one of ${route}'s`);
      continue;
    }
    const why = valueProblem(value, p.schema);
    if (why) problems.push(`${label}: query parameter ${name}=${value} ${why}`);
  }
  for (const p of params) {
    if (p.in === 'query' && p.required && !parsed.searchParams.has(p.name)) {
      problems.push(`${label}: required query parameter "${p.name}" missing`);
    }
  }
  const segments = isAlias(m, parsed.pathname) ? [] : route.split('/');
  const actual = parsed.pathname.split('/');
  segments.forEach((s, i) => {
    const name = /^\{(.+)\}$/.exec(s)?.[1];
    if (!name) return;
    const p = params.find((x) => x.in === 'path' && x.name === name);
    const why = valueProblem(decodeURIComponent(actual[i] ?? ''), p?.schema);
    if (why) problems.push(`${label}: path parameter ${name}=${actual[i]} ${why}`);
  });
  const schema = ((op.requestBody?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
  const hasBody = body !== undefined && body !== null && body !== '';
  if (hasBody && !op.requestBody) problems.push(`${label}: a body sent to an operation that takes none`);
  if (!hasBody && op.requestBody?.required === true) problems.push(`${label}: required body missing`);
  if (hasBody && schema) {
    let parsedBody: unknown = body;
    if (typeof body === 'string') {
      try {
        parsedBody = JSON.parse(body);
      } catch {
        problems.push(`${label}: body is not JSON`);
        return problems;
      }
    }
    const v = compile(`${m} ${route} request`, schema);
    if (!v(parsedBody)) {
      problems.push(`${label}: body ${description().ajv.errorsText(v.errors?.slice(0, 5))}`);
    }
  }
  return problems;
}

/** What is wrong with an answer of api.github.com (empty: nothing). `body` is parsed JSON, text, or undefined. */
export function checkResponse(
  method: string,
  url: string,
  status: number,
  contentType: string,
  body: unknown,
): string[] {
  const parsed = new URL(url, 'https://api.github.com');
  if (notRest(parsed.pathname)) return [];
  const m = method.toLowerCase();
  const route = routeOf(m, parsed.pathname);
  const label = `${method.toUpperCase()} ${parsed.pathname} → ${status}`;
  if (!route) return [`${label}: no such route in GitHub's description`];
  const v = responseValidator(route, m, status);
  const empty = body === undefined || body === '' || body === null;
  if (v === 'undocumented') {
    const allowed = UNDOCUMENTED_STATUSES.find(
      (u) => u.status === status && (u.route === '*' || u.route === `${method.toUpperCase()} ${route}`),
    );
    if (!allowed) return [`${label}: status not documented for ${route} and not in UNDOCUMENTED_STATUSES`];
    if (allowed.body === 'none') return empty ? [] : [`${label}: expected no body`];
    if (!contentType.includes('json')) return [`${label}: error answer is ${contentType || 'untyped'}, not JSON`];
    const err = compile(errorKey, { $ref: '#/components/schemas/basic-error' });
    return err(body) ? [] : [`${label}: ${description().ajv.errorsText(err.errors?.slice(0, 5))}`];
  }
  if (v === 'no-body') return [];
  if (status === 304) return [];
  if (!contentType.includes('json')) return [`${label}: documented JSON answer but got ${contentType || 'untyped'}`];
  return v(body) ? [] : [`${label}: ${description().ajv.errorsText(v.errors?.slice(0, 5), { separator: '\n   ' })}`];
}

/** The description's first example answer of a route (status 200), or undefined. */
export function exampleAnswer(method: string, pathname: string): unknown {
  const m = method.toLowerCase();
  const route = routeOf(m, pathname);
  if (!route) return undefined;
  const { spec } = description();
  const content = (spec.paths[route]?.[m]?.responses['200']?.content as Json | undefined)?.['application/json'] as
    | Json
    | undefined;
  const first = Object.values((content?.examples as Record<string, Json> | undefined) ?? {})[0];
  if (!first) return undefined;
  const ref = typeof first.$ref === 'string' ? first.$ref.split('/').pop()! : null;
  const ex = ref ? ((spec.components.examples as Record<string, Json>)[ref] as Json | undefined) : first;
  return ex?.value;
}

/**
 * A test fake's answer made complete: every field the fake leaves out is taken from GitHub's own example of that
 * route (objects merged key by key, each array item over the example's first item). The fake's fields win.
 */
export function completeFromExample(method: string, pathname: string, data: unknown): unknown {
  const example = exampleAnswer(method, pathname);
  return example === undefined ? data : overlay(example, data);
}

function overlay(example: unknown, data: unknown): unknown {
  if (Array.isArray(data)) {
    const item = Array.isArray(example) ? example[0] : undefined;
    return item === undefined ? data : data.map((d) => overlay(item, d));
  }
  if (!data || typeof data !== 'object' || !example || typeof example !== 'object' || Array.isArray(example)) {
    return data;
  }
  const out: Json = { ...(example as Json) };
  for (const [k, v] of Object.entries(data as Json)) {
    out[k] = k in (example as Json) ? overlay((example as Json)[k], v) : v;
  }
  return out;
}
