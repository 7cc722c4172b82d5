import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CheckFailed, UsageError } from "../../src/errors.js";
import { createPoyntApi } from "../../src/webhooks/poynt-api.js";
import { createPoyntSession } from "../../src/webhooks/poynt-api-auth.js";
import { refusal } from "./api-kit.js";
import { BUSINESS, SECRET, usePoyntKit } from "./poynt-kit.js";

const kit = usePoyntKit();

describe("poynt API client: hooks", () => {
  it("creates with the secret hooks sent (Poynt answers it masked), lists every page and gets one", async () => {
    const server = await kit.fake();
    const api = createPoyntApi(await kit.context(server));
    const created = [];
    for (let n = 0; n < 5; n++) {
      created.push(
        await api.create({
          url: `http://127.0.0.1:1/${n}`,
          events: ["ORDER_OPENED", "ORDER_COMPLETED"],
          name: "",
          secret: `${SECRET}${n}`,
        }),
      );
    }
    expect(created[0]).toMatchObject({
      url: "http://127.0.0.1:1/0",
      events: ["ORDER_OPENED", "ORDER_COMPLETED"],
      enabled: true,
      provider: "poynt",
      secret: `${SECRET}0`,
    });
    expect(created[0]?.createdAt).toBe("2025-10-01T12:00:00.000Z");
    expect(server.state.hooks.get(created[0]?.id ?? "")?.secret).toBe(`${SECRET}0`);

    const listed = await api.list();
    expect(listed.map((hook) => hook.id).sort()).toEqual(created.map((hook) => hook.id).sort());
    expect(
      server.requests.filter((request) => request.path === "/hooks" && request.method === "GET"),
    ).toHaveLength(3);
    expect(listed.every((hook) => hook.secret === undefined)).toBe(true);

    const got = await api.get(created[3]?.id ?? "");
    expect(got).toMatchObject({ id: created[3]?.id, url: "http://127.0.0.1:1/3" });
    expect(got.secret).toBeUndefined();
    const missing = await refusal(api.get(randomUUID()));
    expect(missing.message).toBe("poynt: RESOURCE_NOT_FOUND: Hook not found (HTTP 404)");
  });

  it("Poynt refuses a non-https deliveryUrl, in its words", async () => {
    const server = await kit.fake({ requireHttps: true });
    const api = createPoyntApi(await kit.context(server));
    const error = await refusal(
      api.create({
        url: "http://127.0.0.1:1/x",
        events: ["ORDER_OPENED"],
        name: "",
        secret: SECRET,
      }),
    );
    expect(error.message).toBe("poynt: INVALID_PARAMETER: deliveryUrl must be https (HTTP 400)");
  });

  it("needs a business, a secret and an event to create", async () => {
    const server = await kit.fake();
    const ctx = await kit.context(server);
    const none = createPoyntApi({ ...ctx, target: {} });
    await expect(none.list()).rejects.toThrow(/--business/);
    const api = createPoyntApi(ctx);
    await expect(
      api.create({ url: "http://127.0.0.1:1/", events: ["ORDER_OPENED"], name: "" }),
    ).rejects.toThrow(/--secret/);
    await expect(
      api.create({ url: "http://127.0.0.1:1/", events: [], name: "", secret: SECRET }),
    ).rejects.toThrow(/--event/);
    expect(server.state.hooks.size).toBe(0);
  });

  it("update re-creates the hook with the same secret and the merged URL and events: a new id, the old one gone", async () => {
    const server = await kit.fake();
    const api = createPoyntApi(await kit.context(server));
    const old = await api.create({
      url: "http://127.0.0.1:1/old",
      events: ["ORDER_OPENED", "TRANSACTION_REFUNDED"],
      name: "",
      secret: SECRET,
    });

    await expect(api.update(old.id, { url: "http://127.0.0.1:1/new" })).rejects.toThrow(UsageError);
    await expect(api.update(old.id, { url: "http://127.0.0.1:1/new" })).rejects.toThrow(
      /masks the secret.*--secret/,
    );
    await expect(api.update(old.id, { enabled: false, secret: SECRET })).rejects.toThrow(
      /cannot be disabled/,
    );

    const updated = await api.update(old.id, { url: "http://127.0.0.1:1/new", secret: SECRET });
    expect(updated.id).not.toBe(old.id);
    expect(updated).toMatchObject({
      url: "http://127.0.0.1:1/new",
      events: ["ORDER_OPENED", "TRANSACTION_REFUNDED"],
      secret: SECRET,
    });
    expect([...server.state.hooks.keys()]).toEqual([updated.id]);
    expect(server.state.hooks.get(updated.id)).toMatchObject({
      secret: SECRET,
      businessId: BUSINESS,
    });
    expect(
      server.requests.some((request) => request.method === "PATCH" || request.method === "PUT"),
    ).toBe(false);

    const same = await api.update(updated.id, { url: "http://127.0.0.1:1/new" });
    expect(same.id).toBe(updated.id);
  });

  it("the fake, like Poynt, has no PATCH or PUT on a hook (405), and DELETE answers 204", async () => {
    const server = await kit.fake();
    const ctx = await kit.context(server);
    const api = createPoyntApi(ctx);
    const hook = await api.create({
      url: "http://127.0.0.1:1/x",
      events: ["ORDER_OPENED"],
      name: "",
      secret: SECRET,
    });
    const call = createPoyntSession(ctx, server.url);
    for (const method of ["PATCH", "PUT"] as const) {
      const response = await call(method, `/hooks/${hook.id}`, {
        deliveryUrl: "http://127.0.0.1:1/y",
      });
      expect(response.status).toBe(405);
      expect(response.json).toMatchObject({ code: "INVALID_REQUEST", httpStatus: 405 });
    }
    await api.delete(hook.id);
    expect(server.requests.at(-1)).toMatchObject({ method: "DELETE" });
    expect(server.state.hooks.size).toBe(0);
    const again = await refusal(api.delete(hook.id));
    expect(again.status).toBe(404);
  });

  it("a reused Poynt-Request-Id is refused on a POST, as Poynt does", async () => {
    const server = await kit.fake();
    const fixed = randomUUID();
    const api = createPoyntApi(await kit.context(server, { newId: () => fixed }));
    const error = await refusal(
      api.create({
        url: "http://127.0.0.1:1/x",
        events: ["ORDER_OPENED"],
        name: "",
        secret: SECRET,
      }),
    );
    expect(error.message).toBe("poynt: REQUEST_ID_DUPLICATE: Duplicate request id (HTTP 400)");
  });

  it("a Poynt outage (5xx) is a CheckFailed, exit 1, in Poynt's words", async () => {
    const server = await kit.fake({ serverErrors: 1 });
    const error = await createPoyntApi(await kit.context(server))
      .list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CheckFailed);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as CheckFailed).exitCode).toBe(1);
    expect((error as Error).message).toBe(
      "poynt: /token: INTERNAL_SERVER_ERROR: Internal server error (HTTP 500)",
    );
  });

  it("429 is retried", async () => {
    const server = await kit.fake({ tooManyRequests: 2 });
    const hooks = await createPoyntApi(await kit.context(server)).list();
    expect(hooks).toEqual([]);
    expect(server.requests.filter((request) => request.path === "/token")).toHaveLength(3);
  });

  it("events are Poynt's documented types, every type hooks' Poynt samples send among them", async () => {
    const server = await kit.fake();
    const events = await createPoyntApi(await kit.context(server)).events();
    const names = events.map((event) => event.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "ORDER_COMPLETED",
        "TRANSACTION_AUTHORIZED",
        "APPLICATION_SUBSCRIPTION_PAYMENT_FAIL",
      ]),
    );
    const samples = JSON.parse(readFileSync("src/providers/samples/poynt.json", "utf8")) as {
      events: { each: { e: { type: string }[] } }[];
    };
    for (const sample of samples.events[0]?.each.e ?? []) expect(names).toContain(sample.type);
    expect(events.every((event) => typeof event.description === "string")).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});
