import braces from "braces";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { checkScopeSyntax, compileScopes, scopesOverlap } from "../../src/flow/scopes.js";

const matchers = new Map<string, (path: string) => boolean>();
function matches(glob: string, path: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true, windows: false });
    matchers.set(glob, m);
  }
  return m(path);
}

/** A path a repository can hold: relative, no empty, "." or ".." segment. */
const isRealPath = (path: string) => path.split("/").every((s) => s !== "" && s !== "." && s !== "..");

function pathsUpTo3(alphabet: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of alphabet) {
    out.push(a);
    for (const b of alphabet) {
      out.push(`${a}/${b}`);
      for (const c of alphabet) out.push(`${a}/${b}/${c}`);
    }
  }
  return out;
}

/** Concrete names for one glob segment: each glob token replaced by a few strings it matches. */
function instantiate(seg: string): string[] {
  let outs = [""];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    let options = [c];
    if (c === "*") options = ["", "x", "ab", ".x"];
    else if (c === "?") options = ["x", "a", "."];
    else if (c === "[") {
      const close = seg.indexOf("]", i);
      const body = seg.slice(i + 1, close);
      options = [...new Set([...body.replace(/^\^/, "")].filter((ch) => ch !== "-")), "x", `[${body}]`];
      i = close;
    }
    outs = outs.flatMap((o) => options.map((p) => o + p)).slice(0, 24);
  }
  return outs.filter((s) => s !== "" && s !== "." && s !== "..");
}

/** Candidate paths built from the literal parts of both globs (plus a few usual names). */
function candidatePaths(a: string, b: string): string[] {
  const segs = new Set(["x", "a", "b", "a.ts", "x.md", ".github", "index.ts"]);
  for (const glob of [a, b]) {
    for (const alt of braces.expand(glob)) {
      for (const seg of alt.split("/")) if (seg !== "**") for (const s of instantiate(seg)) segs.add(s);
    }
  }
  return [...pathsUpTo3([...segs].slice(0, 30)), a, b];
}

function expectWitness(a: string, b: string, witness: string | null) {
  expect(witness, `${a} vs ${b}`).not.toBeNull();
  const w = witness as string;
  expect(isRealPath(w), `witness ${w}`).toBe(true);
  expect(matches(a, w), `${a} should match witness ${w}`).toBe(true);
  expect(matches(b, w), `${b} should match witness ${w}`).toBe(true);
}

function expectNoCommonCandidate(a: string, b: string, candidates: readonly string[]) {
  const common = candidates.find((p) => isRealPath(p) && matches(a, p) && matches(b, p));
  expect(common, `${a} vs ${b}: both match ${common}`).toBeUndefined();
}

