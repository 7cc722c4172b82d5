import { parseUserUrl } from "../util/url.js";

export function parseTarget(text: string): string | undefined {
  try {
    return parseUserUrl(text, "URL");
  } catch {
    return undefined;
  }
}
