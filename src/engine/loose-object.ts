import { createHash } from "node:crypto";
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import type { Git } from "./git.js";

interface Store {
  objects: string;
  format: "sha1" | "sha256";
}

/** Temporary object names of this process (see writeObject()). */
let tmpSeq = 0;

/** The object store of each engine Git (asked once per Git: one run). */
const stores = new WeakMap<Git, Promise<Store>>();

function storeOf(git: Git): Promise<Store> {
  let s = stores.get(git);
  if (!s) {
    s = Promise.all([git.commonDir(), git.objectFormat()]).then(([common, format]) => ({
      objects: join(common, "objects"),
      format: format === "sha256" ? "sha256" : "sha1",
    }));
    stores.set(git, s);
    s.catch(() => stores.delete(git));
  }
  return s;
}

/**
 * Tells the writer where `git`'s object store is when the caller knows it already (the common dir, made
 * absolute, and the object format), so that no git process is started to ask.
 */
export function knownStore(git: Git, commonDir: string, format: string): void {
  if (!stores.has(git))
    stores.set(
      git,
      Promise.resolve({
        objects: join(commonDir, "objects"),
        format: format === "sha256" ? "sha256" : "sha1",
      }),
    );
}

/**
 * Writes an object into the repository's object store and returns its id: what `git hash-object -w`
 * does (a zlib-deflated "<type> <size>\0<body>" under objects/xx/, written to a temporary name and
 * renamed), without starting a git process for each object the engine makes. The engine's objects are
 * small (a commit, the run's state, a tree), and they sit on a step's critical path: written with
 * synchronous calls, each ~0.1 ms, not trips through libuv's thread pool that take a millisecond or
 * more each on a loaded machine.
 */
export async function writeObject(git: Git, type: "blob" | "commit" | "tree", body: Buffer): Promise<string> {
  const { objects, format } = await storeOf(git);
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const id = createHash(format).update(raw).digest("hex");
  const dir = join(objects, id.slice(0, 2));
  const file = join(dir, id.slice(2));
  const there = statSync(file, { throwIfNoEntry: false });
  if (there?.isFile() && there.size > 0) return id;
  // Level 1, as git itself writes loose objects (core.looseCompression's default, Z_BEST_SPEED): zlib's
  // default level 6 cost several times the CPU on the engine's thread for a few per cent of bytes.
  const packed = deflateSync(raw, { level: 1 });
  for (let attempt = 0; ; attempt++) {
    // Unique in this process; "wx" refuses a name a dead process with the same pid left behind. Not
    // random bytes: the first draw of a process seeds the generator (several ms on a step's path).
    const tmp = join(dir, `tmp_obj_agent-flow_${process.pid}_${++tmpSeq}`);
    try {
      writeFileSync(tmp, packed, { mode: 0o444, flag: "wx" });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // The fan-out folder is made only when missing: most exist, and a mkdir of one that does is two
      // calls (the failed mkdir, then a stat), for every object.
      if (code === "ENOENT" && attempt < 100) {
        mkdirSync(dir, { recursive: true });
        continue;
      }
      if (code === "EEXIST") {
        if (attempt < 100) continue;
      } else rmSync(tmp, { force: true });
      throw err;
    }
    try {
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return id;
  }
}

/** Writes `data` as a blob (what `git hash-object -w --stdin` does). */
export function writeBlob(git: Git, data: string): Promise<string> {
  return writeObject(git, "blob", Buffer.from(data, "utf8"));
}

export interface Identity {
  name: string;
  email: string;
}

/** git's "<seconds> <+hhmm>" for a moment, in the local time zone as git writes it. */
export function gitDate(at: Date): string {
  const offset = -at.getTimezoneOffset();
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
  return `${Math.floor(at.getTime() / 1000)} ${offset < 0 ? "-" : "+"}${hhmm}`;
}

/**
 * Writes a commit object of `tree` with `parents` (what `git commit-tree` does for the engine's own
 * commits on private refs): no signing, hooks or config are involved, and no process is started.
 * `message` is kept verbatim (commit-tree does not clean it up either).
 */
export async function writeCommit(
  git: Git,
  tree: string,
  parents: readonly string[],
  who: Identity,
  message: string,
  at: Date = new Date(),
): Promise<string> {
  for (const id of [tree, ...parents])
    if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(id))
      throw new Error(`not an object id: ${JSON.stringify(id)}`);
  for (const v of [who.name, who.email])
    if (/[<>\n\0]/.test(v)) throw new Error(`unusable identity in a commit: ${JSON.stringify(v)}`);
  const sig = `${who.name} <${who.email}> ${gitDate(at)}`;
  const head = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${sig}`, `committer ${sig}`];
  return writeObject(git, "commit", Buffer.from(`${head.join("\n")}\n\n${message}`, "utf8"));
}
