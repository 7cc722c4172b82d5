import { UsageError } from "../errors.js";
import type { ApiVersionSpec, SampleCatalog, SampleEvent } from "../providers/catalog.js";

/**
 * `--api-version <v>`: the version the deliveries say they are shaped by, where the provider's
 * deliveries carry one (Stripe's body `api_version`, Shopify's `X-Shopify-API-Version`). A
 * receiver's SDK compares it with its own: stripe-go and stripe-dotnet refuse an event of another
 * release train unless told otherwise.
 */
export function apiVersionFor(catalog: SampleCatalog, version: string): ApiVersionSpec {
  const spec = catalog.apiVersion;
  if (!spec) {
    throw new UsageError(
      `--api-version: ${catalog.provider} deliveries carry no API version (stripe and shopify do)`,
    );
  }
  if (!new RegExp(spec.pattern).test(version)) {
    throw new UsageError(
      `--api-version "${version}" does not look like a ${catalog.provider} API version, such as ${spec.example}`,
    );
  }
  return spec;
}

/** The sample with its version field or header set to `version`. */
export function withApiVersion(
  sample: SampleEvent,
  spec: ApiVersionSpec,
  version: string,
): SampleEvent {
  const out: SampleEvent = { ...sample };
  if (spec.header !== undefined) out.headers = { ...sample.headers, [spec.header]: version };
  if (spec.field !== undefined && isObject(sample.body)) {
    out.body = { ...sample.body, [spec.field]: version };
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
