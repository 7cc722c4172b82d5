import { UsageError } from "../errors.js";

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO 8601 time (`2026-12-01T10:00:00Z`) or a duration back from now (`90s`, `10m`, `2h`, `3d`). */
export function parseSince(value: string, flag = "--since", now: number = Date.now()): Date {
  const duration = /^(\d+)\s*([smhd])$/i.exec(value.trim());
  if (duration) {
    return new Date(
      now - Number(duration[1]) * (UNITS[(duration[2] as string).toLowerCase()] ?? 0),
    );
  }
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new UsageError(
      `invalid ${flag} "${value}": give an ISO time (2026-12-01T10:00:00Z) or a duration such as 90s, 10m, 2h or 3d`,
    );
  }
  return new Date(at);
}
