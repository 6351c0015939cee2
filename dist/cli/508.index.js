export const id = 508;
export const ids = [508];
export const modules = {

/***/ 1587:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RV: () => (/* binding */ parseAuthor),
/* harmony export */   ST: () => (/* binding */ SAMPLE_VALUES),
/* harmony export */   T7: () => (/* binding */ AUTHOR_RULE),
/* harmony export */   hX: () => (/* binding */ unknownPlaceholders),
/* harmony export */   hq: () => (/* binding */ branchNameProblem),
/* harmony export */   je: () => (/* binding */ PLACEHOLDERS),
/* harmony export */   pj: () => (/* binding */ expandPlaceholders)
/* harmony export */ });
/* harmony import */ var _diagnostics_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9142);

/**
 * Rules of the commit step that can be checked before a run: the placeholders of its templates, the
 * branch name they make, the author. The commit step applies the same functions at commit time.
 */
const PLACEHOLDERS = ["feature", "run_id", "workflow", "base"];
/** Values of the right form, to try a template before the run exists (feature and run id are slugs). */
const SAMPLE_VALUES = {
    feature: "sample-feature",
    run_id: "20260101-000000-0a1b2c3d",
    base: "main",
};
/** `{feature}`, `{run_id}`, `{workflow}` and `{base}` in branch, message and title templates. */
function expandPlaceholders(template, values) {
    return template.replace(/\{(feature|run_id|workflow|base)\}/g, (_m, k) => values[k]);
}
/** Each `{name}` that looks like a placeholder but is none, with a did-you-mean. */
function unknownPlaceholders(template) {
    const out = [];
    for (const m of template.matchAll(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g)) {
        const name = m[1];
        if (PLACEHOLDERS.includes(name))
            continue;
        const near = (0,_diagnostics_js__WEBPACK_IMPORTED_MODULE_0__/* .suggest */ .ZA)(name, PLACEHOLDERS);
        const hint = near
            ? `; did you mean '{${near}}'?`
            : ` (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")})`;
        out.push(`unknown placeholder '{${name}}'${hint}`);
    }
    return out;
}
/**
 * Why `name` is not a valid branch name, or null: the rules of `git check-ref-format --branch` (a test
 * checks them against git itself), so that `validate` needs no repository.
 */
function branchNameProblem(name) {
    if (name === "")
        return "is empty";
    if (name.startsWith("-"))
        return "starts with '-'";
    if (name === "HEAD" || name === "@")
        return `'${name}' is reserved by git`;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what git refuses
    const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(name);
    if (bad) {
        const c = bad[0];
        const code = c.charCodeAt(0);
        const shown = c === " " ? "a space" : code < 32 || code === 127 ? "a control character" : `'${c}'`;
        return `contains ${shown}`;
    }
    if (name.includes(".."))
        return "contains '..'";
    if (name.includes("@{"))
        return "contains '@{'";
    if (name.startsWith("/") || name.endsWith("/") || name.includes("//"))
        return "has an empty path component (a leading, trailing or doubled '/')";
    if (name.endsWith("."))
        return "ends with '.'";
    for (const part of name.split("/")) {
        if (part.startsWith("."))
            return `has a component starting with '.' ('${part}')`;
        if (part.endsWith(".lock"))
            return `has a component ending with '.lock' ('${part}')`;
    }
    return null;
}
/** `Name <email>`, as the commit step reads `commit.author` and `$AGENT_FLOW_AUTHOR`. */
function parseAuthor(text) {
    const m = /^\s*([^<>\n]*[^<>\s])\s*<([^<>\s]+)>\s*$/.exec(text);
    if (!m)
        return null;
    return { name: m[1], email: m[2] };
}
const AUTHOR_RULE = "must look like 'Name <email>', e.g. 'Release Bot <bot@example.com>'";


/***/ }),

/***/ 9368:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t: () => (/* binding */ findPreset),
  Dx: () => (/* binding */ presetKeyProblems),
  gC: () => (/* binding */ presetNames),
  XG: () => (/* binding */ secretNames)
});

// UNUSED EXPORTS: requirePreset

;// CONCATENATED MODULE: ./build/bundle/js/flow/presets/aider.js
/**
 * aider, one message then exit. It has no sandbox and no structured output: it is confined only by the
 * engine's scope check, and its usage is not recorded. Not installed or run by the tests (it is a
 * Python package).
 */
const aider = {
    name: "aider",
    description: "aider, one message then exit (no sandbox; the engine's scope check only)",
    program: "aider",
    install: { manager: "pip", package: "aider-chat", version: "0.86.2" },
    // aider speaks to many providers, each with its own key: the flow names it in the agent's `secrets:`
    secrets: [],
    promptVia: "file",
    maxTurns: false,
    command: (c) => ({
        argv: [
            "aider",
            "--yes-always",
            "--no-auto-commits",
            "--no-check-update",
            ...(c.model ? ["--model", c.model] : []),
            ...c.args,
            "--message-file",
            c.promptFile,
        ],
        env: {},
        files: [],
    }),
    usage: () => null,
};

