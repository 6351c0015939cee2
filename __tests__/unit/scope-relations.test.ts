import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { scopeCovers, scopesClash } from "../../src/flow/scope-relations.js";
import { checkScopeSyntax, scopesOverlap } from "../../src/flow/scopes.js";

const matchers = new Map<string, (path: string) => boolean>();
function matches(glob: string, path: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true, windows: false });
    matchers.set(glob, m);
  }
  return m(path);
}

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ["out", "a", "b", "x", "a.md", "x.ts", ".github", "docs", "*", "[ab]"];
function pathsUpTo3(): string[] {
  const out: string[] = [];
  for (const a of ALPHABET) {
    out.push(a);
    for (const b of ALPHABET) {
      out.push(`${a}/${b}`);
      for (const c of ALPHABET) out.push(`${a}/${b}/${c}`);
    }
  }
  return out;
}
const PATHS = pathsUpTo3();
const VOCAB = ["out", "a", "*", "**", "*.md", "a*", "[ab]", "?", "docs", "{a,out}", "a.md", "x"];

function randomGlob(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 3);
  return Array.from({ length: n }, () => VOCAB[Math.floor(rnd() * VOCAB.length)]).join("/");
}

describe("scopesClash: a file one scope writes where the other needs a folder", () => {
  // [a, b, clash?]
  const TABLE: [string, string, boolean][] = [
    ["out", "out/*", true],
    ["out", "out/**/x.txt", true],
    ["docs/a.md", "docs/*/b.txt", true],
    ["docs/*.md", "docs/*/notes.txt", true], // docs/x.md as a file and docs/x.md/notes.txt
    ["**/*.ts", "**/*.md", true], // x.ts and x.ts/y.md
    ["{out,build}", "build/**", false], // overlaps (build/** matches build): reported as an overlap
    ["src/**", "docs/**", false],
    ["out/*", "out/*", false],
    ["out", "outx/y", false],
    ["a/b", "a/c/d", false],
    ["docs/*.md", "docs/sub/*.txt", false],
    ["a*", "ab/c", true],
    ["?", "ab/c", false],
  ];
  it.each(TABLE)("%s vs %s: %s", (a, b, expected) => {
    const overlap = scopesOverlap(a, b);
    const clash = overlap === null ? scopesClash(a, b) : null;
    expect(clash !== null, `${a} / ${b}: overlap ${overlap}`).toBe(expected);
    if (!clash) return;
    const [fileGlob, otherGlob] = clash.fileSide === 0 ? [a, b] : [b, a];
    expect(matches(fileGlob, clash.file)).toBe(true);
    expect(matches(otherGlob, clash.inside)).toBe(true);
    expect(clash.inside.startsWith(`${clash.file}/`)).toBe(true);
  });

  it("300 random non-overlapping pairs: a clash is verified, none means no file/folder pair among candidates", () => {
    const rnd = mulberry32(1407);
    let clashes = 0;
    let pairs = 0;
    while (pairs < 300) {
      const a = randomGlob(rnd);
      const b = randomGlob(rnd);
      if (checkScopeSyntax(a) || checkScopeSyntax(b) || scopesOverlap(a, b)) continue;
      pairs++;
      const clash = scopesClash(a, b);
      if (clash) {
        clashes++;
        const [fileGlob, otherGlob] = clash.fileSide === 0 ? [a, b] : [b, a];
        expect(matches(fileGlob, clash.file) && matches(otherGlob, clash.inside)).toBe(true);
        expect(clash.inside.startsWith(`${clash.file}/`)).toBe(true);
        continue;
      }
      for (const [f, g] of [
        [a, b],
        [b, a],
      ] as const) {
        const files = new Set(PATHS.filter((p) => matches(f, p)));
        const under = (q: string) =>
          q.split("/").some((_, k, segs) => k > 0 && files.has(segs.slice(0, k).join("/")));
        const found = PATHS.find((q) => under(q) && matches(g, q));
        expect(found, `${f} vs ${g}: ${found} sits under a file of ${f}`).toBeUndefined();
      }
    }
    expect(clashes).toBeGreaterThan(20);
  });
});

describe("scopeCovers: every path of the inner scope is matched by the outer one", () => {
  // [outer, inner, covered?]
  const TABLE: [string, string, boolean][] = [
    ["**/*.pem", "config/*.pem", true],
    ["**/*.pem", "config/**/*.pem", true],
    ["**/*.pem", "src/**", false],
    [".github/workflows/**", ".github/workflows/**", true],
    [".github/workflows/**", ".github/workflows/ci.yml", true],
    [".github/workflows/**", ".github/**", false],
    ["config/prod/**", "config/prod/{a,b}.yml", true],
    ["config/prod/**", "config/**", false],
    [".env", ".env", true],
    [".env", ".env.local", false],
    ["**/*.pem", "*.pem", true],
    ["src/[a-z]*", "src/[b-c]x", true],
    ["src/[a-c]*", "src/[a-z]*", false],
    ["src/[^x]*", "src/[a-c]*", true],
    ["src/*", "src/a/b", false],
    ["**", "anything/**", true],
    ["a/**", "a", true],
    ["a/*/**", "a", false],
  ];
  it.each(TABLE)("%s covers %s: %s", (outer, inner, expected) => {
    expect(scopeCovers(outer, inner)).toBe(expected);
  });

  it("is sound on 600 random pairs: when it says covered, no candidate path escapes", () => {
    const rnd = mulberry32(99);
    let covered = 0;
    for (let n = 0; n < 600; ) {
      const outer = randomGlob(rnd);
      const inner = randomGlob(rnd);
      if (checkScopeSyntax(outer) || checkScopeSyntax(inner)) continue;
      n++;
      if (!scopeCovers(outer, inner)) continue;
      covered++;
      const escaped = [...PATHS, inner].find((p) => matches(inner, p) && !matches(outer, p));
      expect(escaped, `${outer} covers ${inner}, but not ${escaped}`).toBeUndefined();
    }
    expect(covered).toBeGreaterThan(20);
  });
});
