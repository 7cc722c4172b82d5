import chalk from "chalk";
import type {
  ConfigChange,
  ConfigListing,
  ConfigValue,
  ShownProfile,
  ShownValue,
} from "../config/edit.js";
import { CONFIG_KEYS } from "../config/keys.js";
import { printJson, printLine } from "./out.js";

interface RenderOptions {
  json: boolean;
}

/** Lists joined by commas; the webhook targets as `repo=o/r, environment=production`. */
export function formatValue(value: ShownValue): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([target, saved]) => `${target}=${saved}`)
      .join(", ");
  }
  return String(value);
}

export function renderConfigList(listing: ConfigListing, { json }: RenderOptions): void {
  if (json) return printJson(listing);
  const names = Object.keys(listing.profiles);
  if (names.length === 0) {
    printLine(
      `no saved profile "${listing.active}" in ${listing.path}; run hooks init, or hooks config set <key> <value>`,
      process.stderr,
    );
    return;
  }
  for (const name of names) {
    const active = name === listing.active ? chalk.green(" (active)") : "";
    printLine(`${chalk.bold(`[${name}]`)}${active}`);
    renderProfile(listing.profiles[name] ?? {}, name === listing.active ? listing.overrides : {});
  }
  printLine(chalk.dim(listing.path), process.stderr);
}

function renderProfile(profile: ShownProfile, overrides: ConfigListing["overrides"]): void {
  const keys = [...CONFIG_KEYS, "webhooks"] as const;
  const width = Math.max(...keys.map((key) => key.length));
  for (const key of keys) {
    const value = profile[key];
    if (value === undefined) continue;
    const env = key === "webhooks" ? undefined : overrides[key];
    const override = env ? chalk.yellow(`  (overridden by ${env})`) : "";
    printLine(`  ${key.padEnd(width)}  ${formatValue(value)}${override}`);
  }
}

/** Prints one value (masked for secrets, one a line); nothing for an unset key. */
export function renderConfigValue(value: ConfigValue, { json }: RenderOptions): void {
  if (json) printJson(value);
  else if (Array.isArray(value.value)) value.value.forEach((line) => printLine(line));
  else if (value.value !== null && typeof value.value === "object") {
    // One target a line, as `git config --get-regexp` prints its matches.
    for (const [target, saved] of Object.entries(value.value)) printLine(`${target}=${saved}`);
  } else if (value.value !== null) printLine(String(value.value));
}

export function renderConfigChange(change: ConfigChange, { json }: RenderOptions): void {
  if (json) return printJson(change);
  const where = chalk.dim(`(profile ${change.profile}, ${change.path})`);
  if (change.action === "unset") {
    printLine(
      change.changed
        ? `${chalk.green("✔")} unset ${change.key} ${where}`
        : `${change.key} was not set ${where}`,
    );
    return;
  }
  const shown = change.value === null ? "" : formatValue(change.value);
  printLine(`${chalk.green("✔")} ${change.key} = ${shown} ${where}`);
}

export function renderConfigPath(path: string, { json }: RenderOptions): void {
  if (json) printJson({ path });
  else printLine(path);
}
