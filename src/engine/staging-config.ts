import { lstatSync } from "node:fs";
import { join } from "node:path";
import type { Git } from "./git.js";
import { coreSettings } from "./git-ops.js";

/** What in the repository's config decides whether the engine may stage (see stagingConfig()). */
export interface StagingConfig {
  /** False when config or an attributes file outside the work tree may change what git stores. */
  plain: boolean;
}

const configs = new WeakMap<Git, Promise<Map<string, string>>>();

/**
 * Whether git would store files byte for byte in `git`'s repository: its config asked once per Git (one
 * run; the user's config is fingerprinted, a change fails the run), the attributes files looked at each
 * time.
 */
export async function stagingConfig(git: Git): Promise<StagingConfig> {
  let values = configs.get(git);
  if (values === undefined) {
    values = coreSettings(git);
    configs.set(git, values);
    values.catch(() => configs.delete(git));
  }
  const [v, common] = await Promise.all([values, git.commonDir()]);
  return plainConfig(v, common);
}

async function plainConfig(values: Map<string, string>, common: string): Promise<StagingConfig> {
  const is = (key: string, ...ok: string[]): boolean => {
    const v = values.get(key);
    return v === undefined || ok.includes(v);
  };
  const TRUE = ["true", "yes", "on", "1"];
  const FALSE = ["false", "no", "off", "0"];
  const xdg = process.env.XDG_CONFIG_HOME || (process.env.HOME ? join(process.env.HOME, ".config") : "");
  const outside = [join(common, "info", "attributes"), ...(xdg ? [join(xdg, "git", "attributes")] : [])];
  const present = outside.map(exists);
  const plain =
    is("core.autocrlf", ...FALSE) &&
    is("core.filemode", ...TRUE) &&
    is("core.symlinks", ...TRUE) &&
    is("core.ignorecase", ...FALSE) &&
    is("core.precomposeunicode", ...FALSE) &&
    !values.has("core.attributesfile") &&
    !present.some(Boolean);
  return { plain };
}

const exists = (abs: string): boolean => {
  try {
    return lstatSync(abs, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
};
