import { CheckFailed, UsageError } from "../errors.js";
import { stringField } from "../util/json.js";
import { createGithubHttp, type GithubHttp } from "./github-api-http.js";
import { githubDeliveries, githubRedeliver, githubTest } from "./github-api-deliveries.js";
import githubEvents from "./github-events.json" with { type: "json" };
import type { ApiContext, EventType, Subscription, UpdateInput, WebhookApi } from "./types.js";

// GitHub's repository and organisation webhooks (REST API, `X-GitHub-Api-Version: 2022-11-28`).
// The secret is ours (hooks chooses it and sends it as `config.secret`) and write-only: GitHub
// answers `********`, so create hands back the one it sent. The quirk that matters: a hook PATCH
// without `config.secret` REMOVES the secret, so update always resends it, and refuses to run
// without it rather than leave a hook that signs nothing.

const DEFAULT_API = "https://api.github.com";
/** An owner (user or organisation) and a repository name, as GitHub allows them. */
const REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/;
const ORG = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

export interface GithubSession {
  http: GithubHttp;
  /** `…/repos/{owner}/{repo}/hooks` or `…/orgs/{org}/hooks`. */
  hooksUrl: string;
  kind: "repo" | "org";
  /** `repository octo/hello`, for messages. */
  label: string;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface GithubApiOptions {
  /** Injected for tests: the wait of a rate limit and between looks for a test's deliveries. */
  sleep?: (ms: number) => Promise<void>;
}

export function createGithubApi(context: ApiContext, options: GithubApiOptions = {}): WebhookApi {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  // Opened on first use, so `events` (no API call) needs neither a token nor a target.
  let session: GithubSession | undefined;
  const open = (): GithubSession => (session ??= openSession(context, sleep));
  const hook = (id: string): string => `${open().hooksUrl}/${hookId(id)}`;

  return {
    provider: "github",
    async list() {
      const items = await open().http.pages(`${open().hooksUrl}?per_page=100`);
      return items.map(toSubscription);
    },
    async get(id) {
      const url = hook(id);
      return toSubscription((await open().http({ method: "GET", url })).json);
    },
    events() {
      return Promise.resolve(githubEvents as EventType[]);
    },
    async create(input) {
      const secret = needSecret(input.secret, "creating");
      const response = await open().http({
        method: "POST",
        url: open().hooksUrl,
        json: {
          // GitHub takes only "web" (its own `gh webhook forward` uses "cli"): no free name.
          name: "web",
          active: true,
          events: input.events.length > 0 ? input.events : ["*"],
          config: { url: input.url, content_type: "json", insecure_ssl: "0", secret },
        },
      });
      return { ...toSubscription(response.json), secret };
    },
    async update(id, input) {
      const secret = needSecret(input.secret, "updating");
      const url = hook(id);
      const current = (await open().http({ method: "GET", url })).json;
      const response = await open().http({
        method: "PATCH",
        url,
        json: patchBody(current, input, secret),
      });
      return { ...toSubscription(response.json), secret };
    },
    async delete(id) {
      await open().http({ method: "DELETE", url: hook(id) });
    },
    test: (id, event) => githubTest(open(), hookId(id), event),
    deliveries: (id, since) => githubDeliveries(open(), hookId(id), since),
    redeliver: (id, deliveryIds) => githubRedeliver(open(), hookId(id), deliveryIds),
  };
}

function openSession(context: ApiContext, sleep: (ms: number) => Promise<void>): GithubSession {
  const token = context.credentials["token"];
  if (token === undefined || token === "") {
    throw new UsageError(
      "github: no token: set GITHUB_TOKEN or GH_TOKEN, or log in with `gh auth login`",
    );
  }
  const root = (context.apiUrl ?? DEFAULT_API).replace(/\/+$/, "");
  const { repo, org } = context.target;
  let target: Pick<GithubSession, "hooksUrl" | "kind" | "label">;
  if (repo !== undefined && org !== undefined) {
    throw new UsageError("github: give either --repo or --org, not both");
  } else if (repo !== undefined) {
    const match = REPO.exec(repo);
    if (match?.[1] === undefined || match[2] === undefined || /^\.\.?$/.test(match[2])) {
      throw new UsageError(`github: --repo takes owner/name (got "${repo}")`);
    }
    const path = `${encodeURIComponent(match[1])}/${encodeURIComponent(match[2])}`;
    target = { hooksUrl: `${root}/repos/${path}/hooks`, kind: "repo", label: `repository ${repo}` };
  } else if (org !== undefined) {
    if (!ORG.test(org))
      throw new UsageError(`github: --org takes an organisation name (got "${org}")`);
    target = { hooksUrl: `${root}/orgs/${org}/hooks`, kind: "org", label: `organization ${org}` };
  } else {
    throw new UsageError("github: say whose hooks: --repo owner/name or --org name");
  }
  const http = createGithubHttp({ http: context.http, token, where: () => target.label, sleep });
  return { ...target, http, clock: context.clock, sleep };
}

/** GitHub's hook ids are integers; anything else would only come back as a 404. */
function hookId(id: string): string {
  if (!/^\d+$/.test(id)) throw new UsageError(`github: a hook id is a number (got "${id}")`);
  return id;
}

function needSecret(secret: string | undefined, doing: string): string {
  if (secret !== undefined && secret !== "") return secret;
  throw new UsageError(
    `github: ${doing} a hook needs its secret: GitHub removes the secret of a hook changed without it, and never gives it back; pass --secret`,
  );
}

/**
 * The hook PATCH with the current config (URL, content type, TLS check) and only what was asked
 * changed, plus the secret: GitHub removes a secret the PATCH does not carry.
 */
function patchBody(current: unknown, input: UpdateInput, secret: string): Record<string, unknown> {
  const insecure = (objectOf(current)["config"] as Record<string, unknown> | undefined)?.[
    "insecure_ssl"
  ];
  const body: Record<string, unknown> = {
    config: {
      url: input.url ?? stringField(current, "config.url"),
      content_type: stringField(current, "config.content_type") ?? "json",
      insecure_ssl: typeof insecure === "string" || typeof insecure === "number" ? insecure : "0",
      secret,
    },
  };
  if (input.events !== undefined) body["events"] = input.events.length > 0 ? input.events : ["*"];
  if (input.enabled !== undefined) body["active"] = input.enabled;
  return body;
}

export function toSubscription(json: unknown): Subscription {
  const hook = objectOf(json);
  if (typeof hook["id"] !== "number" && typeof hook["id"] !== "string") {
    throw new CheckFailed("github: a hook without an id came back");
  }
  const events = hook["events"];
  const created = Date.parse(stringField(hook, "created_at") ?? "");
  const name = stringField(hook, "name");
  return {
    id: String(hook["id"]),
    url: stringField(hook, "config.url") ?? "",
    events: Array.isArray(events) ? events.filter((e): e is string => typeof e === "string") : [],
    enabled: hook["active"] === true,
    createdAt: Number.isNaN(created) ? null : new Date(created).toISOString(),
    provider: "github",
    ...(name !== undefined ? { name } : {}),
  };
}

function objectOf(json: unknown): Record<string, unknown> {
  return typeof json === "object" && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : {};
}
