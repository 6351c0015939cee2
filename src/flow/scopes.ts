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

import braces from "braces";
import picomatch from "picomatch";

export type ScopeProblem = { message: string };

export type CharTok = { star: false; ranges: (readonly [number, number])[]; neg: boolean; guard: 0 | 1 | 2 };
export type Tok = CharTok | { star: true };
export type PlainSeg = { globstar: false; key: string; variants: Tok[][]; literal: string | null };
export type Seg = { globstar: true } | PlainSeg;
export type Affixes = { prefix: string; suffix: string }; // literal text every matched path starts / ends with
export type Alt = Affixes & { segs: Seg[] };
export type Parsed = Affixes & { alts: Alt[]; matches: (path: string) => boolean; special: boolean };

const STRONG = "\u0001"; // a "." inside braces followed by "*"
const WEAK = "\u0002"; // the "." of the globs "*.*" and "**/*.*"
const GLOBSTAR = "\u0003"; // a "**" that forms a whole segment
const SEGMENT_STAR = "\u0004"; // a "*" at the start of a segment (only used by checkScopeSyntax)
const DOT = 46;
const SLASH = 47;
const STAR: Tok = { star: true };
const ANY: CharTok = { star: false, ranges: [[SLASH, SLASH]], neg: true, guard: 0 };
const STAR_SEG: PlainSeg = { globstar: false, key: "*", variants: [[STAR]], literal: null };
const PREFERRED = [120, 97, 98, 48, 95, 45, 126, 0, 48, 0xffff]; // x a b 0 _ - ~, then bounds
const MAX_ALTERNATIVES = 256;

const problem = (message: string): ScopeProblem => ({ message });

/** Returns a problem with a single `[...]` body (text between the brackets), or null. */
function checkClassBody(body: string): ScopeProblem | null {
  if (body.startsWith("!")) {
    return problem(
      `picomatch reads [${body}] as a plain character class, not a negation; write [^${body.slice(1) || "abc"}] to exclude characters`,
    );
  }
  const rest = body.startsWith("^") ? body.slice(1) : body;
  if (rest === "") return problem("a character class must list at least one character, e.g. [abc]");
  const bad = /[/[{},*?]/.exec(rest);
  if (bad) return problem(`the character ${bad[0]} is not supported inside a character class [...]`);
  for (const [lo, hi] of classRanges(rest)) {
    if (lo > hi)
      return problem(
        `the range ${String.fromCharCode(lo)}-${String.fromCharCode(hi)} is reversed; write it low-high`,
      );
  }
  return null;
}

/** Ranges of a class body without its leading `^`, read the way a JavaScript regex class reads them. */
function classRanges(rest: string): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < rest.length; k++) {
    const lo = rest.charCodeAt(k);
    if (rest[k + 1] === "-" && k + 2 < rest.length) {
      out.push([lo, rest.charCodeAt(k + 2)]);
      k += 2;
    } else out.push([lo, lo]);
  }
  return out;
}

const syntaxCache = new Map<string, ScopeProblem | null>();

/** Why `glob` is not an accepted write scope, or null; see the list of quirks at the top. */
export function checkScopeSyntax(glob: string): ScopeProblem | null {
  let known = syntaxCache.get(glob);
  if (known === undefined) {
    known = scopeSyntaxProblem(glob);
    if (syntaxCache.size > 100_000) syntaxCache.clear();
    syntaxCache.set(glob, known);
  }
  return known;
}

