// The vocabulary of the write-scope model (see scopes.ts): tokens, segments, the markers put into a glob
// and the helpers that both the syntax check and the parser use.

import braces from "braces";

export type CharTok = { star: false; ranges: (readonly [number, number])[]; neg: boolean; guard: 0 | 1 | 2 };
export type Tok = CharTok | { star: true };
export type PlainSeg = { globstar: false; key: string; variants: Tok[][]; literal: string | null };
export type Seg = { globstar: true } | PlainSeg;
export type Affixes = { prefix: string; suffix: string }; // literal text every matched path starts / ends with
export type Alt = Affixes & { segs: Seg[] };
export type Parsed = Affixes & { alts: Alt[]; matches: (path: string) => boolean; special: boolean };

export const STRONG = "\u0001"; // a "." inside braces followed by "*"
export const WEAK = "\u0002"; // the "." of the globs "*.*" and "**/*.*"
export const GLOBSTAR = "\u0003"; // a "**" that forms a whole segment
export const SEGMENT_STAR = "\u0004"; // a "*" at the start of a segment (only used by checkScopeSyntax)
export const DOT = 46;
export const SLASH = 47;
export const STAR: Tok = { star: true };
export const ANY: CharTok = { star: false, ranges: [[SLASH, SLASH]], neg: true, guard: 0 };
export const STAR_SEG: PlainSeg = { globstar: false, key: "*", variants: [[STAR]], literal: null };
export const PREFERRED = [120, 97, 98, 48, 95, 45, 126, 0, 48, 0xffff]; // x a b 0 _ - ~, then bounds
export const MAX_ALTERNATIVES = 256;

/** Ranges of a class body without its leading `^`, read the way a JavaScript regex class reads them. */
export function classRanges(rest: string): [number, number][] {
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

export const expand = (glob: string): string[] => (glob.includes("{") ? braces.expand(glob) : [glob]);
