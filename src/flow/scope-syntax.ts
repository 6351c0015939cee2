// Which globs are accepted as write scopes: the syntax whose picomatch behaviour the model of scopes.ts
// covers exactly; everything else is refused with what to write instead.

import { classRanges, expand, GLOBSTAR, MAX_ALTERNATIVES, SEGMENT_STAR } from "./scope-glob.js";

export type ScopeProblem = { message: string };

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