;// CONCATENATED MODULE: ./build/bundle/js/flow/presets/types.js
/**
 * The interface every agent preset implements: one real coding-agent CLI, called non-interactively. A
 * preset never builds a shell command line: the prompt reaches the CLI on stdin or as a file path, so
 * its size is not bounded by the kernel's argument limit and its text is never interpreted by a shell.
 */
/** Lines of `output` that parse as JSON objects, in order (CLIs interleave them with plain logs). */
function jsonLines(output) {
    const found = [];
    for (const line of output.split("\n")) {
        const t = line.trim();
        if (!t.startsWith("{") || !t.endsWith("}"))
            continue;
        try {
            const v = JSON.parse(t);
            if (v !== null && typeof v === "object" && !Array.isArray(v))
                found.push(v);
        }
        catch {
            // a log line that only looks like JSON
        }
    }
    return found;
}
/** A non-negative finite number at `path` in `value`, else 0. */
function num(value, ...path) {
    let v = value;
    for (const key of path)
        v = v !== null && typeof v === "object" ? v[key] : undefined;
    return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0;
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/presets/claude-code.js

/**
 * Claude Code in print mode. Its permission mode `acceptEdits` lets the file tools write only inside
 * the working directories (the worktree plus the `--add-dir` folders); `--permission-prompts none`
 * denies whatever would ask (shell commands, writes elsewhere) instead of waiting for a person. Edit
 * and Write are deliberately not put in `--allowedTools`: an allow rule without a path lets them write
 * anywhere. A flow that wants more (e.g. `Bash(npm test)`) says so in `args`.
 */
const claudeCode = {
    name: "claude-code",
    description: "Anthropic Claude Code (`claude -p`), edits confined to the worktree",
    program: "claude",
    install: { manager: "npm", package: "@anthropic-ai/claude-code", version: "2.1.332" },
    secrets: ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"],
    promptVia: "stdin",
    maxTurns: true,
    command: (c) => ({
        argv: [
            "claude",
            "--print",
            "--output-format",
            "json",
            "--permission-mode",
            "acceptEdits",
            "--permission-prompts",
            "none",
            "--no-session-persistence",
            ...(c.model ? ["--model", c.model] : []),
            // hidden from --help at 2.1.332 but accepted; the end-to-end test runs it
            ...(c.maxTurns ? ["--max-turns", String(c.maxTurns)] : []),
            ...c.writableDirs.flatMap((d) => ["--add-dir", d]),
            ...c.args,
        ],
        env: {},
        files: [],
    }),
    usage(output) {
        const result = jsonLines(output)
            .filter((j) => j.type === "result")
            .at(-1);
        if (!result)
            return null;
        const cost = result.total_cost_usd;
        return {
            turns: num(result, "num_turns"),
            input_tokens: num(result, "usage", "input_tokens") +
                num(result, "usage", "cache_creation_input_tokens") +
                num(result, "usage", "cache_read_input_tokens"),
            output_tokens: num(result, "usage", "output_tokens"),
            cost_usd: typeof cost === "number" && Number.isFinite(cost) ? Math.round(cost * 1e6) / 1e6 : null,
        };
    },
};

;// CONCATENATED MODULE: ./build/bundle/js/flow/presets/codex.js

/**
 * OpenAI Codex CLI (`codex exec`). Its workspace-write sandbox (bubblewrap/seccomp on Linux, Seatbelt
 * on macOS) runs every model command with the worktree and the `--add-dir` folders as the only
 * writable roots; `/tmp` and `$TMPDIR`, writable by default, are excluded so an agent cannot reach a
 * sibling checkout there. Codex has no turn limit: the agent's `timeout` bounds it.
 */
const codex = {
    name: "codex",
    description: "OpenAI Codex CLI (`codex exec`), workspace-write sandbox",
    program: "codex",
    install: { manager: "npm", package: "@openai/codex", version: "0.171.0" },
    secrets: ["OPENAI_API_KEY", "CODEX_API_KEY"],
    promptVia: "stdin",
    maxTurns: false,
    command: (c) => ({
        argv: [
            "codex",
            "exec",
            "--json",
            "--color",
            "never",
            "--ephemeral",
            "--sandbox",
            "workspace-write",
            "-c",
            "sandbox_workspace_write.exclude_slash_tmp=true",
            "-c",
            "sandbox_workspace_write.exclude_tmpdir_env_var=true",
            ...(c.model ? ["--model", c.model] : []),
            ...c.writableDirs.flatMap((d) => ["--add-dir", d]),
            ...c.args,
            "-", // the prompt is read from stdin
        ],
        env: {},
        files: [],
    }),
    usage(output) {
        const turns = jsonLines(output).filter((j) => j.type === "turn.completed");
        if (turns.length === 0)
            return null;
        return {
            turns: turns.length,
            // input_tokens already counts the cached ones
            input_tokens: turns.reduce((n, t) => n + num(t, "usage", "input_tokens"), 0),
            output_tokens: turns.reduce((n, t) => n + num(t, "usage", "output_tokens"), 0),
            cost_usd: null,
        };
    },
};

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./build/bundle/js/flow/presets/gemini.js



/** Where Gemini CLI reads system settings on Linux when GEMINI_CLI_SYSTEM_SETTINGS_PATH is unset. */
const SYSTEM_SETTINGS = "/etc/gemini-cli/settings.json";
/**
 * A turn limit has no flag, only the `model.maxSessionTurns` setting: it is handed over as the system
 * settings file (the highest-precedence layer, which the worktree cannot override), merged into the
 * machine's own when there is one.
 */
function turnLimitSettings(maxTurns) {
    let base = {};
    try {
        if ((0,external_node_fs_.existsSync)(SYSTEM_SETTINGS))
            base = JSON.parse((0,external_node_fs_.readFileSync)(SYSTEM_SETTINGS, "utf8"));
    }
    catch {
        base = {};
    }
    const model = typeof base.model === "object" && base.model !== null ? base.model : {};
    return `${JSON.stringify({ ...base, model: { ...model, maxSessionTurns: maxTurns } }, null, 2)}\n`;
}
/** The last top-level JSON object Gemini CLI pretty-printed (`-o json`), among other log lines. */
function lastPrettyObject(output) {
    const lines = output.split("\n");
    for (let start = lines.length - 1; start >= 0; start--) {
        if (lines[start]?.trimEnd() !== "{")
            continue;
        const end = lines.findIndex((l, i) => i > start && l.trimEnd() === "}");
        if (end === -1)
            continue;
        try {
            const v = JSON.parse(lines.slice(start, end + 1).join("\n"));
            if (v !== null && typeof v === "object" && !Array.isArray(v))
                return v;
        }
        catch {
            // not the object we want; look further up
        }
    }
    return null;
}
/**
 * Google Gemini CLI in headless mode. `--approval-mode auto_edit` approves the file tools only (the
 * shell tool is not offered in headless mode without approval), and those tools refuse paths outside
 * the workspace folders: the worktree and the `--include-directories` ones. `--skip-trust` is needed
 * because an untrusted folder forces the approval mode back to "default", where nothing can write.
 * Gemini's container sandbox (`--sandbox`) needs Docker or Podman and an image; add it in `args`
 * where the runner has them.
 */
const gemini = {
    name: "gemini",
    description: "Google Gemini CLI, headless, file edits confined to the worktree",
    program: "gemini",
    install: { manager: "npm", package: "@google/gemini-cli", version: "0.61.0" },
    secrets: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
    promptVia: "stdin",
    maxTurns: true,
    command(c) {
        const settings = (0,external_node_path_.join)(c.scratchDir, "gemini-system-settings.json");
        const limited = c.maxTurns !== undefined;
        return {
            argv: [
                "gemini",
                "--output-format",
                "json",
                "--approval-mode",
                "auto_edit",
                "--skip-trust",
                ...(c.model ? ["--model", c.model] : []),
                ...(c.writableDirs.length > 0 ? ["--include-directories", c.writableDirs.join(",")] : []),
                ...c.args,
            ],
            env: limited ? { GEMINI_CLI_SYSTEM_SETTINGS_PATH: settings } : {},
            files: limited ? [{ path: settings, content: turnLimitSettings(c.maxTurns ?? 0) }] : [],
        };
    },
    usage(output) {
        const doc = lastPrettyObject(output);
        const models = doc?.stats && typeof doc.stats === "object" ? doc.stats.models : null;
        if (!models || typeof models !== "object")
            return null;
        const usage = { turns: 0, input_tokens: 0, output_tokens: 0, cost_usd: null };
        for (const m of Object.values(models)) {
            // the main role's requests are the agent's turns; routing and other utility calls still cost tokens
            const main = num(m, "roles", "main", "totalRequests");
            usage.turns += main > 0 ? main : num(m, "api", "totalRequests");
            usage.input_tokens += num(m, "tokens", "prompt");
            usage.output_tokens += num(m, "tokens", "candidates") + num(m, "tokens", "thoughts");
        }
        return usage;
    },
};

;// CONCATENATED MODULE: ./build/bundle/js/flow/presets/index.js
/**
 * The agent presets, registered by name so that the flow validator, the engine and `doctor` agree on
 * what exists. Each preset is one module behind the `Preset` interface (types.ts).
 */




const PRESETS = [claudeCode, codex, gemini, aider];
function presetNames() {
    return PRESETS.map((p) => p.name);
}
function findPreset(name) {
    return PRESETS.find((p) => p.name === name);
}
/** The preset called `name`; an unknown one is an error listing the known ones. */
function requirePreset(name) {
    const preset = findPreset(name);
    if (!preset)
        throw new Error(`unknown preset '${name}' (known: ${presetNames().join(", ")})`);
    return preset;
}
/** What a flow may set only for a preset agent, and only where its CLI supports it. */
function presetKeyProblems(agent) {
    const problems = [];
    const given = ["model", "max_turns", "args"].filter((k) => k === "args" ? agent.args.length > 0 : agent[k] !== undefined);
    if (agent.preset === undefined) {
        for (const key of given)
            problems.push({
                key,
                message: `'${key}' is for a preset agent; with 'run', put it in the command itself`,
            });
        return problems;
    }
    const preset = findPreset(agent.preset);
    if (preset && agent.max_turns !== undefined && !preset.maxTurns)
        problems.push({
            key: "max_turns",
            message: `the ${preset.name} CLI has no turn limit; remove 'max_turns' and bound the agent with 'timeout'`,
        });
    return problems;
}
/**
 * The environment variables an agent's process receives as secrets: those it declares, and those of
 * its preset's that are set (a preset accepts any one of its names, e.g. an API key or an OAuth token).
 */
function secretNames(agent) {
    const preset = agent.preset ? findPreset(agent.preset) : undefined;
    return [...new Set([...agent.secrets, ...(preset?.secrets ?? [])])];
}


/***/ }),