function scopeSyntaxProblem(glob: string): ScopeProblem | null {
  if (glob.trim() === "") return problem("a scope must not be empty; write a glob such as src/**");
  if (glob !== glob.trim()) return problem("a scope must not start or end with spaces");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(glob)) return problem("control characters are not allowed in a scope");
  if (/^(\/|\\|[A-Za-z]:)/.test(glob)) {
    return problem(
      "absolute paths are not allowed in a scope; write the path relative to the repository root",
    );
  }
  if (glob.includes("\\"))
    return problem("backslashes are not allowed in a scope; use forward slashes, e.g. src/api/**");
  if (glob.startsWith("!"))
    return problem("negated scopes (leading !) are not supported; list what the agent may write");
  if (/[@!+*?]\(/.test(glob)) {
    return problem(
      "extglob patterns like @(a|b) are not supported in a scope; use braces instead, e.g. {a,b}",
    );
  }
  if (/[()|]/.test(glob)) {
    return problem("parentheses and | are not supported in a scope; use braces for alternatives, e.g. {a,b}");
  }
  // picomatch's shortcut for globs without / [ ] { } that do not start with * misreads doubled $ + ^
  const shortcut = !/^\*|[/[\]{}]/.test(glob);
  const special = (shortcut ? /"|\$\$|\+\+|\^\^/ : /"|\$\{|[\]}]\+/).exec(glob);
  if (special)
    return problem(
      `the sequence ${special[0]} has a special meaning in picomatch and is not supported in a scope`,
    );
  if (glob.startsWith("./"))
    return problem(`a scope must not start with ./; write ${glob.slice(2)} instead of ${glob}`);
  if (glob.endsWith("/")) {
    const base = glob.replace(/\/+$/, "");
    const folder = base.endsWith("**") ? base : `${base}/**`;
    return problem(`a scope must not end with /; write ${folder} to cover a folder`);
  }
  const rawSegments = glob.split("/");
  if (rawSegments.includes("..")) {
    return problem(
      "parent segments (..) are not allowed in a scope; write the path relative to the repository root",
    );
  }
  const commas: number[] = []; // per open brace: how many top-level commas so far
  let alternatives = 1; // an upper bound: the product of the alternative counts of all brace groups
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) return problem("unbalanced [ in scope; close the character class with ]");
      const bad = checkClassBody(glob.slice(i + 1, close));
      if (bad) return bad;
      i = close;
    } else if (c === "]") return problem("unbalanced ] in scope; a character class looks like [abc]");
    else if (c === "{") commas.push(0);
    else if (c === "}") {
      const n = commas.pop();
      if (n === undefined) return problem("unbalanced } in scope; braces look like {a,b}");
      if (n === 0) return problem("braces need at least two alternatives separated by commas, e.g. {a,b}");
      alternatives *= n + 1;
    } else if (c === "," && commas.length > 0) commas[commas.length - 1] = (commas.at(-1) ?? 0) + 1;
    else if (commas.length > 0 && glob.startsWith("..", i)) {
      return problem(
        "brace ranges like {1..3} are not supported in a scope; list the alternatives, e.g. {1,2,3}",
      );
    } else if (commas.length > 0 && glob.startsWith("**", i)) {
      return problem("a ** cannot be used inside braces; write {src,lib}/** rather than {src/**,lib/**}");
    }
  }
  if (commas.length > 0) return problem("unbalanced { in scope; close the braces with }");
  const partial = rawSegments.find((s) => s.includes("**") && s !== "**");
  if (partial !== undefined) {
    const fixed = rawSegments.map((s) => (s === partial ? `**/*${s.slice(2)}` : s)).join("/");
    const hint = partial.startsWith("**") ? `write ${fixed} rather than ${glob}` : "e.g. src/**/*.ts";
    return problem(`a ** must be a whole path segment; ${hint}`);
  }
  if (alternatives > MAX_ALTERNATIVES) {
    return problem(
      `this scope expands to more than ${MAX_ALTERNATIVES} alternatives; split it into several scopes`,
    );
  }
  // a star that starts a segment (marked) cannot match an empty name at the end of a path; a star right
  // after `{` or `,` can, and picomatch then lets `a/**/{b,*}` match `a` itself
  const starts = glob
    .replace(/(^|\/)\*\*(?=\/|$)/g, `$1${GLOBSTAR}`)
    .replace(/(^|\/)\*(?!\*)/g, `$1${SEGMENT_STAR}`);
  for (const alt of expand(starts)) {
    const segs = alt.split("/");
    if (
      segs.some((seg) => seg.startsWith("*") && [...seg].every((ch) => ch === "*" || ch === SEGMENT_STAR))
    ) {
      return problem("a brace alternative like {a,*} can match an empty name; write * alone or {a*,b*}");
    }
    if (segs.includes(""))
      return problem("this scope has an empty path segment (// or an empty brace alternative)");
    if (segs.includes(".") || segs.includes("..")) {
      return problem(
        "dot segments (. or ..) are not allowed in a scope; write the path relative to the repository root",
      );
    }
  }
  return null;
}

/** Marks the spots where picomatch's behaviour depends on position in the original glob (see top). */
function markGlob(glob: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      out += glob.slice(i, close + 1);
      i = close;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === "." && depth > 0 && glob[i + 1] === "*") {
      out += STRONG;
      continue;
    } else if (
      glob.startsWith("**", i) &&
      (i === 0 || glob[i - 1] === "/") &&
      /^(\/|$)/.test(glob.slice(i + 2))
    ) {
      out += GLOBSTAR;
      i++;
      continue;
    }
    out += c;
  }
  if (glob === "*.*" || glob === "**/*.*") out = `${out.slice(0, -2)}${WEAK}*`;
  // a trailing `/**` right after a `*` (as in `a*/**`) needs at least one segment: `a*/**` misses `ab`
  const segs = glob.split("/");
  let k = 0;
  while (k < segs.length && segs[segs.length - 1 - k] === "**") k++;
  if (k > 0 && segs[segs.length - 1 - k]?.endsWith("*")) out = `${out.slice(0, -2 * k)}/*/${GLOBSTAR}`;
  return out;
}

