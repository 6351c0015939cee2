import { parseIndex } from "./index-file.js";

/**
 * Whether an index git wrote holds stat data that a later write could match (fingerprint-index.ts):
 * git built without USE_NSEC (Linux's default) compares ctime and mtime in whole seconds, and an agent
 * can set an mtime back but not a ctime. So stat data whose ctime falls in the second of `since` (the
 * start of the reading that wrote it, less a margin for the kernel's coarse file clock) or later could
 * be matched by a write still to come in that second, after the reading looked: a same-size rewrite of a
 * file with its mtime set back, or a file planted in a folder with the folder's mtime set back. Such an
 * index is not used again.
 *
 * Looked at: every entry's ctime, and the untracked cache's ("UNTR"): each folder it holds as valid and
 * the two exclude files it tracks. True also when the index cannot be read this far.
 */
export function holdsRecent(buf: Buffer, objectFormat: string, sinceMs: number): boolean {
  const limit = Math.floor((sinceMs - 50) / 1000);
  const idx = parseIndex(buf, objectFormat);
  if (idx === null) return true;
  for (let i = 0; i < idx.count; i++) {
    // An entry starts with ctime's seconds (then its nanoseconds, mtime, ...), 40 bytes before its id.
    if (buf.readUInt32BE((idx.oids[i] as number) - 40) >= limit) return true;
  }
  const end = buf.length - idx.hashLen;
  let at = idx.entriesEnd;
  while (at + 8 <= end) {
    const size = buf.readUInt32BE(at + 4);
    if (buf.toString("latin1", at, at + 4) === "UNTR") {
      const ctimes = untrackedCtimes(buf.subarray(at + 8, at + 8 + size), idx.hashLen);
      if (ctimes === null || ctimes.some((s) => s >= limit)) return true;
    }
    at += 8 + size;
  }
  return false;
}

/** git's varint (varint.c), or null past the end. */
function varint(buf: Buffer, pos: { at: number }): number | null {
  let c = buf[pos.at++];
  if (c === undefined) return null;
  let v = c & 127;
  while (c & 128) {
    c = buf[pos.at++];
    if (c === undefined) return null;
    v = (v + 1) * 128 + (c & 127);
  }
  return v;
}

/** Skips a NUL-terminated string; false past the end. */
function skipString(buf: Buffer, pos: { at: number }): boolean {
  const nul = buf.indexOf(0, pos.at);
  if (nul < 0) return false;
  pos.at = nul + 1;
  return true;
}

/** How many bits an EWAH bitmap (git's ewah_io.c on-disk form) has set, and its end; null if damaged. */
function ewahCount(buf: Buffer, pos: { at: number }): number | null {
  if (pos.at + 8 > buf.length) return null;
  const words = buf.readUInt32BE(pos.at + 4);
  const start = pos.at + 8;
  const stop = start + words * 8;
  if (stop + 4 > buf.length) return null;
  let count = 0;
  let w = 0;
  while (w < words) {
    // A run-length word: bit 0 the running bit, bits 1-32 the run's length in words, bits 33-63 how
    // many literal words follow it.
    const rlw = buf.readBigUInt64BE(start + w * 8);
    const runLen = Number((rlw >> 1n) & 0xffffffffn);
    const literals = Number(rlw >> 33n);
    if (rlw & 1n) count += runLen * 64;
    if (w + 1 + literals > words) return null;
    for (let k = 1; k <= literals; k++) {
      let x = buf.readBigUInt64BE(start + (w + k) * 8);
      while (x) {
        x &= x - 1n;
        count++;
      }
    }
    w += 1 + literals;
  }
  pos.at = stop + 4;
  return count;
}

/** ctime seconds of every stat data in an untracked cache extension's body (dir.c), or null if damaged. */
function untrackedCtimes(ext: Buffer, hashLen: number): number[] | null {
  const STAT = 36; // ctime s/ns, mtime s/ns, dev, ino, uid, gid, size: 32 bits each
  const pos = { at: 0 };
  const identLen = varint(ext, pos);
  if (identLen === null) return null;
  pos.at += identLen;
  const header = pos.at;
  // The stat data of info/exclude and of core.excludesFile, the flags, their ids, the per-dir file name.
  pos.at += 2 * STAT + 4 + 2 * hashLen;
  if (pos.at > ext.length || !skipString(ext, pos)) return null;
  const ctimes = [ext.readUInt32BE(header), ext.readUInt32BE(header + STAT)];
  const dirs = varint(ext, pos);
  if (dirs === null) return null;
  if (dirs === 0) return ctimes;
  // Each folder: how many untracked names and subfolders, its name, its untracked names.
  for (let d = 0; d < dirs; d++) {
    const untracked = varint(ext, pos);
    if (untracked === null || varint(ext, pos) === null || !skipString(ext, pos)) return null;
    for (let u = 0; u < untracked; u++) if (!skipString(ext, pos)) return null;
  }
  const valid = ewahCount(ext, pos);
  if (valid === null || ewahCount(ext, pos) === null) return null; // then check_only
  const hashed = ewahCount(ext, pos);
  if (hashed === null) return null;
  // The valid folders' stat data, the exclude files' ids, a NUL.
  if (pos.at + valid * STAT + hashed * hashLen + 1 !== ext.length) return null;
  for (let v = 0; v < valid; v++) ctimes.push(ext.readUInt32BE(pos.at + v * STAT));
  return ctimes;
}