/***/ 9897:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hz: () => (/* reexport */ BUILTIN_DEFAULTS),
  _q: () => (/* reexport */ COMMIT_TARGET),
  oU: () => (/* reexport */ DEFAULT_BRANCH_TEMPLATE),
  HO: () => (/* reexport */ DEFAULT_SINGLE_WRITER),
  Xp: () => (/* reexport */ GITHUB_PATHS),
  eF: () => (/* binding */ NAME_RE),
  $h: () => (/* binding */ NAME_RULE)
});

;// CONCATENATED MODULE: ./build/bundle/js/flow/flow-types.js
// The flow as the engine uses it, after parsing and defaults: plain types and the built-in defaults. The
// zod schemas of the YAML document that produce it are in schema.ts.
const BUILTIN_DEFAULTS = {
    workflow: "idea_to_feature",
    parallel_max: 4,
    lock_timeout: 60,
    run_retention: 7,
    auto_cleanup: true,
    timeout: 1800,
    retries: 0,
};
/** Paths that are single-writer even when `policy.owners` does not name them (the guide's rule). */
const DEFAULT_SINGLE_WRITER = ["src/**", "tests/**"];
const GITHUB_PATHS = ".github/**";
/** `commit` as a trigger target means "the run may go on to its commit step". */
const COMMIT_TARGET = "commit";
const DEFAULT_BRANCH_TEMPLATE = "feature/{feature}-{run_id}";

