import { afterEach, describe, expect, it } from "vitest";
import { closeAll, PASSWORD, setup, USERNAME } from "./up42-setup.js";

afterEach(closeAll);

// The fake itself, spoken to by hand: what the client's tests rely on it refusing and replacing,
// so that a client which forgot a quirk would fail against it as against UP42.

const OIDC = "/realms/public/protocol/openid-connect";

async function login(base: string): Promise<string> {
  const response = await fetch(`${base}${OIDC}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      username: USERNAME,
      password: PASSWORD,
      client_id: "up42-api",
    }).toString(),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function call(url: string, token: string | null, method = "GET", body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(url, init);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("the UP42 fake", () => {
  it("refuses a missing bearer in UP42's envelope", async () => {
    const { fake } = await setup();
    const answer = await call(`${fake.url}/webhooks/events`, null);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({
      data: null,
      error: { code: "UNAUTHORIZED", details: null },
    });
  });

  it("PUT replaces the whole webhook: a field left out is gone, a required one missing is refused", async () => {
    const { fake } = await setup({ requireHttps: false });
    const token = await login(fake.url);
    const base = `${fake.url}/workspaces/${fake.workspaceId}/webhooks`;
    const created = await call(base, token, "POST", {
      name: "n",
      url: "https://a.test/",
      events: ["job.status"],
      secret: "kept?",
    });
    expect(created.json.data).toMatchObject({ active: false, secret: "kept?" });
    const id = (created.json.data as { id: string }).id;
    const put = await call(`${base}/${id}`, token, "PUT", {
      name: "n",
      url: "https://b.test/",
      events: ["job.status"],
    });
    expect(put.json.data).toMatchObject({ url: "https://b.test/", secret: "", active: false });
    const partial = await call(`${base}/${id}`, token, "PUT", { url: "https://c.test/" });
    expect(partial.status).toBe(400);
    expect(partial.json).toMatchObject({ error: { code: "BAD_REQUEST" } });
    expect(fake.state.webhooks.get(id)?.url).toBe("https://b.test/");
  });

  it("does not let one workspace's token into another's webhooks", async () => {
    const { fake } = await setup();
    const token = await login(fake.url);
    const answer = await call(`${fake.url}/workspaces/someone-else/webhooks`, token);
    expect(answer.status).toBe(403);
  });
});
