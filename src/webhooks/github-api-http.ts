import { CheckFailed } from "../errors.js";
import { providerError } from "./api-error.js";
import { backoffMs, type ApiHttp, type ApiRequest, type ApiResponse } from "./api-http.js";

// How the GitHub client talks to the REST API: the token and the pinned API version on every
// request, GitHub's error bodies turned into its own words, the secondary rate limit's 403 waited
// out once, and `Link: rel="next"` followed page by page.

/** The version the REST API description pins; the 2026 one brings breaking changes. */
export const GITHUB_API_VERSION = "2022-11-28";
/** Pages followed at most, 100 items each: far above GitHub's 20 hooks per event and target. */
const MAX_PAGES = 100;

export interface GithubHttpOptions {
  http: ApiHttp;
  token: string;
  /** Where hook ids are looked up, for the words of a 404 (`repository octo/hello`). */
  where: () => string;
  sleep: (ms: number) => Promise<void>;
}

export type GithubRequest = Omit<ApiRequest, "headers">;

export type GithubHttp = ((request: GithubRequest) => Promise<ApiResponse>) & {
  /** Every page of a list, following `Link: rel="next"` on the same host only. */
  pages(url: string, keepGoing?: (page: unknown[]) => boolean): Promise<unknown[]>;
};

export function createGithubHttp(options: GithubHttpOptions): GithubHttp {
  const headers = {
    authorization: `Bearer ${options.token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": GITHUB_API_VERSION,
  };
  const call = async (request: GithubRequest): Promise<ApiResponse> => {
    let response = await options.http({ ...request, headers });
    // A secondary rate limit answers 403 (or 429, which api-http retries) with retry-after:
    // wait it out once; GitHub asks clients not to hammer it, so a second 403 is an error.
    if (response.status === 403 && response.headers["retry-after"] !== undefined) {
      await options.sleep(backoffMs(response.headers, 0));
      response = await options.http({ ...request, headers });
    }
    if (response.status >= 300) throw githubError(response, options.where());
    return response;
  };
  const pages = async (
    first: string,
    keepGoing: (page: unknown[]) => boolean = () => true,
  ): Promise<unknown[]> => {
    const origin = new URL(first).origin;
    const items: unknown[] = [];
    let url: string | undefined = first;
    for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
      const response = await call({ method: "GET", url });
      if (!Array.isArray(response.json)) {
        throw new CheckFailed(`github: expected a list from ${new URL(url).pathname}`);
      }
      items.push(...(response.json as unknown[]));
      if (!keepGoing(response.json as unknown[])) break;
      url = nextLink(response.headers.link);
      // The token goes with every request: never to a host the first request did not name.
      if (url !== undefined && new URL(url).origin !== origin) {
        throw new CheckFailed(`github: the next page is on another host (${new URL(url).host})`);
      }
    }
    return items;
  };
  return Object.assign(call, { pages });
}

/** The URL of `rel="next"` in a Link header, as GitHub writes it (RFC 8288). */
export function nextLink(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value === undefined) return undefined;
  for (const part of value.split(",")) {
    const match = /^\s*<([^>]+)>(.*)$/.exec(part);
    const rel = /;\s*rel="?([^";]+)"?/.exec(match?.[2] ?? "")?.[1];
    if (rel?.split(/\s+/).includes("next") === true) return match?.[1];
  }
  return undefined;
}

interface GithubErrorBody {
  message?: unknown;
  errors?: unknown;
}

/**
 * GitHub's own words: basic-error `message`, plus each validation-error `errors[].message`
 * (`Validation Failed: Hook already exists on this repository`). A 404 also says where: GitHub
 * answers Not Found as well when the token may not see the hooks (a missing scope).
 */
export function githubError(response: ApiResponse, where: string): Error {
  const body = (response.json ?? {}) as GithubErrorBody;
  let words = typeof body.message === "string" ? body.message : `HTTP ${response.status}`;
  if (Array.isArray(body.errors)) {
    const details = body.errors.map(errorDetail).filter((detail) => detail !== "");
    if (details.length > 0) words += `: ${details.join("; ")}`;
  }
  if (response.status === 404) {
    words += ` (${where}; GitHub also says Not Found when the token lacks the admin:repo_hook or admin:org_hook scope)`;
  }
  return providerError("github", response.status, words);
}

function errorDetail(error: unknown): string {
  if (typeof error === "string") return error;
  if (typeof error !== "object" || error === null) return "";
  const { message, resource, field, code } = error as Record<string, unknown>;
  if (typeof message === "string") return message;
  return [resource, field, code].filter((part) => typeof part === "string").join(" ");
}
