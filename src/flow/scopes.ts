// Write scopes: the `writes:` globs of an agent, and how we decide whether two of them overlap.
//
// Two globs overlap iff some real file path (relative, posix, non-empty segments, no `.` or `..` segment)
// is accepted by both picomatch matchers (options `dot: true`, `windows: false`). The decision is exact:
//
// 1. Braces are expanded with `braces.expand`, so a glob is a set of alternatives; two globs overlap iff
//    some pair of alternatives does. Each alternative is a list of segments; a segment is `**` (any number
//    of whole segments, zero included) or a list of tokens: a character set (a literal, `?`, `[class]`)
//    or `*` (any run of characters, `/` excluded).
// 2. Path level: a memoized search over (segment index in A, segment index in B, path-non-empty). A `**`
//    may be skipped (zero segments) or swallow one segment of the other side and stay; `**` against `**`
//    may emit a free segment `x` (needed only so the path is not empty). Two ordinary segments must
//    intersect, which is decided by the same kind of search one level down.
// 3. Segment level: a memoized search over (token index in A, token index in B, trackers). `*` may match
//    nothing or take one character of the other side's set and stay; two sets must share a character,
//    found constructively from their range boundaries (a non-`.` character is preferred, see below).
//    Trackers record whether the segment so far is "", "." or ".." (a real segment is none of those) and
//    picomatch's guards after some dots (below). Any non-`.` character moves every tracker to its
//    accepting state, so preferring a non-`.` character never loses a solution.
// 4. Every step records the characters chosen, so a successful search yields a witness path, which is
//    then checked with picomatch itself; a mismatch is an internal error, not a silent wrong answer.
// 5. Readable witnesses: the search first tries the choices that give names a person would write. At the
//    start of a segment a `*` takes a character before it matches nothing (`docs/x.md`, not `docs/.md`, for
//    `docs/**` and `docs/*.md`), and when both sides could end in `**` the path gets one more segment
//    (`src/x`, a file, rather than the folder `src`). These are only orderings of an exhaustive search; if
//    such a witness ever failed picomatch's own check, the plain ordering is used instead.
// 6. Speed: parsed globs are cached, and pairs whose literal prefixes (or suffixes) cannot agree, like
//    `src/...` and `docs/...`, are rejected before any search.
//
// picomatch details that the model reproduces (all verified against picomatch 4):
// - `a/**` also matches `a`; `**` alone does not match the empty path.
// - A class without regex-special characters, e.g. `[slug]`, matches one character OR the literal text
//   `[slug]` (Next.js style folders); such classes give two variants of their segment.
// - `[!a]` is not negation in picomatch (it is the set {!, a}); we reject it and ask for `[^a]`.
// - Every glob matches its own text as a path (`src/*.ts` matches the file named `*.ts`), so the glob
//   strings themselves are tried as witnesses as well.
// - Inside braces, a `.` directly followed by `*` makes picomatch refuse an empty or "." remainder of the
//   segment (`{a.*,b}` does not match `a.`), a "strong guard"; the globs `*.*` and `**/*.*` refuse an
//   empty remainder after their dot (`*.*` does not match `a.`), a "weak guard".
// - A trailing `/**` matches zero segments except right after a `*` (`a*/**` does not match `ab`), so
//   there it becomes `/*/**`. A middle `/**/` lets the path end early when the rest can match nothing
//   (`a/**/{b,*}` matches `a`), which only brace alternatives like `{b,*}` allow; they are rejected.
// - Syntax with other quirks (parentheses, quotes, `|`, `${`, doubled `$`/`+`/`^`, `+` after `]` or `}`,
//   brace ranges, `**` inside braces, one-alternative braces, brace alternatives that can match an empty
//   name) is rejected by checkScopeSyntax, so every accepted glob is covered by the model above.

import {
  type Affixes,
  ANY,
  type CharTok,
  DOT,
  type Parsed,
  type PlainSeg,
  PREFERRED,
  type Seg,
  SLASH,
  STAR_SEG,
  type Tok,
} from "./scope-glob.js";
import { parse } from "./scope-parse.js";