;// CONCATENATED MODULE: ./build/bundle/js/flow/schema.js
/**
 * What the rest of the code needs of the flow's shape: its types, constants and the name rule, without
 * zod. The zod schemas that check `agents/flow.yaml` are in shape-schemas.ts, which only the parser
 * loads: the engine, `status`, `cleanup` and the others import this module without paying for zod.
 */
const NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;
const NAME_RULE = "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters";
// The shaped flow's types live in flow-types.ts; re-exported so importers keep one place to import from.



/***/ }),

/***/ 9974:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Iw: () => (/* reexport */ checkScopeSyntax),
  L6: () => (/* reexport */ compileScopes),
  jN: () => (/* reexport */ matcher),
  qg: () => (/* reexport */ parse),
  Nl: () => (/* binding */ scopesOverlap)
});

// EXTERNAL MODULE: ./node_modules/braces/index.js
var braces = __webpack_require__(748);
;// CONCATENATED MODULE: ./build/bundle/js/flow/scope-glob.js
// The vocabulary of the write-scope model (see scopes.ts): tokens, segments, the markers put into a glob
// and the helpers that both the syntax check and the parser use.

const STRONG = "\u0001"; // a "." inside braces followed by "*"
const WEAK = "\u0002"; // the "." of the globs "*.*" and "**/*.*"
const GLOBSTAR = "\u0003"; // a "**" that forms a whole segment
const SEGMENT_STAR = "\u0004"; // a "*" at the start of a segment (only used by checkScopeSyntax)
const DOT = 46;
const SLASH = 47;
const STAR = { star: true };
const ANY = { star: false, ranges: [[SLASH, SLASH]], neg: true, guard: 0 };
const STAR_SEG = { globstar: false, key: "*", variants: [[STAR]], literal: null };
const PREFERRED = [120, 97, 98, 48, 95, 45, 126, 0, 48, 0xffff]; // x a b 0 _ - ~, then bounds
const MAX_ALTERNATIVES = 256;
/** Ranges of a class body without its leading `^`, read the way a JavaScript regex class reads them. */
function classRanges(rest) {
    const out = [];
    for (let k = 0; k < rest.length; k++) {
        const lo = rest.charCodeAt(k);
        if (rest[k + 1] === "-" && k + 2 < rest.length) {
            out.push([lo, rest.charCodeAt(k + 2)]);
            k += 2;
        }
        else
            out.push([lo, lo]);
    }
    return out;
}
const expand = (glob) => (glob.includes("{") ? braces.expand(glob) : [glob]);

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
;// CONCATENATED MODULE: ./build/bundle/js/flow/scope-syntax.js
// Which globs are accepted as write scopes: the syntax whose picomatch behaviour the model of scopes.ts
// covers exactly; everything else is refused with what to write instead.

