// Two relations between write scopes besides overlap (scopes.ts), on the same model of picomatch:
//
// - A file/folder clash: one glob may write a file `p` while the other may write a file below `p/`.
//   Git cannot hold both in one tree, so two agents of one parallel group may not have such scopes.
//   It is decided exactly: `a` clashes with `b` iff `a/**` (a path of `a`, then one or more segments)
//   overlaps `b` while `a` and `b` themselves do not overlap; the witness is verified with picomatch.
// - Cover: every path one glob matches is matched by another (`**/*.pem` covers `config/*.pem`). It is
//   decided by matching the inner glob's structure against the outer one's, segment by segment and
//   token by token (a `**` of the outer glob absorbs any segments, a `*` any characters, a class must
//   contain the other's class). This is sound: when it says "covered", every path is. It may miss a cover
//   that only a union of alternatives or a counting argument shows (`?*` covers `*`); such a scope is left
//   to the check of the files an agent actually changes.

import { type CharTok, matcher, type PlainSeg, parse, type Seg, scopesOverlap, type Tok } from "./scopes.js";

export interface Clash {
  /** The file one scope may write ... */
  file: string;
  /** ... and a path the other scope may write inside it, as if `file` were a folder. */
  inside: string;
  /** Which of the two globs (0: the first argument, 1: the second) writes `file`. */
  fileSide: 0 | 1;
}

/** A file/folder clash between two globs that do not overlap, or null (see the top of the file). */
export function scopesClash(a: string, b: string): Clash | null {
  // a path of `a/**` starts with a's literal prefix, as every path of `b` starts with b's: when neither
  // prefix extends the other, no path of one can sit below a path of the other (the usual case, cheaply)
  const pa = parse(a).prefix;
  const pb = parse(b).prefix;
  if (!pa.startsWith(pb) && !pb.startsWith(pa)) return null;
  return clashOneWay(a, b, 0) ?? clashOneWay(b, a, 1);
}

function clashOneWay(outer: string, inner: string, fileSide: 0 | 1): Clash | null {
  const inside = scopesOverlap(`${outer}/**`, inner);
  if (inside === null) return null;
  const segs = inside.split("/");
  const isFile = matcher(outer);
  for (let k = segs.length - 1; k >= 1; k--) {
    const file = segs.slice(0, k).join("/");
    if (isFile(file)) return { file, inside, fileSide };
  }
  // `inside` is matched by `outer` itself: the globs overlap, which the caller reports as such
  return null;
}

/** True when every path `inner` matches is matched by `outer` (sound, see the top of the file). */
export function scopeCovers(outer: string, inner: string): boolean {
  const po = parse(outer);
  const pi = parse(inner);
  return pi.alts.every((ai) => po.alts.some((ao) => segsCover(ao.segs, ai.segs)));
}

function segsCover(o: Seg[], i: Seg[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (p: number, q: number): boolean => {
    if (q === i.length) return o.slice(p).every((s) => s.globstar);
    if (p === o.length) return false;
    const key = p * (i.length + 1) + q;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    const so = o[p] as Seg;
    const si = i[q] as Seg;
    let res: boolean;
    if (so.globstar) res = go(p + 1, q) || go(p, q + 1);
    else if (si.globstar) res = false;
    else res = segmentCovers(so, si) && go(p + 1, q + 1);
    memo.set(key, res);
    return res;
  };
  return go(0, 0);
}

function segmentCovers(o: PlainSeg, i: PlainSeg): boolean {
  if (o.literal !== null && i.literal !== null) return o.literal === i.literal;
  return i.variants.every((vi) => o.variants.some((vo) => tokensCover(vo, vi)));
}

function tokensCover(o: Tok[], i: Tok[]): boolean {
  // picomatch's guards after some dots refuse a few names the model cannot express as a set: no claim
  if (o.some((t) => !t.star && t.guard !== 0)) return false;
  const memo = new Map<number, boolean>();
  const go = (p: number, q: number): boolean => {
    if (q === i.length) return o.slice(p).every((t) => t.star);
    if (p === o.length) return false;
    const key = p * (i.length + 1) + q;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    const to = o[p] as Tok;
    const ti = i[q] as Tok;
    let res: boolean;
    if (to.star) res = go(p + 1, q) || go(p, q + 1);
    else if (ti.star) res = false;
    else res = classCovers(to, ti) && go(p + 1, q + 1);
    memo.set(key, res);
    return res;
  };
  return go(0, 0);
}

type Intervals = [number, number][];
const SLASH = 47;
const TOP = 0xffff;

/** The characters a token accepts, as sorted disjoint intervals ("/" never is one). */
function charSet(t: CharTok): Intervals {
  const sorted = [...t.ranges].map(([lo, hi]): [number, number] => [lo, hi]).sort((x, y) => x[0] - y[0]);
  const merged: Intervals = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  const set = t.neg ? complement(merged) : merged;
  return minus(set, SLASH);
}

function complement(set: Intervals): Intervals {
  const out: Intervals = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= TOP) out.push([next, TOP]);
  return out;
}

function minus(set: Intervals, c: number): Intervals {
  return set.flatMap(([lo, hi]): Intervals => {
    if (c < lo || c > hi) return [[lo, hi]];
    const parts: Intervals = [];
    if (lo < c) parts.push([lo, c - 1]);
    if (c < hi) parts.push([c + 1, hi]);
    return parts;
  });
}

function classCovers(o: CharTok, i: CharTok): boolean {
  const outer = charSet(o);
  return charSet(i).every(([lo, hi]) => outer.some(([a, b]) => a <= lo && hi <= b));
}
