import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract, list } from "tar";
import { PackageRefused } from "../engine/jobs/packages.js";

/**
 * Unpacks a cache archive that a hostile job may have written. `@actions/cache` extracts with
 * `tar -P`, honouring absolute names and `..`; a leg whose agent reads the job's runtime token can save
 * any archive under a key it knows. So archives are never given to the client's extractor: each is
 * decompressed here, every member listed and checked, and only then extracted into a fresh empty
 * folder, with node-tar refusing absolute and `..` names a second time.
 */

/** What `@actions/cache` v6 compresses with: zstd when the runner has it, else gzip (cacheUtils.js). */
export type Compression = "zstd-without-long" | "gzip";

export interface ArchiveLimits {
  /** Members (folders included). */
  entries: number;
  /** Sum of the members' sizes, and (with headroom for headers) of the decompressed archive. */
  bytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = { entries: 25_000, bytes: 4 * 1024 ** 3 };

/**
 * An archive that must not be unpacked; the message names the cache key and the members. A package
 * refusal: advance records a refused leg package as that agent's failure.
 */
export class ArchiveRefused extends PackageRefused {}

/** Stops a stream once more than `max` bytes went through it (a decompression bomb). */
export function capped(max: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) done(new ArchiveRefused(`${what} decompresses to more than ${max} bytes; refused`));
      else done(null, chunk);
    },
  });
}

/** Decompresses `archive` into the plain tar file `out`, at most `max` bytes of it. */
export async function decompress(
  archive: string,
  compression: Compression,
  out: string,
  max: number,
  what: string,
): Promise<void> {
  if (compression === "gzip") {
    await pipeline(createReadStream(archive), createGunzip(), capped(max, what), createWriteStream(out));
    return;
  }
  // The save ran the runner's zstd (`zstdmt`); so does this. Node 20's zlib has no zstd.
  const child = spawn("zstd", ["-d", "-c", "-q", archive], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  try {
    await pipeline(child.stdout, capped(max, what), createWriteStream(out));
  } catch (e) {
    child.kill();
    await exited.catch(() => undefined);
    throw e;
  }
  const code = await exited;
  if (code !== 0) throw new Error(`zstd could not decompress ${what}: ${stderr.trim() || `exit ${code}`}`);
}

const ALLOWED = new Set(["File", "OldFile", "Directory"]);

/** Why one member may not be unpacked, or null. `top` is the one folder every member must be in. */
function memberProblem(name: string, type: string, top: string): string | null {
  if (!ALLOWED.has(type))
    return `is a ${type === "SymbolicLink" ? "symbolic link" : type === "Link" ? "hard link" : type}, not a regular file or folder`;
  if (name.includes("\0")) return "has a NUL in its name";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "is an absolute path";
  const parts = name.replace(/\/+$/, "").split("/");
  if (parts.some((p) => p === ".." || p === "." || p === "")) return "has a '..', '.' or empty part";
  if (parts[0] !== top) return `is outside the archive's one folder '${top}/'`;
  return null;
}

/**
 * Lists the plain tar `tarFile` and refuses it unless every member is a regular file or folder inside
 * `top/`, with a relative name free of `..`, no name twice, and the totals within `limits`.
 */
export async function checkArchive(tarFile: string, top: string, limits: ArchiveLimits, what: string) {
  const problems: string[] = [];
  const seen = new Set<string>();
  let entries = 0;
  let bytes = 0;
  await list({
    file: tarFile,
    strict: true,
    onReadEntry: (e) => {
      entries++;
      bytes += e.size ?? 0;
      const name = e.path;
      const problem = memberProblem(name, String(e.type), top);
      const norm = name.replace(/\/+$/, "");
      if (problem) problems.push(`${JSON.stringify(name)} ${problem}`);
      else if (seen.has(norm)) problems.push(`${JSON.stringify(name)} appears twice`);
      seen.add(norm);
      e.resume();
    },
  });
  if (entries > limits.entries) problems.push(`it has ${entries} members, more than ${limits.entries}`);
  if (bytes > limits.bytes) problems.push(`its files total ${bytes} bytes, more than ${limits.bytes}`);
  if (entries === 0) problems.push("it is empty");
  if (problems.length > 0)
    throw new ArchiveRefused(
      `${what} is refused, nothing was unpacked: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}`,
    );
}

/** Extracts the checked tar into `into`, which must be a new or empty folder. */
export async function extractChecked(tarFile: string, into: string, what: string): Promise<void> {
  await mkdir(into, { recursive: true });
  if ((await readdir(into)).length > 0) throw new Error(`cannot unpack ${what} into ${into}: not empty`);
  await extract({
    file: tarFile,
    cwd: into,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    // checkArchive refused everything else; this keeps a second line if the two ever disagree.
    filter: (_path, entry) => "type" in entry && ALLOWED.has(String(entry.type)),
    onwarn: (_code, message) => {
      throw new ArchiveRefused(`${what}: ${message}`);
    },
  });
}