const problem = (message) => ({ message });
/** Returns a problem with a single `[...]` body (text between the brackets), or null. */
function checkClassBody(body) {
    if (body.startsWith("!")) {
        return problem(`picomatch reads [${body}] as a plain character class, not a negation; write [^${body.slice(1) || "abc"}] to exclude characters`);
    }
    const rest = body.startsWith("^") ? body.slice(1) : body;
    if (rest === "")
        return problem("a character class must list at least one character, e.g. [abc]");
    const bad = /[/[{},*?]/.exec(rest);
    if (bad)
        return problem(`the character ${bad[0]} is not supported inside a character class [...]`);
    for (const [lo, hi] of classRanges(rest)) {
        if (lo > hi)
            return problem(`the range ${String.fromCharCode(lo)}-${String.fromCharCode(hi)} is reversed; write it low-high`);
    }
    return null;
}
const syntaxCache = new Map();
/** Why `glob` is not an accepted write scope, or null; see the list of quirks at the top. */
function checkScopeSyntax(glob) {
    let known = syntaxCache.get(glob);
    if (known === undefined) {
        known = scopeSyntaxProblem(glob);
        if (syntaxCache.size > 100_000)
            syntaxCache.clear();
        syntaxCache.set(glob, known);
    }
    return known;
}
function scopeSyntaxProblem(glob) {
    if (glob.trim() === "")
        return problem("a scope must not be empty; write a glob such as src/**");
    if (glob !== glob.trim())
        return problem("a scope must not start or end with spaces");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(glob))
        return problem("control characters are not allowed in a scope");
    if (/^(\/|\\|[A-Za-z]:)/.test(glob)) {
        return problem("absolute paths are not allowed in a scope; write the path relative to the repository root");
    }
    if (glob.includes("\\"))
        return problem("backslashes are not allowed in a scope; use forward slashes, e.g. src/api/**");
    if (glob.startsWith("!"))
        return problem("negated scopes (leading !) are not supported; list what the agent may write");
    if (/[@!+*?]\(/.test(glob)) {
        return problem("extglob patterns like @(a|b) are not supported in a scope; use braces instead, e.g. {a,b}");
    }
    if (/[()|]/.test(glob)) {
        return problem("parentheses and | are not supported in a scope; use braces for alternatives, e.g. {a,b}");
    }
    // picomatch's shortcut for globs without / [ ] { } that do not start with * misreads doubled $ + ^
    const shortcut = !/^\*|[/[\]{}]/.test(glob);
    const special = (shortcut ? /"|\$\$|\+\+|\^\^/ : /"|\$\{|[\]}]\+/).exec(glob);
    if (special)
        return problem(`the sequence ${special[0]} has a special meaning in picomatch and is not supported in a scope`);
    if (glob.startsWith("./"))
        return problem(`a scope must not start with ./; write ${glob.slice(2)} instead of ${glob}`);
    if (glob.endsWith("/")) {
        const base = glob.replace(/\/+$/, "");
        const folder = base.endsWith("**") ? base : `${base}/**`;
        return problem(`a scope must not end with /; write ${folder} to cover a folder`);
    }
    const rawSegments = glob.split("/");
    if (rawSegments.includes("..")) {
        return problem("parent segments (..) are not allowed in a scope; write the path relative to the repository root");
    }
    const commas = []; // per open brace: how many top-level commas so far
    let alternatives = 1; // an upper bound: the product of the alternative counts of all brace groups
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === "[") {
            const close = glob.indexOf("]", i + 1);
            if (close < 0)
                return problem("unbalanced [ in scope; close the character class with ]");
            const bad = checkClassBody(glob.slice(i + 1, close));
            if (bad)
                return bad;
            i = close;
        }
        else if (c === "]")
            return problem("unbalanced ] in scope; a character class looks like [abc]");
        else if (c === "{")
            commas.push(0);
        else if (c === "}") {
            const n = commas.pop();
            if (n === undefined)
                return problem("unbalanced } in scope; braces look like {a,b}");
            if (n === 0)
                return problem("braces need at least two alternatives separated by commas, e.g. {a,b}");
            alternatives *= n + 1;
        }
        else if (c === "," && commas.length > 0)
            commas[commas.length - 1] = (commas.at(-1) ?? 0) + 1;
        else if (commas.length > 0 && glob.startsWith("..", i)) {
            return problem("brace ranges like {1..3} are not supported in a scope; list the alternatives, e.g. {1,2,3}");
        }
        else if (commas.length > 0 && glob.startsWith("**", i)) {
            return problem("a ** cannot be used inside braces; write {src,lib}/** rather than {src/**,lib/**}");
        }
    }
    if (commas.length > 0)
        return problem("unbalanced { in scope; close the braces with }");
    const partial = rawSegments.find((s) => s.includes("**") && s !== "**");
    if (partial !== undefined) {
        const fixed = rawSegments.map((s) => (s === partial ? `**/*${s.slice(2)}` : s)).join("/");
        const hint = partial.startsWith("**") ? `write ${fixed} rather than ${glob}` : "e.g. src/**/*.ts";
        return problem(`a ** must be a whole path segment; ${hint}`);
    }
    if (alternatives > MAX_ALTERNATIVES) {
        return problem(`this scope expands to more than ${MAX_ALTERNATIVES} alternatives; split it into several scopes`);
    }
    // a star that starts a segment (marked) cannot match an empty name at the end of a path; a star right
    // after `{` or `,` can, and picomatch then lets `a/**/{b,*}` match `a` itself
    const starts = glob
        .replace(/(^|\/)\*\*(?=\/|$)/g, `$1${GLOBSTAR}`)
        .replace(/(^|\/)\*(?!\*)/g, `$1${SEGMENT_STAR}`);
    for (const alt of expand(starts)) {
        const segs = alt.split("/");
        if (segs.some((seg) => seg.startsWith("*") && [...seg].every((ch) => ch === "*" || ch === SEGMENT_STAR))) {
            return problem("a brace alternative like {a,*} can match an empty name; write * alone or {a*,b*}");
        }
        if (segs.includes(""))
            return problem("this scope has an empty path segment (// or an empty brace alternative)");
        if (segs.includes(".") || segs.includes("..")) {
            return problem("dot segments (. or ..) are not allowed in a scope; write the path relative to the repository root");
        }
    }
    return null;
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/scope-parse.js
// A write scope parsed into the model described in scopes.ts, and its picomatch matcher (the reference
// the model is checked against).



