import type { RequestRecord } from "../store/event-store-record.js";
import type { HostEnvironment } from "../doctor/host-environment.js";
import type { Listener } from "./listener.js";

/**
 * The first forward refused by a loopback target, when hooks runs in a container or WSL: what to
 * forward to instead (`hooks doctor --forward-to` says the same). Once a session, as a refusal
 * repeats on every request; the refusal itself is on each request's line (src/listener/forward.ts
 * describeForwardError).
 */
export function watchRefusals(
  listener: Pick<Listener, "on" | "off">,
  report: (hint: string) => void,
  environment?: () => HostEnvironment,
): void {
  const onResponse = (record: RequestRecord): void => {
    const forward = record.forward;
    if (!forward?.error?.includes("(connection refused)")) return;
    listener.off("response", onResponse);
    void import("../doctor/host-environment.js").then((host) => {
      const where = environment?.() ?? host.detectHostEnvironment();
      const hint = host.loopbackSuggestion(forward.url, where);
      if (hint) report(hint);
    });
  };
  listener.on("response", onResponse);
}