export type { Affixes, Alt, CharTok, Parsed, PlainSeg, Seg, Tok } from "./scope-glob.js";
export { compileScopes, matcher, parse } from "./scope-parse.js";
export { checkScopeSyntax, type ScopeProblem } from "./scope-syntax.js";

const has = (t: CharTok, c: number) =>
  c !== SLASH && t.ranges.some(([lo, hi]) => lo <= c && c <= hi) !== t.neg;

/** A character in both sets, preferring a non-"." one; the minimum of any non-empty intersection is a
 * range start, a range end + 1, 0 or 48 (after "/"), so checking those candidates is exact. */
function pick(a: CharTok, b: CharTok): number | null {
  const candidates = [...PREFERRED];
  for (const [lo, hi] of [...a.ranges, ...b.ranges]) candidates.push(lo, hi + 1, hi, lo - 1);
  let dot = false;
  for (const c of candidates) {
    if (c < 0 || c > 0xffff || !has(a, c) || !has(b, c)) continue;
    if (c !== DOT) return c;
    dot = true;
  }
  return dot ? DOT : null;
}

// Segment trackers: s = segment so far is "" (0), "." (1), ".." (2) or other (3); g per side = no guard
// pending (0), strong guard with "" (1) or "." (2) after it, weak guard with "" after it (3).
const stepS = (s: number, c: number) => (s === 3 || c !== DOT ? 3 : s + 1);
const stepG = (g: number, c: number, guard: 0 | 1 | 2) =>
  guard === 1 ? 1 : guard === 2 ? 3 : g === 1 && c === DOT ? 2 : 0;

function intersectTokens(a: Tok[], b: Tok[], readable: boolean): string | null {
  const memo = new Map<number, string | null>();
  const go = (i: number, j: number, s: number, ga: number, gb: number): string | null => {
    if (i === a.length && j === b.length) return s === 3 && ga === 0 && gb === 0 ? "" : null;
    const key = (((i * (b.length + 1) + j) * 4 + s) * 4 + ga) * 4 + gb;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, null);
    const ta = a[i];
    const tb = b[j];
    const emit = (c: number | null, ni: number, nj: number, ga2: number, gb2: number) => {
      if (c === null) return null;
      const rest = go(ni, nj, stepS(s, c), ga2, gb2);
      return rest === null ? null : String.fromCharCode(c) + rest;
    };
    let res: string | null = null;
    if (readable && s === 0) {
      // a segment that starts with "." reads like a mistake (`docs/.md`): fill a leading star first
      if (ta?.star && tb?.star) res = emit(120, i, j, 0, 0);
      if (res === null && ta?.star && tb && !tb.star) {
        const c = pick(tb, ANY);
        if (c !== null) res = emit(c, i, j + 1, stepG(ga, c, 0), stepG(gb, c, tb.guard));
      }
      if (res === null && tb?.star && ta && !ta.star) {
        const c = pick(ta, ANY);
        if (c !== null) res = emit(c, i + 1, j, stepG(ga, c, ta.guard), stepG(gb, c, 0));
      }
    }
    if (res === null && ta?.star) res = go(i + 1, j, s, ga, gb);
    if (res === null && tb?.star) res = go(i, j + 1, s, ga, gb);
    if (res === null && ta?.star && tb?.star && (s !== 3 || ga !== 0 || gb !== 0))
      res = emit(120, i, j, 0, 0);
    if (res === null && ta?.star && tb && !tb.star) {
      const c = pick(tb, ANY);
      res = c === null ? null : emit(c, i, j + 1, stepG(ga, c, 0), stepG(gb, c, tb.guard));
    }
    if (res === null && tb?.star && ta && !ta.star) {
      const c = pick(ta, ANY);
      res = c === null ? null : emit(c, i + 1, j, stepG(ga, c, ta.guard), stepG(gb, c, 0));
    }
    if (res === null && ta && !ta.star && tb && !tb.star) {
      const c = pick(ta, tb);
      res = c === null ? null : emit(c, i + 1, j + 1, stepG(ga, c, ta.guard), stepG(gb, c, tb.guard));
    }
    memo.set(key, res);
    return res;
  };
  return go(0, 0, 0, 0, 0);
}