/** Marks the spots where picomatch's behaviour depends on position in the original glob (see top). */
function markGlob(glob) {
    let out = "";
    let depth = 0;
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === "[") {
            const close = glob.indexOf("]", i + 1);
            out += glob.slice(i, close + 1);
            i = close;
            continue;
        }
        if (c === "{")
            depth++;
        else if (c === "}")
            depth--;
        else if (c === "." && depth > 0 && glob[i + 1] === "*") {
            out += STRONG;
            continue;
        }
        else if (glob.startsWith("**", i) &&
            (i === 0 || glob[i - 1] === "/") &&
            /^(\/|$)/.test(glob.slice(i + 2))) {
            out += GLOBSTAR;
            i++;
            continue;
        }
        out += c;
    }
    if (glob === "*.*" || glob === "**/*.*")
        out = `${out.slice(0, -2)}${WEAK}*`;
    // a trailing `/**` right after a `*` (as in `a*/**`) needs at least one segment: `a*/**` misses `ab`
    const segs = glob.split("/");
    let k = 0;
    while (k < segs.length && segs[segs.length - 1 - k] === "**")
        k++;
    if (k > 0 && segs[segs.length - 1 - k]?.endsWith("*"))
        out = `${out.slice(0, -2 * k)}/*/${GLOBSTAR}`;
    return out;
}
const charToks = new Map();
/** The (shared, never mutated) token for one literal code unit. */
function charTok(text, k) {
    const c = text.charCodeAt(k);
    let t = charToks.get(c);
    if (!t) {
        t = { star: false, ranges: [[c, c]], neg: false, guard: 0 };
        charToks.set(c, t);
    }
    return t;
}
/** braces.expand, skipped for the usual glob without braces (backslashes are rejected before this). */
function parseSegment(seg) {
    if (seg === GLOBSTAR)
        return { globstar: true };
    let variants = [[]];
    const add = (...options) => {
        if (options.length === 1) {
            // the common case (no class with a literal reading): extend every variant in place
            for (const v of variants)
                for (const t of options[0] ?? [])
                    v.push(t);
        }
        else
            variants = variants.flatMap((v) => options.map((o) => [...v, ...o]));
    };
    // code units, not code points: picomatch's regexes have no `u` flag, so `?` matches half an emoji
    const literal = (text) => Array.from({ length: text.length }, (_, k) => charTok(text, k));
    for (let i = 0; i < seg.length; i++) {
        const c = seg[i];
        if (c === "*") {
            if (seg[i - 1] !== "*")
                add([STAR]);
        }
        else if (c === "?")
            add([ANY]);
        else if (c === STRONG || c === WEAK)
            add([{ star: false, ranges: [[DOT, DOT]], neg: false, guard: c === STRONG ? 1 : 2 }]);
        else if (c === "[") {
            const close = seg.indexOf("]", i + 1);
            const body = seg.slice(i + 1, close);
            const neg = body.startsWith("^");
            const ranges = classRanges(neg ? body.slice(1) : body);
            if (neg)
                ranges.push([SLASH, SLASH]);
            const cls = { star: false, ranges, neg, guard: 0 };
            // picomatch also accepts the literal text of a class without regex-special characters
            if (/[-*+?.^${}(|)[\]]/.test(body))
                add([cls]);
            else
                add([cls], literal(`[${body}]`));
            i = close;
        }
        else
            add(literal(c));
    }
    return {
        globstar: false,
        key: seg,
        variants,
        literal: /[*?[]/.test(seg) || seg.includes(STRONG) || seg.includes(WEAK) ? null : seg,
    };
}
const parsedCache = new Map();
const matcherCache = new Map();
/** picomatch's own matcher for one glob (dot: true), compiled once. */
function matcher(glob) {
    let m = matcherCache.get(glob);
    if (!m) {
        m = picomatch(glob, { dot: true, windows: false });
        matcherCache.set(glob, m);
    }
    return m;
}
/** The model of a valid scope described at the top (throws on an invalid one), cached. */
function parse(glob) {
    let parsed = parsedCache.get(glob);
    if (parsed)
        return parsed;
    const bad = checkScopeSyntax(glob);
    if (bad)
        throw new Error(`invalid scope "${glob}": ${bad.message}`);
    const alts = expand(markGlob(glob)).map((alt) => {
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
        while (!alt.prefix.startsWith(prefix))
            prefix = prefix.slice(0, -1);
        while (!alt.suffix.endsWith(suffix))
            suffix = suffix.slice(1);
    }
    // picomatch compiles a regex per glob; most globs never need it (their pairs are cut by their affixes)
    const matches = (path) => matcher(glob)(path);
    parsed = { alts, prefix, suffix, matches, special: /[*?[{]/.test(glob) };
    parsedCache.set(glob, parsed);
    return parsed;
}
/** A matcher for a list of scopes: true when any glob accepts the path (picomatch, dot: true). */
function compileScopes(globs) {
    const matchers = globs.map(matcher);
    return (path) => matchers.some((m) => m(path));
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/scopes.js
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




const has = (t, c) => c !== SLASH && t.ranges.some(([lo, hi]) => lo <= c && c <= hi) !== t.neg;
/** A character in both sets, preferring a non-"." one; the minimum of any non-empty intersection is a
 * range start, a range end + 1, 0 or 48 (after "/"), so checking those candidates is exact. */
function pick(a, b) {
    const candidates = [...PREFERRED];
    for (const [lo, hi] of [...a.ranges, ...b.ranges])
        candidates.push(lo, hi + 1, hi, lo - 1);
    let dot = false;
    for (const c of candidates) {
        if (c < 0 || c > 0xffff || !has(a, c) || !has(b, c))
            continue;
        if (c !== DOT)
            return c;
        dot = true;
    }
    return dot ? DOT : null;
}
// Segment trackers: s = segment so far is "" (0), "." (1), ".." (2) or other (3); g per side = no guard
// pending (0), strong guard with "" (1) or "." (2) after it, weak guard with "" after it (3).
const stepS = (s, c) => (s === 3 || c !== DOT ? 3 : s + 1);
const stepG = (g, c, guard) => guard === 1 ? 1 : guard === 2 ? 3 : g === 1 && c === DOT ? 2 : 0;
function intersectTokens(a, b, readable) {
    const memo = new Map();
    const go = (i, j, s, ga, gb) => {
        if (i === a.length && j === b.length)
            return s === 3 && ga === 0 && gb === 0 ? "" : null;
        const key = (((i * (b.length + 1) + j) * 4 + s) * 4 + ga) * 4 + gb;
        const known = memo.get(key);
        if (known !== undefined)
            return known;
        memo.set(key, null);
        const ta = a[i];
        const tb = b[j];
        const emit = (c, ni, nj, ga2, gb2) => {
            if (c === null)
                return null;
            const rest = go(ni, nj, stepS(s, c), ga2, gb2);
            return rest === null ? null : String.fromCharCode(c) + rest;
        };
        let res = null;
        if (readable && s === 0) {
            // a segment that starts with "." reads like a mistake (`docs/.md`): fill a leading star first
            if (ta?.star && tb?.star)
                res = emit(120, i, j, 0, 0);
            if (res === null && ta?.star && tb && !tb.star) {
                const c = pick(tb, ANY);
                if (c !== null)
                    res = emit(c, i, j + 1, stepG(ga, c, 0), stepG(gb, c, tb.guard));
            }
            if (res === null && tb?.star && ta && !ta.star) {
                const c = pick(ta, ANY);
                if (c !== null)
                    res = emit(c, i + 1, j, stepG(ga, c, ta.guard), stepG(gb, c, 0));
            }
        }
        if (res === null && ta?.star)
            res = go(i + 1, j, s, ga, gb);
        if (res === null && tb?.star)
            res = go(i, j + 1, s, ga, gb);
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
const segCache = new Map();
function intersectSegments(a, b, readable) {
    if (a.literal !== null && b.literal !== null)
        return a.literal === b.literal ? a.literal : null;
    const key = `${readable ? "r" : "p"}${a.key}\u0000${b.key}`;
    const known = segCache.get(key);
    if (known !== undefined)
        return known;
    let res = null;
    for (const va of a.variants) {
        for (const vb of b.variants)
            res ??= intersectTokens(va, vb, readable);
    }
    if (segCache.size > 100_000)
        segCache.clear();
    segCache.set(key, res);
    return res;
}
function intersectAlts(a, b, readable) {
    const memo = new Map();
    // from which index on a side holds only `**` segments (so the path may end there)
    const tailFrom = (segs) => {
        let k = segs.length;
        while (k > 0 && segs[k - 1]?.globstar)
            k--;
        return k;
    };
    const tailA = tailFrom(a);
    const tailB = tailFrom(b);
    const go = (i, j, ne) => {
        if (i === a.length && j === b.length)
            return ne ? "" : null;
        const key = (i * (b.length + 1) + j) * 2 + ne;
        const known = memo.get(key);
        if (known !== undefined)
            return known;
        memo.set(key, null);
        const sa = a[i];
        const sb = b[j];
        const then = (seg, ni, nj) => {
            if (seg === null)
                return null;
            const rest = go(ni, nj, 1);
            return rest === null ? null : rest === "" ? seg : `${seg}/${rest}`;
        };
        let res = null;
        // both sides end in `**` from here: one more segment makes the witness a file, not a bare folder
        if (readable && sa?.globstar && sb?.globstar && i >= tailA && j >= tailB)
            res = then("x", a.length, b.length);
        if (res === null && sa?.globstar)
            res = go(i + 1, j, ne);
        if (res === null && sb?.globstar)
            res = go(i, j + 1, ne);
        if (res === null && sa?.globstar && sb?.globstar && !ne)
            res = then("x", i, j);
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
const compatible = (a, b) => (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) &&
    (a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix));
/** Returns null when no path matches both globs, otherwise a path matched by both. */
function scopesOverlap(a, b) {
    const pa = parse(a);
    const pb = parse(b);
    if (!compatible(pa, pb))
        return null;
    const verified = (w) => w === null || (pa.matches(w) && pb.matches(w));
    const readable = findWitness(a, pa, b, pb, true);
    if (verified(readable))
        return readable;
    const plain = findWitness(a, pa, b, pb, false);
    if (!verified(plain)) {
        throw new Error(`internal error: overlap witness "${plain}" is not matched by both "${a}" and "${b}"`);
    }
    return plain;
}
function findWitness(a, pa, b, pb, readable) {
    let witness = null;
    let tried = false;
    for (const altA of pa.alts) {
        for (const altB of pb.alts) {
            if (!compatible(altA, altB))
                continue;
            tried = true;
            witness = intersectAlts(altA.segs, altB.segs, readable);
            if (witness !== null)
                break;
        }
        if (witness !== null)
            break;
    }
    // every glob also matches its own text; if all pairs were cut by their literal prefix or suffix, neither
    // text can match the other glob (the texts hold the same literal prefix and suffix)
    if (witness === null && tried && pa.special && pb.matches(a))
        witness = a;
    if (witness === null && tried && pb.special && pa.matches(b))
        witness = b;
    return witness;
}


/***/ }),

/***/ 484:
/***/ ((__unused_webpack___webpack_module__, __unused_webpack___webpack_exports__, __webpack_require__) => {

/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8532);
/* harmony import */ var zod_v4_locales_en_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(252);


/**
 * Imported (for its effect) before any schema is built: the code uses zod/mini, configured here. Its
 * schemas are plain objects without the ~50 chainable methods that zod's classic API puts on every
 * instance, so building the flow's and the run status's schemas at start costs about half (issue 12's
 * cold start). jitless: zod would otherwise compile a parser per object schema (a `new Function`) on its
 * first parse, which costs more than the few parses a command makes. English messages for the issues we
 * do not word ourselves (zod/mini ships no locale; en.js alone, not the index of every language).
 *
 * Modules import `* as z from "zod/mini"` and use its members directly: the bundler then keeps only what
 * they use (re-exporting the namespace from here would keep all of zod, every locale included).
 */
(0,zod_mini__WEBPACK_IMPORTED_MODULE_0__/* .config */ .$W)({ ...(0,zod_v4_locales_en_js__WEBPACK_IMPORTED_MODULE_1__/* ["default"] */ .A)(), jitless: true });


/***/ })

};