// [a, b, overlap?]
const TABLE: [string, string, boolean][] = [
  ["src/**", "src/api/**", true],
  ["src/**", "tests/**", false],
  ["docs/*.md", "docs/**", true],
  ["docs/*.md", "docs/sub/*.md", false],
  ["**/*.test.ts", "src/**", true],
  ["**/*.test.ts", "docs/*.md", false],
  ["src/*.ts", "src/*.js", false],
  ["src/a*", "src/*b", true],
  ["src/[a-c]*", "src/[d-f]*", false],
  ["src/[^a]x", "src/ax", false],
  ["src/[^a]x", "src/bx", true],
  ["**", "docs/x.md", true],
  ["**", "**", true],
  ["**", ".github/workflows/ci.yml", true],
  ["**", "src/[a-c]?/*.ts", true],
  ["docs/{plans,analysis}/**", "docs/analysis/x.md", true],
  ["docs/{plans,analysis}/**", "docs/reviews/**", false],
  ["a/**/b", "a/b", true],
  ["a/*/b", "a/b", false],
  ["?", "ab", false],
  ["?", "a", true],
  ["src/**/*.ts", "src/index.ts", true],
  [".github/**", "**/*.yml", true],
  ["*", ".env", true],
  ["src/x", "src/x/**", true], // picomatch: `src/x/**` matches `src/x` itself
  ["src/x/**", "src/xy", false],
  ["src/**", "src", true],
  ["src/**", "srcx/**", false],
  ["src*/**", "srcx/y", true],
  ["src/*.ts", "src/*.test.ts", true],
  ["src/*.ts", "src/sub/*.ts", false],
  ["src/**/*.ts", "src/**/*.js", false],
  ["*.md", "docs/*.md", false],
  ["**/*.md", "*.md", true],
  ["src/??", "src/a", false],
  ["src/??", "src/a*", true],
  ["src/[abc]", "src/[cde]", true],
  ["src/[a-c]", "src/[^a-c]", false],
  ["{src,lib}/**", "lib/x.ts", true],
  ["{src,lib}/**", "tests/**", false],
  ["docs/**/*.md", "docs/**/*.txt", false],
  ["a/**/b/**", "a/x/y/b/z", true],
  ["a/*/*/b", "a/**/c", false],
  ["a/**/b", "a/**/c", false],
  ["a/**/b", "**/b", true],
  ["src/*.ts", "src/*.ts", true],
  ["**/*.test.ts", "**/*.spec.ts", false],
  ["src/{a,b}/*.ts", "src/c/*.ts", false],
  [".*", ".github/**", true],
  ["tests/[a-z]*.ts", "tests/A*.ts", false],
  ["tests/[a-z]*.ts", "tests/*x.ts", true],
  // a class without regex characters also matches its own text (Next.js style folders)
  ["app/[slug]/**", "app/blog/**", false],
  ["app/[slug]/**", "app/*/page.tsx", true],
  ["app/[slug]/page.tsx", "app/?slug?/page.tsx", true],
  // a glob also matches its own text: only `x/{a,b}` itself is matched by both
  ["x/{a,b}", "x/?a,b?", true],
  // picomatch quirks
  ["a*/**", "ab", false], // a trailing /** after a * needs at least one more segment
  ["a*/**", "ab/c", true],
  ["*.*", "a.", false], // the glob `*.*` needs a character after its dot
  ["src/*.*", "src/a.", true],
  ["{a.*,b}", "a.", false], // `.*` inside braces refuses an empty remainder
  ["{a.*,b}", "a.x", true],
];

