import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  detectProvider,
  findProvider,
  getProvider,
  listProviders,
} from "../../src/providers/index.js";
import { loadProvider } from "../../src/providers/load-provider.js";
import { isProviderId, PROVIDER_IDS } from "../../src/providers/table.js";
import type { FailureReason, Provider } from "../../src/providers/types.js";

const PROVIDERS_DIR = new URL("../../src/providers/", import.meta.url);

/** What each provider's own delivery looks like, as its sign() spells the headers. */
function signedBy(provider: Provider): Record<string, string> {
  const headers = provider.sign({
    body: Buffer.from('{"id":"x"}'),
    secret: "secret",
    url: "https://example.com/hook",
    id: "id-1",
    timestamp: 1700000000,
  });
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe("provider table", () => {
  it("loads, for each id, a provider with that id and sample events in samples/<id>.json", () => {
    expect(listProviders().map((p) => p.id)).toEqual(PROVIDER_IDS);
    for (const id of PROVIDER_IDS) {
      const samples = new URL(`samples/${id}.json`, PROVIDERS_DIR);
      expect(existsSync(samples), `src/providers/samples/${id}.json`).toBe(true);
      const catalog = JSON.parse(readFileSync(samples, "utf8")) as { provider: string };
      expect(catalog.provider, `samples/${id}.json`).toBe(id);
    }
  });

  it("has a line for every provider that has sample events", () => {
    const withSamples = readdirSync(new URL("samples/", PROVIDERS_DIR))
      .filter((name) => name.endsWith(".json"))
      .map((name) => name.slice(0, -".json".length));
    expect(withSamples.filter((id) => !isProviderId(id))).toEqual([]);
  });

  it("has a line for every provider module", () => {
    const modules = readdirSync(PROVIDERS_DIR)
      .filter((name) => name.endsWith(".ts"))
      .filter((name) =>
        /^export const \w+: Provider = /m.test(readFileSync(new URL(name, PROVIDERS_DIR), "utf8")),
      )
      .map((name) => name.slice(0, -".ts".length));
    expect(modules.sort()).toEqual([...PROVIDER_IDS].sort());
  });
});

describe("provider registry", () => {
  it("looks providers up case-insensitively", () => {
    expect(findProvider("Square")?.id).toBe("square");
    expect(() => getProvider("paypal")).toThrow(/unknown provider "paypal"; known providers: /);
  });

  it("gives each provider a positive delivery limit and a short retry schedule", () => {
    const limits = Object.fromEntries(listProviders().map((p) => [p.id, p.timeoutMs]));
    expect(limits).toMatchObject({
      poynt: 2000,
      square: 10000,
      slack: 3000,
      github: 10000,
      shopify: 5000,
    });
    for (const provider of listProviders()) {
      expect(provider.timeoutMs).toBeGreaterThan(0);
      expect(provider.retry.backoffMs.length).toBeGreaterThan(0);
      expect(Math.max(...provider.retry.backoffMs)).toBeLessThanOrEqual(1000);
      expect(provider.signatureHeader).toBe(provider.signatureHeader.toLowerCase());
      expect(provider.signatureHeaders[0]?.toLowerCase()).toBe(provider.signatureHeader);
    }
  });

  it("detects each provider from the headers its own sign() produces", () => {
    for (const provider of listProviders()) {
      expect(detectProvider(signedBy(provider))?.id, provider.id).toBe(provider.id);
    }
  });

  it("says UP42 by its signature-input only, not by a body or user agent on Standard headers", () => {
    const headers = signedBy(getProvider("standard"));
    expect(detectProvider(headers, { event: "order.status" })?.id).toBe("standard");
    expect(detectProvider({ ...headers, "user-agent": "up42 webhooks" })?.id).toBe("standard");
    expect(detectProvider({ "signature-input": 'up42-sig=("date");created=1' })?.id).toBe("up42");
  });

  it("prefers specific headers over the Standard Webhooks ones", () => {
    const both = { ...signedBy(getProvider("standard")), "x-github-event": "ping" };
    expect(detectProvider(both)?.id).toBe("github");
    expect(detectProvider({ "content-type": "application/json" })).toBeUndefined();
  });

  it("lets only a valid signature through for every provider, and never throws on garbage", () => {
    for (const provider of listProviders()) {
      const headers = signedBy(provider);
      const body = Buffer.from('{"id":"x"}');
      const common = {
        body,
        secrets: ["secret"],
        url: "https://example.com/hook",
        now: 1700000000,
      };
      expect(provider.verify({ ...common, headers }).valid, provider.id).toBe(true);
      const garbage = Object.fromEntries(Object.keys(headers).map((name) => [name, "%%%"]));
      expect(provider.verify({ ...common, headers: garbage }).valid, provider.id).toBe(false);
      expect(provider.verify({ ...common, headers: {} })).toMatchObject({
        valid: false,
        code: "missing_header",
      });
    }
  });

  it("retry headers use a number for the attempt and a known reason", () => {
    const reasons: FailureReason[] = [
      "http_error",
      "http_timeout",
      "connection_error",
      "ssl_error",
    ];
    const withRetry = listProviders().filter((p) => p.retryHeaders);
    expect(withRetry.map((p) => p.id).sort()).toEqual(["slack", "square"]);
    for (const provider of withRetry) {
      for (const reason of reasons) {
        const values = Object.values(provider.retryHeaders?.(2, reason) ?? {});
        expect(values).toHaveLength(2);
        expect(values[0]).toBe("2");
      }
    }
  });
});

describe("loadProvider", () => {
  it("loads the same provider object as the registry, for every id, on its own", async () => {
    for (const provider of listProviders()) {
      expect(await loadProvider(provider.id)).toBe(provider);
      expect(await loadProvider(provider.id.toUpperCase())).toBe(provider);
    }
  });

  it("rejects an unknown id with the registry's usage error", async () => {
    await expect(loadProvider("paypal")).rejects.toThrow(/unknown provider "paypal"; known/);
    await expect(loadProvider("toString")).rejects.toThrow(/unknown provider "toString"/);
  });
});
