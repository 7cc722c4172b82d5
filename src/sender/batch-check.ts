import { UsageError } from "../errors.js";
import { loadCatalog } from "../providers/catalog.js";
import { listProviders } from "../providers/index.js";
import type { EventFactory } from "./samples.js";

/** The providers with at least one sample event that batches objects (its catalog's `batch`). */
export function batchingProviders(): string[] {
  return listProviders()
    .map((provider) => provider.id)
    .filter((id) => loadCatalog(id).events.some((event) => event.batch));
}

/**
 * `--batch n` needs at least one event that batches; otherwise say where batching exists: the
 * provider's events that batch, or the providers that do.
 */
export function assertBatchable(
  providerId: string,
  factories: readonly EventFactory[],
  batch: number,
): void {
  if (batch <= 1 || factories.length === 0 || factories.some((factory) => factory.batch)) return;
  const own = loadCatalog(providerId)
    .events.filter((event) => event.batch)
    .map((event) => event.name);
  if (own.length > 0) {
    const chosen = factories.map((factory) => factory.event).join(", ");
    throw new UsageError(
      `--batch: ${chosen} ${factories.length === 1 ? "does" : "do"} not batch objects; ${providerId} events that do: ${own.join(", ")}`,
    );
  }
  throw new UsageError(
    `--batch: ${providerId} does not batch objects; providers that batch: ${batchingProviders().join(", ")}`,
  );
}
