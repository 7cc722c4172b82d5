import { redact } from "../util/secrets.js";
import type { SendObserver, TestResult } from "./types.js";

/**
 * The report as it may be shown: a server may echo the secret it was sent with (a 401 body that
 * quotes the key, a redirect to a URL holding it), and an error's text reaches the report.
 */
export function maskReport(observer: SendObserver, secrets: readonly string[]): SendObserver {
  if (secrets.length === 0) return observer;
  const masked = (test: TestResult): TestResult => {
    if (!test.error) return test;
    const error = { ...test.error, message: redact(test.error.message, secrets) };
    if (test.error.detail !== undefined) error.detail = redact(test.error.detail, secrets);
    return { ...test, error };
  };
  return {
    start: (plan, startedAt) => observer.start(plan, startedAt),
    result: (test) => observer.result(masked(test)),
    end: (summary) => observer.end(summary),
  };
}