const segCache = new Map<string, string | null>();

function intersectSegments(a: PlainSeg, b: PlainSeg, readable: boolean): string | null {
  if (a.literal !== null && b.literal !== null) return a.literal === b.literal ? a.literal : null;
  const key = `${readable ? "r" : "p"}${a.key}\u0000${b.key}`;
  const known = segCache.get(key);
  if (known !== undefined) return known;
  let res: string | null = null;
  for (const va of a.variants) {
    for (const vb of b.variants) res ??= intersectTokens(va, vb, readable);
  }
  if (segCache.size > 100_000) segCache.clear();
  segCache.set(key, res);
  return res;
}

function intersectAlts(a: Seg[], b: Seg[], readable: boolean): string | null {
  const memo = new Map<number, string | null>();
  // from which index on a side holds only `**` segments (so the path may end there)
  const tailFrom = (segs: Seg[]) => {
    let k = segs.length;
    while (k > 0 && segs[k - 1]?.globstar) k--;
    return k;
  };
  const tailA = tailFrom(a);
  const tailB = tailFrom(b);
  const go = (i: number, j: number, ne: number): string | null => {
    if (i === a.length && j === b.length) return ne ? "" : null;
    const key = (i * (b.length + 1) + j) * 2 + ne;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, null);
    const sa = a[i];
    const sb = b[j];
    const then = (seg: string | null, ni: number, nj: number) => {
      if (seg === null) return null;
      const rest = go(ni, nj, 1);
      return rest === null ? null : rest === "" ? seg : `${seg}/${rest}`;
    };
    let res: string | null = null;
    // both sides end in `**` from here: one more segment makes the witness a file, not a bare folder
    if (readable && sa?.globstar && sb?.globstar && i >= tailA && j >= tailB)
      res = then("x", a.length, b.length);
    if (res === null && sa?.globstar) res = go(i + 1, j, ne);
    if (res === null && sb?.globstar) res = go(i, j + 1, ne);
    if (res === null && sa?.globstar && sb?.globstar && !ne) res = then("x", i, j);
    if (res === null && sa?.globstar && sb && !sb.globstar)
      res = then(intersectSegments(STAR_SEG, sb, readable), i, j + 1);
    if (res === null && sb?.globstar && sa && !sa.globstar)
      res = then(intersectSegments(sa, STAR_SEG, readable), i + 1, j);
    if (res === null && sa && !sa.globstar && sb && !sb.globstar)
      res = then(intersectSegments(sa, sb, readable), i + 1, j + 1);
    memo.set(key, res);
    return res;
  };
  return go(0, 0, 0);
}

const compatible = (a: Affixes, b: Affixes) =>
  (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) &&
  (a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix));

/** Returns null when no path matches both globs, otherwise a path matched by both. */
export function scopesOverlap(a: string, b: string): string | null {
  const pa = parse(a);
  const pb = parse(b);
  if (!compatible(pa, pb)) return null;
  const verified = (w: string | null) => w === null || (pa.matches(w) && pb.matches(w));
  const readable = findWitness(a, pa, b, pb, true);
  if (verified(readable)) return readable;
  const plain = findWitness(a, pa, b, pb, false);
  if (!verified(plain)) {
    throw new Error(`internal error: overlap witness "${plain}" is not matched by both "${a}" and "${b}"`);
  }
  return plain;
}

function findWitness(a: string, pa: Parsed, b: string, pb: Parsed, readable: boolean): string | null {
  let witness: string | null = null;
  let tried = false;
  for (const altA of pa.alts) {
    for (const altB of pb.alts) {
      if (!compatible(altA, altB)) continue;
      tried = true;
      witness = intersectAlts(altA.segs, altB.segs, readable);
      if (witness !== null) break;
    }
    if (witness !== null) break;
  }
  // every glob also matches its own text; if all pairs were cut by their literal prefix or suffix, neither
  // text can match the other glob (the texts hold the same literal prefix and suffix)
  if (witness === null && tried && pa.special && pb.matches(a)) witness = a;
  if (witness === null && tried && pb.special && pa.matches(b)) witness = b;
  return witness;
}
