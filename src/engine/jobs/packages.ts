import { createHash } from "node:crypto";
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { AgentFlowError } from "../../lib/errors.js";

/** A package that must not be used: forged, incomplete or not what the previous job saved. */
export class PackageRefused extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A job the GitHub engine will not do (bad inputs, or a run in another state); nothing was saved. */
export class JobRefused extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A package may hold at most this many entries (a leg's output folder is the agent's to fill). */
const MAX_ENTRIES = 20_000;

/**
 * The files of a package, sorted, each a path relative to `dir`. Refuses anything but folders and
 * regular files: a link in a restored package could make the next copy write outside it.
 */
export async function packageFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  let count = 0;
  const walk = async (d: string): Promise<void> => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(d, e.name);
      if (++count > MAX_ENTRIES)
        throw new PackageRefused(`${dir} holds more than ${MAX_ENTRIES} entries; refused`);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.push(relative(dir, p));
      else throw new PackageRefused(`${JSON.stringify(relative(dir, p))} in a package is not a regular file`);
    }
  };
  await walk(dir);
  return files;
}

/**
 * sha256 over a package's files in a fixed order (path, size, content per file): the job that saves a
 * package outputs it, the job that restores it checks it, so a package swapped in the cache is refused.
 */
export async function packageDigest(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const f of await packageFiles(dir)) {
    const data = await readFile(join(dir, f));
    hash.update(`${f}\0${data.length}\0`);
    hash.update(data);
  }
  return hash.digest("hex");
}

/** A fresh scratch folder for one package. */
export function scratch(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `agent-flow-${prefix}-`));
}

export async function readJsonFile<T>(file: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new PackageRefused(`${what} is missing`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new PackageRefused(`${what} is not valid JSON`);
  }
}

export const writeJsonFile = (file: string, value: unknown): Promise<void> =>
  writeFile(file, `${JSON.stringify(value, null, 2)}\n`);

/** Copies a folder of regular files (checked by packageFiles) to `to`, replacing what is there. */
export async function copyTree(from: string, to: string, skip: (rel: string) => boolean = () => false) {
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  const st = await lstat(from).catch(() => null);
  if (!st?.isDirectory()) return;
  await cp(from, to, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !skip(relative(from, src)),
  });
}
