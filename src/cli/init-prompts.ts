import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { initPromptFiles, PROMPTS_DIR } from "../flow/init.js";

/**
 * Where `init` puts the role prompts for a flow file at `flowFile`: `prompts/` beside it, named in the
 * flow relative to the repository root (the engine reads `prompt_file` from there); for a flow file
 * outside the repository, `agents/prompts/` at its root.
 */
export function promptsDirFor(flowFile: string, root: string): { dir: string; inFlow: string } {
  const dir = join(dirname(flowFile), "prompts");
  const rel = relative(root, dir);
  if (rel.startsWith("..") || isAbsolute(rel)) return { dir: join(root, PROMPTS_DIR), inFlow: PROMPTS_DIR };
  return { dir, inFlow: rel.split(sep).join("/") };
}

/**
 * Writes the role prompts into `dir`; a file already there is the user's and is kept as it is (even with
 * --force, which is about the flow file). Returns the files written and kept.
 */
export async function writeInitPrompts(dir: string): Promise<{ written: string[]; kept: string[] }> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const kept: string[] = [];
  for (const [name, text] of Object.entries(initPromptFiles())) {
    const file = join(dir, name);
    try {
      await writeFile(file, text, { flag: "wx" });
      written.push(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      kept.push(file);
    }
  }
  return { written, kept };
}
