/**
 * What the listener's tunnel is doing, as src/listener/open-tunnel.ts reports it: a `tunnel` line
 * of `hooks listen --json`, or a line for people.
 */
export interface TunnelStatus {
  /** `starting` is for people (a spinner); the contract's statuses are up, down and error. */
  status: "starting" | "up" | "down" | "error";
  publicUrl: string | null;
  message: string;
  /** On `up`: the URL changed after a restart, the provider's dashboard must be updated. */
  previousUrl?: string;
  retryInMs?: number;
}