const charToks = new Map<number, CharTok>();
/** The (shared, never mutated) token for one literal code unit. */
function charTok(text: string, k: number): CharTok {
  const c = text.charCodeAt(k);
  let t = charToks.get(c);
  if (!t) {
    t = { star: false, ranges: [[c, c]], neg: false, guard: 0 };
    charToks.set(c, t);
  }
  return t;
}

/** braces.expand, skipped for the usual glob without braces (backslashes are rejected before this). */
const expand = (glob: string): string[] => (glob.includes("{") ? braces.expand(glob) : [glob]);

function parseSegment(seg: string): Seg {
  if (seg === GLOBSTAR) return { globstar: true };
  let variants: Tok[][] = [[]];
  const add = (...options: Tok[][]) => {
    if (options.length === 1) {
      // the common case (no class with a literal reading): extend every variant in place
      for (const v of variants) for (const t of options[0] ?? []) v.push(t);
    } else variants = variants.flatMap((v) => options.map((o) => [...v, ...o]));
  };
  // code units, not code points: picomatch's regexes have no `u` flag, so `?` matches half an emoji
  const literal = (text: string): Tok[] => Array.from({ length: text.length }, (_, k) => charTok(text, k));
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === "*") {
      if (seg[i - 1] !== "*") add([STAR]);
    } else if (c === "?") add([ANY]);
    else if (c === STRONG || c === WEAK)
      add([{ star: false, ranges: [[DOT, DOT]], neg: false, guard: c === STRONG ? 1 : 2 }]);
    else if (c === "[") {
      const close = seg.indexOf("]", i + 1);
      const body = seg.slice(i + 1, close);
      const neg = body.startsWith("^");
      const ranges = classRanges(neg ? body.slice(1) : body);
      if (neg) ranges.push([SLASH, SLASH]);
      const cls: Tok = { star: false, ranges, neg, guard: 0 };
      // picomatch also accepts the literal text of a class without regex-special characters
      if (/[-*+?.^${}(|)[\]]/.test(body)) add([cls]);
      else add([cls], literal(`[${body}]`));
      i = close;
    } else add(literal(c));
  }
  return {
    globstar: false,
    key: seg,
    variants,
    literal: /[*?[]/.test(seg) || seg.includes(STRONG) || seg.includes(WEAK) ? null : seg,
  };
}

const parsedCache = new Map<string, Parsed>();
const matcherCache = new Map<string, (path: string) => boolean>();

/** picomatch's own matcher for one glob (dot: true), compiled once. */
export function matcher(glob: string): (path: string) => boolean {
  let m = matcherCache.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true, windows: false });
    matcherCache.set(glob, m);
  }
  return m;
}

/** The model of a valid scope described at the top (throws on an invalid one), cached. */
export function parse(glob: string): Parsed {
  let parsed = parsedCache.get(glob);
  if (parsed) return parsed;
  const bad = checkScopeSyntax(glob);
  if (bad) throw new Error(`invalid scope "${glob}": ${bad.message}`);
  const alts = expand(markGlob(glob)).map((alt): Alt => {
    const specials = [...alt].flatMap((ch, i) => (/[*?[\]]/.test(ch) || ch < " " ? [i] : []));
    const first = specials[0] ?? alt.length;
    const last = specials.at(-1) ?? -1;
    // `a/**` also matches `a` and `**/a` also matches `a`, so the slash next to a `**` is not certain
    const prefix = alt.slice(0, first).replace(alt[first] === GLOBSTAR ? /\/$/ : /$^/, "");
    const suffix = alt.slice(last + 1).replace(alt[last] === GLOBSTAR ? /^\// : /$^/, "");
    return { segs: alt.split("/").map(parseSegment), prefix, suffix };
  });
  // the affixes shared by all alternatives give a quick rejection before looking at pairs
  let prefix = alts[0]?.prefix ?? "";
  let suffix = alts[0]?.suffix ?? "";
  for (const alt of alts) {
    while (!alt.prefix.startsWith(prefix)) prefix = prefix.slice(0, -1);
    while (!alt.suffix.endsWith(suffix)) suffix = suffix.slice(1);
  }
  // picomatch compiles a regex per glob; most globs never need it (their pairs are cut by their affixes)
  const matches = (path: string) => matcher(glob)(path);
  parsed = { alts, prefix, suffix, matches, special: /[*?[{]/.test(glob) };
  parsedCache.set(glob, parsed);
  return parsed;
}

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

/** A matcher for a list of scopes: true when any glob accepts the path (picomatch, dot: true). */
export function compileScopes(globs: readonly string[]): (path: string) => boolean {
  const matchers = globs.map(matcher);
  return (path) => matchers.some((m) => m(path));
}
