import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { promisify } from "node:util";
import { deflate } from "node:zlib";
import type { Git } from "./git.js";

const deflateAsync = promisify(deflate);

interface Store {
  objects: string;
  format: "sha1" | "sha256";
}

/** The object store of each engine Git (asked once per Git: one run). */
const stores = new WeakMap<Git, Promise<Store>>();

function storeOf(git: Git): Promise<Store> {
  let s = stores.get(git);
  if (!s) {
    s = git.out(["rev-parse", "--git-common-dir", "--show-object-format"]).then((out) => {
      const [common = "", format = "sha1"] = out.split("\n");
      const dir = isAbsolute(common) ? common : resolve(git.cwd, common);
      return { objects: join(dir, "objects"), format: format === "sha256" ? "sha256" : "sha1" };
    });
    stores.set(git, s);
    s.catch(() => stores.delete(git));
  }
  return s;
}

/**
 * Writes `data` as a blob into the repository's object store and returns its id: what `git hash-object
 * -w --stdin` does (a zlib-deflated "blob <size>\0<data>" under objects/xx/, written to a temporary
 * name and renamed), without starting a git process for each state the engine saves.
 */
export async function writeBlob(git: Git, data: string): Promise<string> {
  const { objects, format } = await storeOf(git);
  const body = Buffer.from(data, "utf8");
  const raw = Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]);
  const id = createHash(format).update(raw).digest("hex");
  const dir = join(objects, id.slice(0, 2));
  const file = join(dir, id.slice(2));
  if (
    await stat(file).then(
      (st) => st.isFile() && st.size > 0,
      () => false,
    )
  )
    return id;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `tmp_obj_agent-flow_${randomBytes(6).toString("hex")}`);
  try {
    await writeFile(tmp, await deflateAsync(raw), { mode: 0o444, flag: "wx" });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return id;
}
