/** One line of `hooks doctor`: what was found, and how to fix it when it is not right. */
export interface Check {
  name: "node" | "cloudflared" | "config" | "store" | "profile" | "port" | "proxy" | "forward";
  /** `fail` makes doctor exit 1; `warn` is worth knowing but works. */
  status: "ok" | "warn" | "fail";
  message: string;
  fix?: string;
  /** Machine-readable facts behind the message (paths, versions, ports). */
  details?: Record<string, unknown>;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}
