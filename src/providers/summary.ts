import { listEvents } from "./catalog.js";
import { getProvider, listProviders } from "./index.js";
import type { Provider, ProviderSummary } from "./types.js";

function toSummary(provider: Provider): ProviderSummary {
  return {
    id: provider.id,
    name: provider.name,
    signatureHeaders: provider.signatureHeaders,
    algorithm: provider.algorithm,
    signedBytes: provider.signedBytes,
    secretFormat: provider.secretFormat,
    toleranceSec: provider.toleranceSec,
    timeoutMs: provider.timeoutMs,
    retry: provider.retry,
    docs: provider.docs,
    events: listEvents(provider.id),
  };
}

export function summarize(id: string): ProviderSummary {
  return toSummary(getProvider(id));
}

export function summarizeAll(): ProviderSummary[] {
  return listProviders().map(toSummary);
}
