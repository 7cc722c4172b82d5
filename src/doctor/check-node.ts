import type { Check } from "./types.js";

/** package.json "engines": the oldest Node.js hooks runs on. */
export const MIN_NODE = "20.18.1";

function atLeast(version: string, minimum: string): boolean {
  const have = version.replace(/^v/, "").split(".").map(Number);
  const need = minimum.split(".").map(Number);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

export function checkNode(version: string = process.versions.node): Check {
  return atLeast(version, MIN_NODE)
    ? { name: "node", status: "ok", message: `Node.js ${version}`, details: { version } }
    : {
        name: "node",
        status: "fail",
        message: `Node.js ${version} is older than ${MIN_NODE}`,
        fix: `install Node.js ${MIN_NODE} or newer (https://nodejs.org, or nvm install 20)`,
        details: { version, minimum: MIN_NODE },
      };
}
