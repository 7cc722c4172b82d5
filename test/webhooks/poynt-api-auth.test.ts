import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { createPoyntApi } from "../../src/webhooks/poynt-api.js";
import { refusal } from "./api-kit.js";
import { SECRET, usePoyntKit, UUID } from "./poynt-kit.js";

const kit = usePoyntKit();

describe("poynt API client: auth", () => {
  it("trades a self-signed RS256 assertion at /token (grantType) and sends the Poynt headers on every call", async () => {
    const server = await kit.fake();
    const api = createPoyntApi(await kit.context(server));
    await api.create({
      url: "http://127.0.0.1:1/a",
      events: ["ORDER_COMPLETED"],
      name: "",
      secret: SECRET,
    });
    await api.list();

    const [token, ...calls] = server.requests;
    expect(token?.path).toBe("/token");
    expect(token?.form?.get("grantType")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const [claims] = server.state.gate.assertions;
    expect(claims).toMatchObject({
      iss: server.state.applicationId,
      sub: server.state.applicationId,
      aud: [server.url],
      iat: kit.time.now / 1000,
      exp: kit.time.now / 1000 + 300,
    });
    expect(String(claims?.jti)).toMatch(UUID);
    expect(server.requests.filter((request) => request.path === "/token")).toHaveLength(1);
    const ids = server.requests.map((request) => request.headers["poynt-request-id"]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const request of server.requests) {
      expect(request.headers["api-version"]).toBe("1.2");
      expect(String(request.headers["poynt-request-id"])).toMatch(UUID);
    }
    for (const call of calls) expect(call.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it("re-signs when the token has less than 60 s left, and once when Poynt says INVALID_ACCESS_TOKEN", async () => {
    const server = await kit.fake({ tokenLifetimeSec: 600 });
    const api = createPoyntApi(await kit.context(server));
    await api.list();
    kit.time.now += 530_000;
    await api.list();
    expect(server.requests.filter((request) => request.path === "/token")).toHaveLength(1);
    kit.time.now += 15_000;
    await api.list();
    expect(server.requests.filter((request) => request.path === "/token")).toHaveLength(2);

    server.revokeTokens();
    await api.list();
    expect(server.requests.filter((request) => request.path === "/token")).toHaveLength(3);
    expect(server.requests.at(-3)?.path).toBe("/hooks");
  });

  it("a key Poynt does not know is refused in Poynt's words, exit 2, with no token or assertion in the message", async () => {
    const server = await kit.fake({ publicKey: kit.otherPublicKey });
    const error = await refusal(createPoyntApi(await kit.context(server)).list());
    expect(error.message).toMatch(
      /^poynt: \/token: UNAUTHORIZED_ACCESS: Invalid JWT assertion \(.*public key\) \(HTTP 401\)$/,
    );
    expect(error.exitCode).toBe(2);
    const assertion = server.requests[0]?.form?.get("assertion") ?? "";
    expect(assertion.split(".")).toHaveLength(3);
    expect(error.message).not.toContain(assertion.split(".")[2]);
  });

  it.each([
    ["a missing file", () => join(kit.dir, "nope.pem"), /no such file/],
    ["a directory", () => kit.dir, /is a directory/],
    ["a file that is not PEM", () => kit.write("junk.pem", "hello"), /is not a PEM file/],
    [
      "a public key",
      () => kit.write("pub.pem", kit.publicKey),
      /holds a public key or certificate/,
    ],
  ])("%s as the private key is a UsageError naming the path", async (_what, path, words) => {
    const server = await kit.fake();
    const keyFile = path();
    const ctx = await kit.context(server);
    const error = await createPoyntApi({
      ...ctx,
      credentials: { ...ctx.credentials, privateKey: keyFile },
    })
      .list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(keyFile);
    expect((error as Error).message).toMatch(words);
    expect((error as Error).message).toContain("POYNT_PRIVATE_KEY");
    expect(server.requests).toHaveLength(0);
  });
});
