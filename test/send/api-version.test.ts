import { afterEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/providers/catalog.js";
import { startReceiver, signatureIsValid, type Receiver } from "./receiver.js";
import { json, send } from "./run.js";

// The newest Stripe API version: stripe/stripe-node src/apiVersion.ts and stripe/stripe-go
// api_version.go (both "2026-07-29.dahlia"). stripe-go's webhook.ConstructEvent refuses an event
// whose release train (the part after the dot) differs from its own, and one with none at all.
const STRIPE_VERSION = "2026-07-29.dahlia";
// Shopify/shopify-app-js packages/apps/shopify-api/lib/types.ts, enum ApiVersion: 2026-07 is
// stable and known to every release since April 2026 (2024-07 is no longer in the enum).
const SHOPIFY_VERSION = "2026-07";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("API versions in the samples", () => {
  it("Stripe's samples carry the current api_version, pretty-printed as Stripe sends them", async () => {
    receiver = await startReceiver();
    const secret = "whsec_test_secret";
    const { summary } = await send({ url: receiver.url, provider: "stripe", secret: [secret] });
    expect(summary.testsRun).toBe(loadCatalog("stripe").events.length);
    for (const request of receiver.requests) {
      const text = request.body.toString("utf8");
      expect(json(request.body).api_version).toBe(STRIPE_VERSION);
      // Stripe sends 2-space JSON with no trailing newline (stripe-node's test/Webhook.spec.ts
      // signs JSON.stringify(EVENT_PAYLOAD, null, 2)).
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
      expect(signatureIsValid("stripe", secret, receiver.url, request)).toBe(true);
    }
  });

  it("Shopify's samples send a current X-Shopify-API-Version", async () => {
    receiver = await startReceiver();
    await send({ url: receiver.url, provider: "shopify", secret: ["s"], event: ["orders/create"] });
    expect(receiver.requests[0]?.headers["x-shopify-api-version"]).toBe(SHOPIFY_VERSION);
    // Shopify sends compact JSON.
    const text = receiver.requests[0]?.body.toString("utf8") ?? "";
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
  });

  it("--api-version sets Stripe's body api_version, still signed over the bytes sent", async () => {
    receiver = await startReceiver();
    const secret = "whsec_test_secret";
    await send({
      url: receiver.url,
      provider: "stripe",
      secret: [secret],
      event: ["payment_intent.succeeded", "charge.refunded"],
      apiVersion: "2025-03-31.basil",
    });
    expect(receiver.requests).toHaveLength(2);
    for (const request of receiver.requests) {
      expect(json(request.body).api_version).toBe("2025-03-31.basil");
      expect(signatureIsValid("stripe", secret, receiver.url, request)).toBe(true);
    }
  });

  it("--api-version sets Shopify's header, with --payload too", async () => {
    receiver = await startReceiver();
    await send({ url: receiver.url, provider: "shopify", secret: ["s"], apiVersion: "2026-10" });
    expect(receiver.requests.length).toBeGreaterThan(1);
    for (const request of receiver.requests) {
      expect(request.headers["x-shopify-api-version"]).toBe("2026-10");
    }
  });

  it.each([
    [{ provider: "github" }, /github deliveries carry no API version \(stripe and shopify do\)/],
    [
      { provider: "stripe", apiVersion: "2026-7-29" },
      /does not look like a stripe API version, such as 2026-07-29.dahlia/,
    ],
    [{ provider: "shopify", apiVersion: "2026-08" }, /such as 2026-07/],
  ])("refuses %j before sending anything", async (options, message) => {
    receiver = await startReceiver();
    await expect(
      send({ apiVersion: "2026-07", url: receiver.url, secret: ["s"], ...options }),
    ).rejects.toThrow(message);
    expect(receiver.requests).toHaveLength(0);
  });
});
