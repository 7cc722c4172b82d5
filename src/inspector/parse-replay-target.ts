import { parseUserUrl } from "../util/url.js";

/** A replay target typed in the page, by the one URL rule; undefined when it is not a URL. */
export function parseReplayTarget(text: string): string | undefined {
  try {
    return parseUserUrl(text, "URL");
  } catch {
    return undefined;
  }
}
