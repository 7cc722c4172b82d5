import { afterEach, describe, expect, it } from "vitest";
import { ProviderRefused } from "../../src/webhooks/api-error.js";
import { up42Hosts } from "../../src/webhooks/up42-api-auth.js";
import { failure } from "./api-kit.js";
import { apiRequests, closeAll, PASSWORD, SECRET, setup, USERNAME } from "./up42-setup.js";

afterEach(closeAll);

describe("up42 hosts", () => {
  it("talks to api.up42.com and auth.up42.com, or to both under --api-url", () => {
    expect(up42Hosts(undefined)).toEqual({
      api: "https://api.up42.com",
      auth: "https://auth.up42.com/realms/public/protocol/openid-connect",
    });
    expect(up42Hosts("http://127.0.0.1:9/")).toEqual({
      api: "http://127.0.0.1:9",
      auth: "http://127.0.0.1:9/realms/public/protocol/openid-connect",
    });
  });
});

describe("up42 webhooks API client", () => {
  it("logs in with the password grant, finds the workspace in userinfo once, creates an active webhook with the secret", async () => {
    const { fake, api } = await setup({ requireHttps: true });
    const created = await api.create({
      url: "https://example.test/webhooks",
      events: ["order.status"],
      name: "hooks listen example.test",
      secret: SECRET,
    });
    expect(created).toMatchObject({
      url: "https://example.test/webhooks",
      events: ["order.status"],
      enabled: true,
      provider: "up42",
      secret: SECRET,
    });
    // UP42's microseconds become one ISO 8601 form.
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const post = apiRequests(fake).find((request) => request.method === "POST");
    expect(post?.path).toBe(`/workspaces/${fake.workspaceId}/webhooks`);
    expect(post?.json).toEqual({
      name: "hooks listen example.test",
      url: "https://example.test/webhooks",
      events: ["order.status"],
      secret: SECRET,
      active: true,
    });
    const login = fake.requests.find((request) => request.path.endsWith("/token"));
    expect(Object.fromEntries(login?.form ?? [])).toEqual({
      grant_type: "password",
      username: USERNAME,
      password: PASSWORD,
      client_id: "up42-api",
    });
    await api.list();
    await api.get(created.id);
    expect(fake.requests.filter((request) => request.path.endsWith("/userinfo"))).toHaveLength(1);
    expect(fake.state.tokens).toHaveLength(1);
  });

  it("lists, gets and names the events in UP42's words", async () => {
    const { fake, api } = await setup({ requireHttps: false });
    const a = await api.create({
      url: "https://a.test/",
      events: ["job.status"],
      name: "a",
      secret: "x1",
    });
    const b = await api.create({
      url: "https://b.test/",
      events: ["order.status"],
      name: "b",
      secret: "x2",
    });
    const listed = await api.list();
    expect(listed.map((item) => [item.id, item.url, item.secret])).toEqual([
      [a.id, "https://a.test/", "x1"],
      [b.id, "https://b.test/", "x2"],
    ]);
    expect(await api.get(b.id)).toEqual(b);
    const events = await api.events();
    expect(events.map((event) => event.name)).toEqual(["job.status", "order.status"]);
    expect(events[0]?.description).toBe("Updates on the status of a job.");
    expect(fake.state.webhooks.size).toBe(2);
  });

  it("update resends all five fields, so the secret, name, events and active survive a re-point", async () => {
    const { fake, api } = await setup({ requireHttps: false });
    const created = await api.create({
      url: "https://old.test/webhooks",
      events: ["job.status", "order.status"],
      name: "keep me",
      secret: SECRET,
    });
    const updated = await api.update(created.id, { url: "https://new.test/webhooks" });
    expect(updated).toMatchObject({
      url: "https://new.test/webhooks",
      enabled: true,
      secret: SECRET,
    });
    const put = apiRequests(fake).filter((request) => request.method === "PUT");
    expect(put).toHaveLength(1);
    expect(put[0]?.json).toEqual({
      name: "keep me",
      url: "https://new.test/webhooks",
      events: ["job.status", "order.status"],
      secret: SECRET,
      active: true,
    });
    // The fake replaces like UP42: what the PUT carried is all the webhook now is.
    expect(fake.state.webhooks.get(created.id)).toMatchObject({
      name: "keep me",
      secret: SECRET,
      active: true,
      events: ["job.status", "order.status"],
    });
    await api.update(created.id, { enabled: false, secret: "a-new-secret" });
    expect(fake.state.webhooks.get(created.id)).toMatchObject({
      url: "https://new.test/webhooks",
      active: false,
      secret: "a-new-secret",
    });
  });

  it("delete accepts UP42's empty answer; the webhook is then unknown in UP42's words", async () => {
    const { fake, api } = await setup({ requireHttps: false });
    const created = await api.create({
      url: "https://a.test/",
      events: ["job.status"],
      name: "a",
      secret: "x",
    });
    await api.delete(created.id);
    expect(fake.state.webhooks.size).toBe(0);
    const error = await failure(api.get(created.id));
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      `up42: RESOURCE_NOT_FOUND: Webhook with id ${created.id} not found (HTTP 404)`,
    );
    expect(await failure(api.delete(created.id))).toBeInstanceOf(ProviderRefused);
  });
});
