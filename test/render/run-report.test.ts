import { describe, expect, it } from "vitest";
import type { ListenSummary } from "../../src/listener/listen-session.js";
import { listenReport, recordSend } from "../../src/render/run-report.js";
import type { SendObserver, TestResult } from "../../src/sender/types.js";

const silent: SendObserver = { start() {}, result() {}, end: async () => {} };

function summary(reason: ListenSummary["reason"], expected: number): ListenSummary {
  return {
    reason,
    requests: 0,
    notStored: 0,
    signatures: { valid: 0, invalid: 0, unsigned: 0, unchecked: 0 },
    duplicates: 0,
    forwardErrors: 0,
    filtered: 0,
    aborted: 0,
    expected,
    met: false,
    recent: [],
    store: "/tmp/s.jsonl",
    durationMs: 10,
  };
}

describe("recordSend", () => {
  it("a case per delivery; duplicateOf and attempts shown only when set", () => {
    const recorder = recordSend(silent);
    const base: TestResult = {
      event: "charge.succeeded",
      id: "evt_1",
      ok: true,
      status: 200,
      durationMs: 5,
      attempts: 1,
      error: null,
    };
    recorder.observer.start(
      {
        provider: "stripe",
        url: "http://u:pw@127.0.0.1/x",
        total: 2,
        timeoutMs: 1,
        concurrency: 1,
        retries: 0,
        eventWidth: 1,
        secret: null,
      },
      "2026-01-01T00:00:00.000Z",
    );
    void recorder.observer.result(base);
    void recorder.observer.result({
      ...base,
      id: "evt_2",
      ok: false,
      status: null,
      attempts: 3,
      duplicateOf: "evt_1",
      error: { reason: "http_timeout", message: "no response within 1 ms" },
    });
    const report = recorder.report(
      { startedAt: "2026-01-01T00:00:00.000Z", testsRun: 2, testsSucceeded: 1, testsFailed: 1 },
      Date.parse("2026-01-01T00:00:02.000Z"),
    );
    expect(report.durationMs).toBe(2000);
    expect(report.properties.url).toBe("http://u:••••@127.0.0.1/x");
    expect(report.cases[0]).toEqual({
      classname: "stripe",
      name: "charge.succeeded evt_1",
      durationMs: 5,
    });
    expect(report.cases[1]).toMatchObject({
      failure: { message: "no response within 1 ms, no status", type: "http_timeout" },
      facts: { duplicateOf: "evt_1", attempts: "3" },
    });
  });
});

describe("listenReport", () => {
  const arrival = {
    id: "req_1",
    method: "POST",
    path: "/x",
    provider: "stripe",
    eventType: "charge.succeeded",
    signature: "invalid" as const,
    reason: "no signature matches",
    status: 200,
    durationMs: 3,
  };

  it("ended at the first invalid request: that one fails, the rest did not arrive", () => {
    const report = listenReport(
      summary("expect", 3),
      { startedAt: "2026-01-01T00:00:00.000Z", arrivals: [arrival], extra: 0 },
      { secretKnown: true, timeoutMs: 5000 },
    );
    expect(report.cases.map((one) => one.failure?.type)).toEqual([
      "signature_invalid",
      "missing",
      "missing",
    ]);
    expect(report.cases[1]?.failure?.message).toMatch(/first request without a valid signature/);
  });

  it("without a secret any request passes; those past n are counted, not cases", () => {
    const report = listenReport(
      summary("expect", 1),
      { startedAt: "2026-01-01T00:00:00.000Z", arrivals: [arrival], extra: 2 },
      { secretKnown: false, timeoutMs: undefined },
    );
    expect(report.cases).toHaveLength(1);
    expect(report.cases[0]?.failure).toBeUndefined();
    expect(report.properties).toMatchObject({ arrived: "3", beyondExpected: "2" });
  });
});
