// A write scope parsed into the model described in scopes.ts, and its picomatch matcher (the reference
// the model is checked against).

import picomatch from "picomatch";
import {
  type Alt,
  ANY,
  type CharTok,
  classRanges,
  DOT,
  expand,
  GLOBSTAR,
  type Parsed,
  type Seg,
  SLASH,
  STAR,
  STRONG,
  type Tok,
  WEAK,
} from "./scope-glob.js";
import { checkScopeSyntax } from "./scope-syntax.js";

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

/** A matcher for a list of scopes: true when any glob accepts the path (picomatch, dot: true). */
export function compileScopes(globs: readonly string[]): (path: string) => boolean {
  const matchers = globs.map(matcher);
  return (path) => matchers.some((m) => m(path));
}
