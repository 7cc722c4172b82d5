import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { signatureIsValid, startReceiver, type Receiver } from "./receiver.js";
import { json, send } from "./run.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("hooks send --duplicates through the sender", () => {
  it.each(["stripe", "standard", "slack", "square"])(
    "re-sends a %s event with its body and id, signed afresh with a later timestamp",
    async (provider) => {
      receiver = await startReceiver();
      // A clock that moves 5 s on every reading, so a fresh timestamp cannot equal the first.
      let clock = Date.parse("2026-01-01T00:00:00Z");
      const event = { stripe: "charge.succeeded", standard: "user.created" }[provider];
      const run = await send(
        {
          url: receiver.url,
          provider,
          secret: [SECRET],
          duplicates: "1",
          seed: "1",
          ...(event === undefined ? {} : { event: [event] }),
        },
        { now: () => (clock += 5000) },
      );
      expect(run.summary.testsFailed).toBe(0);
      const requests = receiver.requests;
      expect(requests.length).toBe(run.plan.total);
      expect(run.plan.total % 2).toBe(0);
      // Every request is an original or the duplicate of one before it, byte for byte.
      const originals = requests.filter(
        (request, i) => !requests.slice(0, i).some((before) => before.body.equals(request.body)),
      );
      expect(originals).toHaveLength(requests.length / 2);
      for (const original of originals) {
        const duplicate = requests.find(
          (request) => request !== original && request.body.equals(original.body),
        );
        if (!duplicate) throw new Error("a duplicate is missing");
        expect(requests.indexOf(duplicate)).toBeGreaterThan(requests.indexOf(original));
        expect(signatureIsValid(provider, SECRET, receiver.url, duplicate)).toBe(true);
        const stamp = timestampHeader(provider);
        if (stamp) expect(duplicate.headers[stamp]).not.toBe(original.headers[stamp]);
        else expect(duplicate.headers).toEqual(original.headers);
      }
      const dups = run.tests.filter((test) => test.duplicateOf !== undefined);
      expect(dups).toHaveLength(run.plan.total / 2);
      for (const dup of dups) expect(dup.duplicateOf).toBe(dup.id);
    },
  );

  it("keeps at most --concurrency requests in flight while jittering", async () => {
    let inFlight = 0;
    let most = 0;
    receiver = await startReceiver((_request, _n, response: ServerResponse) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // A slow receiver, so that requests overlap if the sender lets them.
      setTimeout(() => {
        inFlight -= 1;
        response.end("ok");
      }, 30);
    });
    const run = await send({
      url: receiver.url,
      provider: "stripe",
      secret: [SECRET],
      concurrency: "2",
      duplicates: "0.5",
      jitter: "20",
      seed: "8",
    });
    expect(run.summary.testsRun).toBe(run.plan.total);
    expect(run.summary.testsFailed).toBe(0);
    expect(most).toBe(2);
    // Every Stripe sample is there once, and round(0.5 x 13) = 7 of them twice.
    const ids = receiver.requests.map((request) => json(request.body).id as string);
    expect(new Set(ids).size).toBe(13);
    expect(ids).toHaveLength(20);
  });
});

/** The header that carries the signed timestamp, where the scheme signs one. */
function timestampHeader(provider: string): string | undefined {
  return {
    stripe: "stripe-signature",
    standard: "webhook-timestamp",
    slack: "x-slack-request-timestamp",
  }[provider];
}
