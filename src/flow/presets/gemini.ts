import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { num, type Preset, type PresetCommand } from "./types.js";

/** Where Gemini CLI reads system settings on Linux when GEMINI_CLI_SYSTEM_SETTINGS_PATH is unset. */
const SYSTEM_SETTINGS = "/etc/gemini-cli/settings.json";

/**
 * A turn limit has no flag, only the `model.maxSessionTurns` setting: it is handed over as the system
 * settings file (the highest-precedence layer, which the worktree cannot override), merged into the
 * machine's own when there is one.
 */
function turnLimitSettings(maxTurns: number): string {
  let base: Record<string, unknown> = {};
  try {
    if (existsSync(SYSTEM_SETTINGS))
      base = JSON.parse(readFileSync(SYSTEM_SETTINGS, "utf8")) as Record<string, unknown>;
  } catch {
    base = {};
  }
  const model = typeof base.model === "object" && base.model !== null ? base.model : {};
  return `${JSON.stringify({ ...base, model: { ...model, maxSessionTurns: maxTurns } }, null, 2)}\n`;
}

/** The last top-level JSON object Gemini CLI pretty-printed (`-o json`), among other log lines. */
function lastPrettyObject(output: string): Record<string, unknown> | null {
  const lines = output.split("\n");
  for (let start = lines.length - 1; start >= 0; start--) {
    if (lines[start]?.trimEnd() !== "{") continue;
    const end = lines.findIndex((l, i) => i > start && l.trimEnd() === "}");
    if (end === -1) continue;
    try {
      const v: unknown = JSON.parse(lines.slice(start, end + 1).join("\n"));
      if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not the object we want; look further up
    }
  }
  return null;
}

/**
 * Google Gemini CLI in headless mode. `--approval-mode auto_edit` approves the file tools only (the
 * shell tool is not offered in headless mode without approval), and those tools refuse paths outside
 * the workspace folders: the worktree and the `--include-directories` ones. `--skip-trust` is needed
 * because an untrusted folder forces the approval mode back to "default", where nothing can write.
 * Gemini's container sandbox (`--sandbox`) needs Docker or Podman and an image; add it in `args`
 * where the runner has them.
 */
export const gemini: Preset = {
  name: "gemini",
  description: "Google Gemini CLI, headless, file edits confined to the worktree",
  program: "gemini",
  install: { manager: "npm", package: "@google/gemini-cli", version: "0.61.0" },
  secrets: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
  promptVia: "stdin",
  maxTurns: true,
  command(c): PresetCommand {
    const settings = join(c.scratchDir, "gemini-system-settings.json");
    const limited = c.maxTurns !== undefined;
    return {
      argv: [
        "gemini",
        "--output-format",
        "json",
        "--approval-mode",
        "auto_edit",
        "--skip-trust",
        ...(c.model ? ["--model", c.model] : []),
        ...(c.writableDirs.length > 0 ? ["--include-directories", c.writableDirs.join(",")] : []),
        ...c.args,
      ],
      env: limited ? { GEMINI_CLI_SYSTEM_SETTINGS_PATH: settings } : ({} as Record<string, string>),
      files: limited ? [{ path: settings, content: turnLimitSettings(c.maxTurns ?? 0) }] : [],
    };
  },
  usage(output) {
    const doc = lastPrettyObject(output);
    const models =
      doc?.stats && typeof doc.stats === "object" ? (doc.stats as Record<string, unknown>).models : null;
    if (!models || typeof models !== "object") return null;
    const usage = { turns: 0, input_tokens: 0, output_tokens: 0, cost_usd: null };
    for (const m of Object.values(models as Record<string, unknown>)) {
      // the main role's requests are the agent's turns; routing and other utility calls still cost tokens
      const main = num(m, "roles", "main", "totalRequests");
      usage.turns += main > 0 ? main : num(m, "api", "totalRequests");
      usage.input_tokens += num(m, "tokens", "prompt");
      usage.output_tokens += num(m, "tokens", "candidates") + num(m, "tokens", "thoughts");
    }
    return usage;
  },
};
