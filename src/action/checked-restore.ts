import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { cp, mkdir, mkdtemp, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import * as core from "@actions/core";
import { HttpClient } from "@actions/http-client";
import { BlobClient } from "@azure/storage-blob";
import {
  type ArchiveLimits,
  ArchiveRefused,
  type Compression,
  capped,
  checkArchive,
  DEFAULT_LIMITS,
  decompress,
  extractChecked,
} from "./safe-extract.js";

/**
 * The restore half of the cache transport, without `@actions/cache`'s restoreCache (which extracts with
 * `tar -P`, honouring absolute names and `..`): it asks the cache service (v2 twirp) for the entry of one
 * exact key, downloads the archive, and unpacks it through safe-extract.ts into a fresh folder.
 */

/** A failure worth another attempt (a 5xx, a 429, a reset); anything else is thrown as is. */
export class TransientFailure extends Error {}

/** A failure retrying cannot mend: a refused token or scope, a bad request. */
export class PermanentFailure extends Error {}

const SERVICE = "twirp/github.actions.results.api.v1.CacheService/";
// @actions/cache's version salt (cacheUtils.js, versionSalt).
const VERSION_SALT = "1.0";

let compressionFound: Compression | null = null;

/** As @actions/cache's getCompressionMethod: zstd when `zstd --quiet --version` says anything. */
export function compressionMethod(): Compression {
  if (compressionFound) return compressionFound;
  const r = spawnSync("zstd", ["--quiet", "--version"], { encoding: "utf8" });
  const said = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
  compressionFound = r.error || said === "" ? "gzip" : "zstd-without-long";
  return compressionFound;
}

/** The entry version @actions/cache computes for `paths` (cacheUtils.js, getCacheVersion; not Windows). */
export function cacheVersion(paths: string[], compression: Compression): string {
  return createHash("sha256")
    .update([...paths, compression, VERSION_SALT].join("|"))
    .digest("hex");
}

const isTransientStatus = (s: number): boolean => s >= 500 || s === 429 || s === 408;

/**
 * Asks the service for an entry of `version` under `key` (the service also takes a longer key that
 * starts with it) or starting with one of `restoreKeys`: the key it matched and the signed URL, or null.
 */
async function lookup(
  http: HttpClient,
  key: string,
  version: string,
  restoreKeys: string[],
): Promise<{ matched: string; signed: string } | null> {
  const base = process.env.ACTIONS_RESULTS_URL ?? "";
  const url = new URL(`${SERVICE}GetCacheEntryDownloadURL`, base.endsWith("/") ? base : `${base}/`).href;
  let status: number;
  let body: string;
  try {
    const res = await http.post(url, JSON.stringify({ key, restore_keys: restoreKeys, version }), {
      "Content-Type": "application/json",
      Accept: "application/json",
      Authorization: `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN ?? ""}`,
    });
    status = res.message.statusCode ?? 0;
    body = await res.readBody();
  } catch (e) {
    throw new TransientFailure(`the cache service did not answer: ${(e as Error).message}`);
  }
  if (status !== 200) {
    const why = `the cache service answered ${status} to GetCacheEntryDownloadURL: ${body.slice(0, 300)}`;
    throw isTransientStatus(status) ? new TransientFailure(why) : new PermanentFailure(why);
  }
  let answer: {
    ok?: boolean;
    signed_download_url?: string;
    signedDownloadUrl?: string;
    matched_key?: string;
    matchedKey?: string;
  };
  try {
    answer = JSON.parse(body);
  } catch {
    throw new TransientFailure("the cache service's answer is not JSON");
  }
  if (!answer.ok) return null;
  const matched = answer.matched_key ?? answer.matchedKey ?? "";
  const signed = answer.signed_download_url ?? answer.signedDownloadUrl ?? "";
  if (!signed) throw new TransientFailure(`the cache service gave no download URL for ${key}`);
  core.setSecret(signed);
  return { matched, signed };
}

const client = (): HttpClient =>
  new HttpClient("agent-flow", [], { socketTimeout: 120_000, allowRetries: false });

/** Whether an entry saved with the one path `entry` has a key starting with `prefix`. Downloads nothing. */
export async function entryExists(prefix: string, entry: string): Promise<boolean> {
  const found = await lookup(client(), prefix, cacheVersion([entry], compressionMethod()), [prefix]);
  return found !== null;
}

/**
 * Downloads the archive at the signed URL into `file`, at most `max` bytes, with the Azure SDK as the
 * client does (it honours the runner's proxy settings and retries transfers itself).
 */
async function download(signed: string, file: string, max: number, key: string): Promise<void> {
  const blob = new BlobClient(signed);
  try {
    const size = (await blob.getProperties()).contentLength ?? 0;
    if (size > max)
      throw new PermanentFailure(`cache entry ${key} is ${size} bytes, more than ${max}; refused`);
    const res = await blob.download(0, undefined, { maxRetryRequests: 5 });
    if (!res.readableStreamBody) throw new TransientFailure(`downloading cache key ${key} gave no body`);
    await pipeline(res.readableStreamBody, capped(max, `cache entry ${key}`), createWriteStream(file));
  } catch (e) {
    if (e instanceof PermanentFailure || e instanceof TransientFailure || e instanceof ArchiveRefused)
      throw e;
    // A fresh lookup gives a fresh URL, so even a 403 (an expired signature) is worth retrying.
    throw new TransientFailure(`downloading cache key ${key} failed: ${(e as Error).message}`);
  }
}

export interface CheckedRestore {
  /** The one path the entry was saved with; the archive's only top folder. */
  entry: string;
  /** A folder for scratch files (RUNNER_TEMP). */
  scratchRoot: string;
  limits?: ArchiveLimits;
}

/**
 * Restores the entry saved under exactly `key` into `target` (absent or an empty folder): its
 * `entry/` folder becomes `target`. Returns false on a miss. An archive holding anything but regular
 * files and folders under `entry/` throws ArchiveRefused, naming the key, before anything is unpacked.
 */
export async function checkedRestore(key: string, target: string, options: CheckedRestore): Promise<boolean> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const compression = compressionMethod();
  const http = client();
  // No restore keys; and GitHub also matches the key as a prefix: an entry under a longer key is not
  // the one asked for, and is not taken.
  const found = await lookup(http, key, cacheVersion([options.entry], compression), []);
  if (found === null || found.matched !== key) return false;
  const { signed } = found;
  const work = await mkdtemp(join(options.scratchRoot, "agent-flow-restore-"));
  try {
    const archive = join(work, "archive");
    const tarFile = join(work, "archive.tar");
    const what = `cache entry ${key}`;
    await download(signed, archive, limits.bytes, key);
    // Headers and padding add at most ~1.5 KiB per member to the files' own bytes.
    await decompress(archive, compression, tarFile, limits.bytes + limits.entries * 1536 + 1024 ** 2, what);
    await checkArchive(tarFile, options.entry, limits, what);
    const unpacked = join(work, "unpacked");
    await extractChecked(tarFile, unpacked, what);
    const top = join(unpacked, options.entry);
    if (!(await stat(top).catch(() => null))?.isDirectory())
      throw new PermanentFailure(`${what} holds no agent-flow package (no ${options.entry}/ folder)`);
    // The caller checked that target is absent or an empty folder.
    await rmdir(target).catch(() => undefined);
    await mkdir(dirname(target), { recursive: true });
    await rename(top, target).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== "EXDEV") throw e;
      await cp(top, target, { recursive: true });
    });
    return true;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