describe("scopesOverlap: table", () => {
  for (const [a, b, expected] of TABLE) {
    it(`${a} vs ${b} -> ${expected ? "overlap" : "disjoint"}`, () => {
      const w1 = scopesOverlap(a, b);
      const w2 = scopesOverlap(b, a);
      expect(w1 !== null, `${a} vs ${b}`).toBe(expected);
      expect(w2 !== null, `${b} vs ${a}`).toBe(expected);
      if (expected) {
        expectWitness(a, b, w1);
        expectWitness(a, b, w2);
      } else {
        expectNoCommonCandidate(a, b, candidatePaths(a, b));
      }
    });
  }

  it("has at least 40 rows", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it("builds readable witnesses", () => {
    expect(scopesOverlap("src/a*", "src/*b")).toBe("src/ab");
    expect(scopesOverlap("**", "**")).toBe("x");
    expect(scopesOverlap("a/**/b", "a/b")).toBe("a/b");
    expect(scopesOverlap("src/x", "src/x/**")).toBe("src/x");
    expect(scopesOverlap("docs/{plans,analysis}/**", "docs/analysis/x.md")).toBe("docs/analysis/x.md");
    expect(scopesOverlap("x/{a,b}", "x/?a,b?")).toBe("x/{a,b}");
  });

  it("fills a leading * rather than starting a name with '.', and prefers files to bare folders", () => {
    expect(scopesOverlap("docs/**", "docs/*.md")).toBe("docs/x.md");
    expect(scopesOverlap("**/*.ts", "src/**")).toBe("src/x.ts");
    expect(scopesOverlap(".github/**", "**/*.yml")).toBe(".github/x.yml");
    expect(scopesOverlap("src/*.ts", "src/*.test.ts")).toBe("src/x.test.ts");
    expect(scopesOverlap("src/**", "**")).toBe("src/x");
    expect(scopesOverlap("tests/fixtures/**", "tests/**")).toBe("tests/fixtures/x");
    // a dot that the globs require stays, and so does a folder that one side names exactly
    expect(scopesOverlap("*", ".env")).toBe(".env");
    expect(scopesOverlap(".*", "*")).toBe(".x");
    expect(scopesOverlap("src/**", "src")).toBe("src");
  });

  it("rejects invalid scopes instead of guessing", () => {
    expect(() => scopesOverlap("/etc/**", "src/**")).toThrow(/invalid scope/);
    expect(() => scopesOverlap("src/**", "src/[!a]")).toThrow(/invalid scope/);
  });
});

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

describe("scopesOverlap: randomized against picomatch", () => {
  const VOCAB = ["src", "a", "*", "**", "*.ts", "a*", "[ab]", "?", "b", "{a,src}", "*a", "[^a]*"];
  const ALPHABET = ["src", "a", "b", "x", "ab", "ba", "aa", "a.ts", "x.ts", ".ts", "[ab]", "*.ts", "a*", "*"];
  const PATHS = pathsUpTo3(ALPHABET);

  it("500 random pairs: witnesses match both, null means no common path", () => {
    const rnd = mulberry32(20240607);
    const glob = () => {
      const n = 1 + Math.floor(rnd() * 3);
      return Array.from({ length: n }, () => VOCAB[Math.floor(rnd() * VOCAB.length)]).join("/");
    };
    let overlaps = 0;
    let pairs = 0;
    while (pairs < 500) {
      const a = glob();
      const b = glob();
      if (checkScopeSyntax(a) || checkScopeSyntax(b)) continue;
      pairs++;
      const w = scopesOverlap(a, b);
      if (w !== null) {
        overlaps++;
        expectWitness(a, b, w);
      } else {
        expectNoCommonCandidate(a, b, [...PATHS, a, b]);
      }
    }
    // the vocabulary is meant to give both verdicts often
    expect(overlaps).toBeGreaterThan(100);
    expect(overlaps).toBeLessThan(450);
  });

  it("agrees with picomatch on glob-versus-literal-path questions", () => {
    const rnd = mulberry32(7);
    const atoms = ["a", "b", ".", "-", "*", "?", "[ab]", "[^a]", "[a-c]", "{a,b}", "{a.*,b}", "x", "+", "@"];
    const chars = ["a", "b", "c", ".", "-", "x", "+", "@"];
    for (let k = 0; k < 400; k++) {
      const glob = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
        if (rnd() < 0.2) return "**";
        return Array.from(
          { length: 1 + Math.floor(rnd() * 3) },
          () => atoms[Math.floor(rnd() * atoms.length)],
        ).join("");
      }).join("/");
      if (checkScopeSyntax(glob)) continue;
      for (let j = 0; j < 20; j++) {
        const path = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () =>
          Array.from(
            { length: 1 + Math.floor(rnd() * 3) },
            () => chars[Math.floor(rnd() * chars.length)],
          ).join(""),
        ).join("/");
        if (!isRealPath(path) || checkScopeSyntax(path)) continue;
        expect(scopesOverlap(glob, path) !== null, `${glob} vs ${path}`).toBe(matches(glob, path));
      }
    }
  });

  it("stays fast for large flows", () => {
    const globs: string[] = [];
    for (let i = 0; i < 400; i++) {
      globs.push(`src/mod${i}/**`, `docs/plans/p${i}.md`, i % 40 === 0 ? "**/*.md" : `tests/m${i}*.test.ts`);
    }
    const start = performance.now();
    let overlaps = 0;
    for (let i = 0; i < globs.length; i++) {
      for (let j = i + 1; j < globs.length; j++)
        if (scopesOverlap(globs[i] as string, globs[j] as string)) overlaps++;
    }
    expect(overlaps).toBeGreaterThan(0);
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

describe("checkScopeSyntax", () => {
  const REJECTED: [string, RegExp][] = [
    ["", /must not be empty/],
    ["   ", /must not be empty/],
    [" src/**", /spaces/],
    ["/etc/**", /absolute paths are not allowed in a scope; write the path relative to the repository root/],
    ["C:\\x", /absolute paths/],
    ["C:/x", /absolute paths/],
    ["src/../x", /\(\.\.\)/],
    ["..", /\(\.\.\)/],
    ["./src/**", /write src\/\*\* instead of \.\/src\/\*\*/],
    ["src\\api\\**", /use forward slashes/],
    ["!src/**", /negated/],
    ["@(a|b)", /extglob/],
    ["src/!(x).ts", /extglob/],
    ["+(a)", /extglob/],
    ["src/*(a)", /extglob/],
    ["?(a)", /extglob/],
    ["src/**.ts", /whole path segment; write src\/\*\*\/\*\.ts rather than src\/\*\*\.ts/],
    ["src/a**", /whole path segment/],
    ["src/[abc", /unbalanced \[/],
    ["src/abc]", /unbalanced \]/],
    ["src/{a,b", /unbalanced \{/],
    ["src/a}", /unbalanced \}/],
    ["docs/", /write docs\/\*\* to cover a folder/],
    ["src/[!a]x", /write \[\^a\] to exclude/],
    ["src/[]", /at least one character/],
    ["src/[b-a]", /reversed/],
    ["src/[a/b]", /not supported inside a character class/],
    ["src/{a}", /at least two alternatives/],
    ["file{1..3}.md", /brace ranges/],
    ["{src/**,lib}", /inside braces/],
    ["src/(a|b)", /parentheses/],
    ['src/"a"', /special meaning/],
    ["x$$y", /special meaning/],
    ["c++", /special meaning/],
    ["src/[ab]+", /special meaning/],
    ["src//x", /empty path segment/],
    ["src/{a,}/x", /empty path segment/],
    ["src/{.,a}/x", /dot segments/],
    ["src/{a,*}", /empty name/],
    ["{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", /more than 256 alternatives/],
    ["src/\u0007", /control characters/],
  ];

  for (const [glob, message] of REJECTED) {
    it(`rejects ${JSON.stringify(glob)}`, () => {
      const problem = checkScopeSyntax(glob);
      expect(problem?.message).toMatch(message);
      expect(problem?.message).toMatch(/^[a-z]/);
      expect(problem?.message).not.toMatch(/\.$/);
    });
  }

  it("accepts the usual forms", () => {
    for (const glob of [
      "src/**",
      "src/api/**",
      "docs/*.md",
      "**/*.test.ts",
      "docs/{plans,analysis}/**",
      "tests/[a-z]*.ts",
      ".github/**",
      "app/[slug]/page.tsx",
      "*",
      "**",
      "src/[^a]x",
      "src/**/{index,main}.ts",
      "c++/x.md",
      "docs/read me.md",
    ]) {
      expect(checkScopeSyntax(glob), glob).toBeNull();
    }
  });
});

describe("compileScopes", () => {
  it("matches with picomatch semantics and dot: true", () => {
    const m = compileScopes(["src/**", "docs/*.md"]);
    expect(m("src/a/b.ts")).toBe(true);
    expect(m("src")).toBe(true);
    expect(m("docs/x.md")).toBe(true);
    expect(m("docs/.hidden.md")).toBe(true);
    expect(m("docs/sub/x.md")).toBe(false);
    expect(m("README.md")).toBe(false);
    expect(compileScopes(["**"])(".github/workflows/ci.yml")).toBe(true);
    expect(compileScopes([])("x")).toBe(false);
  });
});
