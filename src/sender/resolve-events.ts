import { UsageError } from "../errors.js";
import type { SampleCatalog, SampleEvent } from "../providers/catalog.js";

/** Levenshtein distance, for "did you mean" on a mistyped event name. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

export function closest(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(wanted, candidate.toLowerCase());
    if (!best || score < best.score) best = { name: candidate, score };
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return best && best.score <= limit ? best.name : undefined;
}

/**
 * Finds one event by name: exact, else the one name that differs only in case, else the one
 * sample the receiver sees under that name (`seenAs`: the report's and the listener's name,
 * `pull_request.opened` for the catalog's `pull_request`), so any name hooks shows can be sent.
 */
export function findEvent(
  catalog: SampleCatalog,
  name: string,
  seenAs?: (sample: SampleEvent) => string | undefined,
): SampleEvent {
  const exact = catalog.events.find((event) => event.name === name);
  if (exact) return exact;
  const folded = catalog.events.filter((event) => event.name.toLowerCase() === name.toLowerCase());
  if (folded.length === 1) return folded[0] as SampleEvent;
  const seen = seenAs ? catalog.events.filter((event) => seenAs(event) === name) : [];
  if (seen.length === 1) return seen[0] as SampleEvent;
  const names = catalog.events.map((event) => event.name);
  const suggestion = closest(name, names);
  const hint = suggestion
    ? `did you mean "${suggestion}"?`
    : names.length <= 16
      ? `known events: ${names.join(", ")}`
      : `see \`hooks providers show ${catalog.provider}\` for its ${names.length} events`;
  throw new UsageError(`unknown ${catalog.provider} event "${name}"; ${hint}`);
}
