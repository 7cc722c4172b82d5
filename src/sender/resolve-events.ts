import { UsageError } from "../errors.js";
import type { SampleCatalog, SampleEvent } from "../providers/catalog.js";
import { closest } from "../util/closest.js";

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
