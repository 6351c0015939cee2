export const id = 694;
export const ids = [694];
export const modules = {

/***/ 2243:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jg: () => (/* binding */ writeNewIndexSync),
/* harmony export */   UZ: () => (/* binding */ copyIndex),
/* harmony export */   ZN: () => (/* binding */ resetAgentGit),
/* harmony export */   i3: () => (/* binding */ assertRealDir),
/* harmony export */   jW: () => (/* binding */ writeIndexBytes),
/* harmony export */   l: () => (/* binding */ ensureRealDirSync),
/* harmony export */   lR: () => (/* binding */ removeNoFollow),
/* harmony export */   q5: () => (/* binding */ ensureRealDir),
/* harmony export */   xe: () => (/* binding */ assertRealDirSync)
/* harmony export */ });
/* unused harmony export UnsafeDirectoryError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1490);




/**
 * The directories agents work in, and the disposable `.git` each one gets. An agent's `.git` is a
 * plain repository of its own (its config, hooks, refs, index) that borrows the user's objects through
 * `objects/info/alternates`: git reads them but writes new objects only into the agent's own store. The
 * engine never uses it: it snapshots the agent's files with the user's object store as git dir and an
 * index it keeps outside the directory, and rebuilds this `.git` from scratch before each agent, so a
 * hook, fsmonitor, filter, ref, replace ref or `.git` file planted there reaches nobody.
 */
class UnsafeDirectoryError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AgentFlowError */ .o {
    constructor(path, why) {
        super(`refusing to use ${path}: ${why}. agent-flow never follows a link or a moved folder there; remove ${path} and run again`);
        this.name = "UnsafeDirectoryError";
    }
}
/**
 * `dir` as a real directory at exactly this path: no component may be a symbolic link (realpath must be
 * the path itself), so a pool folder replaced by a link to the user's checkout is refused, not cleaned.
 * `dir` must be absolute and normalised, built from a realpath'd root. Synchronous calls (a few
 * microseconds each): at a run's start, when the first step's directory is prepared, libuv's thread pool
 * is queued with the run's fsyncs, and each trip through it cost tens of milliseconds there.
 */
function assertRealDirSync(dir) {
    const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(dir, { throwIfNoEntry: false });
    if (st === undefined)
        throw new UnsafeDirectoryError(dir, "it does not exist");
    if (st.isSymbolicLink())
        throw new UnsafeDirectoryError(dir, "it is a symbolic link");
    if (!st.isDirectory())
        throw new UnsafeDirectoryError(dir, "it is not a directory");
    const real = node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync.native(dir);
    if (real !== dir)
        throw new UnsafeDirectoryError(dir, `it resolves to ${real}`);
}
/** assertRealDirSync(), as a promise. */
async function assertRealDir(dir) {
    assertRealDirSync(dir);
}
/**
 * Makes `dir` a real, empty-or-existing directory: a symbolic link or a file at its place is unlinked (its
 * target is never touched), then the result is checked with assertRealDirSync().
 */
function ensureRealDirSync(dir) {
    assertRealDirSync((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir));
    const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(dir, { throwIfNoEntry: false });
    if (st !== undefined && !st.isDirectory())
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(dir);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true });
    assertRealDirSync(dir);
}
/** ensureRealDirSync(), as a promise. */
async function ensureRealDir(dir) {
    ensureRealDirSync(dir);
}
/** Removes `path` without following a link at its place (a link is unlinked, its target untouched). */
async function removeNoFollow(path) {
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).catch(() => null);
    if (st === null)
        return;
    if (st.isDirectory())
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(path, { recursive: true, force: true });
    else
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(path);
}
/**
 * Replaces `<dir>/.git` with a fresh repository of the agent's own (no git process: a few small files).
 * `aside`, when given, is a path outside `dir` (the workspace's scratch folder) that the old `.git` is
 * renamed to in one step, to be removed off the step's critical path (it is the caller's to remove:
 * an agent may have left a large tree there); without it, or when the rename fails, it is removed here.
 * The new files are written with synchronous calls: they sit on every step's critical path, where each
 * trip through libuv's thread pool costs more than the call itself (see agent-staging.ts). Resolves to
 * whether the old `.git` is now at `aside`.
 */
async function resetAgentGit(dir, spec, aside) {
    const gitDir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, ".git");
    let movedAside = false;
    if (aside !== undefined) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(gitDir, aside); // moves a link or file itself, never what it points to
            movedAside = true;
        }
        catch {
            // none there (ENOENT), or not movable: removed below
        }
    }
    if (!movedAside)
        await removeNoFollow(gitDir);
    const sha256 = spec.objectFormat === "sha256";
    // Each folder made on its own, parents first (a recursive mkdir of the deepest one fails its way up).
    // Only what git needs to take the folder for a repository (HEAD, objects/, refs/): it makes refs/heads
    // and refs/tags itself when the agent first writes a branch or tag, so they are not made every step.
    for (const sub of ["", "/objects", "/objects/info", "/refs"])
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(gitDir + sub);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(gitDir, "objects", "info", "alternates"), `${spec.objects}\n`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(gitDir, "config"), `[core]\n\trepositoryformatversion = ${sha256 ? 1 : 0}\n\tfilemode = true\n\tbare = false\n` +
        (sha256 ? "[extensions]\n\tobjectformat = sha256\n" : ""));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(gitDir, "HEAD"), `${spec.head}\n`);
    try {
        copyIndexSync(spec.index, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(gitDir, "index"));
    }
    catch {
        // no index: the agent's git sees every file as new, which misleads nobody but the agent
    }
    return movedAside;
}
/** copyIndex(), synchronously (a file of tens of kB per thousand entries; see resetAgentGit()). */
function copyIndexSync(from, to) {
    const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(from);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.copyFileSync)(from, to);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.utimesSync)(to, st.atime, new Date(Math.floor(st.mtimeMs)));
}
/**
 * Copies an index file keeping its mtime. Git trusts an index entry's stat data only when the file's
 * mtime is older than the index file's own mtime ("racy git": a file changed in the same second as the
 * index was written, without a size change, is otherwise invisible). A copy stamped "now" would make
 * such entries look safely clean; with the original mtime (truncated to ms, so never later) git keeps
 * re-checking their contents.
 */
async function copyIndex(from, to) {
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(from);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.copyFile)(from, to);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.utimes)(to, st.atime, new Date(Math.floor(st.mtimeMs)));
}
/**
 * writeIndexBytes() with synchronous calls, for a new file at `to` ("wx": never a link to elsewhere):
 * a snapshot writes the index it starts from on the step's critical path, where four trips through
 * libuv's thread pool (open, write, close, utimes) wait behind the fingerprint's and the status
 * writes' work, each longer than the call.
 */
function writeNewIndexSync(to, bytes, mtimeMs) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(to, "wx");
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(fd, bytes);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.utimesSync)(to, new Date(), new Date(Math.floor(mtimeMs)));
}
/**
 * Writes index bytes the engine holds to `to`, a file it just created (`handle`, closed here; a new file
 * is never a link to elsewhere), with the mtime of the file they were read from, for the same reason as
 * copyIndex().
 */
async function writeIndexBytes(handle, to, bytes, mtimeMs) {
    try {
        await handle.writeFile(bytes);
    }
    finally {
        await handle.close();
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.utimes)(to, new Date(), new Date(Math.floor(mtimeMs)));
}


/***/ }),

/***/ 331:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zh: () => (/* reexport */ refFor),
  JN: () => (/* binding */ runAgent)
});

// UNUSED EXPORTS: commitMessage

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/run/scope-check.js
var scope_check = __webpack_require__(5366);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/lib/locks/index.js + 5 modules
var locks = __webpack_require__(9388);
;// CONCATENATED MODULE: ./build/bundle/js/engine/agent-context.js

const refFor = (runId, key, agent) => `refs/agent-flow/${runId}/steps/${key.replace("#", ".")}/${agent ? `agents/${agent}` : "result"}`;
/** Takes the agent's `locks:` (in order; all or none), held across its attempts. */
async function holdLocks(ctx, agent) {
    const held = [];
    if (ctx.locks === "groups")
        return held;
    const ms = ctx.flow.defaults.lock_timeout * 1000;
    try {
        for (const resource of agent.locks) {
            // Held across all attempts and back-off: the lock's heartbeat (src/run/locks.ts) keeps it ours.
            held.push(await (0,locks/* acquireLock */.IZ)(ctx.root, resource, { run_id: ctx.runId, agent: agent.name }, { timeoutMs: ms, signal: ctx.signal }));
        }
        return held;
    }
    catch (err) {
        for (const h of held)
            await h.release();
        throw err;
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/agent-output.js


/** The engine's own log of an agent, kept in the agent's output folder. */
const AGENT_LOG = "agent.log";
/** An output folder larger than this is refused rather than copied into the run folder. */
const MAX_OUTPUT_FILES = 10_000;
/**
 * What is wrong with an agent's output folder, or null when it holds only folders and regular files.
 * Links could point anywhere (the copy in the run folder and in `latest` would follow them) and special
 * files (FIFOs, sockets, devices) could hang or mislead whoever reads the outputs, so both are refused.
 * Read with synchronous calls, as is the copy below: a few entries, on the step's critical path, where a
 * trip through libuv's thread pool waits behind the fingerprint's reads (at most MAX_OUTPUT_FILES
 * entries are looked at).
 */
async function outputProblem(dir) {
    let count = 0;
    const walk = (d) => {
        for (const e of (0,external_node_fs_.readdirSync)(d, { withFileTypes: true })) {
            const p = (0,external_node_path_.join)(d, e.name);
            const rel = JSON.stringify((0,external_node_path_.relative)(dir, p));
            if (d === dir && e.name === AGENT_LOG)
                return `its output folder holds ${rel}, the engine's own log of the agent; write it under another name`;
            if (e.isSymbolicLink())
                return `its output folder holds a symbolic link, ${rel}; outputs must be regular files`;
            if (e.isDirectory()) {
                const inner = walk(p);
                if (inner)
                    return inner;
            }
            else if (!e.isFile())
                return `its output folder holds ${rel}, which is not a regular file`;
            if (++count > MAX_OUTPUT_FILES)
                return `its output folder holds more than ${MAX_OUTPUT_FILES} entries; keep outputs small`;
        }
        return null;
    };
    return walk(dir);
}
/**
 * Copies a checked output folder (see outputProblem) into the run folder, file by file: only folders
 * and regular files are made, and a file or link already at a destination path is replaced, never
 * followed. The staging folder is removed afterwards, so a file is moved rather than copied (one call
 * instead of several) unless it has other names, which the run folder must not share.
 */
async function copyOutput(from, to) {
    copyTree(from, to);
}
function copyTree(from, to) {
    (0,external_node_fs_.mkdirSync)(to, { recursive: true });
    for (const e of (0,external_node_fs_.readdirSync)(from, { withFileTypes: true })) {
        const src = (0,external_node_path_.join)(from, e.name);
        const dest = (0,external_node_path_.join)(to, e.name);
        const there = (0,external_node_fs_.lstatSync)(dest, { throwIfNoEntry: false });
        if (e.isDirectory()) {
            if (there && !there.isDirectory())
                throw new Error(`cannot copy the output folder ${JSON.stringify(src)}: ${JSON.stringify(dest)} exists and is not a folder`);
            copyTree(src, dest);
        }
        else if (e.isFile()) {
            if (there && !there.isFile())
                throw new Error(`cannot copy the output file ${JSON.stringify(src)}: ${JSON.stringify(dest)} exists and is not a regular file`);
            // A rename replaces what is at `dest` without writing into it; a hard link (other names) or
            // another file system is copied instead (copyFile writes through a symlink at the destination;
            // the check above refuses one).
            const st = (0,external_node_fs_.lstatSync)(src);
            if (!st.isFile() || st.nlink !== 1 || !moved(src, dest))
                (0,external_node_fs_.copyFileSync)(src, dest);
        }
    }
}
/** Renames `src` to `dest`; false when they are on different file systems. */
function moved(src, dest) {
    try {
        (0,external_node_fs_.renameSync)(src, dest);
        return true;
    }
    catch (e) {
        if (e.code === "EXDEV")
            return false;
        throw e;
    }
}

// EXTERNAL MODULE: ./build/bundle/js/engine/agent-staging.js
var agent_staging = __webpack_require__(3473);
// EXTERNAL MODULE: ./build/bundle/js/engine/budget.js
var budget = __webpack_require__(1483);
;// CONCATENATED MODULE: ./build/bundle/js/engine/contract.js
/** The environment every agent gets (DESIGN.md, "Agents"); `with:` values arrive as AGENT_<KEY>. */
function agentEnvironment(c) {
    const env = {
        ...c.agent.env,
        RUN_ID: c.runId,
        AGENT_NAME: c.agent.name,
        FEATURE_NAME: c.feature,
        BASE_BRANCH: c.baseBranch,
        AGENT_MODE: c.with.mode ?? "",
        AGENT_RUN_DIR: c.runDir,
        AGENT_OUTPUT: c.outputDir,
        AGENT_INPUT: c.inputDir,
        AGENT_WRITES: c.agent.writes.join(" "),
        AGENT_TRIGGERS: c.triggersDir,
    };
    if (c.promptFile)
        env.AGENT_PROMPT_FILE = c.promptFile;
    for (const [k, v] of Object.entries(c.with))
        env[`AGENT_${k.toUpperCase()}`] = v;
    return env;
}

// EXTERNAL MODULE: ./build/bundle/js/engine/environment.js
var environment = __webpack_require__(9185);
// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint.js + 4 modules
var fingerprint = __webpack_require__(3773);
// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint-share.js
var fingerprint_share = __webpack_require__(6694);
// EXTERNAL MODULE: ./build/bundle/js/engine/group-warmup.js
var group_warmup = __webpack_require__(3860);
// EXTERNAL MODULE: ./build/bundle/js/engine/police.js
var police = __webpack_require__(5044);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./build/bundle/js/flow/presets/index.js + 5 modules
var presets = __webpack_require__(9368);
// EXTERNAL MODULE: ./build/bundle/js/run/usage.js
var run_usage = __webpack_require__(580);
// EXTERNAL MODULE: ./build/bundle/js/engine/process.js + 5 modules
var process = __webpack_require__(8883);
;// CONCATENATED MODULE: ./build/bundle/js/engine/preset-run.js
/**
 * The engine's side of agent presets (src/flow/presets/): the command a preset agent runs and how its
 * prompt reaches it, and the usage read back from what the CLI printed. What must be there before any
 * agent starts (its CLI on PATH, one of its secrets set) is checked in preflight.ts.
 */






/**
 * What an agent runs. A `run:` command is taken as written; a preset's command is argv only, and the
 * prompt goes on stdin or as a file path, never through a shell.
 */
async function agentCommand(agent, paths) {
    if (agent.run !== undefined)
        return { command: typeof agent.run === "string" ? ["sh", "-c", agent.run] : agent.run, env: {} };
    const preset = agent.preset ? (0,presets/* findPreset */.t)(agent.preset) : undefined;
    if (!preset || !paths.promptFile)
        throw new Error(`agent '${agent.name}' has no command`);
    const built = preset.command({
        promptFile: paths.promptFile,
        workspace: paths.workspace,
        writableDirs: [paths.outputDir, paths.triggersDir],
        scratchDir: paths.scratchDir,
        model: agent.model,
        maxTurns: agent.max_turns,
        args: agent.args,
    });
    for (const f of built.files) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(f.path), { recursive: true });
        await (0,promises_.writeFile)(f.path, f.content);
    }
    return {
        command: built.argv,
        env: built.env,
        ...(preset.promptVia === "stdin" ? { stdin: await (0,promises_.readFile)(paths.promptFile, "utf8") } : {}),
    };
}
/** The secrets an agent's process receives: those it declares and its preset's. */
function agentSecrets(agent) {
    return (0,presets/* secretNames */.XG)(agent);
}
/** Bytes of a log read back for usage: CLIs print their summary last. */
const USAGE_TAIL_BYTES = 4 * 1024 * 1024;
function logSize(file) {
    try {
        return (0,external_node_fs_.statSync)(file).size;
    }
    catch {
        return 0;
    }
}
/** The usage the agent's preset CLI printed in this attempt (the log from `from` on); null if none. */
function readUsage(agent, logFile, from) {
    const preset = agent.preset ? (0,presets/* findPreset */.t)(agent.preset) : undefined;
    if (!preset)
        return null;
    const end = logSize(logFile);
    const start = Math.max(from, end - USAGE_TAIL_BYTES);
    if (end <= start)
        return null;
    const buf = Buffer.alloc(end - start);
    const fd = (0,external_node_fs_.openSync)(logFile, "r");
    try {
        (0,external_node_fs_.readSync)(fd, buf, 0, buf.length, start);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    return preset.usage(buf.toString("utf8"));
}
/**
 * After an attempt of a preset agent: its usage read from what the CLI printed, noted in the log and
 * left as `usage.json` in its output folder, where the run's usage records pick it up.
 */
async function recordUsage(agent, logFile, from, outputDir) {
    const usage = readUsage(agent, logFile, from);
    if (!usage)
        return null;
    (0,process/* appendLogLine */.v0)(logFile, `==> ${formatUsage(usage)}`);
    // The agent owned this folder: whatever it left under that name (a link to a file of the user's) is
    // replaced, never written through.
    const file = (0,external_node_path_.join)(outputDir, run_usage/* USAGE_FILE */.ji);
    await (0,promises_.rm)(file, { recursive: true, force: true });
    await (0,promises_.writeFile)(file, `${JSON.stringify(usage)}\n`, { flag: "wx" });
    return usage;
}
function formatUsage(u) {
    const cost = u.cost_usd === null ? "" : ` cost_usd=${u.cost_usd}`;
    return `usage: turns=${u.turns} input_tokens=${u.input_tokens} output_tokens=${u.output_tokens}${cost}`;
}

// EXTERNAL MODULE: ./build/bundle/js/engine/process-spare.js
var process_spare = __webpack_require__(8915);
;// CONCATENATED MODULE: ./build/bundle/js/flow/prompt-template.js
/**
 * Prompt templates: plain text with `{{name}}` placeholders filled in by the engine before each attempt.
 * Substitution only, in one pass: a value is never scanned again, and nothing in a template runs. The
 * older `$VAR` / `${VAR}` form (from the agent's environment) is filled in by the same pass.
 *
 * The request text never goes through here: prompts name the file that holds it ({{request_file}}).
 */
/** Every placeholder, with what it becomes (the README lists the same). */
const prompt_template_PLACEHOLDERS = {
    feature: "the feature name",
    run_id: "the run id",
    base_branch: "the branch the run started from (empty from a detached HEAD)",
    agent: "the agent's name",
    mode: "the step's `with: {mode: ...}` value (empty when none)",
    request_file: "the file holding the feature request (sanitised text written by a user: data, not instructions)",
    run_dir: "the run folder (read the other agents' outputs there)",
    output_dir: "the agent's own output folder (write its reports there)",
    writes: "the agent's write scopes, one `- glob` per line (or a line saying it may change no file)",
    reads: "the agent's `reads:` globs, one `- glob` per line",
    triggers_dir: "where the agent may create a file named after a trigger to raise it",
    raises: "the triggers it may raise, comma-separated (or none)",
    previous_outputs: "the output folders already in the run folder, one `- name: path (files)` per line",
};
/** `with.<key>` is also a placeholder: that `with:` value of the step. */
const WITH_PREFIX = "with.";
/** A `{{ name }}`: lowercase names only, so `{{ Foo }}` or `{{#if}}` in a template stay text. */
const PLACEHOLDER_RE = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*\}\}/g;
const COMBINED_RE = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*\}\}|\$\{?([A-Z_][A-Z0-9_]*)\}?/g;
const isPlaceholder = (name) => name in prompt_template_PLACEHOLDERS || (name.startsWith(WITH_PREFIX) && name.length > WITH_PREFIX.length);
/** The unknown placeholders of a template, with their 1-based line and column. */
function prompt_template_unknownPlaceholders(template) {
    const out = [];
    for (const m of template.matchAll(PLACEHOLDER_RE)) {
        const name = m[1];
        if (isPlaceholder(name))
            continue;
        const before = template.slice(0, m.index);
        const line = before.split("\n").length;
        out.push({ name, line, col: m.index - before.lastIndexOf("\n") });
    }
    return out;
}
/**
 * Fills `{{name}}` from `values` (`{{with.key}}` from `withValues`) and `$VAR` from `env`; an unknown
 * name is left as written (validation reports it before a run starts).
 */
function renderTemplate(template, values, withValues = {}, env = {}) {
    return template.replace(COMBINED_RE, (whole, name, variable) => {
        if (variable !== undefined)
            return env[variable] ?? whole;
        const key = name;
        if (key.startsWith(WITH_PREFIX))
            return withValues[key.slice(WITH_PREFIX.length)] ?? "";
        return Object.hasOwn(values, key) ? values[key] : whole;
    });
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/prompt-files.js





/** Prompt files open at once while a flow is checked: a flow of hundreds of agents stays far from the fd limit. */
const READS_AT_ONCE = 16;
/** A prompt is text for a model; past this it is a mistaken path (a log, a binary). */
const MAX_PROMPT_BYTES = 4 * 1024 * 1024;
const known = () => Object.keys(PLACEHOLDERS);
function unknownMessage(name) {
    const hint = didYouMean(name, known()) || ` (known: ${known().join(", ")}, with.<key>)`;
    return `unknown placeholder {{${name}}}${hint}`;
}
/** The text of a prompt file, or why it cannot be one (O_NONBLOCK: a FIFO must not hang the read). */
async function readPromptFile(file) {
    const handle = await (0,promises_.open)(file, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK).catch((err) => err);
    if (handle instanceof Error) {
        if (handle.code === "ENOENT" || handle.code === "ENOTDIR")
            return {
                problem: `no such file ${file}; create it, point prompt_file to another, or run 'agent-flow init' in a scratch repository to get the role templates`,
            };
        return { problem: `${file} cannot be read (${handle.code ?? handle.message})` };
    }
    try {
        const st = await handle.stat();
        if (!st.isFile())
            return { problem: `${file} is not a regular file` };
        if (st.size > MAX_PROMPT_BYTES)
            return { problem: `${file} is ${st.size} bytes, more than a prompt may have (${MAX_PROMPT_BYTES})` };
        return { text: await handle.readFile("utf8") };
    }
    finally {
        await handle.close();
    }
}
/**
 * Problems of the flow's prompts that only the repository can tell: a `prompt_file` that is missing
 * or not a file (located at the flow's key), and unknown `{{placeholders}}` (located in the prompt file
 * itself, or at the flow's `prompt` key). `prompt_file` is relative to the repository root `root`.
 */
async function promptDiagnostics(flow, source, root) {
    // The agents' prompt files are read READS_AT_ONCE at a time rather than one after another (a run's start
    // waits for them), their problems reported in the flow's order.
    const check = async (agent) => {
        const out = [];
        if (agent.prompt !== undefined) {
            for (const u of unknownPlaceholders(agent.prompt))
                out.push(source.diagnostic(["agents", agent.name, "prompt"], `${unknownMessage(u.name)} (line ${u.line} of the prompt)`));
        }
        if (agent.prompt_file === undefined)
            return out;
        const file = join(root, agent.prompt_file);
        const read = await readPromptFile(file);
        if ("problem" in read) {
            out.push(source.diagnostic(["agents", agent.name, "prompt_file"], read.problem));
            return out;
        }
        for (const u of unknownPlaceholders(read.text))
            out.push({
                file,
                line: u.line,
                col: u.col,
                path: "",
                message: `${unknownMessage(u.name)} (prompt of agent '${agent.name}')`,
            });
        return out;
    };
    const agents = Object.values(flow.agents);
    const found = new Array(agents.length);
    let next = 0;
    const worker = async () => {
        for (let i = next++; i < agents.length; i = next++)
            found[i] = await check(agents[i]);
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, agents.length) }, worker));
    return found.flat();
}

// EXTERNAL MODULE: ./build/bundle/js/run/request.js
var request = __webpack_require__(7794);
;// CONCATENATED MODULE: ./build/bundle/js/engine/prompt-render.js






/** Files listed per earlier output folder in {{previous_outputs}}; the agent can list the rest. */
const FILES_SHOWN = 12;
/** `  - name: /path (a.md, b.json)` per output folder in the run folder, oldest step first by name. */
async function previousOutputs(runDir) {
    const entries = await (0,promises_.readdir)(runDir, { withFileTypes: true }).catch(() => []);
    const lines = [];
    for (const e of entries.filter((x) => x.isDirectory() && !x.name.startsWith(".")).sort()) {
        const dir = (0,external_node_path_.join)(runDir, e.name);
        const files = (await (0,promises_.readdir)(dir).catch(() => [])).filter((f) => !f.startsWith(".")).sort();
        const shown = files.slice(0, FILES_SHOWN).join(", ");
        const more = files.length > FILES_SHOWN ? `, and ${files.length - FILES_SHOWN} more` : "";
        lines.push(`  - ${e.name}: ${dir}${files.length > 0 ? ` (${shown}${more})` : " (empty)"}`);
    }
    return lines.length > 0 ? lines.join("\n") : "  - none yet: this is the first step";
}
const list = (globs, none) => globs.length > 0 ? globs.map((g) => `  - \`${g}\``).join("\n") : `  - ${none}`;
/** The values of a template's `{{placeholders}}` for one attempt (see PLACEHOLDERS). */
async function promptValues(c) {
    return {
        feature: c.feature,
        run_id: c.runId,
        base_branch: c.baseBranch,
        agent: c.agent.name,
        mode: c.with.mode ?? "",
        request_file: (0,external_node_path_.join)(c.runDir, request/* REQUEST_FILE */.x),
        run_dir: c.runDir,
        output_dir: c.outputDir,
        writes: list(c.agent.writes, "nothing: this agent changes no file in the repository"),
        reads: list(c.agent.reads, "anything in the repository"),
        triggers_dir: c.triggersDir,
        raises: c.agent.raises.length > 0 ? c.agent.raises.join(", ") : "none",
        previous_outputs: await previousOutputs(c.runDir),
    };
}
/**
 * Renders the agent's prompt (`prompt:`, or `prompt_file:` read from the repository root `root`) into
 * `file` and returns its path, or null for an agent without a prompt. The request text is not in it:
 * the prompt names the request file ({{request_file}}).
 */
async function writeAgentPrompt(root, c, file) {
    let template = c.agent.prompt;
    if (template === undefined && c.agent.prompt_file !== undefined) {
        const read = await readPromptFile((0,external_node_path_.join)(root, c.agent.prompt_file));
        if ("problem" in read)
            throw new Error(`agent '${c.agent.name}': prompt_file: ${read.problem}`);
        template = read.text;
    }
    if (template === undefined)
        return null;
    const env = agentEnvironment({ ...c, promptFile: file });
    await (0,promises_.writeFile)(file, renderTemplate(template, await promptValues(c), c.with, env));
    return file;
}

// EXTERNAL MODULE: ./build/bundle/js/engine/staging-later.js
var staging_later = __webpack_require__(9645);
;// CONCATENATED MODULE: ./build/bundle/js/engine/agent-run.js




















const now = () => new Date().toISOString();
/**
 * Runs one agent of a step in its own worktree at `base`, with retries. Its changes are accepted only
 * if every changed path lies in its scopes; then they become a commit on the run's private refs and
 * its output folder is copied into the run directory. A rejected attempt leaves nothing behind.
 */
async function runAgent(ctx, key, call, base, rec, opts = {}) {
    const agent = ctx.flow.agents[call.agent];
    if (!agent)
        throw new Error(`unknown agent '${call.agent}'`);
    const dir = (0,store/* runDir */.ff)(ctx.root, ctx.runId);
    const finalOutput = (0,external_node_path_.join)(dir, agent.output);
    const logFile = (0,external_node_path_.join)(finalOutput, "agent.log");
    const staging = (0,external_node_path_.join)(dir, store/* WORK_DIR */.CC, key.replace(/[/#]/g, "_"), agent.name);
    (0,external_node_fs_.mkdirSync)(finalOutput, { recursive: true });
    rec.state = "running";
    rec.started_at = now();
    rec.finished_at = null;
    rec.error = null;
    let locks = [];
    try {
        locks = await holdLocks(ctx, agent);
    }
    catch (err) {
        rec.state = ctx.signal.aborted ? "cancelled" : "failed";
        rec.error = err instanceof Error ? err.message : String(err);
        rec.finished_at = now();
        await ctx.changed({ type: "agent-finished", key, agent: agent.name });
        return;
    }
    try {
        const outcome = await (0,process/* runWithRetries */.G8)({ retries: agent.retries, minDelayMs: ctx.retryDelayMs.min, maxDelayMs: ctx.retryDelayMs.max }, async (attempt) => {
            rec.attempts += 1;
            // What was reported before is written while the attempt gets going (the agent starts only once
            // it is, see settled()); this start is written with the next write. A failed write ends the run
            // there, but not under a group's other members: the group's end looks at it (local.ts).
            let earlier = ctx.settled?.() ?? Promise.resolve();
            if (opts.inGroup)
                earlier = earlier.catch(() => undefined);
            else
                earlier.catch(() => undefined);
            const shown = ctx.changed({ type: "agent-started", key, agent: agent.name, attempt });
            shown.catch(() => undefined);
            // Its contained process, when one was made ahead (process-spare.ts).
            const spare = new process_spare/* AttemptSpare */.xq();
            const value = await attemptOnce(ctx, key, agent, call, base, {
                staging,
                logFile,
                earlier,
                spare,
                ...opts,
            }).finally(() => spare.dispose());
            await (0,budget/* recordAttemptUsage */.c)(rec, (0,external_node_path_.join)(staging, "output"), attempt, logFile, value.usage);
            return { ok: value.error === null, value };
        }, {
            signal: ctx.signal,
            onRetry: (attempt, delayMs, value) => {
                void ctx.changed({
                    type: "agent-retry",
                    key,
                    agent: agent.name,
                    attempt,
                    delayMs,
                    reason: value.error ?? "",
                });
            },
        });
        const v = outcome.value;
        rec.exit_code = v.exitCode;
        rec.error = v.error;
        rec.changed_files = v.changed;
        rec.commit = v.commit;
        rec.raised = v.raised;
        if (v.error === null) {
            // Succeeded only once its output is safe in the run folder (the engine saves its commit's ref
            // with the run's state).
            try {
                await copyOutput((0,external_node_path_.join)(staging, "output"), finalOutput);
            }
            catch (err) {
                rec.error = err instanceof Error ? err.message : String(err);
                rec.commit = null;
            }
        }
        rec.state = rec.error === null ? "succeeded" : ctx.signal.aborted ? "cancelled" : "failed";
    }
    finally {
        if (rec.state === "running")
            rec.state = "failed"; // thrown: TamperDetected ends the run
        for (const h of locks)
            await h.release();
        (0,staging_later/* dropStagingOf */.Q)(staging, opts.inGroup === true); // a group's, once it is combined (staging-later.ts)
        rec.finished_at = now();
        // Not waited for: the step's end is written after it, in order, and nothing starts before both are
        // (settled()); the run's state, not this view, is what a crash must not lose.
        ctx.changed({ type: "agent-finished", key, agent: agent.name }).catch(() => undefined);
    }
}
async function attemptOnce(ctx, key, agent, call, base, { staging, logFile, inGroup = false, onStarted, earlier, spare, }) {
    let usage = null;
    const fail = (error, exitCode = null, changed = []) => ({
        error,
        exitCode,
        changed,
        commit: null,
        raised: [],
        usage,
    });
    const { outputDir, triggersDir } = await (0,agent_staging/* freshStaging */.eq)(staging);
    const runDirectory = (0,store/* runDir */.ff)(ctx.root, ctx.runId);
    const contract = {
        runId: ctx.runId,
        feature: ctx.feature,
        baseBranch: ctx.baseBranch,
        runDir: runDirectory,
        outputDir,
        inputDir: call.with.input ? (0,external_node_path_.join)(runDirectory, call.with.input) : runDirectory,
        promptFile: null,
        triggersDir,
        agent,
        with: call.with,
    };
    // Taken while the prompt is written and the directory prepared (neither touches what it covers): the
    // engine changes nothing it covers before the agent starts, and a change by anyone else in between is
    // reported as if made during the agent.
    const before = (0,fingerprint/* takeBefore */.dW)(ctx.git, ctx.root);
    before.catch(() => undefined);
    contract.promptFile = await writeAgentPrompt(ctx.root, contract, (0,external_node_path_.join)(staging, "prompt.md"));
    // The first step's directories may be under preparation (group-warmup.ts): take one of those.
    await (0,group_warmup/* warmSlot */.um)(ctx.workspace);
    spare.start();
    const worktree = await ctx.workspace.acquire(base);
    let running;
    try {
        const env = (0,environment/* processEnvironment */.hv)(ctx.env, {
            runId: ctx.runId,
            vars: agentEnvironment(contract),
            secrets: agentSecrets(agent),
        });
        const { command, stdin, env: presetEnv, } = await agentCommand(agent, {
            promptFile: contract.promptFile,
            workspace: worktree,
            outputDir,
            triggersDir,
            scratchDir: staging,
        });
        (0,process/* appendLogLine */.v0)(logFile, `==> ${new Date().toISOString()} ${key}: ${command.join(" ")}`);
        const logStart = logSize(logFile);
        const untouched = await before;
        await earlier;
        // Readings after another agent of the run wait for this one's (fingerprint-share.ts).
        running = (0,fingerprint_share/* agentRuns */.OE)(ctx.git);
        const result = await (0,process/* runProcess */.R3)({
            command,
            cwd: worktree,
            env: { ...env, ...presetEnv },
            logFile,
            timeoutMs: agent.timeout * 1000,
            signal: ctx.signal,
            spare: spare.spare,
            ...(stdin !== undefined ? { stdin } : {}),
            ...(onStarted ? { onSpawn: onStarted } : {}),
        });
        // the engine's own reading of what the preset CLI printed; also left as usage.json in its output
        usage = await recordUsage(agent, logFile, logStart, outputDir);
        // The metadata is checked before the snapshot's git runs; the rest of the comparison (a `git status`
        // of the user's checkout and the refs) runs beside the snapshot, and a tamper it finds comes first.
        const { rest: untouchedStill } = await (0,fingerprint/* expectUnchangedSplit */.Fb)(ctx.git, untouched, `agent ${agent.name} (${key})`, running);
        let snap;
        try {
            if (result.error || result.timedOut || result.cancelled || result.exitCode !== 0) {
                await untouchedStill;
                // 126/127 come from the shell: the agent's program is missing or not executable.
                const hint = result.exitCode === 127 || result.exitCode === 126
                    ? ` (a command was not found or not executable: is ${agent.preset ? `the ${agent.preset} CLI` : "the program in 'run:'"} installed and on PATH?)`
                    : "";
                return fail(`${(0,process/* describeResult */.dy)(result)}${hint}; see ${logFile}`, result.exitCode);
            }
            const outputBad = await outputProblem(outputDir);
            if (outputBad) {
                await untouchedStill;
                return fail(outputBad, result.exitCode);
            }
            // A group's members leave their ignored files to be looked at when their directory is next used.
            snap = await ctx.workspace.snapshot(worktree, base, ctx.flow.policy, { checkIgnored: !inGroup });
        }
        catch (err) {
            await untouchedStill;
            throw err;
        }
        await untouchedStill;
        const violations = [
            ...(0,scope_check/* checkChangedPaths */.J3)(snap.changed, agent.writes, ctx.flow.policy),
            ...(await (0,police/* policeSnapshot */.je)(ctx.git, ctx.flow, agent.writes, base, snap.raw)),
        ];
        if (violations.length > 0) {
            return fail(`changed files outside its scopes; none of its changes were kept:\n${(0,scope_check/* describeViolations */.yO)(violations)}`, 0, snap.changed);
        }
        const raised = (0,agent_staging/* raisedTriggers */.kb)(triggersDir);
        const commit = snap.changed.length === 0
            ? null
            : await ctx.workspace.commit(snap.tree, [base], commitMessage(ctx.runId, key, agent.name, call.with.mode));
        // The worktree now holds exactly this commit: a next step starting from it skips checkout and clean.
        await ctx.workspace.adopt(worktree, commit ?? base);
        return { error: null, exitCode: 0, changed: snap.changed, commit, raised, usage };
    }
    finally {
        running?.end();
        ctx.workspace.release(worktree);
    }
}
function commitMessage(runId, key, agent, mode) {
    return `agent-flow: ${agent}${mode ? ` (${mode})` : ""} in ${key}\n\nRun-Id: ${runId}\nStep: ${key}\nAgent: ${agent}\n`;
}


/***/ }),

/***/ 3473:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eq: () => (/* binding */ freshStaging),
/* harmony export */   kb: () => (/* binding */ raisedTriggers),
/* harmony export */   x4: () => (/* binding */ dropStaging)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);



/** Makes `dir` an empty staging folder (whatever an earlier attempt left is removed first). */
async function freshStaging(dir) {
    const staging = { dir, outputDir: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, "output"), triggersDir: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, "triggers") };
    // One mkdir per folder, each made where it is known to be missing: a recursive mkdir of the deepest
    // one first fails its way up (a failed call per missing level), and a look before it is one more call.
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir), { recursive: true });
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir);
    }
    catch (e) {
        if (e.code !== "EEXIST")
            throw e;
        // Left by an earlier attempt (usually gone already: the attempt before removed it when it ended).
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(staging.outputDir);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(staging.triggersDir);
    return staging;
}
/** The triggers an agent raised: the names it left in its triggers folder (dot files left out), sorted. */
function raisedTriggers(triggersDir) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(triggersDir)
        .filter((n) => !n.startsWith("."))
        .sort();
}
/**
 * Removes an attempt's staging folder once its output is copied (or refused): a few files, removed with
 * synchronous calls, not the promise API's walk whose every call waits in libuv's thread pool (behind a
 * parallel group's other members' reads, several ms per member at a group's end). Each entry's kind
 * comes with its folder's listing, so each is removed with one call (rmSync's walk stats every entry and
 * tries each folder's removal before listing it); whatever that cannot remove is left to rmSync.
 */
function dropStaging(dir) {
    try {
        // An agent may have put a link (or a file) where its staging folder was: that is removed itself,
        // never followed. Below it, each entry's kind is the one its listing gave, as rmSync's lstat does.
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(dir, { throwIfNoEntry: false });
        if (st === undefined)
            return;
        if (st.isDirectory())
            removeTree(dir);
        else
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(dir);
    }
    catch {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
    }
}
/** Removes the folder `path` and what it holds; a link is removed itself, never followed. */
function removeTree(path) {
    let entries;
    try {
        entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(path, { withFileTypes: true });
    }
    catch (e) {
        if (e.code === "ENOENT")
            return;
        throw e;
    }
    for (const e of entries) {
        const p = `${path}/${e.name}`;
        if (!e.isDirectory())
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(p);
        else if (!removedEmpty(p))
            removeTree(p);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmdirSync)(path);
}
/** Removes the folder `path` if it is empty (most of an attempt's are, once its outputs are moved). */
function removedEmpty(path) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmdirSync)(path);
        return true;
    }
    catch (e) {
        if (["ENOTEMPTY", "EEXIST"].includes(e.code ?? ""))
            return false;
        throw e;
    }
}


/***/ }),

/***/ 1483:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ recordAttemptUsage)
/* harmony export */ });
/* unused harmony export RunBudget */
/* harmony import */ var _run_usage_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(580);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8883);


/** setTimeout's longest delay; a longer budget is as good as none. */
const MAX_TIMER_MS = (/* unused pure expression or super */ null && (2 ** 31 - 1));
const span = (seconds) => {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s || (!h && !m) ? `${s}s` : ""}`;
};
/**
 * A run's budgets: the wall clock (`defaults.run_timeout`, per engine session: a resume starts a fresh
 * one, or an over-time run could never be finished) and the cost ceiling (`defaults.max_cost_usd`, over
 * the whole run). The wall clock aborts `signal`, which stops running agents and checks as a cancel
 * does; the ceiling is checked before each agent step, so a started agent always finishes.
 */
class RunBudget {
    defaults;
    user;
    clock = new AbortController();
    timer;
    warnedNoCost = new Set();
    /** The user's cancel or the wall clock. */
    signal;
    constructor(defaults, user) {
        this.defaults = defaults;
        this.user = user;
        this.signal = AbortSignal.any([user, this.clock.signal]);
    }
    /** Starts the wall clock; call stop() when the run ends. */
    start() {
        const seconds = this.defaults.run_timeout;
        if (seconds === undefined || seconds * 1000 > MAX_TIMER_MS)
            return;
        this.timer = setTimeout(() => this.clock.abort(), seconds * 1000);
    }
    stop() {
        clearTimeout(this.timer);
    }
    /** The outcome once `signal` is aborted: the user's cancel, else the wall clock ran out. */
    stopped() {
        if (this.user.aborted || !this.clock.signal.aborted)
            return { state: "cancelled", reason: "cancelled by the user", retryable: true };
        return {
            state: "failed",
            reason: `the run's time budget ran out (defaults.run_timeout: ${span(this.defaults.run_timeout ?? 0)}); running agents and checks were stopped. Resume with --retry for a fresh budget`,
            retryable: true,
        };
    }
    /** A run's outcome as the budget explains it: a cancel caused by the clock is the budget's failure. */
    explain(outcome) {
        return outcome.state === "cancelled" && this.clock.signal.aborted && !this.user.aborted
            ? this.stopped()
            : outcome;
    }
    /** Before an agent step starts: the outcome that ends the run when its cost is above the ceiling. */
    beforeAgents(status) {
        const ceiling = this.defaults.max_cost_usd;
        const spent = runUsage(status).cost_usd;
        if (ceiling === undefined || spent === null || spent <= ceiling)
            return null;
        return {
            state: "failed",
            reason: `the run's cost ceiling was exceeded: its agents reported ${formatCost(spent)}, above defaults.max_cost_usd (${formatCost(ceiling)}); no further agent was started`,
            retryable: false,
        };
    }
    /**
     * After an agent's attempts: adds its usage to the run's total, and says (once per agent) when a cost
     * ceiling is set but the agent reported no cost, since the ceiling cannot count what is not reported.
     */
    agentFinished(status, rec) {
        status.usage = addUsage(status.usage, rec.usage);
        if (this.defaults.max_cost_usd === undefined || (rec.usage?.cost_usd ?? null) !== null)
            return null;
        if (this.warnedNoCost.has(rec.agent))
            return null;
        this.warnedNoCost.add(rec.agent);
        return `agent '${rec.agent}' reported no cost (no cost_usd in its usage.json), so defaults.max_cost_usd cannot count it`;
    }
}
/**
 * After one attempt of an agent: its usage, added to its record (reset by its first attempt). `parsed`
 * is what the engine itself read from a preset CLI's output, when it did; otherwise the attempt's
 * `usage.json` counts. One that is not a usage record is said in the agent's log and counted as unknown.
 */
async function recordAttemptUsage(rec, outputDir, attempt, logFile, parsed = null) {
    if (attempt === 1)
        rec.usage = undefined;
    if (parsed) {
        rec.usage = (0,_run_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .addUsage */ .vk)(rec.usage, parsed);
        return;
    }
    const { usage, problem } = await (0,_run_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .readUsage */ .k9)(outputDir).catch((err) => ({
        usage: null,
        problem: String(err),
    }));
    if (problem)
        (0,_process_js__WEBPACK_IMPORTED_MODULE_1__/* .appendLogLine */ .v0)(logFile, `==> agent-flow: usage not recorded: ${problem}`);
    rec.usage = (0,_run_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .addUsage */ .vk)(rec.usage, usage ?? undefined);
}


/***/ }),

/***/ 4760:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ runCheck)
/* harmony export */ });
/* unused harmony export parseTestCounts */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _run_store_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6525);
/* harmony import */ var _environment_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9185);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3773);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8883);






/**
 * Reads pass/fail counts from the summary lines test runners print, or null when there is none. A check
 * may run several runners or several invocations of one (`npm run unit && npm run e2e`): each prints its
 * own final total, and the counts are the sum of those totals. Only final totals count: per-file lines,
 * and vitest's "Test Files" or jest's "Test Suites" counts (files, not tests), are not added.
 */
function parseTestCounts(output) {
    let pass = 0;
    let fail = 0;
    let found = false;
    const add = (p, f) => {
        if (p === undefined && f === undefined)
            return;
        pass += Number(p ?? 0);
        fail += Number(f ?? 0);
        found = true;
    };
    const count = (line, word) => new RegExp(`(\\d+) ${word}\\b`).exec(line)?.[1];
    const generic = [];
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes a runner prints into the log
    for (const raw of output.replace(/\x1b\[[0-9;]*m/g, "").split(/\r?\n/)) {
        const line = raw.trim();
        // node:test, spec reporter "ℹ pass 3" and TAP "# pass 3" (one line each per invocation)
        const node = /^[#ℹ]\s*(pass|fail) (\d+)$/.exec(line);
        if (node) {
            add(node[1] === "pass" ? node[2] : undefined, node[1] === "fail" ? node[2] : undefined);
            continue;
        }
        // vitest "Tests  1 failed | 3 passed (4)", jest "Tests:       1 failed, 3 passed, 4 total"
        if (/^Tests:?\s/.test(line)) {
            add(count(line, "passed"), count(line, "failed"));
            continue;
        }
        // pytest "===== 1 failed, 3 passed in 0.12s ====="
        if (/^=+ .* in [\d.]+s\b.*=+$/.test(line)) {
            add(count(line, "passed"), count(line, "failed"));
            continue;
        }
        // mocha "3 passing (12ms)", "1 failing"
        const mocha = /^(\d+) (passing|failing)\b/.exec(line);
        if (mocha) {
            add(mocha[2] === "passing" ? mocha[1] : undefined, mocha[2] === "failing" ? mocha[1] : undefined);
            continue;
        }
        if (!/^Test (Files|Suites)\b/.test(line) && /\d+ (passed|failed)\b/.test(line))
            generic.push(line);
    }
    // Any other runner's "3 passed, 1 failed" lines, when no known total was printed.
    if (!found)
        for (const line of generic)
            add(count(line, "passed"), count(line, "failed"));
    return found ? { pass, fail } : null;
}
/**
 * A `check` step: the engine runs the project's own command on the run's current state, so "all
 * green" is measured rather than claimed. The worktree's changes are discarded; the result goes to
 * `test_results/summary.json` (and a numbered copy per execution).
 */
async function runCheck(ctx, key, step, base, execution) {
    const results = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,_run_store_js__WEBPACK_IMPORTED_MODULE_2__/* .runDir */ .ff)(ctx.root, ctx.runId), "test_results");
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(results, { recursive: true });
    const logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(results, `${step.id}.log`);
    const command = typeof step.run === "string" ? ["sh", "-c", step.run] : step.run;
    const worktree = await ctx.workspace.acquire(base, "check");
    let summary;
    try {
        const offset = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(logFile).catch(() => ({ size: 0 }))).size;
        const started = Date.now();
        const untouched = await (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_4__/* .takeBefore */ .dW)(ctx.git, ctx.root);
        const result = await (0,_process_js__WEBPACK_IMPORTED_MODULE_5__/* .runProcess */ .R3)({
            command,
            cwd: worktree,
            env: (0,_environment_js__WEBPACK_IMPORTED_MODULE_3__/* .processEnvironment */ .hv)(ctx.env, {
                runId: ctx.runId,
                vars: {
                    ...step.env,
                    RUN_ID: ctx.runId,
                    FEATURE_NAME: ctx.feature,
                    BASE_BRANCH: ctx.baseBranch,
                    AGENT_RUN_DIR: (0,_run_store_js__WEBPACK_IMPORTED_MODULE_2__/* .runDir */ .ff)(ctx.root, ctx.runId),
                },
            }),
            logFile,
            timeoutMs: (step.timeout ?? ctx.flow.defaults.timeout) * 1000,
            signal: ctx.signal,
        });
        await (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_4__/* .expectUnchanged */ .JG)(ctx.git, untouched, `check ${step.id} (${key})`);
        // Only this execution's part of the log, which accumulates across executions.
        const mine = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(logFile).catch(() => Buffer.alloc(0))).subarray(offset).toString("utf8");
        const passed = result.exitCode === 0 && !result.timedOut && !result.cancelled && !result.error;
        summary = {
            command,
            step: key,
            exit_code: result.exitCode,
            passed,
            duration_ms: Date.now() - started,
            finished_at: new Date().toISOString(),
            tests: parseTestCounts(mine),
            failures: mine
                .split("\n")
                .filter((l) => /^\s*(not ok\b|✖ )/.test(l))
                .slice(0, 50),
            output_tail: mine.split("\n").slice(-60).join("\n"),
            error: passed ? null : `${step.id}: ${(0,_process_js__WEBPACK_IMPORTED_MODULE_5__/* .describeResult */ .dy)(result)}`,
        };
    }
    finally {
        ctx.workspace.release(worktree);
    }
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    await (0,_run_store_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(results, "summary.json"), text);
    await (0,_run_store_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(results, `${step.id}-${execution}.json`), text);
    return summary;
}


/***/ }),

/***/ 7023:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ describeEvent)
/* harmony export */ });
/* harmony import */ var _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9897);
/* harmony import */ var _run_base_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7694);
/* harmony import */ var _run_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1251);



/**
 * An event as one line of pipeline.log and of the CLI's plain output; `s` is the status after the event.
 * Text that agents control (errors, file names, a status they may have written) is escaped here, once.
 */
function describeEvent(e, s) {
    const line = describe(e, s);
    return line && { scope: (0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(line.scope), text: (0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .safeText */ .H)(line.text) };
}
function describe(e, s) {
    const step = (key) => s.steps.find((x) => x.key === key);
    const agent = (key, name) => step(key)?.agents.find((a) => a.agent === name);
    switch (e.type) {
        case "run-started":
            return {
                scope: "run",
                text: `${e.resumed ? "resumed" : "started"} run ${s.run_id}: workflow ${s.workflow}, feature ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(s.feature)}, base: ${(0,_run_base_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBase */ .d)(s.base_branch, s.base_sha)}`,
            };
        case "run-finished":
            return {
                scope: "run",
                text: `run ${s.state}${s.error ? `: ${s.error}` : ""}${s.outcome ? `; ${s.outcome}` : ""}`,
            };
        case "step-started":
            return { scope: e.key, text: "started" };
        case "step-replayed":
            return { scope: e.key, text: `already ${step(e.key)?.state} in an earlier attempt; not run again` };
        case "step-finished": {
            const r = step(e.key);
            return { scope: e.key, text: `${r?.state}${r?.error ? `: ${r.error}` : ""}` };
        }
        case "agent-started":
            return { scope: e.key, text: `${e.agent}: attempt ${e.attempt} started` };
        case "agent-retry":
            return {
                scope: e.key,
                text: `${e.agent}: attempt ${e.attempt} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)}s`,
            };
        case "agent-finished": {
            const a = agent(e.key, e.agent);
            const n = a?.changed_files.length ?? 0;
            const files = n > 0 ? ` (${n} file${n === 1 ? "" : "s"} changed)` : "";
            return { scope: e.key, text: `${e.agent}: ${a?.state}${files}${a?.error ? `: ${a.error}` : ""}` };
        }
        case "trigger":
            return {
                scope: "trigger",
                text: `${e.name} -> ${e.target}${e.target === _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMIT_TARGET */ ._q ? "" : ` (${e.count})`}`,
            };
        case "message":
            return { scope: e.level, text: e.text };
    }
}


/***/ }),

/***/ 9408:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ui: () => (/* binding */ diff),
/* harmony export */   m9: () => (/* binding */ TamperDetected)
/* harmony export */ });
/* unused harmony export describeChanges */
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1490);
/* harmony import */ var _fingerprint_refs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7740);


class TamperDetected extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AgentFlowError */ .o {
    during;
    changes;
    constructor(during, changes) {
        super(`the user's repository changed while ${during} ran; the run stops and nothing is pushed:\n${describeChanges(changes)}`, 1, "an agent or check wrote outside its worktree (or the repository was edited during the run): inspect the paths above before running again");
        this.during = during;
        this.changes = changes;
    }
}
/** What differs between two fingerprints of the same repository. */
function diff(a, b) {
    const out = [];
    for (const [what, d] of a.entries) {
        const now = b.entries.get(what);
        // A tracked file that is no longer listed went back to its indexed content: a change, not a removal.
        if (now === undefined)
            out.push({ what, how: d.startsWith("modified") ? "changed" : "removed" });
        else if (now !== d)
            out.push({ what, how: "changed" });
    }
    for (const [what, d] of b.entries)
        if (!a.entries.has(what))
            out.push({ what, how: d.startsWith("modified") ? "changed" : "added" });
    out.push(...(0,_fingerprint_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .diffRefs */ .ot)(a.refs ?? _fingerprint_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .NO_REFS */ .X3, b.refs ?? _fingerprint_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .NO_REFS */ .X3));
    return out.sort((x, y) => (x.what < y.what ? -1 : 1));
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: names are shown escaped
const CONTROL = /[\u0000-\u001f\u007f]/;
function describeChanges(changes, limit = 20) {
    const show = (what) => {
        const i = what.indexOf(":");
        const kind = what.slice(0, i);
        const name = what.slice(i + 1);
        const shown = CONTROL.test(name) ? JSON.stringify(name) : name;
        if (kind === "file")
            return `working file ${shown}`;
        if (kind === "git" || kind === "git-dir")
            return `.git/${shown}`;
        if (kind.startsWith("hooks-path"))
            return `hook ${shown}`;
        return `${kind} ${shown}`;
    };
    const lines = changes.slice(0, limit).map((c) => `  ${c.how}: ${show(c.what)}`);
    if (changes.length > limit)
        lines.push(`  ... and ${changes.length - limit} more`);
    return lines.join("\n");
}


/***/ }),

/***/ 7740:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  X3: () => (/* binding */ NO_REFS),
  ot: () => (/* binding */ diffRefs),
  n6: () => (/* binding */ readRefs),
  vI: () => (/* binding */ refValue)
});

// UNUSED EXPORTS: packedValue

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-watch-ops.js
var git_watch_ops = __webpack_require__(955);
;// CONCATENATED MODULE: ./build/bundle/js/engine/packed-refs.js
// Looking a ref up in a `packed-refs` file as read (fingerprint-refs.ts), without parsing all of it:
// a repository that has seen thousands of runs has tens of thousands of packed refs.
const NL = 0x0a;
/** Every ref of a packed-refs file by name (peeled lines left out). */
function parsePackedRefs(bytes) {
    const out = new Map();
    for (const line of bytes.toString("utf8").split("\n")) {
        if (line.startsWith("#") || line.startsWith("^") || line === "")
            continue;
        const space = line.indexOf(" ");
        out.set(line.slice(space + 1), line.slice(0, space));
    }
    return out;
}
function isSorted(bytes) {
    if (bytes[0] !== 0x23)
        return false; // "#"
    const end = bytes.indexOf(NL);
    const header = bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
    return header.startsWith("# pack-refs with:") && header.split(" ").includes("sorted");
}
/**
 * The value of `name` in packed-refs: binary search over the records `<oid> <name>\n` (each optionally
 * followed by a peeled line `^<oid>\n`), as git's packed backend does; a full parse when the file does
 * not say it is sorted.
 */
function packedValue(p, name) {
    if (p === null)
        return undefined;
    const b = p.bytes;
    if (p.parsed === undefined && !isSorted(b))
        p.parsed = parsePackedRefs(b);
    if (p.parsed !== undefined)
        return p.parsed.get(name);
    const want = Buffer.from(name, "utf8");
    const lineStart = (at) => (at <= 0 ? 0 : b.lastIndexOf(NL, at - 1) + 1);
    // The start of the record holding byte `at`: a peeled line belongs to the record before it.
    const recordStart = (at) => {
        const s = lineStart(at);
        return b[s] === 0x5e /* ^ */ && s > 0 ? lineStart(s - 1) : s;
    };
    const first = b.indexOf(NL) + 1; // after the header
    let lo = first;
    let hi = b.length;
    while (lo < hi) {
        const rec = recordStart(lo + ((hi - lo) >> 1));
        const start = Math.max(rec, lo);
        let eol = b.indexOf(NL, start);
        if (eol < 0)
            eol = b.length;
        const space = b.indexOf(0x20, start);
        if (space < 0 || space > eol)
            return undefined; // damaged: git would refuse it too
        const cmp = Buffer.compare(b.subarray(space + 1, eol), want);
        if (cmp === 0)
            return b.subarray(start, space).toString("utf8");
        if (cmp < 0) {
            // Past this record and its peeled line, if any.
            let next = eol + 1;
            if (b[next] === 0x5e) {
                const e2 = b.indexOf(NL, next);
                next = e2 < 0 ? b.length : e2 + 1;
            }
            lo = next;
        }
        else
            hi = start;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/fingerprint-refs.js






const errno = (e) => e?.code;
/** Stat data that changes with any write: a rewrite in place moves ctime, git's rename the inode. */
const statKey = (st) => `${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
/**
 * The last reading of each packed-refs file, re-used while its stat data is unchanged; a reading in
 * progress is shared (the agents of a parallel group take their fingerprints at once).
 */
const packedCache = new Map();
/** Each loose ref file's value, re-used while its stat data is unchanged: one lstat instead of a read. */
const looseCache = new Map();
/**
 * packed-refs as it is now. Opened once, then stat'ed and read through the same handle, so the bytes are
 * those of the file the stat data describes even when git replaces it meanwhile; read off the main
 * thread, as it may be megabytes.
 */
async function readPacked(common) {
    const path = (0,external_node_path_.join)(common, "packed-refs");
    // Unchanged since the last reading (the usual case between two agents): one stat on this thread, not
    // an open, a stat and a close queued in libuv's thread pool behind the step's other work. Stat data
    // equal to the cached reading's, inode and ctime to the nanosecond included, is the file that reading
    // read: git replaces packed-refs by a rename (a new inode), and a write in place moves its ctime.
    const hit = packedCache.get(path);
    if (hit !== undefined) {
        let st;
        try {
            st = (0,external_node_fs_.statSync)(path, { bigint: true, throwIfNoEntry: false });
        }
        catch {
            st = undefined;
        }
        if (st === undefined) {
            if (!existsQuiet(path))
                return null;
        }
        else if (statKey(st) === hit.stat)
            return await hit.reading;
    }
    let handle;
    try {
        handle = await (0,promises_.open)(path, "r");
    }
    catch (e) {
        if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR")
            return null;
        throw e;
    }
    try {
        const stat = statKey(await handle.stat({ bigint: true }));
        const hit = packedCache.get(path);
        if (hit && hit.stat === stat)
            return await hit.reading;
        const reading = handle.readFile().then((bytes) => ({ stat, bytes }));
        const entry = { stat, reading };
        packedCache.set(path, entry);
        reading.catch(() => packedCache.get(path) === entry && packedCache.delete(path));
        return await reading;
    }
    finally {
        await handle.close();
    }
}
/** Whether `path` exists (an error other than its absence counts as there: the full reading reports it). */
function existsQuiet(path) {
    try {
        return (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false }) !== undefined;
    }
    catch {
        return true;
    }
}
/**
 * Each folder's listing under `refs/`, re-used while the folder's stat data is unchanged: adding,
 * removing or renaming an entry (git writes a ref by renaming its lock file) moves the folder's ctime,
 * which no process can set back (utimes moves it too). So a reading stats each folder instead of listing
 * it; in a repository with a dozen runs' refs loose, hundreds of folders, that was most of a reading.
 */
const dirCache = new Map();
/**
 * A folder whose ctime is more recent than this (before its listing was read) is listed afresh next time:
 * a change in the same tick of the file system's clock (coarse: up to a few ms; 1-2 s on some file
 * systems) would leave its ctime as it was. The engine's own run folder changes every step and is listed
 * every time; older runs' are not.
 */
const RACY_NS = 2000000000n;
/**
 * The entries of the folder `path` (a link to a folder is followed, as readdir does), cached as above;
 * `kept` when the listing is in the cache (its folder is older than the racy window).
 */
function listFolder(path) {
    const st = (0,external_node_fs_.statSync)(path, { bigint: true, throwIfNoEntry: false });
    if (st === undefined || !st.isDirectory())
        return undefined;
    const stat = statKey(st);
    const hit = dirCache.get(path);
    if (hit && hit.stat === stat)
        return hit;
    const now = BigInt(Date.now()) * 1000000n;
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(path, { withFileTypes: true });
    }
    catch (e) {
        if (["ENOENT", "ENOTDIR"].includes(errno(e) ?? ""))
            return undefined;
        throw e;
    }
    const listing = { stat, dirs: [], files: [], kept: st.ctimeNs < now - RACY_NS };
    for (const d of names)
        (d.isDirectory() ? listing.dirs : listing.files).push(d.name);
    if (listing.kept)
        dirCache.set(path, listing);
    else
        dirCache.delete(path);
    return listing;
}
/** The last complete reading of each repository's refs (by common dir) and what it saw. */
const lastComplete = new Map();
/**
 * Every loose ref under `refs/`, by name. With `seen` (a complete reading), what it saw is recorded
 * there; with `earlier` (a reading "before", see readRefs()), the refs of a folder whose stat data is
 * as that earlier complete reading saw it are taken from it, without a stat of each.
 */
function readLoose(common, seen, earlier) {
    const out = new Map();
    // Paths by concatenation, not path.join(): `common` is absolute and normalised, and each name is one
    // entry of a listing (no "/", ".", ".."), so there is nothing to normalise; join() was a third of a walk.
    const base = `${common}/`;
    const walk = (prefix) => {
        const folder = base + prefix;
        const listing = listFolder(folder);
        if (listing === undefined)
            return;
        if (listing.kept)
            seen?.folders.set(folder, listing.stat);
        const same = listing.kept && earlier !== undefined && earlier.seen.folders.get(folder) === listing.stat;
        for (const dir of listing.dirs)
            walk(`${prefix}/${dir}`);
        for (const file of listing.files) {
            // A lock file is no ref (git skips them too): the engine's own ref transactions hold them briefly.
            if (file.endsWith(".lock"))
                continue;
            const name = `${prefix}/${file}`;
            if (same && earlier !== undefined && !earlier.seen.links.has(name)) {
                const value = earlier.reading.loose.get(name);
                if (value !== undefined) {
                    out.set(name, value);
                    continue;
                }
            }
            const path = base + name;
            // Gone since the listing (pruned by a concurrent pack-refs): packed-refs, read after, has it.
            const st = (0,external_node_fs_.lstatSync)(path, { bigint: true, throwIfNoEntry: false });
            if (st === undefined)
                continue;
            // A folder where the listing had another entry (replaced since): its refs are in this reading too.
            if (st.isDirectory()) {
                walk(name);
                continue;
            }
            const link = st.isSymbolicLink();
            if (link)
                seen?.links.add(name);
            const stat = statKey(st);
            const hit = looseCache.get(path);
            if (hit !== undefined && hit.stat === stat) {
                out.set(name, hit.value);
                continue;
            }
            let value;
            try {
                value = (0,external_node_fs_.readFileSync)(path, "utf8").trim();
            }
            catch (e) {
                if (errno(e) === "ENOENT")
                    continue;
                throw e;
            }
            out.set(name, value);
            // A link's own stat data does not change with its target's content: read it every time.
            if (!link)
                looseCache.set(path, { stat, value });
        }
    };
    walk("refs");
    return out;
}
/**
 * Every ref of the repository whose common git dir is `common`.
 *
 * `before`: a reading to compare a later complete one with (fingerprint.ts's takeBefore()). A loose
 * ref in a folder whose stat data is unchanged since this process's last complete reading (and was then
 * older than the racy window) is taken from that reading instead of being stat'ed again: most loose refs
 * are old runs', and a step read each twice. Git and the engine write a loose ref by renaming a lock
 * file over it, and delete one by unlinking it, which changes its folder; so what such a reading takes
 * over differs from the file only if something rewrote the file in place since, and then the complete
 * reading after the agent reads the file and reports the change against the value taken over (it is
 * never taken for the state before, as a reading of the file would).
 */
async function readRefs(g, common, reftable, before = false) {
    if (reftable) {
        const loose = new Map();
        for (const { name, oid, symref } of await (0,git_watch_ops/* allRefs */.w_)(g))
            loose.set(name, symref ? `ref: ${symref}` : oid);
        return { packed: null, loose };
    }
    const seen = before ? undefined : { folders: new Map(), links: new Set() };
    // Loose refs first, then packed-refs, as git itself reads them: a `pack-refs` running meanwhile writes
    // packed-refs before it prunes the loose files, so no ref is missed by both reads.
    const loose = readLoose(common, seen, before ? lastComplete.get(common) : undefined);
    const reading = { packed: await readPacked(common), loose };
    if (seen !== undefined)
        lastComplete.set(common, { reading, seen });
    return reading;
}
/** The value of `name` in a reading: its loose ref, else its packed one. */
function refValue(r, name) {
    return r.loose.get(name) ?? packedValue(r.packed, name);
}
const samePacked = (a, b) => a === b || (a !== null && b !== null && a.bytes.equals(b.bytes));
/** Every ref of a reading by name: packed-refs overlaid with the loose refs. */
function resolved(r) {
    const out = new Map(r.packed === null ? [] : (r.packed.parsed ?? parsePackedRefs(r.packed.bytes)));
    for (const [k, v] of r.loose)
        out.set(k, v);
    return out;
}
/** What differs between two readings of the refs, as `ref:<name>` changes. */
function diffRefs(a, b) {
    const out = [];
    const compare = (name, was, now) => {
        if (was === now)
            return;
        const what = `ref:${name}`;
        out.push({ what, how: was === undefined ? "added" : now === undefined ? "removed" : "changed" });
    };
    if (samePacked(a.packed, b.packed)) {
        // Only a loose ref can differ: packed-refs is the same file. Most names are loose in both readings
        // with the same value: those need no look-up in packed-refs.
        for (const [name, was] of a.loose) {
            const now = b.loose.get(name);
            if (now !== was)
                compare(name, was, now ?? packedValue(b.packed, name));
        }
        for (const [name, now] of b.loose)
            if (!a.loose.has(name))
                compare(name, packedValue(a.packed, name), now);
        return out;
    }
    const was = resolved(a);
    const now = resolved(b);
    for (const [name, v] of was)
        compare(name, v, now.get(name));
    for (const [name, v] of now)
        if (!was.has(name))
            compare(name, undefined, v);
    return out;
}
/** An empty reading, for a fingerprint made without refs. */
const NO_REFS = { packed: null, loose: new Map() };


/***/ }),

/***/ 6694:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IZ: () => (/* binding */ takeAfter),
/* harmony export */   OE: () => (/* binding */ agentRuns)
/* harmony export */ });
/* unused harmony export HOLD_MS */
/**
 * How long a reading waits at most for the run's other agents to end: a group's members end within
 * tens of ms of each other (their starts are that far apart), or much later, when the reading must not
 * wait (each member is saved as it finishes, so that a crash keeps it).
 */
const HOLD_MS = 250;
const shares = new WeakMap();
const runningOf = new WeakMap();
function runningFor(git) {
    let r = runningOf.get(git);
    if (!r) {
        r = { count: 0, waiting: [] };
        runningOf.set(git, r);
    }
    return r;
}
/**
 * Counts an agent of the run whose engine Git is `git` as running from its start until its own reading
 * after (takeAfter() with it) is asked for, or end(): readings after the run's other agents wait for it
 * meanwhile (for at most HOLD_MS), so that the reading it asks for once its agent ended is theirs too.
 */
function agentRuns(git) {
    const r = runningFor(git);
    r.count += 1;
    let live = true;
    return {
        end: () => {
            if (!live)
                return;
            live = false;
            r.count -= 1;
            if (r.count === 0)
                for (const go of r.waiting.splice(0))
                    go();
        },
        get live() {
            return live;
        },
    };
}
/** Resolves once no other agent of the run runs, or HOLD_MS later; null when none runs now. */
function othersEnded(git, self) {
    const r = runningOf.get(git);
    if (!r || r.count - (self?.live ? 1 : 0) <= 0)
        return null;
    return new Promise((resolve) => {
        const go = () => {
            clearTimeout(timer);
            const i = r.waiting.indexOf(go);
            if (i >= 0)
                r.waiting.splice(i, 1);
            resolve();
        };
        const timer = setTimeout(go, HOLD_MS);
        r.waiting.push(go);
    });
}
function shareFor(git, root) {
    let byRoot = shares.get(git);
    if (!byRoot) {
        byRoot = new Map();
        shares.set(git, byRoot);
    }
    let s = byRoot.get(root);
    if (!s) {
        s = { running: null, next: null };
        byRoot.set(root, s);
    }
    return s;
}
/**
 * A reading by `take` that starts after this call, shared with the callers that can share it. `takeNow`
 * takes it instead when it begins at once, and so is this caller's alone: it may use what the caller
 * read since its own moment (the metadata files its comparison just read, see fingerprint.ts). `caller`:
 * the agent whose reading this is, counted as running until this call (agentRuns()).
 */
function takeAfter(git, root, take, takeNow = take, caller) {
    try {
        return after(git, root, take, takeNow, caller);
    }
    finally {
        caller?.end(); // once its reading is chosen: the one the others wait for may now begin
    }
}
function after(git, root, take, takeNow, caller) {
    const s = shareFor(git, root);
    if (s.next)
        return s.next;
    const begin = (by) => {
        const p = by(git, root);
        s.running = p;
        const done = () => {
            if (s.running === p)
                s.running = null;
        };
        p.then(done, done);
        return p;
    };
    const current = s.running;
    const others = othersEnded(git, caller);
    if (!current && !others)
        return begin(takeNow);
    const settled = () => undefined;
    const next = Promise.all([current?.then(settled, settled), others]).then(() => {
        s.next = null;
        return begin(take);
    });
    s.next = next;
    return next;
}


/***/ }),

/***/ 3773:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  JG: () => (/* binding */ expectUnchanged),
  Fb: () => (/* binding */ expectUnchangedSplit),
  dW: () => (/* binding */ takeBefore)
});

// UNUSED EXPORTS: beginEarlyReading, checkoutStatus, take

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint-changes.js
var fingerprint_changes = __webpack_require__(9408);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-watch-ops.js
var git_watch_ops = __webpack_require__(955);
;// CONCATENATED MODULE: ./build/bundle/js/engine/fingerprint-metadata.js




// The fingerprint's reading of files without git (fingerprint.ts): digests of single paths, kept while
// their stat data is unchanged, and the repository's metadata files (where they live, and what they hold).
const MAX_HASHED = 64 * 1024 * 1024;
/** Content digests by absolute path, re-used while the stat data (incl. ctime and inode) is unchanged. */
const cache = new Map();
const errno = (e) => e?.code;
const sha = (data) => (0,external_node_crypto_.createHash)("sha1").update(data).digest("hex");
/**
 * Digest of one path: file content, link target, or the kind of thing it is; "missing" when absent.
 * Synchronous on purpose: one lstat per file through the thread pool costs several times more than the
 * call itself (several times, measured on 1,000 files), and a take() must stay cheap.
 */
function digest(path) {
    let st;
    try {
        // A missing file is the usual answer for several paths (config.worktree, shallow, alternates):
        // without throwIfNoEntry, each would cost a thrown error, several times the call itself.
        st = (0,external_node_fs_.lstatSync)(path, { bigint: true, throwIfNoEntry: false });
    }
    catch (e) {
        if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR")
            return "missing";
        throw e;
    }
    if (!st)
        return "missing";
    const key = `${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
    const hit = cache.get(path);
    if (hit && hit.stat === key)
        return hit.digest;
    let d;
    if (st.isSymbolicLink())
        d = `link:${(0,external_node_fs_.readlinkSync)(path)}`;
    else if (st.isFile() && st.size <= MAX_HASHED)
        d = `${st.mode & 73n ? "x" : "f"}:${sha((0,external_node_fs_.readFileSync)(path))}`;
    else if (st.isDirectory())
        d = "dir";
    else
        d = `other:${key}`;
    cache.set(path, { stat: key, digest: d });
    return d;
}
/** Every file under `dir` (recursively), as paths relative to it; [] when there is no such folder. */
function walk(dir, prefix = "") {
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(dir, prefix), { withFileTypes: true });
    }
    catch (e) {
        if (["ENOENT", "ENOTDIR"].includes(errno(e) ?? ""))
            return [];
        throw e;
    }
    const out = [];
    for (const d of names) {
        const rel = prefix ? `${prefix}/${d.name}` : d.name;
        if (d.isDirectory())
            out.push(...walk(dir, rel));
        else
            out.push(rel);
    }
    return out;
}
function add(entries, label, path) {
    const d = digest(path);
    if (d !== "missing")
        entries.set(label, d);
}
/**
 * Where the repository's metadata lives, read once per process and root: moving it (a `.git` file, or
 * core.hooksPath in the config) is itself a change of a fingerprinted file, so a cached answer is safe.
 * `dirs` is what the engine's Git found already (no git process); the working files' listing and the refs
 * need only that, so the reading of the hooks path from the config runs beside them.
 */
const layouts = new Map();
function readLayout(g, root) {
    const dirs = Promise.all([g.gitDir(), g.commonDir()]).then(([gitDir, common]) => ({ gitDir, common }));
    const full = dirs.then(async ({ gitDir, common }) => {
        // The user's own core.hooksPath (git-watch-ops.ts says why it is read from the config file).
        const configured = await (0,git_watch_ops/* configuredHooksPath */.Ku)(g, common);
        const hooks = configured
            ? (0,external_node_path_.isAbsolute)(configured)
                ? configured
                : (0,external_node_path_.resolve)(root, configured)
            : (0,external_node_path_.join)(common, "hooks");
        return { gitDir, common, hooks };
    });
    return { dirs, full };
}
/** The layout of the repository at `root` (read once per process; a failed reading is asked again). */
function layoutOf(g, root) {
    let layout = layouts.get(root);
    if (!layout) {
        const read = readLayout(g, root);
        layout = read;
        layouts.set(root, read);
        read.full.catch(() => layouts.get(root) === read && layouts.delete(root));
    }
    return layout;
}
/** The layout of `root` when a reading has asked for it already. */
const knownLayout = (root) => layouts.get(root);
/**
 * The repository's metadata files, read without git: the `.git` link, config, HEAD, index, alternates,
 * info/ (attributes, exclude) and hooks. These are what can make a git process run code or look
 * elsewhere (a filter driver or fsmonitor in config, a hook, an alternates path).
 */
function metadata(root, layout, entries) {
    const { gitDir, common, hooks } = layout;
    // A `.git` file redirects every git command run in the checkout.
    add(entries, ".git", (0,external_node_path_.join)(root, ".git"));
    for (const name of ["config", "config.worktree", "shallow"])
        add(entries, `git:${name}`, (0,external_node_path_.join)(common, name));
    for (const name of ["HEAD", "index"])
        add(entries, `git-dir:${name}`, (0,external_node_path_.join)(gitDir, name));
    // The same file as `git:config.worktree` in a repository's main checkout: looked at once.
    const worktreeConfig = entries.get("git:config.worktree");
    if (gitDir !== common)
        add(entries, "git-dir:config.worktree", (0,external_node_path_.join)(gitDir, "config.worktree"));
    else if (worktreeConfig !== undefined)
        entries.set("git-dir:config.worktree", worktreeConfig);
    add(entries, "git:objects/info/alternates", (0,external_node_path_.join)(common, "objects/info/alternates"));
    const tree = (label, dir) => {
        for (const rel of walk(dir))
            add(entries, `${label}/${rel}`, (0,external_node_path_.join)(dir, rel));
    };
    tree("git:info", (0,external_node_path_.join)(common, "info"));
    tree("git:hooks", (0,external_node_path_.join)(common, "hooks"));
    if (hooks !== (0,external_node_path_.join)(common, "hooks"))
        tree(`hooks-path:${hooks}`, hooks);
}

// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint-refs.js + 1 modules
var fingerprint_refs = __webpack_require__(7740);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./build/bundle/js/lib/liveness.js
var liveness = __webpack_require__(4788);
// EXTERNAL MODULE: ./build/bundle/js/engine/index-file.js
var index_file = __webpack_require__(1887);
;// CONCATENATED MODULE: ./build/bundle/js/engine/fingerprint-recent.js

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
function holdsRecent(buf, objectFormat, sinceMs) {
    const limit = Math.floor((sinceMs - 50) / 1000);
    const idx = (0,index_file/* parseIndex */.A1)(buf, objectFormat);
    if (idx === null)
        return true;
    for (let i = 0; i < idx.count; i++) {
        // An entry starts with ctime's seconds (then its nanoseconds, mtime, ...), 40 bytes before its id.
        if (buf.readUInt32BE(idx.oids[i] - 40) >= limit)
            return true;
    }
    const end = buf.length - idx.hashLen;
    let at = idx.entriesEnd;
    while (at + 8 <= end) {
        const size = buf.readUInt32BE(at + 4);
        if (buf.toString("latin1", at, at + 4) === "UNTR") {
            const ctimes = untrackedCtimes(buf.subarray(at + 8, at + 8 + size), idx.hashLen);
            if (ctimes === null || ctimes.some((s) => s >= limit))
                return true;
        }
        at += 8 + size;
    }
    return false;
}
/** git's varint (varint.c), or null past the end. */
function varint(buf, pos) {
    let c = buf[pos.at++];
    if (c === undefined)
        return null;
    let v = c & 127;
    while (c & 128) {
        c = buf[pos.at++];
        if (c === undefined)
            return null;
        v = (v + 1) * 128 + (c & 127);
    }
    return v;
}
/** Skips a NUL-terminated string; false past the end. */
function skipString(buf, pos) {
    const nul = buf.indexOf(0, pos.at);
    if (nul < 0)
        return false;
    pos.at = nul + 1;
    return true;
}
/** How many bits an EWAH bitmap (git's ewah_io.c on-disk form) has set, and its end; null if damaged. */
function ewahCount(buf, pos) {
    if (pos.at + 8 > buf.length)
        return null;
    const words = buf.readUInt32BE(pos.at + 4);
    const start = pos.at + 8;
    const stop = start + words * 8;
    if (stop + 4 > buf.length)
        return null;
    let count = 0;
    let w = 0;
    while (w < words) {
        // A run-length word: bit 0 the running bit, bits 1-32 the run's length in words, bits 33-63 how
        // many literal words follow it.
        const rlw = buf.readBigUInt64BE(start + w * 8);
        const runLen = Number((rlw >> 1n) & 0xffffffffn);
        const literals = Number(rlw >> 33n);
        if (rlw & 1n)
            count += runLen * 64;
        if (w + 1 + literals > words)
            return null;
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
function untrackedCtimes(ext, hashLen) {
    const STAT = 36; // ctime s/ns, mtime s/ns, dev, ino, uid, gid, size: 32 bits each
    const pos = { at: 0 };
    const identLen = varint(ext, pos);
    if (identLen === null)
        return null;
    pos.at += identLen;
    const header = pos.at;
    // The stat data of info/exclude and of core.excludesFile, the flags, their ids, the per-dir file name.
    pos.at += 2 * STAT + 4 + 2 * hashLen;
    if (pos.at > ext.length || !skipString(ext, pos))
        return null;
    const ctimes = [ext.readUInt32BE(header), ext.readUInt32BE(header + STAT)];
    const dirs = varint(ext, pos);
    if (dirs === null)
        return null;
    if (dirs === 0)
        return ctimes;
    // Each folder: how many untracked names and subfolders, its name, its untracked names.
    for (let d = 0; d < dirs; d++) {
        const untracked = varint(ext, pos);
        if (untracked === null || varint(ext, pos) === null || !skipString(ext, pos))
            return null;
        for (let u = 0; u < untracked; u++)
            if (!skipString(ext, pos))
                return null;
    }
    const valid = ewahCount(ext, pos);
    if (valid === null || ewahCount(ext, pos) === null)
        return null; // then check_only
    const hashed = ewahCount(ext, pos);
    if (hashed === null)
        return null;
    // The valid folders' stat data, the exclude files' ids, a NUL.
    if (pos.at + valid * STAT + hashed * hashLen + 1 !== ext.length)
        return null;
    for (let v = 0; v < valid; v++)
        ctimes.push(ext.readUInt32BE(pos.at + v * STAT));
    return ctimes;
}

// EXTERNAL MODULE: ./build/bundle/js/engine/process.js + 5 modules
var engine_process = __webpack_require__(8883);
;// CONCATENATED MODULE: ./build/bundle/js/engine/fingerprint-index.js








/**
 * The engine's private copy of the user's index, for the fingerprint's `git status` of the checkout
 * (fingerprint.ts). The user's index is never written by a reading (no optional lock), so git re-checks
 * there on every reading what it could have settled once: files whose stat data is stale (a checkout
 * in the second the index was written leaves every file "racily clean": all of them re-hashed each
 * time), and every folder walked for untracked files. A copy git may write keeps its refreshed stat
 * data and its untracked cache (a folder whose stat data, ctime included, is unchanged is not read
 * again), so a reading after an agent re-reads only what changed.
 *
 * Why the copy sees what the user's index would:
 * - it holds the user's entries: made from the bytes whose digest the reading's metadata holds (the
 *   index is fingerprinted whole, so any change to it is reported), and made again when that digest
 *   changes;
 * - it holds nothing else of theirs: only the entries and the cache-tree are copied (an untracked cache,
 *   fsmonitor data or resolve-undo the user's git wrote are left out), and its mtime is the user's
 *   index's or earlier, so git treats as racily clean every entry it would there;
 * - git decides from stat data with ctime trusted (fingerprint.ts forces core.trustctime): an agent
 *   that plants a file and sets a folder's or file's mtime back still changes its ctime; and what git
 *   wrote is not kept when a write still to come could match it in whole seconds (fingerprint-recent.ts);
 * - an agent can find and write the copy (it runs as the user): the copy is used only while its own stat
 *   data (inode, size, mtime and ctime to the nanosecond) is what the engine saw after git's last write,
 *   else it is made afresh from the user's index and git reads everything again; and it is used, and what
 *   git wrote to it kept, only while no agent or check runs (process.ts's commandActivity()): one running
 *   beside the reading (a parallel group's other members) could rewrite it after git and before the
 *   engine looks. Such readings use the user's index as it is.
 */
/** Stat data that any write, rename onto or `touch` of a file changes (ctime cannot be set back). */
function statKey(path) {
    const st = (0,external_node_fs_.lstatSync)(path, { bigint: true, throwIfNoEntry: false });
    if (!st?.isFile())
        return null;
    return `${st.ino}:${st.dev}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.mode}:${st.nlink}`;
}
const hostTag = (0,external_node_crypto_.createHash)("sha256").update((0,external_node_os_.hostname)()).digest("hex").slice(0, 8);
const NAME_RE = /^([0-9a-f]{8})-(\d+)-[0-9a-f]+\.index(\.lock)?$/;
const swept = new Set();
/** Removes the copies (and their locks) that dead processes of this host left in `dir`. */
function sweep(dir) {
    if (swept.has(dir))
        return;
    swept.add(dir);
    for (const name of (0,external_node_fs_.readdirSync)(dir)) {
        const m = name.match(NAME_RE);
        if (m && m[1] === hostTag && !(0,liveness/* pidRunning */.hA)(Number(m[2])))
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(dir, name), { force: true });
    }
}
/** Copies made by this process, removed when it exits. */
const live = new Set();
let hooked = false;
function removeAtExit(path) {
    live.add(path);
    if (hooked)
        return;
    hooked = true;
    process.on("exit", () => {
        for (const p of live) {
            (0,external_node_fs_.rmSync)(p, { force: true });
            (0,external_node_fs_.rmSync)(`${p}.lock`, { force: true });
        }
    });
}
/**
 * The user's index bytes with only the entries and the cache-tree kept (and a new checksum), or null
 * when the engine's reader does not understand them (a split or sparse index, conflicts, intent-to-add
 * or skip-worktree entries: the reading then uses the user's index as it is).
 */
function entriesOnly(bytes, objectFormat) {
    const idx = (0,index_file/* parseIndex */.A1)(bytes, objectFormat);
    if (idx === null)
        return null;
    const parts = [bytes.subarray(0, idx.entriesEnd)];
    if (idx.cacheTree)
        parts.push(bytes.subarray(idx.cacheTree.start - 8, idx.cacheTree.end));
    const body = Buffer.concat(parts);
    const sum = (0,external_node_crypto_.createHash)(idx.hashLen === 32 ? "sha256" : "sha1")
        .update(body)
        .digest();
    return Buffer.concat([body, sum]);
}
class PrivateIndex {
    dir;
    objectFormat;
    path = null;
    /** The digest (fingerprint-metadata.ts) of the user's index the copy was made from. */
    source = "";
    /** The copy's stat data after git last wrote it (or the engine made it). */
    seen = null;
    /** `dir`: the engine's folder for these copies (in the user's git dir, not fingerprinted). */
    constructor(dir, objectFormat) {
        this.dir = dir;
        this.objectFormat = objectFormat;
    }
    /**
     * The copy to read the checkout against, for the user's index at `userIndex` whose content digest is
     * `digest` (`f:<sha1>` as fingerprint-metadata.ts's digest() gives it); null: read against the user's
     * index itself, as when an agent or check is running (what git would write to the copy then could be
     * an agent's, see end()).
     */
    begin(userIndex, digest) {
        const activity = (0,engine_process/* commandActivity */.$u)();
        if (activity.live > 0)
            return null;
        const path = this.ready(userIndex, digest);
        if (path === null)
            return null;
        return { path, startMs: Date.now(), started: activity.started, before: this.seen };
    }
    /**
     * After the git process of `use` ended. What git wrote to the copy is kept only if no agent or check
     * ran meanwhile (one could have rewritten the copy after git, before the engine looked) and it holds
     * no stat data a later write could match (fingerprint-recent.ts); else the copy is thrown away.
     */
    end(use) {
        if (this.path !== use.path)
            return;
        try {
            const now = statKey(use.path);
            if (now !== null && now === use.before)
                return;
            const activity = (0,engine_process/* commandActivity */.$u)();
            let keep = now !== null && activity.live === 0 && activity.started === use.started;
            if (keep) {
                const bytes = (0,external_node_fs_.readFileSync)(use.path);
                keep = statKey(use.path) === now && !holdsRecent(bytes, this.objectFormat, use.startMs);
            }
            if (keep)
                this.seen = now;
            else
                this.drop();
        }
        catch {
            this.drop();
        }
    }
    /** The copy, made afresh unless the one there is still the engine's (see begin()). */
    ready(userIndex, digest) {
        if (this.path !== null &&
            this.source === digest &&
            this.seen !== null &&
            statKey(this.path) === this.seen)
            return this.path;
        this.drop();
        const hash = /^[fx]:([0-9a-f]{40})$/.exec(digest)?.[1];
        if (!hash)
            return null;
        const st = (0,external_node_fs_.lstatSync)(userIndex, { bigint: true, throwIfNoEntry: false });
        if (!st?.isFile())
            return null;
        const bytes = (0,external_node_fs_.readFileSync)(userIndex);
        // Written since its digest was taken: this reading uses the user's index.
        if ((0,external_node_crypto_.createHash)("sha1").update(bytes).digest("hex") !== hash)
            return null;
        const copy = entriesOnly(bytes, this.objectFormat);
        if (copy === null)
            return null;
        (0,external_node_fs_.mkdirSync)(this.dir, { recursive: true, mode: 0o700 });
        sweep(this.dir);
        const path = (0,external_node_path_.join)(this.dir, `${hostTag}-${process.pid}-${(0,external_node_crypto_.randomBytes)(6).toString("hex")}.index`);
        (0,external_node_fs_.writeFileSync)(path, copy, { flag: "wx", mode: 0o600 });
        removeAtExit(path);
        // A microsecond earlier than the user's index, never later: git takes an entry for racily clean
        // (and compares its content) when it is not older than its index file.
        const mtime = (Number(st.mtimeNs / 1000n) - 1) / 1e6;
        (0,external_node_fs_.utimesSync)(path, mtime, mtime);
        this.path = path;
        this.source = digest;
        this.seen = statKey(path);
        return path;
    }
    /** Throws the copy away (the next reading makes a new one). */
    drop() {
        if (this.path === null)
            return;
        (0,external_node_fs_.rmSync)(this.path, { force: true });
        (0,external_node_fs_.rmSync)(`${this.path}.lock`, { force: true });
        live.delete(this.path);
        this.path = null;
        this.seen = null;
    }
}

// EXTERNAL MODULE: ./build/bundle/js/engine/git.js + 2 modules
var git = __webpack_require__(4968);
;// CONCATENATED MODULE: ./build/bundle/js/engine/fingerprint-scans.js






// The working-file readings of the user's checkout that fingerprint.ts compares around every agent and
// check: the costly part of a fingerprint (a `git status` of the whole checkout), shared by a run's
// agents and checks, and begun early for a run's first one (early-workspace.ts).
/**
 * The Git for `root` and the working-file scans of one run (one engine Git object: a new run starts
 * afresh), so that the checkout is found once per run, not once per reading.
 */
const scopes = new WeakMap();
function scansFor(git, root) {
    let byRoot = scopes.get(git);
    if (!byRoot) {
        byRoot = new Map();
        scopes.set(git, byRoot);
    }
    let s = byRoot.get(root);
    if (!s) {
        s = takeEarly(root) ?? new Scans(git.at(root), root);
        byRoot.set(root, s);
    }
    return s;
}
/** The reading beginEarlyReading() began, once its run may take it (see there), and when. */
let handedOver = null;
/**
 * A run takes the reading within its start (its first look follows the hand-over at once); one left
 * by a run of this process refused in between must not become a later run's first reading.
 */
const HAND_OVER_MS = 10_000;
/** The handed-over reading when it is of `root`; the first look after the hand-over drops it either way. */
function takeEarly(root) {
    const h = handedOver;
    handedOver = null;
    return h !== null && h.root === root && Date.now() - h.at < HAND_OVER_MS ? h.scans : null;
}
/**
 * Begins the first reading of the working files at `root` (a top level as Git.topLevel() names it) for a
 * run that is not started yet (early-workspace.ts: while the CLI parses the flow), on the run's
 * behalf: `handOver()`, called as that run begins, gives it (and the engine's index copy it made) to the
 * run's first use of the fingerprint of that same root. Such a reading is no different from the one the
 * run would begin itself a little later: no agent or check of this process runs before the run's first
 * step, and what changes in between is reported by the first comparison, as for any reading before.
 */
function beginEarlyReading(root) {
    const scans = new Scans(new Git(root), root);
    scans.fresh().catch(() => undefined); // the run's own reading reports what fails
    return {
        handOver: () => {
            handedOver = { root, scans, at: Date.now() };
        },
    };
}
/**
 * Readings of the working files (the one costly part of a fingerprint: a `git status` of the whole
 * checkout) shared by the agents and checks of a run:
 * - a reading that must show the state after some moment (after an agent ended) is one that starts
 *   after that moment: callers that arrive while one is running share the next one, so a parallel group
 *   of N agents costs about two readings, not N;
 * - a reading of the state before an agent starts may be the last one taken (after the previous agent):
 *   the engine changes none of the fingerprinted files between two agents, and anything else that changed
 *   them in between is reported by the next comparison, as if it had happened during the agent.
 */
class Scans {
    g;
    root;
    /** A takeBefore() reading under way (see there). */
    before = null;
    /**
     * The metadata files (fingerprint-metadata.ts) as the last reading of this run saw them, for the next
     * reading before an agent or check (see fingerprint.ts); null until a reading read them.
     */
    lastMeta = null;
    last = null;
    running = null;
    next = null;
    /** The copy of the user's index the readings use (fingerprint-index.ts); null until the first. */
    copy = null;
    /**
     * False once a reading listed a run state path as untracked (not ignored): git keeps the copy's
     * untracked cache for a status of the whole checkout only, which would then list every file of every
     * run, so the state paths are left to a pathspec (and the untracked files are all walked again).
     */
    whole = true;
    constructor(g, root) {
        this.g = g;
        this.root = root;
    }
    /** A reading that starts after this call. */
    fresh() {
        if (this.next)
            return this.next;
        const current = this.running;
        if (!current)
            return this.begin();
        const next = current
            .then(() => undefined, () => undefined)
            .then(() => {
            this.next = null;
            return this.begin();
        });
        this.next = next;
        return next;
    }
    /** The last reading, or one now. */
    recent() {
        if (this.last)
            return Promise.resolve(this.last);
        return this.running ?? this.fresh();
    }
    begin() {
        const entries = new Map();
        const p = this.read(entries).then(() => entries);
        this.running = p;
        p.then((e) => {
            this.last = e;
        }, () => undefined).finally(() => {
            if (this.running === p)
                this.running = null;
        });
        return p;
    }
    /** One reading of the working files, against the engine's copy of the user's index when it can. */
    async read(entries) {
        const [gitDir, common, format] = await Promise.all([
            this.g.gitDir(),
            this.g.commonDir(),
            this.g.objectFormat(),
        ]);
        this.copy ??= new PrivateIndex((0,external_node_path_.join)(common, "agent-flow", "fingerprint"), format);
        const copy = this.copy;
        const userIndex = (0,external_node_path_.join)(gitDir, "index");
        let use = null;
        try {
            use = copy.begin(userIndex, digest(userIndex));
        }
        catch {
            copy.drop();
        }
        let leftOut;
        try {
            leftOut = await workingFiles(this.g, this.root, entries, use === null ? undefined : { index: use.path, whole: this.whole });
        }
        finally {
            if (use !== null)
                copy.end(use);
        }
        if (leftOut)
            this.whole = false;
    }
}
/**
 * The user's working files that differ from their index (tracked) or are untracked and not ignored:
 * `git status` (its worktree column), which compares stat data in C, then a digest of each file it lists (contents hashed
 * only when their stat changed since the last reading). A clean tracked file is left out: any write to
 * it shows up as a status entry in the next reading. Hiding a file from the listing needs a change to
 * the index or to ignore rules, which are fingerprinted too. Git is told to trust ctime and full stat
 * data whatever the user's config says, so a rewrite that restores size and mtime is still seen.
 */
async function workingFiles(g, root, entries, copy) {
    const records = [];
    const { changes, leftOut } = await (0,git_watch_ops/* workingChanges */.pY)(g, store/* STATE_PATHS */.$t, records, copy);
    for (const { path, untracked } of changes)
        entries.set(`file:${path}`, `${untracked ? "untracked" : "modified"} ${digest((0,external_node_path_.join)(root, path))}`);
    statusOf.set(entries, records);
    return leftOut;
}
/** Each reading's `git status` records (see checkoutStatus()). */
const statusOf = new WeakMap();
/**
 * `git status` of the user's checkout (state paths and submodules left out, every record, the index side
 * too), from the run's last reading of its working files, or one taken now that the fingerprint of the
 * run's first agent or check then shares: the run's start asks it whether files the run uses have
 * uncommitted changes, which was a `git status` of its own.
 */
async function checkoutStatus(git, root) {
    return statusOf.get(await scansFor(git, root).recent()) ?? [];
}

// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint-share.js
var fingerprint_share = __webpack_require__(6694);
// EXTERNAL MODULE: ./build/bundle/js/engine/ref-journal.js
var ref_journal = __webpack_require__(8464);
;// CONCATENATED MODULE: ./build/bundle/js/engine/fingerprint.js








/**
 * A fingerprint of what the user owns in their repository: git metadata that can change what git does
 * or what the user's branches hold, and the working files git would show them (tracked, or untracked and
 * not ignored). Taken before and after every agent and check: a same-user process cannot be stopped
 * without an OS sandbox, but any change is seen and fails the run before anything is pushed.
 *
 * The runs' private refs `refs/agent-flow/**` are fingerprinted too; the engine's own moves of them
 * while an agent runs are told apart by ref-journal.ts. Not fingerprinted, because the engine itself
 * writes them during a run: the engine's folder `agent-flow/`, linked
 * worktree records `worktrees/`, objects (append-only; what matters is which refs point where), logs,
 * and the run state paths in the working tree (docs/status, .locks, .triggers).
 *
 * How two readings are compared and reported: fingerprint-changes.ts.
 */
/** A fingerprint now (the working files read afresh). */
function take(git, root) {
    const scans = scansFor(git, root);
    return fingerprint(scans, () => scans.fresh());
}
/**
 * A fingerprint to compare with expectUnchanged() once an agent or check ends, taken before it starts:
 * the metadata afresh, the working files from the run's last reading when there is one (see Scans).
 */
function takeBefore(git, root) {
    const scans = scansFor(git, root);
    // Callers that arrive while one is taken share it (a parallel group's members, each otherwise a
    // reading of the metadata and refs on the engine's thread before its agent starts): it was begun
    // before any of their agents, which is all a reading before needs.
    if (scans.before)
        return scans.before;
    const p = fingerprint(scans, () => scans.recent(), true);
    scans.before = p;
    const done = () => {
        if (scans.before === p)
            scans.before = null;
    };
    p.then(done, done);
    return p;
}
/**
 * `before`: a reading before an agent or check, which may take refs over from an earlier one
 * (fingerprint-refs.ts). `meta`: the metadata files as read since the moment this reading must follow.
 */
async function fingerprint(scans, files, before = false, meta) {
    const g = scans.g;
    const root = g.cwd;
    const layout = layoutOf(g, root);
    const mark = (0,ref_journal/* refMark */.hV)();
    const { common } = await layout.dirs;
    // The file list comes from one git process, run while the metadata files are read.
    const listing = files();
    const reftable = digest((0,external_node_path_.join)(common, "reftable")) === "dir";
    // A reading after an agent reads the refs (synchronous calls, one per loose ref folder) on the next turn
    // of the event loop: the agent's snapshot, which continues in this one, then sends its `git status`
    // of the agent's directory first, and the two walks overlap the refs reading instead of following it.
    // Later is safe: a reading after an agent must only start after it ended.
    const reading = before
        ? (0,fingerprint_refs/* readRefs */.n6)(g, common, reftable, before)
        : new Promise((resolve) => setImmediate(resolve)).then(() => (0,fingerprint_refs/* readRefs */.n6)(g, common, reftable));
    // A reading before takes the metadata files from the run's last reading, as it takes the working files
    // (Scans.recent()), and for the same reason: the engine writes none of them between two agents or
    // checks (it never writes the user's config, hooks, HEAD or index during a run, and its own git
    // processes take no optional lock on that index). So this is no weaker than a reading now; it is
    // stronger: a change made between the last reading and this one (after the previous agent was found
    // clean, before this one starts) is reported by this agent's comparison, where a reading now would
    // have taken it in as the state before. Each reading after an agent still reads every file afresh.
    // (Engine code that comes to write one of these files between agents must set scans.lastMeta to null,
    // or its write is reported as the next agent's. The refs are not taken over this way: the engine moves
    // the run's refs between agents, and an agent setting one back would then show no change.)
    const known = meta ?? (before ? scans.lastMeta : null) ?? readMetadata(root, await layout.full);
    scans.lastMeta = known;
    const entries = new Map(known);
    const [fileEntries, refs] = await Promise.all([listing, reading]);
    for (const [k, v] of fileEntries)
        entries.set(k, v);
    return { root, entries, refs, refMark: mark };
}
/** The metadata files as they are now, in a map of their own (kept by Scans, never changed). */
function readMetadata(root, layout) {
    const entries = new Map();
    metadata(root, layout, entries);
    return entries;
}
/** Throws TamperDetected, naming what changed, when the repository differs from `before`. */
async function expectUnchanged(git, before, during) {
    await restUnchanged(git, before, during, await metadataUnchanged(before, during));
}
/**
 * expectUnchanged() in two parts, for a caller with git work of its own to do in the agent's directory
 * (the snapshot): resolves once the metadata files are found unchanged (so no engine git process can run
 * what an agent planted there), with `rest`, the comparison of the working files and refs under way. The
 * caller must await `rest` before it keeps or reports anything of the agent's.
 */
async function expectUnchangedSplit(git, before, during, agent) {
    let meta;
    try {
        meta = await metadataUnchanged(before, during);
    }
    catch (err) {
        agent?.end(); // no reading after it: the others' must not wait for it
        throw err;
    }
    const rest = restUnchanged(git, before, during, meta, agent);
    rest.catch(() => undefined); // awaited by the caller; not an unhandled rejection meanwhile
    return { rest };
}
/** The metadata files as read now (undefined when no reading knew the layout), once found unchanged. */
async function metadataUnchanged(before, during) {
    // The metadata files first, without git: a filter driver or fsmonitor that an agent added to the
    // user's config is not among the drivers an engine git process switches off (their names are read
    // once per process), so the `git status` of take() must not run before such a change is reported.
    const layout = knownLayout(before.root);
    if (!layout)
        return undefined;
    const now = new Map();
    metadata(before.root, await layout.full, now);
    const isMeta = (what) => !what.startsWith("file:") && !what.startsWith("ref:");
    const was = new Map([...before.entries].filter(([what]) => isMeta(what)));
    const early = (0,fingerprint_changes/* diff */.Ui)({ root: before.root, entries: was }, { root: before.root, entries: now });
    if (early.length > 0)
        throw new fingerprint_changes/* TamperDetected */.m9(during, early);
    return now;
}
/**
 * The rest of the comparison, against a reading that starts now. When that reading is this caller's
 * alone (see takeAfter()), its metadata files are those `meta` just read, after the agent ended. `agent`:
 * the agent compared, counted as running until its reading is chosen (fingerprint-share.ts).
 */
async function restUnchanged(git, before, during, meta, agent) {
    const now = meta === undefined
        ? take
        : (g, root) => {
            const scans = scansFor(g, root);
            return fingerprint(scans, () => scans.fresh(), false, meta);
        };
    const after = await (0,fingerprint_share/* takeAfter */.IZ)(git, before.root, take, now, agent);
    const changes = (0,fingerprint_changes/* diff */.Ui)(before, after).filter((c) => !c.what.startsWith("ref:") ||
        !(0,ref_journal/* engineMovedRef */.l5)(before.root, c.what.slice(4), after.refs && (0,fingerprint_refs/* refValue */.vI)(after.refs, c.what.slice(4)), before.refMark ?? -1, c.how));
    if (changes.length > 0)
        throw new fingerprint_changes/* TamperDetected */.m9(during, changes);
}


/***/ }),

/***/ 955:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ku: () => (/* binding */ configuredHooksPath),
/* harmony export */   pY: () => (/* binding */ workingChanges),
/* harmony export */   w_: () => (/* binding */ allRefs)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);

/**
 * Git by intent for fingerprint.ts: reads of the user's repository taken before and after every agent
 * and check. They run no repository program (fsmonitor), trust no cache an agent could poison
 * (the user's untracked cache) and take no optional lock on the user's files (so a reading never blocks
 * or changes the user's git): the one cache and lock is the engine's copy of the index (workingChanges()).
 */
const SAFE = ["-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "--literal-pathspecs"];
const SAFE_ENV = { GIT_OPTIONAL_LOCKS: "0" };
/** Every ref of the repository with its value, as git resolves them (any ref storage). */
async function allRefs(g) {
    const out = await g.out([...SAFE, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(symref)"], {
        env: SAFE_ENV,
    });
    const refs = [];
    for (const line of out.split("\n")) {
        const [name, oid, symref] = line.split("\0");
        if (name)
            refs.push({ name, oid: oid ?? "", symref: symref ?? "" });
    }
    return refs;
}
/**
 * The user's own core.hooksPath ("" when unset), read from the repository's config file: the engine's
 * git pins core.hooksPath on its command line (git-env.ts), so asking git for the hooks path would name that.
 */
async function configuredHooksPath(g, common) {
    return (await g.exec([...SAFE, "config", "--file", (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(common, "config"), "--get", "core.hooksPath"], {
        env: SAFE_ENV,
        allowFailure: true,
    })).stdout.trim();
}
/**
 * The working files whose worktree side differs (`git status` porcelain v2), those under `excluded`
 * (literal paths) left out. Git is told to trust ctime and full stat data whatever the user's config
 * says, so a rewrite that restores size and mtime is still seen. `records`, when given, gets every
 * record of the status, the index side too.
 *
 * With `copy`, the status reads that copy of the user's index (fingerprint-index.ts) and may write it
 * (its refreshed stat data), and with `copy.whole` its untracked cache too: git keeps that only for a
 * status of the whole checkout (no pathspec), so `excluded` is then left out here rather than by git
 * (`leftOut` says whether an untracked file was).
 */
async function workingChanges(g, excluded, records, copy) {
    const cached = copy?.whole === true;
    const out = await g.exec([
        ...["-c", "core.fsmonitor=false", "-c", `core.untrackedCache=${cached}`, "-c", "core.splitIndex=false"],
        ...[
            "-c",
            "core.trustctime=true",
            "-c",
            "core.checkStat=default",
            "-c",
            "status.showUntrackedFiles=all",
        ],
        "status",
        "--porcelain=v2",
        "-z",
        "--untracked-files=all",
        "--ignore-submodules=all",
        "--no-renames",
        ...(cached ? [] : ["--", ".", ...excluded.map((p) => `:(exclude,literal)${p}`)]),
    ], {
        env: copy
            ? { GIT_INDEX_FILE: copy.index, GIT_OPTIONAL_LOCKS: "1", GIT_LITERAL_PATHSPECS: "0" }
            : { ...SAFE_ENV, GIT_LITERAL_PATHSPECS: "0" },
    });
    const left = (path) => excluded.some((p) => path === p || path.startsWith(`${p}/`));
    const changes = [];
    let leftOut = false;
    for (const rec of out.stdout.split("\0")) {
        // "1 XY sub mH mI mW hH hI <path>", "u XY sub m1 m2 m3 mW h1 h2 h3 <path>", "? <path>"
        const fields = rec[0] === "1" ? 8 : rec[0] === "u" ? 10 : rec[0] === "?" ? 1 : -1;
        if (fields < 0)
            continue;
        let at = 0;
        for (let i = 0; i < fields; i++)
            at = rec.indexOf(" ", at) + 1;
        const path = rec.slice(at);
        if (cached && left(path)) {
            leftOut ||= rec[0] === "?";
            continue;
        }
        records?.push({ code: rec[0] === "?" ? "??" : rec.slice(2, 4).replaceAll(".", " "), path });
        // Only the worktree side (Y): the index is fingerprinted whole, and HEAD against it says nothing new.
        if (rec[0] === "1" && rec[3] === ".")
            continue;
        changes.push({ path, untracked: rec[0] === "?" });
    }
    return { changes, leftOut };
}


/***/ }),

/***/ 7580:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* unused harmony exports groupWidth, nextGroupWidth, sparesFor */
/* harmony import */ var _process_spare_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8915);

/**
 * How many agents of `stage` begin together: its calls, at most its `max_parallel` (0 for a step that
 * runs no agent).
 */
function groupWidth(stage, calls = stage?.agents.length ?? 0) {
    if (!stage)
        return Math.min(calls, 1);
    if (stage.kind === "check" || stage.kind === "commit")
        return 0;
    return Math.min(calls, Math.max(1, stage.max_parallel));
}
/**
 * How many agents the step after `step` in its workflow begins together, when that step runs agents
 * (else 0). A guess for the spares to keep while `step` runs: a trigger or a retry may run another
 * step, whose members then start the spares they lack themselves.
 */
function nextGroupWidth(plan, step) {
    return groupWidth(plan.workflows[step.workflow]?.[step.index]);
}
/**
 * Keeps a spare (process-spare.ts) for each member of a group that is about to begin, so that none of
 * them forks the engine between the step's start and its agent's first instruction.
 */
function sparesFor(width) {
    if (width > 0)
        keepSparesReady(width);
}


/***/ }),

/***/ 3860:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   um: () => (/* binding */ warmSlot)
/* harmony export */ });
/* unused harmony exports warmFirstStep, warmedUp */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3773);
/* harmony import */ var _group_spares_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7580);
/* harmony import */ var _machine_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8621);
/* harmony import */ var _workspace_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8031);





/**
 * One warm-up: `all` settles once every directory is back in the pool; each agent takes one `ready`
 * directory (or goes on when none is left to come), so that it starts as soon as one is ready rather
 * than when all are.
 */
class Warmup {
    left;
    ready = 0;
    waiting = [];
    finish = () => undefined;
    all = new Promise((resolve) => {
        this.finish = resolve;
    });
    constructor(left) {
        this.left = left;
        if (left === 0)
            this.finish();
    }
    /** Resolves once a directory is ready for the caller, or none is left to come. */
    take() {
        if (this.ready > 0) {
            this.ready -= 1;
            return Promise.resolve();
        }
        if (this.left === 0)
            return Promise.resolve();
        return new Promise((resolve) => this.waiting.push(resolve));
    }
    /** One directory is back in the pool, or will not be prepared (its agent's acquire() makes it). */
    one() {
        this.left -= 1;
        const next = this.waiting.shift();
        if (next)
            next();
        else
            this.ready += 1;
        if (this.left > 0)
            return;
        for (const w of this.waiting.splice(0))
            w();
        this.finish();
    }
}
/** Directories prepared at once (the helper shells' number, so that their git runs in those, see git-shell.ts). */
const WARM_LANES = 4;
/** Warm-ups under way or done, per workspace. */
const warming = new WeakMap();
/**
 * Prepares, while the run is still starting, what the first step's agents need before they can start:
 * their directories, checked out, cleaned and verified at the step's base (as many as run at once, of
 * those the pool already has), and
 * the first reading of the user's working files for their fingerprints, and the contained processes
 * their commands will run in (group-spares.ts). Done when each agent asks, this
 * is three git processes per directory plus a `git status` between the step's start and its agents'
 * start (a wide group's agents started one after another, tens of milliseconds apart); done here, it
 * overlaps the rest of the run's start. Nothing is trusted that acquire() would not trust: a directory
 * is verified by acquire() itself and only marked unused (see RunWorkspace.unused()); no agent runs
 * before the step does.
 */
function warmFirstStep(ctx, plan, state) {
    let action;
    try {
        action = next(plan, state).action;
    }
    catch {
        return; // only a head start: the loop asks the machine again and reports what is wrong
    }
    if (action.kind !== "agents")
        return;
    const stage = plan.workflows[action.step.workflow]?.[action.step.index - 1];
    const kept = new Set((state.pending?.agents ?? []).filter((a) => a.ok).map((a) => a.index));
    const todo = action.calls.filter((i) => !kept.has(i)).length;
    const width = groupWidth(stage, todo);
    if (width === 0)
        return;
    const ws = ctx.workspace;
    const base = action.base;
    const warm = new Warmup(width);
    warming.set(ws, warm);
    // Only directories the pool already has: a new one is a full checkout, and all of them at once
    // while the run starts would slow its start (and its status writes) more than they save.
    // A directory prepared before the run's workspace was handed to it (early-workspace.ts) is the first.
    const ahead = ws.preparedAhead(base);
    void pooledDirectories(ctx).then((have) => {
        let next = 0;
        if (ahead !== null) {
            next = 1;
            void ahead.then(() => warm.one());
        }
        // After a failure the agents' own acquire() prepares the rest (the failed slot, back in the pool
        // unprepared, would otherwise be taken and fail again by each lane).
        let failed = false;
        // A few lanes, each preparing one directory after another: all of them at once finished together,
        // late (16 directories: 3 git processes each, most spawned by the engine itself, on 2 cores), so
        // the first agent waited for the last directory. Each prepared one goes to a waiting agent at once.
        const lane = () => {
            const i = next++;
            if (i >= width)
                return;
            if (i >= have || failed) {
                warm.one();
                lane();
                return;
            }
            // `true`: a directory not prepared yet, not the one this warm-up just handed back.
            ws.acquire(base, "agent", true)
                .then((dir) => ws.unused(dir, base))
                .catch(() => {
                failed = true;
            })
                .then(() => {
                warm.one();
                lane();
            });
        };
        for (let k = 0; k < Math.min(WARM_LANES, width); k++)
            lane();
        // The reading is kept by fingerprint.ts for the next takeBefore(); a failure there is the agent's.
        // Begun once the lanes are under way: begun before them, its reading of the refs (tens of ms on the
        // engine's thread) came before the pool's listing, and the directories' first git process waited.
        // Then a spare for each agent (process-spare.ts), one fork of the engine per turn of its loop: once
        // the reading is done, since the agents wait for it, and their forks and programs would slow it.
        const spares = () => sparesFor(width);
        takeBefore(ctx.git, ctx.root).then(spares, spares);
    });
}
/**
 * How many directories the repository's pool holds (claimed or free); 0 when unknown. Read without the
 * thread pool (two quick calls): at the run's start its queue is long, and the lanes wait for this.
 */
async function pooledDirectories(ctx) {
    try {
        const pool = RunWorkspace.poolDir(realpathSync(await ctx.git.commonDir()));
        return readdirSync(pool).filter((n) => /^w\d+$/.test(n)).length;
    }
    catch {
        return 0;
    }
}
/**
 * Before an agent acquires a directory: resolves once one that warmFirstStep() prepares is ready for it
 * (at once when there is no warm-up, or none is left to come).
 */
function warmSlot(ws) {
    return warming.get(ws)?.take() ?? Promise.resolve();
}
/** Resolves once the directories warmFirstStep() prepares for `ws` are all back in its pool. */
function warmedUp(ws) {
    return warming.get(ws)?.all ?? Promise.resolve();
}


/***/ }),

/***/ 1887:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A1: () => (/* binding */ parseIndex),
/* harmony export */   GJ: () => (/* binding */ diffIndexes),
/* harmony export */   XM: () => (/* binding */ pathOf),
/* harmony export */   _u: () => (/* binding */ indexChanges)
/* harmony export */ });
/* unused harmony export comparePaths */
/**
 * Reads git's index file (versions 2-4) far enough to compare two of them: each entry's path, mode and
 * object id. The engine keeps its own index per directory (see WorktreePool), so after `git add` the
 * changes of a snapshot are the entries that differ from the base's index: what `git diff-tree -r`
 * between the two trees would print, without starting a process for it. Anything this reader does not
 * handle (a split or sparse index, conflict stages, intent-to-add entries, a damaged file) makes it
 * answer null, and the caller asks git instead.
 */
const mode6 = (m) => m.toString(8).padStart(6, "0");
/** Entry `i`'s path as text (UTF-8, as git prints it). */
const pathOf = (idx, i) => idx.names.toString("utf8", idx.nameStart[i], idx.nameEnd[i]);
function parseIndex(buf, objectFormat) {
    const hashLen = objectFormat === "sha256" ? 32 : 20;
    if (buf.length < 12 + hashLen || buf.toString("latin1", 0, 4) !== "DIRC")
        return null;
    const version = buf.readUInt32BE(4);
    if (version < 2 || version > 4)
        return null;
    const count = buf.readUInt32BE(8);
    const end = buf.length - hashLen;
    // Every entry takes at least 40 + hashLen + 2 bytes (v4: + 2 for its varint and NUL).
    if (count > end / (40 + hashLen))
        return null;
    const nameStart = new Int32Array(count);
    const nameEnd = new Int32Array(count);
    const modes = new Uint32Array(count);
    const oids = new Int32Array(count);
    // Version 4 spells its paths out here (grown as needed); versions 2-3 point into `buf`.
    let names = version === 4 ? Buffer.allocUnsafe(Math.max(4096, buf.length * 2)) : buf;
    let used = 0;
    let prevStart = 0;
    let prevEnd = 0;
    let at = 12;
    for (let i = 0; i < count; i++) {
        const start = at;
        if (at + 40 + hashLen + 2 > end)
            return null;
        const mode = buf.readUInt32BE(at + 24);
        const oid = at + 40;
        const flags = buf.readUInt16BE(oid + hashLen);
        at = oid + hashLen + 2;
        // Conflict stages, or (version 3+) extended flags: skip-worktree or intent-to-add entries.
        if ((flags & 0x3000) !== 0)
            return null;
        if (flags & 0x4000) {
            if (version < 3)
                return null;
            if (buf.readUInt16BE(at) !== 0)
                return null;
            at += 2;
        }
        if (version === 4) {
            // A varint: how many bytes of the previous path to drop, then the rest, NUL-terminated.
            let c = buf[at++] ?? 0;
            let strip = c & 127;
            while (c & 128) {
                c = buf[at++] ?? 0;
                strip = ((strip + 1) << 7) | (c & 127);
            }
            const nul = buf.indexOf(0, at);
            const keep = prevEnd - prevStart - strip;
            if (nul < 0 || nul >= end || keep < 0)
                return null;
            const len = keep + nul - at;
            if (used + len > names.length) {
                const grown = Buffer.allocUnsafe(Math.max(names.length * 2, used + len));
                names.copy(grown, 0, 0, used);
                names = grown;
            }
            names.copy(names, used, prevStart, prevStart + keep);
            buf.copy(names, used + keep, at, nul);
            nameStart[i] = used;
            nameEnd[i] = used + len;
            prevStart = used;
            prevEnd = used + len;
            used += len;
            at = nul + 1;
        }
        else {
            // The name's length is in the flags unless it is 0xFFF or more.
            const short = flags & 0xfff;
            const nul = short < 0xfff && buf[at + short] === 0 ? at + short : buf.indexOf(0, at);
            if (nul < 0 || nul >= end)
                return null;
            nameStart[i] = at;
            nameEnd[i] = nul;
            // Entries are NUL-padded to a multiple of 8 bytes (at least one NUL).
            at = start + ((nul - start + 8) & ~7);
        }
        // A sparse index's directory entries stand for whole trees: not a flat list of files.
        if ((mode & 0o170000) === 0o040000)
            return null;
        modes[i] = mode;
        oids[i] = oid;
    }
    const out = {
        buf,
        count,
        names,
        nameStart,
        nameEnd,
        modes,
        oids,
        hashLen,
        rootTree: null,
        cacheTree: null,
        entriesEnd: at,
    };
    // Extensions: a split index keeps its entries in another file.
    while (at + 8 <= end) {
        const sig = buf.toString("latin1", at, at + 4);
        if (sig === "link" || sig === "sdir")
            return null;
        const size = buf.readUInt32BE(at + 4);
        if (sig === "TREE") {
            out.cacheTree = { start: at + 8, end: Math.min(end, at + 8 + size) };
            out.rootTree = rootOf(buf, out.cacheTree.start, out.cacheTree.end, hashLen);
        }
        at += 8 + size;
    }
    return out;
}
/** Compares entry `i` of `a` with entry `j` of `b` by path bytes (git's order): <0, 0 or >0. */
function comparePaths(a, i, b, j) {
    const an = a.names;
    const bn = b.names;
    let p = a.nameStart[i];
    let q = b.nameStart[j];
    const pe = a.nameEnd[i];
    const qe = b.nameEnd[j];
    // A byte loop: a native compare per entry costs more than the bytes it compares.
    while (p < pe && q < qe) {
        const d = an[p] - bn[q];
        if (d !== 0)
            return d;
        p++;
        q++;
    }
    return pe - p - (qe - q);
}
function sameObject(a, i, b, j) {
    if (a.modes[i] !== b.modes[j])
        return false;
    let p = a.oids[i];
    let q = b.oids[j];
    for (const e = p + a.hashLen; p < e; p++, q++)
        if (a.buf[p] !== b.buf[q])
            return false;
    return true;
}
/** The root's entry of a cache-tree extension: "\0<entries> <subtrees>\n<id>" (no id when invalid: -1). */
function rootOf(buf, at, end, hashLen) {
    if (buf[at] !== 0)
        return null;
    const nl = buf.indexOf(10, at + 1);
    if (nl < 0 || nl + 1 + hashLen > end)
        return null;
    const [count] = buf.toString("latin1", at + 1, nl).split(" ");
    if (count === undefined || !/^\d+$/.test(count))
        return null;
    return buf.toString("hex", nl + 1, nl + 1 + hashLen);
}
/** The entries that differ between two indexes of the same repository, in index (= diff-tree -r) order. */
function diffIndexes(a, b) {
    const zeroMode = "000000";
    const zero = "0".repeat(b.hashLen * 2);
    const hex = (e, i) => e.buf.toString("hex", e.oids[i], e.oids[i] + e.hashLen);
    const changes = [];
    let i = 0;
    let j = 0;
    while (i < a.count || j < b.count) {
        const c = i >= a.count ? 1 : j >= b.count ? -1 : comparePaths(a, i, b, j);
        if (c === 0) {
            if (!sameObject(a, i, b, j))
                changes.push({
                    mode: mode6(b.modes[j]),
                    oldMode: mode6(a.modes[i]),
                    oid: hex(b, j),
                    path: pathOf(b, j),
                });
            i++;
            j++;
        }
        else if (c < 0) {
            changes.push({ mode: zeroMode, oldMode: mode6(a.modes[i]), oid: zero, path: pathOf(a, i) });
            i++;
        }
        else {
            changes.push({
                mode: mode6(b.modes[j]),
                oldMode: zeroMode,
                oid: hex(b, j),
                path: pathOf(b, j),
            });
            j++;
        }
    }
    return changes;
}
/**
 * The changes between two index files' contents, or null when either is missing or not understood, or
 * when `after` is not the index `tree` was written from (its cache-tree must name `tree` as its root:
 * the changes checked against the agent's scopes are then exactly those of the tree that is committed).
 */
function indexChanges(before, after, objectFormat, tree) {
    const a = before && parseIndex(before, objectFormat);
    const b = after && parseIndex(after, objectFormat);
    return a && b && b.rootTree === tree ? diffIndexes(a, b) : null;
}


/***/ }),

/***/ 1382:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RC: () => (/* binding */ poolDirFor),
/* harmony export */   VC: () => (/* binding */ openPoolDirSync),
/* harmony export */   g2: () => (/* binding */ legacyPoolsIn)
/* harmony export */ });
/* unused harmony exports POOL_DIR_VARIABLE, PoolLocationRefused, poolsRoot, openPoolDir, orphanPools */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1490);
/* harmony import */ var _agent_dir_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2243);
/**
 * Where a repository's worktree pool lives: outside its git dir and outside its working tree, one
 * folder per repository under a per-user cache folder.
 *
 * Not in the git dir: Claude Code refuses every write under a path with a `.git` component, so agents
 * working in `<git-common-dir>/agent-flow/...` could write nothing. Not in the working tree: the agents'
 * directories would show up in the user's `git status` and be walked by their tools.
 */







/** Overrides the folder holding the pools of all repositories (tests point it at a temp folder). */
const POOL_DIR_VARIABLE = "AGENT_FLOW_POOL_DIR";
/** Inside a repository's pool: the git common dir it belongs to, so `cleanup` can tell an orphan. */
const OWNER_FILE = "repository";
/** Refused before anything is checked out: the pool location cannot hold agents' directories. */
class PoolLocationRefused extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2, `set ${POOL_DIR_VARIABLE} to an absolute folder outside the repository, with no '.git' in its path`);
    }
}
/**
 * The folder holding the pools of all repositories: `$AGENT_FLOW_POOL_DIR`, else
 * `$XDG_CACHE_HOME/agent-flow/pools`, else `~/.cache/agent-flow/pools`.
 */
function poolsRoot(env = process.env) {
    const given = env[POOL_DIR_VARIABLE];
    if (given) {
        if (!(0,node_path__WEBPACK_IMPORTED_MODULE_4__.isAbsolute)(given))
            throw new PoolLocationRefused(`${POOL_DIR_VARIABLE} '${given}' is not absolute`);
        return given;
    }
    const xdg = env.XDG_CACHE_HOME;
    const cache = xdg && (0,node_path__WEBPACK_IMPORTED_MODULE_4__.isAbsolute)(xdg) ? xdg : (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_3__.homedir)(), ".cache");
    return (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(cache, "agent-flow", "pools");
}
/**
 * The location rule, in one place: the pool of the repository whose git common dir (its realpath) is
 * `commonDir` is `<poolsRoot>/<name>-<hash>`, the name the repository folder's (for people), the hash
 * the common dir's path (for uniqueness).
 */
function poolDirFor(commonDir, env = process.env) {
    const folder = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.basename)(commonDir) === ".git" ? (0,node_path__WEBPACK_IMPORTED_MODULE_4__.basename)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)(commonDir)) : (0,node_path__WEBPACK_IMPORTED_MODULE_4__.basename)(commonDir);
    const name = folder
        .replace(/\.git$/, "")
        .replace(/[^A-Za-z0-9_-]/g, "_")
        .slice(0, 40) || "repo";
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256").update(commonDir).digest("hex").slice(0, 16);
    return (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(poolsRoot(env), `${name}-${hash}`);
}
const inside = (child, parent) => {
    const r = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.relative)(parent, child);
    return r === "" || (!r.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_4__.sep}`) && r !== ".." && !(0,node_path__WEBPACK_IMPORTED_MODULE_4__.isAbsolute)(r));
};
/**
 * Makes the pool folder of the repository (common dir `common`, working tree `workTree`, both
 * realpaths) and returns its realpath. The folders above it may be links (a home on another disk); the
 * pool itself must be a real folder, and must not lie in the repository or have a `.git` component.
 * Synchronous calls: a run opens its pool while its start queues libuv's thread pool (see
 * assertRealDirSync()).
 */
function openPoolDirSync(common, workTree, env = process.env) {
    const wanted = poolDirFor(common, env);
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)(wanted), { recursive: true, mode: 0o700 });
    }
    catch (err) {
        const e = err;
        throw new PoolLocationRefused(`cannot make the folder of the worktree pools ${(0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)(wanted)}: ${e.code ?? e.message}`);
    }
    const pool = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync.native((0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)(wanted)), (0,node_path__WEBPACK_IMPORTED_MODULE_4__.basename)(wanted));
    if (pool.split(node_path__WEBPACK_IMPORTED_MODULE_4__.sep).includes(".git"))
        throw new PoolLocationRefused(`the worktree pool ${pool} has a '.git' component in its path: Claude Code refuses to write there`);
    if (inside(pool, workTree) || inside(pool, common))
        throw new PoolLocationRefused(`the worktree pool ${pool} lies inside the repository ${workTree}`);
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)(pool, { throwIfNoEntry: false }) === undefined) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(pool, { mode: 0o700 });
        }
        catch {
            // made by another run meanwhile, or not makeable: assertRealDirSync() says which
        }
    }
    (0,_agent_dir_js__WEBPACK_IMPORTED_MODULE_6__/* .assertRealDirSync */ .xe)(pool);
    const owner = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(pool, OWNER_FILE);
    let recorded = null;
    try {
        recorded = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(owner, "utf8");
    }
    catch {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(owner, `${common}\n`, { flag: "wx" });
        }
        catch {
            // another run wrote it first
        }
    }
    if (recorded !== null && recorded.trimEnd() !== common)
        throw new PoolLocationRefused(`the worktree pool ${pool} belongs to the repository at ${recorded.trimEnd()}, not ${common}`);
    return pool;
}
/** openPoolDirSync(), as a promise. */
async function openPoolDir(common, workTree, env = process.env) {
    return openPoolDirSync(common, workTree, env);
}
/** The git dir of an old pool inside the repository's git dir, removed when a run opens the new one. */
function legacyPoolsIn(common) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(common, "agent-flow", "worktrees");
}
/**
 * Pools whose repository is gone (its common dir no longer exists): each is a folder of `poolsRoot`
 * holding an owner file. Links and folders without an owner file are never touched.
 */
async function orphanPools(env = process.env) {
    const root = poolsRoot(env);
    const found = [];
    for (const name of await readdir(root).catch(() => [])) {
        const dir = join(root, name);
        const st = await lstat(dir).catch(() => null);
        if (!st?.isDirectory())
            continue;
        const owner = (await readFile(join(dir, OWNER_FILE), "utf8").catch(() => "")).trimEnd();
        if (!owner || !isAbsolute(owner))
            continue;
        // Gone only when git's dir is not there: a path this process may not read (EACCES) is not gone.
        const gone = await lstat(owner).then(() => false, (e) => e.code === "ENOENT" || e.code === "ENOTDIR");
        if (gone)
            found.push(dir);
    }
    return found.sort();
}


/***/ }),

/***/ 8915:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jc: () => (/* binding */ disposeSpare),
/* harmony export */   LV: () => (/* binding */ launchSpare),
/* harmony export */   M4: () => (/* binding */ keepSpareReady),
/* harmony export */   vZ: () => (/* binding */ endSparesSync),
/* harmony export */   xq: () => (/* binding */ AttemptSpare)
/* harmony export */ });
/* unused harmony exports startSpare, takeSpare, holdRefills, keepSparesReady, keptSparePid, keptSpares, spareScript */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var _containment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5799);
/**
 * An attempt's contained process, started before its command is known. Making a PID namespace costs a
 * fork of the engine (which blocks it for a few ms) and three programs started one after the other
 * (setpriv, unshare, the namespace's shell): 10-20 ms on a loaded machine, which used to lie between the
 * moment the agent could start and its first instruction. A spare is that chain made ahead: the engine
 * keeps one, started while an agent runs (keepSpareReady(); the engine has nothing else to do then), for
 * the next attempt, which takes it as it begins (or, in a wide group, as its directory is handed over).
 * A parallel group's members each need one at the same moment: the engine then keeps as many as the
 * group is wide (keepSparesReady(), made ahead while the run starts or while the previous step's agents
 * run), so that starting a member is only writing its script.
 * The namespace's shell waits for its script on stdin and runs nothing before it. The script (written
 * by runProcess() once everything that must precede the agent is done: its directory, prompt,
 * fingerprint and status write) changes to the agent's directory, sets its whole environment and runs
 * its command as the shell's child, exactly as the shell of containedCommand() does; the command's
 * stdin is the spare's fd 3 or /dev/null. A spare that waits longer than IDLE_MS ends unused (a
 * namespace's mounts are those of the moment it was made, so none is used long after).
 *
 * The spare's processes get an empty environment: no secret sits in setpriv's or unshare's environment,
 * and the command's variables arrive on the shell's stdin (a socket only the engine writes to). A spare
 * not used ends with its attempt (disposeSpare()), on the engine's exit, and with the engine itself
 * (setpriv's death signal, as for any contained command).
 */


/** Variable names a shell may export with `export NAME=value`. */
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Names the shell sets or reads itself: an environment that holds one is left to a plain spawn, so that
 * what the command receives never depends on the shell's handling of them.
 */
const SHELL_NAMES = new Set(["IFS", "PPID", "OPTIND", "PS1", "PS2", "PS4", "PWD", "OLDPWD", "ENV", "LINENO"]);
const spares = new Set();
/** The spares kept for the next attempts, oldest first, each with the timer that ends it unused. */
const ready = [];
/** Spares still to be started for keepSparesReady(): one at a time, each in its own turn of the loop. */
let filling = null;
/** How many keepSparesReady() still starts. */
let toMake = 0;
/** How long a spare kept for the next attempt waits for it at most. */
const IDLE_MS = 10 * 60_000;
let exitHookInstalled = false;
/** A value as one single-quoted shell word. */
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const streamsOf = (c) => [c.stdin, c.stdout, c.stderr, c.stdio[3]];
function setRef(c, on) {
    if (on)
        c.ref();
    else
        c.unref();
    for (const s of streamsOf(c)) {
        const h = s;
        if (on)
            h?.ref?.();
        else
            h?.unref?.();
    }
}
/**
 * Starts a spare when agents run in a PID namespace (else null: the command is spawned as before). It
 * keeps no event loop alive while it waits.
 */
function startSpare() {
    let argv;
    try {
        argv = (0,_containment_js__WEBPACK_IMPORTED_MODULE_1__/* .containment */ .R7)() === "pid-namespace" ? (0,_containment_js__WEBPACK_IMPORTED_MODULE_1__/* .namespacedShell */ .YK)() : null;
    }
    catch {
        return null; // a bad setting: runProcess() reports it
    }
    if (!argv)
        return null;
    let child;
    try {
        child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(argv[0], argv.slice(1), {
            cwd: "/",
            env: {},
            detached: true,
            stdio: ["pipe", "pipe", "pipe", "pipe"],
        });
    }
    catch {
        return null;
    }
    child.on("error", () => undefined); // a failed start shows as no pid; a failed write, as its exit
    for (const s of [child.stdin, child.stdio[3]])
        s?.on("error", () => undefined);
    if (child.pid === undefined)
        return null;
    const spare = { child, pid: child.pid, used: false };
    spares.add(spare);
    child.once("exit", () => spares.delete(spare));
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", endSparesSync);
    }
    setRef(child, false);
    return spare;
}
/** The spare kept ready (keepSpareReady()) when there is one, else one started now (or null, see startSpare()). */
function takeSpare() {
    return takeKept() ?? startSpare();
}
function takeKept() {
    for (let kept = ready.shift(); kept; kept = ready.shift()) {
        clearTimeout(kept.timer);
        const c = kept.spare.child;
        if (!kept.spare.used && c.exitCode === null && c.signalCode === null)
            return kept.spare;
        disposeSpare(kept.spare);
    }
    return null;
}
/** Drops kept spares that ended or were used; how many are left. */
function liveKept() {
    for (let i = ready.length - 1; i >= 0; i--) {
        const k = ready[i];
        const c = k.spare.child;
        if (k.spare.used || c.exitCode !== null || c.signalCode !== null) {
            clearTimeout(k.timer);
            disposeSpare(k.spare);
            ready.splice(i, 1);
        }
    }
    return ready.length;
}
/** Starts one spare and keeps it; false when none can be started (see startSpare()). */
function keepOne() {
    const spare = startSpare();
    if (!spare)
        return false;
    const timer = setTimeout(() => {
        const i = ready.findIndex((k) => k.spare === spare);
        if (i >= 0)
            ready.splice(i, 1);
        disposeSpare(spare);
    }, IDLE_MS);
    timer.unref();
    ready.push({ spare, timer });
    return true;
}
/**
 * An attempt's spare: the one kept ready, taken as the attempt begins or, when there was none then, as
 * its directory is handed over (start(): in a wide group, the one the member launched before it left).
 * Without one the command is spawned as before: a spare started on the spot, while the run's first
 * directory is prepared, measured no faster (its fork and programs compete with that git work).
 */
class AttemptSpare {
    current = takeKept();
    /** Takes the spare kept since the attempt began (e.g. by a member launched before), unless it has one. */
    start() {
        this.current ??= takeKept();
    }
    /** The attempt's spare; when it had none, one kept meanwhile (e.g. made ahead for a group, keepSparesReady()). */
    get spare() {
        this.current ??= takeKept();
        return this.current;
    }
    /** Ends it unless a command took it. */
    dispose() {
        disposeSpare(this.current);
    }
}
/**
 * Starts a spare for the next attempt unless one is kept already; it ends after IDLE_MS unused. Not while
 * a group holds refills (holdRefills()): it keeps the next step's spares itself, once all its agents run.
 */
function keepSpareReady() {
    if (held > 0 || liveKept() > 0 || filling)
        return;
    keepOne();
}
/** Groups under way that keep the next step's spares themselves (see keepSpareReady()). */
let held = 0;
/**
 * While `during` runs, a command launched in a spare starts no other: a group's members launch one after
 * another, and a fork of the engine there (with its three programs) slows the next member's start.
 */
async function holdRefills(during) {
    held += 1;
    try {
        return await during();
    }
    finally {
        held -= 1;
    }
}
/**
 * Keeps `n` spares for the attempts to come (a parallel group's members, which begin together), at most
 * MAX_KEPT. Each is a fork of the engine, which blocks it for a few ms: they are started one per turn of
 * the event loop, so that what else the engine does meanwhile (a warm-up's git, its status writes) is
 * not held up by all of them at once. Each ends after IDLE_MS unused.
 */
function keepSparesReady(n) {
    // As many as are missing now: those taken while they are made are not made again.
    toMake = Math.max(toMake, Math.min(n, MAX_KEPT) - liveKept());
    if (filling)
        return;
    const step = () => {
        filling = null;
        if (toMake <= 0 || !keepOne()) {
            toMake = 0;
            return;
        }
        toMake -= 1;
        filling = setImmediate(step);
        filling.unref();
    };
    step();
}
/** Spares kept at most: the widest group that starts its members together (its helper shells' limit). */
const MAX_KEPT = 16;
/** The pid of the spare kept for the next attempt, if any (for tests and diagnostics). */
const keptSparePid = () => (liveKept() > 0 ? (ready[0]?.spare.pid ?? null) : null);
/** How many spares are kept for the attempts to come (for tests and diagnostics). */
const keptSpares = () => liveKept();
/** SIGKILLs every spare's group (for the engine's exit: a spare never outlives it). */
function endSparesSync() {
    for (const s of spares)
        kill(s.pid);
}
function kill(pgid) {
    try {
        process.kill(-pgid, "SIGKILL");
    }
    catch {
        // gone
    }
}
/** Ends a spare that was not used (a no-op for one that was): nothing of it outlives its attempt. */
function disposeSpare(spare) {
    if (!spare || spare.used)
        return;
    spare.used = true;
    kill(spare.pid);
    for (const s of streamsOf(spare.child))
        s?.destroy();
}
/**
 * The script that makes the spare's shell run `c` (see the head of this file), or null when the command
 * cannot be put in one: a NUL in a word, or a variable name the shell could not export as given.
 */
function spareScript(c) {
    const env = Object.entries(c.env).filter((e) => e[1] !== undefined);
    const words = [...c.command, c.cwd, ...env.flat()];
    if (c.command.length === 0 || words.some((w) => w.includes("\0")))
        return null;
    if (env.some(([k]) => !NAME_RE.test(k) || SHELL_NAMES.has(k)))
        return null;
    const redirect = `${c.mergeStderr ? " 2>&1" : ""} ${c.stdin !== undefined ? "<&3" : "</dev/null"} 3<&-`;
    return [
        // The shell was started in /, with no variable but the PWD and OLDPWD it sets itself.
        `cd -P -- ${quote(c.cwd)} || exit 126`,
        "unset OLDPWD",
        ...env.map(([k, v]) => `export ${k}=${quote(v)}`),
        `${c.command.map(quote).join(" ")}${redirect}`,
        'exit "$?"',
        "",
    ].join("\n");
}
/**
 * Hands `c` to the spare and returns its process, now running the command (its pid is the group's, as a
 * spawned one's); null when the spare cannot take it (it ended, or the script cannot say the command):
 * the spare is then disposed and the caller spawns the command itself.
 */
function launchSpare(spare, c) {
    if (spare.used)
        return null;
    const child = spare.child;
    const script = spareScript(c);
    if (script === null || child.exitCode !== null || child.signalCode !== null || !child.stdin) {
        disposeSpare(spare);
        return null;
    }
    spare.used = true;
    setRef(child, true);
    child.stdin.end(script);
    const input = child.stdio[3];
    if (c.stdin !== undefined)
        input?.end(c.stdin);
    else
        input?.destroy();
    return child;
}


/***/ }),

/***/ 8883:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  v0: () => (/* reexport */ appendLogLine),
  $u: () => (/* reexport */ commandActivity),
  dy: () => (/* reexport */ describeResult),
  R3: () => (/* binding */ runProcess),
  G8: () => (/* reexport */ retry/* runWithRetries */.G8)
});

// UNUSED EXPORTS: backoffDelay, killAllChildrenSync

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/bundle/js/engine/containment.js + 1 modules
var containment = __webpack_require__(5799);
;// CONCATENATED MODULE: ./build/bundle/js/engine/log-cap.js
/**
 * Bounded logs. An agent can print without end (a 315 MB agent.log was seen), so what the engine writes
 * to one log file is capped: the first half of the budget is written as it comes, the last half is kept
 * in memory as a ring and written at the end, after one marker line saying how much was dropped.
 * Readers (`agent-flow logs`) read a bounded tail, never the whole file.
 */

/** Per log file (an agent's agent.log, a check's log): about this many bytes, whatever the output. */
const DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024;
/** Every attempt keeps at least this much of its end, even in a log already at its cap. */
const MIN_TAIL_BYTES = 64 * 1024;
class CappedLog {
    fd;
    maxBytes;
    headLeft;
    tailMax;
    tail = [];
    tailBytes = 0;
    dropped = 0;
    /** `fd` is open for appending; `used` is what the file already holds (earlier attempts). */
    constructor(fd, used, maxBytes = DEFAULT_MAX_LOG_BYTES) {
        this.fd = fd;
        this.maxBytes = maxBytes;
        const budget = Math.max(0, maxBytes - used);
        this.headLeft = Math.floor(budget / 2);
        this.tailMax = Math.max(MIN_TAIL_BYTES, budget - this.headLeft);
    }
    write(chunk) {
        if (this.headLeft > 0) {
            const head = chunk.subarray(0, this.headLeft);
            this.headLeft -= head.length;
            external_node_fs_.writeSync(this.fd, head);
            chunk = chunk.subarray(head.length);
            if (chunk.length === 0)
                return;
        }
        this.tail.push(chunk);
        this.tailBytes += chunk.length;
        while (this.tail.length > 0 && this.tailBytes - this.tail[0].length >= this.tailMax) {
            const first = this.tail.shift();
            this.tailBytes -= first.length;
            this.dropped += first.length;
        }
    }
    /** Writes the marker (when anything was dropped) and the kept tail. */
    flush() {
        let tail = Buffer.concat(this.tail);
        if (tail.length > this.tailMax) {
            this.dropped += tail.length - this.tailMax;
            tail = tail.subarray(tail.length - this.tailMax);
        }
        this.tail = [];
        this.tailBytes = 0;
        if (this.dropped > 0)
            external_node_fs_.writeSync(this.fd, `\n==> agent-flow: ${this.dropped} bytes of output dropped here (the log keeps its first and last part; cap ${this.maxBytes} bytes per log)\n`);
        this.dropped = 0;
        if (tail.length > 0)
            external_node_fs_.writeSync(this.fd, tail);
    }
}
/** The default number of bytes `agent-flow logs` prints from the end of a log. */
const LOGS_TAIL_BYTES = (/* unused pure expression or super */ null && (256 * 1024));
/**
 * The last `maxBytes` of a file (from the start of a line when cut), with a first line saying what was
 * left out, and the file's size to follow it from. A missing file reads as empty.
 */
async function readLogTail(file, maxBytes = LOGS_TAIL_BYTES) {
    let handle;
    try {
        handle = await fs.promises.open(file, "r");
    }
    catch {
        return { text: "", size: 0 };
    }
    try {
        const size = (await handle.stat()).size;
        const start = Math.max(0, size - maxBytes);
        const buf = Buffer.alloc(size - start);
        const { bytesRead } = await handle.read(buf, 0, buf.length, start);
        let body = buf.subarray(0, bytesRead);
        if (start === 0)
            return { text: body.toString("utf8"), size: start + bytesRead };
        const nl = body.indexOf(0x0a);
        const skipped = start + (nl >= 0 ? nl + 1 : 0);
        if (nl >= 0)
            body = body.subarray(nl + 1);
        return {
            text: `==> agent-flow: the first ${skipped} bytes of ${file} are not shown (open the file to read them)\n${body.toString("utf8")}`,
            size: start + bytesRead,
        };
    }
    finally {
        await handle.close();
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./build/bundle/js/engine/process-exit.js

/** How long to wait for output pipes to close once the group is gone (a process that left the group may hold them). */
const PIPE_DRAIN_MS = 2000;
/**
 * Ends the attempt's processes that left its group (containment.ts). A namespace's leader that exited
 * by itself (not by a signal, and not ended by the runner: then the namespace's end may still be under
 * way) waited for its namespace to end, so nothing is left to look for.
 */
async function endLeftBehind(tracker, mode, how) {
    if (mode === "pid-namespace" && !how.signalled && !how.terminated)
        tracker.gone();
    else
        await tracker.endAllSoon().catch(() => tracker.endAll());
}
/** Waits for the child's output pipes to close, at most PIPE_DRAIN_MS, then lets go of them. */
async function drainPipes(child, pipesClosed) {
    if (pipesClosed.length === 0)
        return;
    let drainTimer;
    await Promise.race([
        Promise.all(pipesClosed),
        new Promise((done) => {
            drainTimer = setTimeout(done, PIPE_DRAIN_MS);
        }),
    ]);
    clearTimeout(drainTimer);
    child.stdout?.destroy();
    child.stderr?.destroy();
}
/** The namespace's shell reports a signal death as 128+N (containment.ts, namespaced). */
function namespaceExit(code, sig) {
    if (code === null || code <= 128)
        return [code, sig];
    const name = Object.entries(external_node_os_.constants.signals).find(([, n]) => n === code - 128)?.[0];
    return name ? [null, name] : [code, sig];
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/process-group.js
/**
 * Process groups: every child the runner starts leads its own group, so a timeout or a cancel ends the
 * whole group (SIGTERM, then SIGKILL after a grace period).
 */

const POLL_MS = 25;
const SIGKILL_SETTLE_MS = 1000;
/** Send a signal to a whole process group; false when the group no longer exists. */
function signalGroup(pgid, sig) {
    try {
        process.kill(-pgid, sig);
        return true;
    }
    catch (e) {
        const code = e.code;
        if (code === "ESRCH")
            return false;
        return code === "EPERM"; // members exist but are not ours to signal: treat as alive
    }
}
/**
 * Whether the group still has a process that is not a zombie. Zombies count as members for kill(2) until
 * their parent (init, for orphans) reaps them, which some inits do only every few seconds; they are dead,
 * so on Linux they are looked up in /proc and ignored.
 */
function groupAlive(pgid) {
    if (!signalGroup(pgid, 0))
        return false;
    if (process.platform !== "linux")
        return true;
    let entries;
    try {
        entries = external_node_fs_.readdirSync("/proc");
    }
    catch {
        return true;
    }
    for (const entry of entries) {
        if (!/^\d+$/.test(entry))
            continue;
        let stat;
        try {
            stat = external_node_fs_.readFileSync(`/proc/${entry}/stat`, "utf8");
        }
        catch {
            continue;
        }
        // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X")
            return true;
    }
    return false;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** SIGTERM the group, wait up to graceMs for it to empty, then SIGKILL whatever is left. */
async function terminateGroup(pgid, graceMs) {
    if (!signalGroup(pgid, "SIGTERM"))
        return;
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
        await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
        if (!groupAlive(pgid))
            return;
    }
    if (!signalGroup(pgid, "SIGKILL"))
        return;
    // SIGKILL is delivered asynchronously: give the kernel a moment so callers see the group gone.
    const killDeadline = Date.now() + SIGKILL_SETTLE_MS;
    while (groupAlive(pgid) && Date.now() < killDeadline)
        await sleep(5);
}

// EXTERNAL MODULE: ./build/bundle/js/engine/process-spare.js
var process_spare = __webpack_require__(8915);
;// CONCATENATED MODULE: ./build/bundle/js/engine/process-live.js


/** Process-group ids (= leader pids) of children still running or being cleaned up. */
const liveGroups = new Set();
/** The processes of attempts still running, including those that left the group (containment.ts). */
const liveTrackers = new Set();
/** How many commands were started so far. */
let startedCount = 0;
let exitHookInstalled = false;
/** Commands running (or being cleaned up), and how many were started so far (fingerprint-index.ts). */
const commandActivity = () => ({
    live: liveGroups.size + liveTrackers.size,
    started: startedCount,
});
/** A command started: its group and tracker are ended with the engine until markEnded(). */
function markStarted(pgid, tracker) {
    liveGroups.add(pgid);
    startedCount += 1;
    liveTrackers.add(tracker);
    if (exitHookInstalled)
        return;
    exitHookInstalled = true;
    process.on("exit", () => killAllChildrenSync());
}
/** A command's group gone and its tracker ended. */
function markEnded(pgid, tracker) {
    if (pgid !== undefined)
        liveGroups.delete(pgid);
    if (tracker)
        liveTrackers.delete(tracker);
}
/**
 * SIGKILL every process group this module started that has not been fully cleaned up. Synchronous, for
 * `process.on("exit")` and signal handlers. An "exit" hook calling it is installed on first spawn; the
 * engine must still handle SIGINT/SIGTERM itself (children are in their own groups, so a Ctrl-C at the
 * terminal does not reach them).
 */
function killAllChildrenSync(signal = "SIGKILL") {
    for (const pgid of liveGroups)
        signalGroup(pgid, signal);
    if (signal === "SIGKILL") {
        for (const t of liveTrackers)
            t.endAll();
        (0,process_spare/* endSparesSync */.vZ)();
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
;// CONCATENATED MODULE: ./build/bundle/js/engine/process-log.js
/**
 * What the process runner writes to an attempt's log besides the output: header lines, the one-line
 * footer saying how the process ended, and the line splitting of output for live views.
 */



const MAX_LINE_CHARS = 64 * 1024;
function spawnErrorMessage(err, program) {
    switch (err.code) {
        case "ENOENT":
            return `command not found: ${program}`;
        case "EACCES":
            return `permission denied: ${program}`;
        default:
            return `${err.code ?? "error"}: ${err.message}`;
    }
}
function formatSeconds(ms) {
    return `${(ms / 1000).toFixed(1)}s`;
}
/** One line for logs and status files: "exited with code 3", "timed out after 2.0s and was killed", ... */
function describeResult(r) {
    if (r.error !== undefined)
        return `could not start: ${r.error}`;
    if (r.cancelled)
        return "cancelled";
    if (r.timedOut)
        return `timed out after ${formatSeconds(r.timeoutMs ?? r.durationMs)} and was killed`;
    if (r.signal)
        return `killed by ${r.signal}`;
    if (r.exitCode !== null)
        return `exited with code ${r.exitCode}`;
    return "ended without exit code or signal";
}
/** Append one line to a log file (creating its directory), e.g. the caller's attempt header. */
function appendLogLine(logFile, line) {
    external_node_fs_.mkdirSync(external_node_path_.dirname(logFile), { recursive: true });
    external_node_fs_.appendFileSync(logFile, line.endsWith("\n") ? line : `${line}\n`);
}
function lastByteIsNewline(file) {
    let fd;
    try {
        const size = external_node_fs_.statSync(file).size;
        if (size === 0)
            return true;
        fd = external_node_fs_.openSync(file, "r");
        const buf = Buffer.alloc(1);
        external_node_fs_.readSync(fd, buf, 0, 1, size - 1);
        return buf[0] === 0x0a;
    }
    catch {
        return true;
    }
    finally {
        if (fd !== undefined)
            external_node_fs_.closeSync(fd);
    }
}
function writeFooter(logFile, fd, result) {
    const footer = `==> ${new Date().toISOString()} ${describeResult(result)}\n`;
    try {
        const text = lastByteIsNewline(logFile) ? footer : `\n${footer}`;
        if (fd !== undefined)
            external_node_fs_.writeSync(fd, text);
        else
            appendLogLine(logFile, text);
    }
    catch {
        // a log that cannot be written must not turn a finished run into a crash
    }
}
/** Splits a byte stream into lines for onLine, tolerating UTF-8 sequences cut across chunks. */
class LineSplitter {
    emit;
    decoder = new external_node_string_decoder_.StringDecoder("utf8");
    buffer = "";
    constructor(emit) {
        this.emit = emit;
    }
    push(chunk) {
        this.buffer += this.decoder.write(chunk);
        let nl = this.buffer.indexOf("\n");
        while (nl !== -1) {
            this.emitLine(this.buffer.slice(0, nl));
            this.buffer = this.buffer.slice(nl + 1);
            nl = this.buffer.indexOf("\n");
        }
        while (this.buffer.length > MAX_LINE_CHARS) {
            this.emitLine(this.buffer.slice(0, MAX_LINE_CHARS));
            this.buffer = this.buffer.slice(MAX_LINE_CHARS);
        }
    }
    end() {
        this.buffer += this.decoder.end();
        if (this.buffer.length > 0)
            this.emitLine(this.buffer);
        this.buffer = "";
    }
    emitLine(line) {
        try {
            this.emit(line.endsWith("\r") ? line.slice(0, -1) : line);
        }
        catch {
            // a broken live view must not break the run
        }
    }
}
function openLog(logFile) {
    try {
        external_node_fs_.mkdirSync(external_node_path_.dirname(logFile), { recursive: true });
        return external_node_fs_.openSync(logFile, "a");
    }
    catch (e) {
        return `cannot open log file ${logFile}: ${e.message}`;
    }
}

// EXTERNAL MODULE: ./build/bundle/js/engine/retry.js
var retry = __webpack_require__(5350);
;// CONCATENATED MODULE: ./build/bundle/js/engine/process.js
/**
 * The process runner the local engine uses for agents and `check` commands.
 *
 * Every child leads its own process group (`detached: true`); a timeout, a cancellation, or the leader
 * exiting with helpers still running ends the WHOLE group: SIGTERM, then SIGKILL after a grace period.
 * Processes that left the group (setsid, double fork) are ended with it (containment.ts). Output goes
 * through the engine to an append-only log file, capped (log-cap.ts), followed by a one-line footer.
 * Nothing here throws for a child that fails to start: the result carries `error` instead.
 */












const DEFAULT_KILL_GRACE_MS = 3000;
/**
 * Run one command to completion. Never rejects: start failures come back with `error` set and exitCode
 * null. Resolves only after the leader exited and its process group is gone (stragglers the leader
 * left behind are SIGTERMed, then SIGKILLed after the grace), and after the footer is in the log.
 */
async function runProcess(opts) {
    const started = performance.now();
    const graceMs = opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const base = {
        exitCode: null,
        signal: null,
        timedOut: false,
        cancelled: false,
        durationMs: 0,
        pid: undefined,
        ...(opts.timeoutMs > 0 ? { timeoutMs: opts.timeoutMs } : {}),
    };
    const finishEarly = (fields, fd) => {
        (0,process_spare/* disposeSpare */.Jc)(opts.spare);
        const result = { ...base, ...fields, durationMs: performance.now() - started };
        writeFooter(opts.logFile, fd, result);
        if (fd !== undefined)
            external_node_fs_.closeSync(fd);
        return result;
    };
    const fd = openLog(opts.logFile);
    if (typeof fd === "string")
        return { ...base, error: fd };
    const program = opts.command[0];
    if (program === undefined || program === "")
        return finishEarly({ error: "empty command" }, fd);
    try {
        if (!external_node_fs_.statSync(opts.cwd).isDirectory())
            throw new Error("not a directory");
    }
    catch {
        return finishEarly({ error: `working directory does not exist: ${opts.cwd}` }, fd);
    }
    if (opts.signal?.aborted)
        return finishEarly({ cancelled: true }, fd);
    let mode;
    try {
        mode = (0,containment/* containment */.R7)();
    }
    catch (e) {
        return finishEarly({ error: e.message }, fd);
    }
    // Without a live view, stderr joins stdout so that the log keeps their order.
    const argv = (0,containment/* containedCommand */.FZ)(mode, opts.command, opts.onLine === undefined);
    if (argv[0] !== program) {
        // A wrapper would find a missing program only once started; say it as spawn would.
        const problem = (0,containment/* startProblem */.Uo)(program, opts.env.PATH, opts.cwd);
        if (problem)
            return finishEarly({ error: problem }, fd);
    }
    const mark = opts.env[containment/* PROCESS_MARK */.Mm];
    // Output always passes through the engine, which caps what reaches the log (log-cap.ts).
    const used = (() => {
        try {
            return external_node_fs_.fstatSync(fd).size;
        }
        catch {
            return 0;
        }
    })();
    const capped = new CappedLog(fd, used, opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES);
    let child;
    const spared = opts.spare && mode === "pid-namespace"
        ? (0,process_spare/* launchSpare */.LV)(opts.spare, {
            command: opts.command,
            cwd: opts.cwd,
            env: opts.env,
            mergeStderr: opts.onLine === undefined,
            ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
        })
        : null;
    try {
        child =
            spared ??
                (0,external_node_child_process_.spawn)(argv[0], argv.slice(1), {
                    cwd: opts.cwd,
                    env: opts.env,
                    detached: true,
                    stdio: [opts.stdin !== undefined ? "pipe" : "ignore", "pipe", "pipe"],
                });
    }
    catch (e) {
        return finishEarly({ error: spawnErrorMessage(e, program) }, fd);
    }
    (0,process_spare/* disposeSpare */.Jc)(opts.spare); // not taken (process-tree, or it could not take the command)
    return new Promise((resolve) => {
        const pid = child.pid;
        let settled = false;
        let exited = false;
        let exitCode = null;
        let exitSignal = null;
        let timedOut = false;
        let cancelled = false;
        let termination;
        let timer;
        let tracker;
        const terminate = () => {
            if (termination === undefined && pid !== undefined)
                termination = terminateGroup(pid, graceMs);
        };
        const onAbort = () => {
            if (exited || timedOut)
                return;
            cancelled = true;
            terminate();
        };
        const cleanup = () => {
            if (timer !== undefined)
                clearTimeout(timer);
            opts.signal?.removeEventListener("abort", onAbort);
        };
        // Output pipes: copy to the capped log, split into lines for onLine, and note when they close.
        const pipesClosed = [];
        for (const name of ["stdout", "stderr"]) {
            const stream = child[name];
            if (stream === null)
                continue;
            const onLine = opts.onLine;
            const splitter = onLine ? new LineSplitter((line) => onLine(name, line)) : undefined;
            stream.on("data", (chunk) => {
                try {
                    capped.write(chunk);
                }
                catch {
                    // keep draining the pipe even if the log is gone, or the child would block
                }
                splitter?.push(chunk);
            });
            pipesClosed.push(new Promise((done) => {
                stream.once("close", () => {
                    splitter?.end();
                    done();
                });
            }));
        }
        // A spare's stdin carried its script; the command's input went to its fd 3 (process-spare.ts).
        if (opts.stdin !== undefined && child.stdin && !spared) {
            child.stdin.on("error", () => { }); // EPIPE when the child does not read its input
            child.stdin.end(opts.stdin);
        }
        const settle = (fields) => {
            if (settled)
                return;
            settled = true;
            cleanup();
            child.stdio[3]?.destroy(); // a spare's input socket
            tracker?.endAll();
            markEnded(pid, tracker);
            try {
                capped.flush();
            }
            catch {
                // as for every log write: never turn a finished run into a crash
            }
            const result = {
                ...base,
                exitCode,
                signal: exitSignal,
                timedOut,
                cancelled,
                pid,
                ...fields,
                durationMs: performance.now() - started,
            };
            writeFooter(opts.logFile, fd, result);
            try {
                external_node_fs_.closeSync(fd);
            }
            catch {
                // already closed
            }
            resolve(result);
        };
        child.on("error", (err) => {
            // After a successful spawn, 'error' only reports failed kill()/stdin writes: the run goes on.
            if (pid === undefined)
                settle({ error: spawnErrorMessage(err, program), exitCode: null, signal: null });
        });
        if (pid === undefined)
            return; // spawn failed; 'error' follows
        tracker = new containment/* AttemptTracker */.AW(pid, mark, mode === "process-tree");
        markStarted(pid, tracker);
        // The next attempt's, made while this one runs (the engine has nothing else to do then).
        if (spared)
            setImmediate(process_spare/* keepSpareReady */.M4);
        try {
            opts.onSpawn?.();
        }
        catch {
            // a caller's bookkeeping must not stop the run
        }
        if (opts.timeoutMs > 0) {
            timer = setTimeout(() => {
                if (exited || cancelled)
                    return;
                timedOut = true;
                terminate();
            }, opts.timeoutMs);
        }
        opts.signal?.addEventListener("abort", onAbort, { once: true });
        child.once("exit", (code, sig) => {
            exited = true;
            exitCode = code;
            exitSignal = sig;
            if (mode === "pid-namespace")
                [exitCode, exitSignal] = namespaceExit(code, sig);
            cleanup();
            void (async () => {
                // The leader is gone; anything it left in its group is ended too, then whatever left the group.
                if (termination === undefined && groupAlive(pid))
                    terminate();
                if (termination !== undefined)
                    await termination;
                if (tracker)
                    await endLeftBehind(tracker, mode, {
                        signalled: sig !== null,
                        terminated: termination !== undefined,
                    });
                await drainPipes(child, pipesClosed);
                settle({});
            })();
        });
    });
}


/***/ }),

/***/ 9645:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ dropStagingOf)
/* harmony export */ });
/* unused harmony export dropHeldStagings */
/* harmony import */ var _agent_staging_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3473);

/**
 * The staging folders of a parallel group's members (agent-staging.ts), removed once the group's result
 * is combined rather than as each member ends: their removal is a few synchronous calls per member
 * (several ms under load) on the engine's one thread, between the last agent's end and the step's, where
 * the other members' snapshots and the shared reading of the user's checkout wait for it. Left for a
 * moment later they run while the step's save waits for its writes (setImmediate(): once the current
 * turn of the event loop, which begins that save, is over).
 *
 * A kill in between leaves a folder in the run folder's `.work`, as a kill during an agent does: a member
 * run again (its step is not saved yet) starts from freshStaging(), which removes what is there; a step
 * that was saved is not run again, and its leftover folder changes nothing (no reader looks at `.work`
 * but the attempt that made it).
 */
const held = [];
/** Removes `dir` now, or, for a member of a group, once dropHeldStagings() is called. */
function dropStagingOf(dir, inGroup) {
    if (inGroup)
        held.push(dir);
    else
        (0,_agent_staging_js__WEBPACK_IMPORTED_MODULE_0__/* .dropStaging */ .x4)(dir);
}
/** Removes the held folders a moment later (see above). */
function dropHeldStagings() {
    if (held.length === 0)
        return;
    const dirs = held.splice(0);
    setImmediate(() => {
        for (const d of dirs)
            dropStaging(d);
    });
}


/***/ }),

/***/ 8031:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H: () => (/* binding */ RunWorkspace)
});

// UNUSED EXPORTS: ENGINE_IDENTITY

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/engine/agent-dir.js
var agent_dir = __webpack_require__(2243);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-objects.js
var git_objects = __webpack_require__(1789);
;// CONCATENATED MODULE: ./build/bundle/js/engine/combine-check.js


/** The combined tree of a parallel group lost an agent's change (e.g. a file/folder clash). */
class CombineClashError extends errors/* AgentFlowError */.o {
    constructor(message) {
        super(message);
        this.name = "CombineClashError";
    }
}
/**
 * Checks that `tree` holds every agent's changes: each path an agent wrote has that agent's mode and
 * object, and each path it deleted is absent as a file. One ls-tree over the changed paths.
 */
async function checkCombined(git, tree, perAgent) {
    const paths = [...new Set(perAgent.flat().map((c) => c.path))];
    if (paths.length === 0)
        return;
    const found = new Map();
    for (const e of await (0,git_objects/* treeEntries */.re)(git, tree, paths, { recursive: true }))
        found.set(e.path, `${e.mode} ${e.oid}`);
    for (const [i, changes] of perAgent.entries()) {
        for (const c of changes) {
            const deleted = /^0+$/.test(c.mode);
            const got = found.get(c.path);
            if (deleted ? got === undefined : got === `${c.mode} ${c.oid}`)
                continue;
            throw clashError(perAgent, i, c);
        }
    }
}
/** The error for agent `i`'s change `c`, which the combined tree does not hold. */
function clashError(perAgent, i, c) {
    const deleted = /^0+$/.test(c.mode);
    const other = perAgent
        .flatMap((cs, j) => (j === i ? [] : cs.map((x) => x.path)))
        .find((p) => p.startsWith(`${c.path}/`) || c.path.startsWith(`${p}/`));
    return new CombineClashError(`parallel agents' changes do not fit together: ${JSON.stringify(c.path)} ${deleted ? "deleted by one agent is still present" : "written by one agent is missing from the combined result"}${other ? `, because another agent of the same group wrote ${JSON.stringify(other)} (a file and a folder at the same place)` : ""}; nothing of this step was kept. Give the agents scopes that cannot hold a file and a folder at the same path`);
}

// EXTERNAL MODULE: ./build/bundle/js/engine/index-file.js
var index_file = __webpack_require__(1887);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/bundle/js/engine/loose-object.js
var loose_object = __webpack_require__(3964);
;// CONCATENATED MODULE: ./build/bundle/js/engine/tree-writer.js

/**
 * The cache-tree extension as a tree of nodes, or null when there is none or it cannot be read (then
 * git is asked: without one, every tree would be built). Without `full`, a valid node's subtrees are
 * left out (its children map is empty): what writeEntriesTree() needs.
 */
function readCacheTree(idx, full = false) {
    const span = idx.cacheTree;
    if (span === null)
        return null;
    const { buf, hashLen } = idx;
    let at = span.start;
    const SKIPPED = { oid: null, count: -1, children: new Map() };
    // Unless `full` (a caller that invalidates nodes itself), the subtrees of a valid node are never
    // looked at (the writer takes its id): they are only read through, without a string or map made for
    // them (most of a big repository's nodes).
    const node = (wanted) => {
        const head = cacheTreeHead(buf, at, span.end, hashLen);
        if (head === null)
            return null;
        at = head.next;
        const valid = head.count >= 0;
        const children = new Map();
        const inner = wanted && (full || !valid);
        for (let i = 0; i < head.subtrees; i++) {
            const child = node(inner);
            if (child === null)
                return null;
            if (inner)
                children.set(child.name, child.node);
        }
        if (!wanted)
            return { name: "", node: SKIPPED };
        const oid = valid ? buf.toString("hex", head.next - hashLen, head.next) : null;
        const name = buf.toString("latin1", head.nameStart, head.nameEnd);
        return { name, node: { oid, count: valid ? head.count : -1, children } };
    };
    const root = node(true);
    return root !== null && root.name === "" && at === span.end ? root.node : null;
}
/** Reads a decimal number of `buf` at [from, to) ("-" allowed first); NaN when it is not one. */
function decimal(buf, from, to) {
    let i = from;
    const negative = buf[i] === 0x2d;
    if (negative)
        i++;
    if (i >= to)
        return Number.NaN;
    let n = 0;
    for (; i < to; i++) {
        const d = buf[i] - 0x30;
        if (d < 0 || d > 9)
            return Number.NaN;
        n = n * 10 + d;
    }
    return negative ? -n : n;
}
/**
 * The header of the cache-tree node at `at` (see CacheTreeHead), or null when it is damaged. Byte
 * scanning, no strings: every node of a big repository's cache-tree is read for each snapshot.
 */
function cacheTreeHead(buf, at, end, hashLen) {
    const nul = buf.indexOf(0, at);
    if (nul < 0 || nul >= end)
        return null;
    const nl = buf.indexOf(10, nul + 1);
    if (nl < 0 || nl >= end)
        return null;
    const sp = buf.indexOf(0x20, nul + 1);
    if (sp < 0 || sp >= nl)
        return null;
    const count = decimal(buf, nul + 1, sp);
    const subtrees = decimal(buf, sp + 1, nl);
    if (Number.isNaN(count) || Number.isNaN(subtrees) || subtrees < 0 || buf[sp + 1] === 0x2d)
        return null;
    let next = nl + 1;
    if (count >= 0) {
        if (next + hashLen > end)
            return null;
        next += hashLen;
    }
    return { nameStart: at, nameEnd: nul, count, subtrees, countsStart: nul + 1, next };
}
const [EXEC, FILE, LINK, GITLINK] = ["100755 ", "100644 ", "120000 ", "160000 "].map((m) => Buffer.from(m));
/** An index entry's mode as a tree entry starts with it (octal, no leading zero, then a space). */
function treeModeBytes(mode) {
    const kind = mode & 0o170000;
    if (kind === 0o100000)
        return (mode & 0o111 ? EXEC : FILE);
    if (kind === 0o120000)
        return LINK;
    if (kind === 0o160000)
        return GITLINK;
    return null;
}
/** A list of paths given as latin1 strings (one char per byte, sorted by bytes) as the writer reads it. */
function entriesFromPaths(paths, modes, oid) {
    const names = Buffer.from(paths.join(""), "latin1");
    const nameStart = new Uint32Array(paths.length);
    const nameEnd = new Uint32Array(paths.length);
    let at = 0;
    for (const [i, p] of paths.entries()) {
        nameStart[i] = at;
        at += p.length;
        nameEnd[i] = at;
    }
    return { names, nameStart, nameEnd, modes, count: paths.length, oid };
}
/** Two entries at one path, or a file and a folder at the same place: no tree can hold both. */
class TreeEntryClash extends Error {
    path;
    constructor(
    /** The path (UTF-8) that is both a file and a folder, or given twice. */
    path) {
        super(`two entries at ${JSON.stringify(path)} (a file and a folder at the same place, or the same path twice)`);
        this.path = path;
        this.name = "TreeEntryClash";
    }
}
/**
 * Writes the trees of `idx` that its cache-tree does not name and returns the root tree's id, or null
 * when the index holds something this writer does not handle (the caller runs git write-tree).
 */
async function writeIndexTree(git, idx) {
    const cache = readCacheTree(idx);
    if (cache === null)
        return null;
    const { buf, oids, hashLen } = idx;
    const oid = (i) => buf.subarray(oids[i], oids[i] + hashLen);
    return writeEntriesTree(git, { ...idx, oid }, cache);
}
/**
 * Writes the trees of `list` that `cache` does not name and returns the root tree's id; null when an
 * entry has a mode no tree holds, or a count in the cache disagrees with the entries. Entries are sorted
 * by path bytes, so a directory's entries are contiguous and listing them in order is tree order (a
 * directory sorts as its name followed by '/'). A directory the cache names is skipped by its entry
 * count, so only the entries of the directories on the way to a change are read. Throws TreeEntryClash
 * for a path given twice or a file and a folder at the same place (an index git wrote never has either;
 * a list the engine put together may).
 */
async function writeEntriesTree(git, list, cache) {
    const { names, nameStart, nameEnd, modes, count } = list;
    const SLASH = 0x2f;
    /** Whether entry `j`'s path starts with the first `len` bytes of entry `i`'s. */
    const sharesPrefix = (j, i, len) => {
        const a = nameStart[i];
        const b = nameStart[j];
        if (nameEnd[j] - b <= len)
            return false;
        for (let k = 0; k < len; k++)
            if (names[a + k] !== names[b + k])
                return false;
        return true;
    };
    // The directory of entries [lo, hi) whose paths share their first `plen` bytes (the directory's
    // path and its '/'; 0 for the root).
    const build = async (plen, lo, hi, node) => {
        if (node?.oid)
            return node.oid;
        const parts = [];
        // Names listed in this directory: a file and a folder of one name need not be neighbours
        // ("a", "a.txt", "a/b"), so each name is checked against all of them.
        const seen = new Set();
        const once = (i, from, to) => {
            const name = names.toString("latin1", from, to);
            if (seen.has(name))
                throw new TreeEntryClash(names.toString("utf8", nameStart[i], to));
            seen.add(name);
        };
        let i = lo;
        while (i < hi) {
            const from = nameStart[i] + plen;
            const to = nameEnd[i];
            if (from >= to)
                return null;
            const slash = names.indexOf(SLASH, from);
            if (slash < 0 || slash >= to) {
                const mode = treeModeBytes(modes[i]);
                if (mode === null)
                    return null;
                once(i, from, to);
                parts.push(mode, names.subarray(from, to), ZERO, list.oid(i));
                i++;
                continue;
            }
            if (slash === from)
                return null;
            once(i, from, slash);
            const name = names.subarray(from, slash);
            const sub = slash + 1 - nameStart[i];
            const child = node?.children.get(name.toString("latin1"));
            let j;
            if (child?.oid && child.count > 0 && i + child.count <= hi) {
                // A valid subtree: its entry count says where it ends (checked at both ends).
                j = i + child.count;
                if (!sharesPrefix(j - 1, i, sub) || (j < hi && sharesPrefix(j, i, sub)))
                    return null;
            }
            else {
                j = i + 1;
                while (j < hi && sharesPrefix(j, i, sub))
                    j++;
            }
            const oid = await build(sub, i, j, child);
            if (oid === null)
                return null;
            parts.push(TREE_MODE, name, ZERO, Buffer.from(oid, "hex"));
            i = j;
        }
        return (0,loose_object/* writeObject */.p7)(git, "tree", Buffer.concat(parts));
    };
    return build(0, 0, count, cache ?? undefined);
}
const ZERO = Buffer.from([0]);
/** A subtree's mode as a tree entry starts with it. */
const TREE_MODE = Buffer.from("40000 ");

;// CONCATENATED MODULE: ./build/bundle/js/engine/index-merge.js


/** The first entry of `idx` whose path is not below `path` in byte order. */
function lowerBound(idx, path) {
    let lo = 0;
    let hi = idx.count;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const name = idx.names.subarray(idx.nameStart[mid], idx.nameEnd[mid]);
        if (Buffer.compare(name, path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
const nameAt = (idx, i) => idx.names.subarray(idx.nameStart[i], idx.nameEnd[i]);
/**
 * Whether adding `path` (not in the index) would put a file and a folder at one place: an entry on the
 * way to it, or entries under it. git sorts that out; the engine leaves it to git.
 */
function clashes(idx, path) {
    for (let k = path.indexOf(0x2f); k >= 0; k = path.indexOf(0x2f, k + 1)) {
        const parent = path.subarray(0, k);
        const at = lowerBound(idx, parent);
        if (at < idx.count && nameAt(idx, at).equals(parent))
            return true;
    }
    const under = Buffer.concat([path, Buffer.from("/")]);
    const at = lowerBound(idx, under);
    return at < idx.count && nameAt(idx, at).subarray(0, under.length).equals(under);
}
/** `before`'s entries with `staged` applied, its cache-tree invalidated along them, and a new checksum. */
function merge(before, staged, version) {
    return mergeEntries(before, staged, version)?.buf ?? null;
}
/** merge(), with the new index as parseIndex() would read it (made from `before`'s, not parsed again). */
function mergeEntries(before, staged, version) {
    const { buf, hashLen, count } = before;
    const startOf = (i) => before.oids[i] - 40;
    // Entries are NUL-padded to a multiple of 8 bytes (versions 2-3, see parseIndex()).
    const endOf = (i) => {
        const start = startOf(i);
        return start + ((before.nameEnd[i] - start + 8) & ~7);
    };
    // In order: runs [from, to) of `before`'s entries kept as they are, and staged entries.
    const runs = [];
    let n = 0;
    let i = 0;
    for (const s of staged) {
        const at = lowerBound(before, s.path);
        if (at < i)
            return null; // the same path twice
        if (at > i)
            runs.push([i, at]);
        n += at - i;
        i = at;
        const same = i < count && nameAt(before, i).equals(s.path);
        if (same) {
            if ((before.modes[i] & 0o170000) === 0o160000)
                return null;
            i++;
        }
        else if (s.entry !== null && clashes(before, s.path))
            return null;
        if (s.entry !== null) {
            runs.push(s);
            n++;
        }
    }
    if (i < count)
        runs.push([i, count]);
    n += count - i;
    const head = Buffer.alloc(12);
    head.write("DIRC", 0, "latin1");
    head.writeUInt32BE(version, 4);
    head.writeUInt32BE(n, 8);
    const parts = runs.map((r) => Array.isArray(r) ? buf.subarray(startOf(r[0]), endOf(r[1] - 1)) : r.entry);
    const ext = [];
    if (before.cacheTree) {
        const tree = invalidated(buf, before.cacheTree, hashLen, staged);
        if (tree === null)
            return null;
        const sig = Buffer.alloc(8);
        sig.write("TREE", 0, "latin1");
        sig.writeUInt32BE(tree.length, 4);
        ext.push(sig, tree);
    }
    // One buffer for the body and its checksum: the index is copied once.
    const pieces = [head, ...parts, ...ext];
    let size = 0;
    for (const p of pieces)
        size += p.length;
    const out = Buffer.allocUnsafe(size + hashLen);
    let at = 0;
    for (const p of pieces)
        at += p.copy(out, at);
    (0,external_node_crypto_.createHash)(hashLen === 32 ? "sha256" : "sha1")
        .update(out.subarray(0, size))
        .digest()
        .copy(out, size);
    // The cache-tree's data ends where the checksum starts. Its root is always invalidated (every staged
    // path is under it): no root tree is known, as parseIndex() would find.
    const tree = ext[1];
    const cacheTree = tree ? { start: size - tree.length, end: size } : null;
    return { ...entriesOf(before, runs, out, n), cacheTree };
}
/** The entries' offsets in `out` (laid out as `runs`, after the 12-byte header), from `before`'s. */
function entriesOf(before, runs, out, n) {
    const { hashLen } = before;
    const nameStart = new Int32Array(n);
    const nameEnd = new Int32Array(n);
    const modes = new Uint32Array(n);
    const oids = new Int32Array(n);
    let k = 0;
    let off = 12;
    for (const r of runs) {
        if (Array.isArray(r)) {
            const [from, to] = r;
            const start = before.oids[from] - 40;
            const delta = off - start;
            for (let j = from; j < to; j++, k++) {
                nameStart[k] = before.nameStart[j] + delta;
                nameEnd[k] = before.nameEnd[j] + delta;
                oids[k] = before.oids[j] + delta;
                modes[k] = before.modes[j];
            }
            const last = to - 1;
            const lastStart = before.oids[last] - 40;
            off += lastStart + ((before.nameEnd[last] - lastStart + 8) & ~7) - start;
        }
        else {
            const entry = r.entry;
            oids[k] = off + 40;
            modes[k] = entry.readUInt32BE(24);
            nameStart[k] = off + 40 + hashLen + 2;
            nameEnd[k] = nameStart[k] + r.path.length;
            k++;
            off += entry.length;
        }
    }
    return {
        buf: out,
        count: n,
        names: out,
        nameStart,
        nameEnd,
        modes,
        oids,
        hashLen,
        rootTree: null,
        cacheTree: null,
        entriesEnd: off,
    };
}
/**
 * The cache-tree extension with every folder on the way to a staged path marked invalid (entry count
 * -1, no id), as git's cache_tree_invalidate_path() leaves it; null when it cannot be read.
 */
function invalidated(buf, span, hashLen, staged) {
    const dirs = new Set([""]);
    for (const s of staged) {
        const p = s.path.toString("latin1");
        for (let k = p.indexOf("/"); k >= 0; k = p.indexOf("/", k + 1))
            dirs.add(p.slice(0, k));
    }
    // The nodes to mark: [start of their counts, end of their id) -> "-1 <subtrees>\n". Every node is
    // read to find where the next one starts; a path is spelled out only under a folder on the way to a
    // staged path (no other node can be one).
    const edits = [];
    let at = span.start;
    const node = (prefix, onWay) => {
        const head = cacheTreeHead(buf, at, span.end, hashLen);
        if (head === null)
            return false;
        at = head.next;
        let path = null;
        if (onWay) {
            const name = buf.toString("latin1", head.nameStart, head.nameEnd);
            path = prefix === null ? "" : prefix === "" ? name : `${prefix}/${name}`;
        }
        const marked = path !== null && dirs.has(path);
        if (marked && head.count >= 0)
            edits.push([head.countsStart, head.next, head.subtrees]);
        for (let c = 0; c < head.subtrees; c++)
            if (!node(path, marked))
                return false;
        return true;
    };
    if (!node(null, true) || at !== span.end)
        return null;
    const out = [];
    let from = span.start;
    for (const [start, stop, subtrees] of edits) {
        out.push(buf.subarray(from, start), Buffer.from(`-1 ${subtrees}\n`, "latin1"));
        from = stop;
    }
    out.push(buf.subarray(from, span.end));
    return Buffer.concat(out);
}
const mode6 = (m) => m.toString(8).padStart(6, "0");
/** diffIndexes(before, after) for an index that differs from `before` in the `staged` entries only. */
function changesOf(before, staged) {
    const { buf, hashLen } = before;
    const zero = "0".repeat(hashLen * 2);
    const out = [];
    for (const s of staged) {
        const at = lowerBound(before, s.path);
        const had = at < before.count && nameAt(before, at).equals(s.path);
        const oldOid = had
            ? buf.toString("hex", before.oids[at], before.oids[at] + hashLen)
            : "";
        const oldMode = had ? mode6(before.modes[at]) : "000000";
        const path = s.path.toString("utf8");
        if (s.entry === null) {
            if (had)
                out.push({ mode: "000000", oldMode, oid: zero, path });
            continue;
        }
        const mode = mode6(s.entry.readUInt32BE(24));
        const oid = s.entry.toString("hex", 40, 40 + hashLen);
        if (mode !== oldMode || oid !== oldOid)
            out.push({ mode, oldMode, oid, path });
    }
    return out;
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/combine-tree.js




const latin1 = (utf8) => Buffer.from(utf8, "utf8").toString("latin1");
const isDeletion = (c) => /^0+$/.test(c.mode);
/**
 * The combined tree of a parallel group, written by the engine (tree-writer.ts) without a git process:
 * one member's snapshot index as the engine read it when the snapshot was taken (the base's entries
 * plus that member's changes, its cache-tree valid away from them; never the file read again: the
 * group's other agents, still running then, could have rewritten it) with every other member's changes put in, and only the trees on the way to a changed
 * path written. Every member's change is in the tree by construction; two members changing one path
 * differently, or a file and a folder at the same place, is a CombineClashError, as combine-check.ts
 * says it. null when the index is gone or not understood: the caller asks git.
 */
async function combinedTree(git, idx, perMember) {
    // A path that is not UTF-8 reaches the change records with replacement characters: git is asked.
    if (perMember.some((raw) => raw.some((c) => c.path.includes("\uFFFD"))))
        return null;
    if (!idx)
        return null;
    // Each path's change, from whichever member made it; a second, different one at the same path loses
    // the first member's (git's update-index would keep the last silently).
    const changes = new Map();
    for (const [m, raw] of perMember.entries())
        for (const c of raw) {
            const key = latin1(c.path);
            const had = changes.get(key);
            if (had && (had.change.mode !== c.mode || had.change.oid !== c.oid))
                throw clashError(perMember, had.member, had.change);
            changes.set(key, { member: m, change: c });
        }
    const merged = await mergedTree(git, idx, changes);
    if (merged !== null)
        return merged;
    const paths = [];
    const modes = [];
    const oids = [];
    const added = [...changes]
        .filter(([, v]) => !isDeletion(v.change))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let k = 0;
    const push = (path, mode, oid) => {
        paths.push(path);
        modes.push(mode);
        oids.push(oid);
    };
    const pushAdded = (until) => {
        for (; k < added.length; k++) {
            const [path, { change }] = added[k];
            if (until !== null && path >= until)
                return;
            push(path, Number.parseInt(change.mode, 8), Buffer.from(change.oid, "hex"));
        }
    };
    for (let i = 0; i < idx.count; i++) {
        const path = idx.names.toString("latin1", idx.nameStart[i], idx.nameEnd[i]);
        pushAdded(path);
        if (changes.has(path))
            continue;
        const at = idx.oids[i];
        push(path, idx.modes[i], idx.buf.subarray(at, at + idx.hashLen));
    }
    pushAdded(null);
    // The cache-tree names the unchanged directories' trees: those on the way to a change are rebuilt.
    const cache = readCacheTree(idx, true);
    if (cache)
        for (const path of changes.keys()) {
            let node = cache;
            node.oid = null;
            node.count = -1;
            const dirs = path.split("/").slice(0, -1);
            for (const d of dirs) {
                node = node.children.get(d);
                if (!node)
                    break;
                node.oid = null;
                node.count = -1;
            }
        }
    try {
        return await writeEntriesTree(git, entriesFromPaths(paths, modes, (i) => oids[i]), cache);
    }
    catch (err) {
        if (!(err instanceof TreeEntryClash))
            throw err;
        // The path that is a file and a folder at once: the member that wrote it as a file (or any member
        // with a change under it) is the one whose change the tree cannot hold.
        const p = err.path;
        for (const [m, raw] of perMember.entries()) {
            const c = raw.find((x) => x.path === p && !isDeletion(x));
            if (c)
                throw clashError(perMember, m, c);
        }
        for (const [m, raw] of perMember.entries()) {
            const c = raw.find((x) => x.path.startsWith(`${p}/`) && !isDeletion(x));
            if (c)
                throw clashError(perMember, m, c);
        }
        throw err;
    }
}
/**
 * The combined tree the quick way: the other members' changes merged into the first member's index as
 * the engine stages (index-merge.ts: the unchanged entries' bytes as they are, the cache-tree invalidated
 * along the changed paths) and the trees on the way written; no list of every path is built. null when
 * that cannot be done (version 4 index, a file and a folder at one place, a submodule): the caller builds
 * the list, and says which members clash.
 */
async function mergedTree(git, idx, changes) {
    const version = idx.buf.readUInt32BE(4);
    if (version !== 2 && version !== 3)
        return null;
    const staged = [];
    for (const [key, { change }] of changes) {
        // The key is the path's UTF-8 bytes as latin1 (one char per byte).
        const path = Buffer.from(key, "latin1");
        if (isDeletion(change)) {
            staged.push({ path, entry: null });
            continue;
        }
        const oid = Buffer.from(change.oid, "hex");
        if (oid.length !== idx.hashLen)
            return null;
        // Stat data is not needed for a tree: zeros (this index is never a directory's).
        const entry = Buffer.alloc((40 + oid.length + 2 + path.length + 8) & ~7);
        entry.writeUInt32BE(Number.parseInt(change.mode, 8), 24);
        oid.copy(entry, 40);
        entry.writeUInt16BE(Math.min(path.length, 0xfff), 40 + oid.length);
        path.copy(entry, 42 + oid.length);
        staged.push({ path, entry });
    }
    staged.sort((a, b) => Buffer.compare(a.path, b.path));
    const buf = merge(idx, staged, version);
    const next = buf && (0,index_file/* parseIndex */.A1)(buf, idx.hashLen === 32 ? "sha256" : "sha1");
    if (!next)
        return null;
    try {
        return await writeIndexTree(git, next);
    }
    catch (err) {
        if (err instanceof TreeEntryClash)
            return null;
        throw err;
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/git-worktree-ops.js
/**
 * Git by intent, for the agents' directories: each one is a work tree checked out through an index file
 * the engine keeps outside it (GIT_INDEX_FILE), so every intent here names that index. See git-ops.ts for
 * refs and the remote, git-objects.ts for objects. Argument lists are tuned (issue 12) and hardened
 * (issue 7): change them only with the tests that measure and attack them.
 */
const indexEnv = (index) => ({ GIT_INDEX_FILE: index });
/**
 * Makes the work tree and `index` hold `sha`'s files (`read-tree -u --reset`: like checkout --force, also
 * for files changed behind the index's back). False when git could not (a damaged index or directory).
 */
async function tryResetWorkTree(git, sha, index) {
    return ((await git.exec(["read-tree", "-u", "--reset", sha], { env: indexEnv(index), allowFailure: true }))
        .exitCode === 0);
}
/** As tryResetWorkTree(), throwing when git cannot. */
async function resetWorkTree(git, sha, index) {
    await git.exec(["read-tree", "-u", "--reset", sha], { env: indexEnv(index) });
}
/** Removes the untracked files and folders `index` does not know (ignored ones stay). */
async function cleanUntracked(git, index) {
    await git.exec(["clean", "-ffd", "--quiet"], { env: indexEnv(index) });
}
/** Every ignored entry of the work tree as git lists it (an ignored folder once, with a trailing `/`). */
async function ignoredEntries(git, env) {
    const out = await git.out(["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"], {
        env,
    });
    return out.split("\0").filter(Boolean);
}
/** The one walk of a work tree that scanWorkTree() and verifyWorkTree() make (see there). */
const SCAN = [
    ...["-c", "core.untrackedCache=false", "-c", "core.trustctime=true", "-c", "core.checkStat=default"],
    ...["-c", "status.showUntrackedFiles=all", "-c", "status.renames=false"],
    "status",
    "--porcelain=v2",
    "-z",
    "--untracked-files=all",
    "--ignored=matching",
    "--ignore-submodules=dirty",
    "--no-renames",
];
/**
 * The work tree against `index` in one walk of its folders (`git status`: what `ls-files --modified
 * --deleted --others` and an ignored-files listing took two walks for). Status also compares the index
 * with HEAD (the user's, as git dir is the common dir): its index column is not read, and with the
 * index's cache-tree that comparison skips every folder HEAD and the index agree on, which for a run
 * started from the checked-out branch is nearly all of them. No optional lock: the index is never
 * written. Submodules count by their commit only (no git process starts inside one), whatever the
 * repository's config says; ctime and full stat data are trusted whatever it says.
 */
async function scanWorkTree(git, index) {
    const out = await git.out(SCAN, { env: { ...indexEnv(index), GIT_OPTIONAL_LOCKS: "0" } });
    return parseScan(out);
}
/**
 * scanWorkTree() for a directory checked out through `index` that the engine may settle: the same
 * walk, but git may write the stat data it refreshed into `index` (a checkout's racily clean entries are
 * then hashed once, not at every later walk). Null when git fails (e.g. an index it cannot read).
 */
async function verifyWorkTree(git, index) {
    const r = await git.exec(SCAN, {
        env: { ...indexEnv(index), GIT_OPTIONAL_LOCKS: "1" },
        allowFailure: true,
    });
    return r.exitCode === 0 ? parseScan(r.stdout) : null;
}
/**
 * The paths whose entries in `index` differ from `sha`'s (`diff-index --cached`: the folders whose
 * cache-tree names the same tree are skipped), or null when git fails.
 */
async function pathsDifferingFrom(git, index, sha) {
    const r = await git.exec(["diff-index", "--cached", "--no-renames", "--name-only", "-z", sha], {
        env: indexEnv(index),
        allowFailure: true,
    });
    return r.exitCode === 0 ? r.stdout.split("\0").filter((p) => p !== "") : null;
}
/**
 * Makes `paths` in the work tree and `index` what they are in `sha` (removed where `sha` has none:
 * `restore --no-overlay`); false when git could not.
 */
async function restorePaths(git, index, sha, paths) {
    const r = await git.exec(["restore", `--source=${sha}`, "--staged", "--worktree", "--no-overlay", "--", ...paths], { env: indexEnv(index), allowFailure: true });
    return r.exitCode === 0;
}
/** `status --porcelain=v2 -z` records (see scanWorkTree()). */
function parseScan(out) {
    const changed = [];
    const ignored = [];
    const recs = out.split("\0");
    for (let r = 0; r < recs.length; r++) {
        const rec = recs[r];
        const kind = rec[0];
        if (kind === "?" || kind === "!") {
            (kind === "?" ? changed : ignored).push(rec.slice(2));
            continue;
        }
        // "1 XY sub mH mI mW hH hI <path>", "2 XY sub mH mI mW hH hI Xscore <path>" + NUL + "<from>",
        // "u XY sub m1 m2 m3 mW h1 h2 h3 <path>"; X compares HEAD with the index, Y the index with the files.
        const fields = kind === "1" ? 8 : kind === "2" ? 9 : kind === "u" ? 10 : -1;
        if (fields < 0)
            continue;
        let at = 0;
        for (let i = 0; i < fields; i++)
            at = rec.indexOf(" ", at) + 1;
        const path = rec.slice(at);
        if (kind === "2") {
            // Not asked for (no renames), but then both sides count.
            const from = recs[++r];
            if (from)
                changed.push(from);
        }
        if (kind !== "1" || rec[3] !== ".")
            changed.push(path);
    }
    return { changed, ignored };
}
/** Removes every ignored file of the work tree (`clean -X`). */
async function cleanIgnored(git, env) {
    await git.exec(["clean", "-ffdX", "--quiet"], { env });
}
/** Fills `index` with `treeish`'s entries (the work tree is not touched). */
async function readTreeInto(git, treeish, index) {
    await git.exec(["read-tree", treeish], { env: indexEnv(index) });
}
/**
 * The work tree's paths that differ from `index`: modified, deleted, or untracked and not ignored
 * (limited to `only` when given).
 */
async function changedPaths(git, index, only) {
    const out = await git.out([
        "ls-files",
        "-z",
        "--modified",
        "--deleted",
        "--others",
        "--exclude-standard",
        ...(only === undefined ? [] : ["--", ...only]),
    ], { env: indexEnv(index) });
    return out.split("\0").filter((p) => p !== "");
}
/** Stages `paths` into `index` as they are in the work tree (additions, changes and deletions). */
async function stagePaths(git, index, paths) {
    await git.exec(["add", "--all", "--pathspec-from-file=-", "--pathspec-file-nul"], {
        env: indexEnv(index),
        input: `${paths.join("\0")}\0`,
    });
}
/** Writes `index` as a tree object and returns its id. */
function writeTree(git, index) {
    return git.out(["write-tree"], { env: indexEnv(index) });
}
/** Sets entries of `index` from `update-index --index-info` lines (`<mode> <oid>\t<path>`). */
async function setIndexEntries(git, index, lines) {
    await git.exec(["update-index", "-z", "--index-info"], {
        env: indexEnv(index),
        input: `${lines.join("\0")}\0`,
    });
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/combine.js




/**
 * Combines parallel agents' commits made from the same base. Their scopes are disjoint, so taking
 * each agent's version of the paths it changed should not conflict; a file/folder clash (one agent
 * writes `out`, another `out/x`) fails the step loudly: the engine's tree writer refuses it, and when
 * git combines (no snapshot index of this workspace, e.g. after a resume), update-index would drop one
 * silently, so the combined tree is checked to hold every agent's entries.
 */
async function combineCommits(host, baseSha, results, message) {
    const changedOnes = results.filter((r) => r.changed.length > 0);
    if (changedOnes.length === 0)
        return baseSha;
    if (changedOnes.length === 1)
        return changedOnes[0]?.commit ?? baseSha;
    const git = host.git();
    const recs = changedOnes.map((r) => {
        const rec = host.snapOf(r.commit);
        return rec && rec.base === baseSha ? rec : undefined;
    });
    const all = [];
    for (const [i, r] of changedOnes.entries())
        all.push(recs[i]?.raw ?? (await host.rawDiff(baseSha, r.commit)));
    const parents = [baseSha, ...changedOnes.map((r) => r.commit)];
    // The first member's snapshot index (the base's tree plus its changes) is the start: the engine
    // writes the combined tree from it (combine-tree.ts), or git does when it cannot.
    let start = recs.findIndex((r) => r !== undefined);
    const first = start >= 0 ? recs[start] : undefined;
    const built = first ? await combinedTree(git, first.view, all) : null;
    if (built !== null)
        return host.commit(built, parents, message);
    const index = await host.scratchFile("combine");
    try {
        // From the member's commit, not its snapshot's index file: the group's other agents, still running
        // when it was written, could have rewritten that file.
        if (start < 0)
            start = 0;
        await readTreeInto(git, changedOnes[start]?.commit ?? baseSha, index);
        const zero = "0".repeat(baseSha.length);
        const lines = [];
        for (const [i, raw] of all.entries()) {
            if (i === start)
                continue;
            for (const c of raw)
                lines.push(/^0+$/.test(c.mode) ? `0 ${zero}\t${c.path}` : `${c.mode} ${c.oid}\t${c.path}`);
        }
        if (lines.length > 0)
            await setIndexEntries(git, index, lines);
        const tree = await writeTree(git, index);
        await checkCombined(git, tree, all);
        return await host.commit(tree, parents, message);
    }
    finally {
        await (0,promises_.rm)(index, { force: true });
    }
}

// EXTERNAL MODULE: ./build/bundle/js/engine/git-ops.js
var git_ops = __webpack_require__(9305);
;// CONCATENATED MODULE: ./build/bundle/js/engine/ignored-files.js




/**
 * Ignored files (node_modules, build output) are never snapshotted, so no scope check sees them, and they
 * survive in pooled directories from step to step and run to run. An agent that replaced
 * `node_modules/.bin/vitest` would turn later checks green. The rule: ignored files that an agent
 * changes, adds or removes are wiped (every ignored file of that directory) before the directory is used
 * again, by an agent or a check; ignored files only a check changed (e.g. `npm ci`) are kept, so a
 * dependency folder stays usable without a reinstall per step.
 *
 * A change is detected from each ignored entry's inode, size, mode, mtime and ctime (ctime cannot be set
 * back by a process), so restoring a file's content and mtime does not hide it.
 */
const NO_IGNORED = (0,external_node_crypto_.createHash)("sha256").digest("hex");
/** A digest of every ignored entry under `dir` (the files under ignored folders included). */
async function ignoredDigest(git, dir, env) {
    return digestOf(dir, await ignoredEntries(git, env));
}
/**
 * The digest of the ignored entries `listed` (as git lists them: folders with a trailing `/`) and of
 * everything under them. ignoredDigest() lists them with `ls-files`; a snapshot takes them from its
 * `git status` (scanWorkTree()), which lists the same entries except where a folder holds nothing but
 * ignored files without matching an ignore rule itself (`ls-files` then also names the folder): the two
 * digests then differ, which only means that the snapshot cannot vouch for the files and the next
 * acquire() looks again. Equal digests mean the same entries with the same stat data.
 */
async function digestOf(dir, listed) {
    const tops = listed.map((p) => p.replace(/\/$/, "")).sort();
    const hash = (0,external_node_crypto_.createHash)("sha256");
    for (const top of tops)
        await walk((0,external_node_path_.join)(dir, top), top, hash);
    return hash.digest("hex");
}
async function walk(abs, rel, hash) {
    const st = await (0,promises_.lstat)(abs).catch(() => null);
    if (st === null)
        return;
    hash.update(`${rel}\0${st.ino}:${st.mode}:${st.size}:${st.mtimeMs}:${st.ctimeMs}\0`);
    if (!st.isDirectory())
        return;
    const names = (await (0,promises_.readdir)(abs).catch(() => [])).sort();
    for (const name of names)
        await walk((0,external_node_path_.join)(abs, name), `${rel}/${name}`, hash);
}
/** Removes every ignored file of the directory (git clean -X: untracked ones were cleaned already). */
async function wipeIgnored(git, env) {
    await cleanIgnored(git, env);
}
/** The digest of a pool slot's ignored files (`git` is the slot's engine git, see WorktreePool.gitFor()). */
function slotDigest(git, slot) {
    return ignoredDigest(git, slot.dir, { GIT_INDEX_FILE: slot.index });
}
/**
 * Before a slot is used again: ignored files a check left are trusted; after an agent (or when it is
 * not known who used the slot last, e.g. a slot from another run) they must be exactly those trusted
 * before, else all ignored files are wiped.
 */
async function verifyIgnored(git, slot) {
    if (slot.lastRole === "agent" && slot.ignoredVerified && slot.ignored !== null)
        return;
    const now = await slotDigest(git, slot);
    if (slot.lastRole === "check") {
        slot.ignored = now;
        return;
    }
    if (now === slot.ignored || now === NO_IGNORED) {
        slot.ignored = now;
        return;
    }
    await wipeIgnored(git, { GIT_INDEX_FILE: slot.index });
    slot.ignored = await slotDigest(git, slot);
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/staging-config.js



const configs = new WeakMap();
/**
 * Whether git would store files byte for byte in `git`'s repository: its config asked once per Git (one
 * run; the user's config is fingerprinted, a change fails the run), the attributes files looked at each
 * time.
 */
async function stagingConfig(git) {
    let values = configs.get(git);
    if (values === undefined) {
        values = (0,git_ops/* coreSettings */.hN)(git);
        configs.set(git, values);
        values.catch(() => configs.delete(git));
    }
    const [v, common] = await Promise.all([values, git.commonDir()]);
    return plainConfig(v, common);
}
async function plainConfig(values, common) {
    const is = (key, ...ok) => {
        const v = values.get(key);
        return v === undefined || ok.includes(v);
    };
    const TRUE = ["true", "yes", "on", "1"];
    const FALSE = ["false", "no", "off", "0"];
    const xdg = process.env.XDG_CONFIG_HOME || (process.env.HOME ? (0,external_node_path_.join)(process.env.HOME, ".config") : "");
    const outside = [(0,external_node_path_.join)(common, "info", "attributes"), ...(xdg ? [(0,external_node_path_.join)(xdg, "git", "attributes")] : [])];
    const present = outside.map(exists);
    const plain = is("core.autocrlf", ...FALSE) &&
        is("core.filemode", ...TRUE) &&
        is("core.symlinks", ...TRUE) &&
        is("core.ignorecase", ...FALSE) &&
        is("core.precomposeunicode", ...FALSE) &&
        !values.has("core.attributesfile") &&
        !present.some(Boolean);
    return { plain };
}
const exists = (abs) => {
    try {
        return (0,external_node_fs_.lstatSync)(abs, { throwIfNoEntry: false }) !== undefined;
    }
    catch {
        return false;
    }
};

;// CONCATENATED MODULE: ./build/bundle/js/engine/index-stage.js





/**
 * `git add` without a process, for the common case of a snapshot (snapshot.ts): a few regular files or
 * links changed, added or deleted, in a repository where git would store them byte for byte. The blobs
 * go to the object store (loose-object.ts), and a new index is written from the one the paths were
 * listed on: the unchanged entries' bytes as they were, each staged path's entry with the stat data
 * taken before its content was read (so that git's racy-entry check covers a write during the read),
 * and the cache-tree invalidated along the staged paths, as git does (the same bytes as `git add`). What
 * git re-checks as it writes an index is checked too: a staged file written again since it was read, or
 * an unstaged entry only its content tells from its file (racily clean), leaves the staging to git.
 *
 * Anything else is left to git (null): a name git treats specially (`.git*`, `~`, `\`, `:`, a trailing
 * dot or space), a folder, submodule or special file, a link on the way to a path, a big file, an index
 * version 4, content conversion (a `.gitattributes` on the way, info/attributes, a global attributes
 * file, core.autocrlf) or config that changes what is staged (core.fileMode, core.symlinks,
 * core.ignoreCase false/false/true).
 */
/** Files up to this size are read into memory and hashed here; bigger ones are left to git. */
const MAX_BLOB = 8 * 1024 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: names git refuses or treats specially
const SPECIAL = /(^|\/)\.git|~|\\|:|[. ](\/|$)|(^|\/)\.{1,2}(\/|$)|\/\/|^\/|[\u0000-\u001f\u007f]/i;
/** At most this many racily clean entries are compared with their files here (else git does it). */
const MAX_RACY = 64;
/**
 * The file system calls here are synchronous: a snapshot stages a few small files, on the step's
 * critical path, and each trip through libuv's thread pool waits behind the other work queued there (a
 * parallel group's members and fingerprint reads end together): several ms per member, where the calls
 * themselves take a few µs.
 */
const lstatOrNull = (abs) => {
    try {
        return (0,external_node_fs_.lstatSync)(abs, { bigint: true, throwIfNoEntry: false }) ?? null;
    }
    catch {
        return null;
    }
};
const index_stage_exists = (abs) => lstatOrNull(abs) !== null;
/** Whether the file at `abs` still has the stat data `st` (to the nanosecond). */
function sameStat(abs, st) {
    const now = lstatOrNull(abs);
    return (now !== null &&
        now.ino === st.ino &&
        now.dev === st.dev &&
        now.size === st.size &&
        now.mode === st.mode &&
        now.mtimeNs === st.mtimeNs &&
        now.ctimeNs === st.ctimeNs);
}
/**
 * The entries of `before` that are not staged and that git would take for racily clean (modified in
 * the second its index file `index` was written, or later): each one's file must have other stat data,
 * or the entry's content. False when one is not (git smudges it as it writes) or when there are too
 * many to read here (a checkout just now: git add reads them all).
 */
function racyEntriesClean(dir, before, index, staged) {
    const at = lstatOrNull(index);
    if (at === null)
        return false;
    const since = Number(at.mtimeNs / 1000000000n);
    const stagedNames = new Set(staged.map((s) => s.path.toString("latin1")));
    const racy = [];
    for (let i = 0; i < before.count; i++) {
        const entry = before.oids[i] - 40;
        if (before.buf.readUInt32BE(entry + 8) < since)
            continue;
        if (stagedNames.has(nameAt(before, i).toString("latin1")))
            continue;
        racy.push(i);
        if (racy.length > MAX_RACY)
            return false;
    }
    for (const i of racy) {
        const entry = before.oids[i] - 40;
        const mode = before.modes[i];
        if ((mode & 0o170000) === 0o160000)
            return false;
        const abs = (0,external_node_path_.join)(dir, nameAt(before, i).toString("utf8"));
        const st = lstatOrNull(abs);
        // Gone, or another size: git sees the change by its stat data.
        if (st === null || Number(BigInt.asUintN(32, st.size)) !== before.buf.readUInt32BE(entry + 36))
            continue;
        const body = st.isSymbolicLink() ? readlinkOrNull(abs) : st.isFile() ? readFileAt(abs, st) : null;
        if (body === null)
            return false;
        const hashLen = before.hashLen;
        const id = (0,external_node_crypto_.createHash)(hashLen === 32 ? "sha256" : "sha1")
            .update(`blob ${body.length}\0`)
            .update(body)
            .digest();
        if (!id.equals(before.buf.subarray(entry + 40, entry + 40 + hashLen)))
            return false;
    }
    return true;
}
/** An index entry (versions 2-3, stage 0, no extended flags) for `path` as `st` describes it. */
function entryBytes(path, st, mode, oid) {
    const head = 40 + oid.length + 2;
    const b = Buffer.alloc((head + path.length + 8) & ~7);
    // git's 32-bit fields: seconds and nanoseconds of ctime and mtime, then the rest truncated.
    const u32 = (n) => Number(BigInt.asUintN(32, n));
    const fields = [
        st.ctimeNs / 1000000000n,
        st.ctimeNs % 1000000000n,
        st.mtimeNs / 1000000000n,
        st.mtimeNs % 1000000000n,
        st.dev,
        st.ino,
    ];
    for (const [k, v] of fields.entries())
        b.writeUInt32BE(u32(v), k * 4);
    b.writeUInt32BE(mode, 24);
    b.writeUInt32BE(u32(st.uid), 28);
    b.writeUInt32BE(u32(st.gid), 32);
    b.writeUInt32BE(u32(st.size), 36);
    oid.copy(b, 40);
    b.writeUInt16BE(Math.min(path.length, 0xfff), 40 + oid.length);
    path.copy(b, head);
    return b;
}
/** Whether every folder on the way to `path` under `dir` is a real folder (no link). */
function realParents(dir, path, seen) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
        const rel = parts.slice(0, i).join("/");
        let ok = seen.get(rel);
        if (ok === undefined) {
            const abs = (0,external_node_path_.join)(dir, rel);
            const st = lstatOrNull(abs);
            // gone: the path is deleted
            ok = st === null || (st.isDirectory() && !index_stage_exists((0,external_node_path_.join)(abs, ".gitattributes")));
            seen.set(rel, ok);
        }
        if (!ok)
            return false;
    }
    return true;
}
const readlinkOrNull = (abs) => {
    try {
        return (0,external_node_fs_.readlinkSync)(abs, { encoding: "buffer" });
    }
    catch {
        return null;
    }
};
/** Reads a regular file that must still be the one `st` describes (no link followed). */
function readFileAt(abs, st) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(abs, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW);
    }
    catch {
        return null;
    }
    try {
        const now = (0,external_node_fs_.fstatSync)(fd, { bigint: true });
        if (now.ino !== st.ino || now.dev !== st.dev || !now.isFile())
            return null;
        return (0,external_node_fs_.readFileSync)(fd);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * Stages `paths` (as `git status` listed them in `dir`) into a new index written to `out`, starting
 * from `before` (the index they were listed on). The new index's bytes, or null when git must do it.
 */
async function stageByEngine(git, dir, before, paths, config, out) {
    if (!config.plain)
        return null;
    const version = before.buf.readUInt32BE(4);
    if (version !== 2 && version !== 3)
        return null;
    if (index_stage_exists((0,external_node_path_.join)(dir, ".gitattributes")))
        return null;
    const seen = new Map();
    const staged = [];
    for (const p of paths) {
        if (SPECIAL.test(p) || Buffer.byteLength(p) >= 0xfff)
            return null;
        if (!realParents(dir, p, seen))
            return null;
        const abs = (0,external_node_path_.join)(dir, p);
        const path = Buffer.from(p, "utf8");
        let st;
        try {
            st = (0,external_node_fs_.lstatSync)(abs, { bigint: true, throwIfNoEntry: false }) ?? null;
        }
        catch (e) {
            if (e.code !== "ENOTDIR")
                throw e;
            st = null;
        }
        if (st === null) {
            staged.push({ path, entry: null });
            continue;
        }
        let mode;
        let body;
        if (st.isFile()) {
            if (st.size > MAX_BLOB)
                return null;
            mode = st.mode & 64n ? 0o100755 : 0o100644;
            body = readFileAt(abs, st);
        }
        else if (st.isSymbolicLink()) {
            mode = 0o120000;
            body = readlinkOrNull(abs);
        }
        else
            return null;
        if (body === null)
            return null;
        const oid = Buffer.from(await (0,loose_object/* writeObject */.p7)(git, "blob", body), "hex");
        staged.push({ path, entry: entryBytes(path, st, mode, oid), abs, st });
    }
    staged.sort((a, b) => Buffer.compare(a.path, b.path));
    const view = mergeEntries(before, staged, version);
    if (view === null)
        return null;
    const buf = view.buf;
    // What git checks as it writes an index (its "racily clean" entries): a staged file written again
    // since it was read, or an entry that only its content can tell from the file, is left to git.
    for (const s of staged)
        if (s.st && !sameStat(s.abs, s.st))
            return null;
    if (!racyEntriesClean(dir, before, out, staged))
        return null;
    const tmp = `${out}.stage`;
    try {
        (0,external_node_fs_.writeFileSync)(tmp, buf, { flag: "wx" });
        (0,external_node_fs_.renameSync)(tmp, out);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw err;
    }
    return { buf, view, changes: changesOf(before, staged) };
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/old-git.js


/** Agents' old `.git` folders, removed off the critical path (see RunWorkspace.acquire()). */
class OldGits {
    scratch;
    removals = new Set();
    constructor(scratch) {
        this.scratch = scratch;
    }
    /** resetAgentGit(), the old `.git` moved into the scratch folder and removed there in the background. */
    async reset(dir, spec) {
        const aside = this.scratch.pathSync("old-git");
        if (!(await (0,agent_dir/* resetAgentGit */.ZN)(dir, spec, aside ?? undefined)) || aside === null)
            return;
        const removal = (0,promises_.rm)(aside, { recursive: true, force: true })
            .catch(() => undefined) // the scratch folder goes with dispose(), or with the next run on this host
            .finally(() => this.removals.delete(removal));
        this.removals.add(removal);
    }
    /** Resolves once the removals begun so far have ended. */
    async settled() {
        await Promise.all(this.removals);
    }
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./build/bundle/js/engine/cache-tree-check.js


/**
 * Whether every directory that `idx`'s cache-tree extension names as valid holds, in the index's own
 * entries, exactly that tree (same id, same entry count). Git trusts a valid cache-tree node without
 * looking at the entries under it: `diff-index --cached` skips the directory when the node names the
 * commit's subtree, and write-tree takes its id. An index file in the pool can be written by any
 * same-user agent, so one whose nodes disagree with its entries (an entry changed, the node left naming
 * the committed tree) would keep a forged entry past the claim's check and into the next snapshot's
 * tree (see switchClaimedSlot()). The trees are hashed here, never written (10,000 entries: 15-25 ms on
 * a loaded 2-core machine).
 */
function cacheTreeHolds(idx) {
    if (idx.cacheTree === null)
        return true;
    const cache = readCacheTree(idx, true);
    if (cache === null)
        return false;
    const { buf, names, nameStart, nameEnd, modes, oids, hashLen, count } = idx;
    const algo = hashLen === 32 ? "sha256" : "sha1";
    const SLASH = 0x2f;
    // Every tree's bytes are built in one buffer used as a stack: a directory's entries are appended at
    // `pos`, its subdirectories' trees built after them and dropped again once hashed. Each entry is on
    // the stack at most once as a file and once as the first file of a folder (mode, name, NUL, id).
    const out = Buffer.allocUnsafe(2 * (names.length + count * (hashLen + 8)) + HEAD * (count + 1) + 64);
    let pos = 0;
    // Byte loops, not Buffer methods: each of those is a call into C++ per entry and folder level, which
    // made this check ~130 ms of the engine's thread at 20,000 entries (it runs before the first agent).
    const sharesPrefix = (j, i, len) => {
        const a = nameStart[i];
        const b = nameStart[j];
        if (nameEnd[j] - b <= len)
            return false;
        for (let k = len - 1; k >= 0; k--)
            if (names[a + k] !== names[b + k])
                return false;
        return true;
    };
    const put = (src, from, to) => {
        for (let k = from; k < to; k++)
            out[pos++] = src[k];
    };
    const slashIn = (from, to) => {
        for (let k = from; k < to; k++)
            if (names[k] === SLASH)
                return k;
        return -1;
    };
    let holds = true;
    // The id of the directory of entries [lo, hi) sharing their first `plen` bytes, from the entries
    // alone; null when they make no tree (then git would not have written this cache-tree either).
    const hash = (plen, lo, hi, node) => {
        const start = pos;
        pos += HEAD; // room for the object's header, written once the tree's length is known
        let i = lo;
        while (i < hi) {
            const from = nameStart[i] + plen;
            const to = nameEnd[i];
            const slash = slashIn(from, to);
            if (slash < 0) {
                const mode = treeModeBytes(modes[i]);
                if (mode === null || from >= to)
                    return null;
                const at = oids[i];
                put(mode, 0, mode.length);
                put(names, from, to);
                out[pos++] = 0;
                put(buf, at, at + hashLen);
                i++;
                continue;
            }
            if (slash === from)
                return null;
            const sub = slash + 1 - nameStart[i];
            let j = i + 1;
            while (j < hi && sharesPrefix(j, i, sub))
                j++;
            const child = node?.children.get(names.toString("latin1", from, slash));
            const oid = hash(sub, i, j, child);
            if (oid === null)
                return null;
            put(TREE_MODE, 0, TREE_MODE.length);
            put(names, from, slash);
            out[pos++] = 0;
            put(oid, 0, oid.length);
            i = j;
        }
        const head = `tree ${pos - start - HEAD}\0`;
        const from = start + HEAD - head.length;
        out.write(head, from, "latin1");
        const oid = digest(algo, out.subarray(from, pos));
        pos = start;
        if (node?.oid && (node.oid !== oid.toString("hex") || node.count !== hi - lo))
            holds = false;
        return oid;
    };
    return hash(0, 0, count, cache) !== null && holds;
}
/** Bytes kept before each tree for its header (`tree <length>\0`). */
const HEAD = 24;
/**
 * One digest: crypto.hash() where Node has it (20.12 and later: one call, where a Hash object per
 * folder was a third of this check's time at 20,000 entries), else a Hash object.
 */
const oneShot = external_node_crypto_.hash;
function digest(algo, data) {
    return oneShot ? oneShot(algo, data, "buffer") : external_node_crypto_.createHash(algo).update(data).digest();
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./build/bundle/js/lib/liveness.js
var liveness = __webpack_require__(4788);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-env.js
var git_env = __webpack_require__(1690);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-shell.js
var git_shell = __webpack_require__(5711);
;// CONCATENATED MODULE: ./build/bundle/js/engine/scratch-dir.js









const hostTag = (0,external_node_crypto_.createHash)("sha256").update((0,external_node_os_.hostname)()).digest("hex").slice(0, 8);
/**
 * A temporary path beside `path` (in the same folder, for a rename into place) naming this host and
 * process, so that ScratchDir.open() can remove it when a kill left it behind.
 */
function tempBeside(path) {
    return `${path}.${hostTag}-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString("hex")}.tmp`;
}
const readdirQuiet = (dir) => {
    try {
        return (0,external_node_fs_.readdirSync)(dir);
    }
    catch {
        return [];
    }
};
/** tempBeside()'s names: the host tag and the pid. */
const TEMP_RE = /\.([0-9a-f]{8})-(\d+)-[0-9a-f]+\.tmp$/;
/**
 * A run's scratch files (snapshot and combine indexes) in `pool/.scratch/<host>-<pid>-<random>`: made on
 * first use, removed by dispose(), and, when their process died, by the next run on this host.
 */
class ScratchDir {
    dir;
    seq = 0;
    made = false;
    constructor(dir) {
        this.dir = dir;
    }
    /**
     * The scratch folder of this process in `pool` (made now, so that pathSync() serves the first step),
     * after sweeping those of dead processes of this host. Synchronous calls: a run opens it while its
     * start queues libuv's thread pool (see assertRealDirSync()).
     */
    static async open(pool) {
        const root = (0,external_node_path_.join)(pool, ".scratch");
        (0,external_node_fs_.mkdirSync)(root, { recursive: true });
        (0,agent_dir/* assertRealDirSync */.xe)(root);
        for (const name of readdirQuiet(root)) {
            const m = /^([0-9a-f]{8})-(\d+)-[0-9a-f]+$/.exec(name);
            if (!m || m[1] !== hostTag || (0,liveness/* pidRunning */.hA)(Number(m[2])))
                continue;
            await (0,promises_.rm)((0,external_node_path_.join)(root, name), { recursive: true, force: true });
        }
        // Files a killed process left beside the pool's own (tempBeside()): an index being restored, the width.
        for (const name of readdirQuiet(pool)) {
            const m = name.match(TEMP_RE);
            if (!m || m[1] !== hostTag || (0,liveness/* pidRunning */.hA)(Number(m[2])))
                continue;
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(pool, name), { force: true });
        }
        const scratch = new ScratchDir((0,external_node_path_.join)(root, `${hostTag}-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString("hex")}`));
        try {
            (0,external_node_fs_.mkdirSync)(scratch.dir);
            scratch.made = true;
        }
        catch {
            // made on first use by file(), which says what is wrong
        }
        return scratch;
    }
    /** A new file path (not created) for an index of `kind`. */
    async file(kind) {
        // Never through a pool folder replaced by a link since open().
        await (0,agent_dir/* assertRealDir */.i3)((0,external_node_path_.dirname)(this.dir));
        if (!this.made) {
            await (0,promises_.mkdir)(this.dir, { recursive: true });
            this.made = true;
        }
        this.seq += 1;
        return (0,external_node_path_.join)(this.dir, `${kind}-${this.seq}.index`);
    }
    /**
     * A new path (not created) in the folder, without waiting for the thread pool, or null until file()
     * has made the folder or when the pool's `.scratch` is no longer the real folder it was.
     */
    pathSync(kind) {
        if (!this.made)
            return null;
        const parent = (0,external_node_path_.dirname)(this.dir);
        try {
            const st = (0,external_node_fs_.lstatSync)(parent);
            if (st.isSymbolicLink() || !st.isDirectory() || (0,external_node_fs_.realpathSync)(parent) !== parent)
                return null;
        }
        catch {
            return null;
        }
        this.seq += 1;
        return (0,external_node_path_.join)(this.dir, `${kind}-${this.seq}`);
    }
    /**
     * Hands the folder's removal to a detached `rm -rf`, started by one of the run's helper shells
     * (git-shell.ts: a pipe write, no fork of this process): unlinking a step's snapshot indexes is kernel
     * work (5-20 ms for 20 files on a loaded machine), which the run's last writes and its exit waited for
     * when it was done here. Without an idle helper shell, or without /bin/rm, it is removed here in the
     * background as before. A removal that does not finish (rm killed) leaves the folder to the next run
     * on this host (see above): its name still carries this process's pid.
     */
    async dispose() {
        try {
            (0,agent_dir/* assertRealDirSync */.xe)((0,external_node_path_.dirname)(this.dir));
        }
        catch {
            return;
        }
        if (await removeDetachedByShell(this.dir))
            return;
        void (0,promises_.rm)(this.dir, { recursive: true, force: true }).catch(() => undefined);
    }
}
const RM = ["/bin/rm", "/usr/bin/rm"].find((p) => (0,external_node_fs_.existsSync)(p));
/**
 * Starts `rm -rf -- dir` in the background of an idle helper shell (its output to /dev/null, so that
 * nothing holds the shell's pipes); true once it is started.
 */
async function removeDetachedByShell(dir) {
    if (RM === undefined)
        return false;
    const started = (0,git_shell/* runInShell */.vD)({
        program: "/bin/sh",
        args: ["-c", `${RM} -rf -- "$1" </dev/null >/dev/null 2>&1 &`, "sh", dir],
        cwd: "/",
        env: {},
    }, () => (0,git_env/* gitEnv */.gE)(undefined));
    if (started === null)
        return false;
    return started.then((r) => r.exitCode === 0, () => false);
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/pool-files.js







/**
 * The files a worktree pool keeps beside its directories (`wN.index`, `wN.clean`, `width`), written as
 * a same-user agent cannot redirect: through a new file renamed into place, never through a link put there.
 */
const writeAsync = (0,external_node_util_.promisify)(external_node_fs_.write);
/** Writes `file` through a new file renamed into place: a link an agent put there is replaced, not followed. */
async function replaceFile(file, text) {
    const tmp = tempBeside(file);
    try {
        await (0,promises_.writeFile)(tmp, text, { flag: "wx" });
        await (0,promises_.rename)(tmp, file);
    }
    catch (err) {
        await (0,promises_.rm)(tmp, { force: true });
        throw err;
    }
}
/** Replaces `index` by `bytes` (through a new file: a link at its place is not followed). */
async function restoreIndex(index, bytes, mtimeMs) {
    const tmp = tempBeside(index);
    try {
        await (0,agent_dir/* writeIndexBytes */.jW)(await (0,promises_.open)(tmp, "wx"), tmp, bytes, mtimeMs);
        await (0,promises_.rename)(tmp, index);
    }
    catch (err) {
        await (0,promises_.rm)(tmp, { force: true });
        throw err;
    }
}
/** A slot's state file (see the class comment), or "" when there is none or it cannot be read. */
function readStateSync(file) {
    try {
        return (0,external_node_fs_.readFileSync)(file, "utf8");
    }
    catch {
        return "";
    }
}
/**
 * Whether a claimed slot's `wN.index` may be moved to a commit by paths (switchClaimedSlot()): git
 * understands it and its cache-tree agrees with its entries (cacheTreeHolds()). The file is not the
 * engine's between runs: an agent can write it, and a cache-tree naming the committed tree over a forged
 * entry makes `diff-index --cached` skip that entry, which the next snapshot would then build into its
 * tree without listing it as a change. False: the full checkout (`read-tree --reset`, which drops the
 * cache-tree and compares every entry with the commit) runs instead.
 */
function poolIndexHolds(index, objectFormat) {
    try {
        const idx = (0,index_file/* parseIndex */.A1)((0,external_node_fs_.readFileSync)(index), objectFormat);
        return idx !== null && cacheTreeHolds(idx);
    }
    catch {
        return false;
    }
}
/**
 * The slot's index as git just wrote it (acquire() runs no agent before this), read without the thread
 * pool (see assertRealDirSync()); left null when it cannot be read, for prepareSnapshot() to handle.
 */
function readViewSync(slot, objectFormat) {
    try {
        const st = (0,external_node_fs_.statSync)(slot.index);
        const view = (0,index_file/* parseIndex */.A1)((0,external_node_fs_.readFileSync)(slot.index), objectFormat);
        if (view === null)
            return;
        slot.view = view;
        slot.viewMtimeMs = st.mtimeMs;
    }
    catch {
        // prepareSnapshot() reads it again and reports
    }
}
/**
 * replaceFile() and restoreIndex() for a run's end (WorktreePool.dispose()): the file made, timed,
 * renamed and closed with synchronous calls (microseconds), its bytes written through libuv's pool in one
 * trip (an index is 0.1-3 MB: written on the main thread, it held up the run's last status write), where
 * each of the other calls waited behind the flushes of `latest`'s snapshot.
 *
 * Power cuts. Nothing here is synced, and a lost or torn pool file must only ever cost a full checkout:
 * a torn `wN.index` fails git's checksum (then the slot is checked out anew), a lost `wN.clean` drops
 * the ignored files' digest (they are wiped). What must never survive a power cut is an older `wN.index`
 * (one an agent of the run could have written) beside a `wN.clean` that vouches for the slot. Where that
 * is enforced with syncs, the fewest that keep it are: both temp files synced together (one round), the
 * index renamed first, the pool folder synced, then `wN.clean` renamed (its own rename need not be
 * synced: lost, the slot is only dirty); and the claim's removal of `wN.clean` synced before the slot's
 * first agent starts, not before its checkout (see WorktreePool.claim()).
 */
async function replaceFileAtEnd(file, bytes, mtimeMs) {
    const tmp = tempBeside(file);
    try {
        const fd = (0,external_node_fs_.openSync)(tmp, "wx");
        try {
            await writeFd(fd, typeof bytes === "string" ? Buffer.from(bytes) : bytes);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
        if (mtimeMs !== undefined)
            (0,external_node_fs_.utimesSync)(tmp, new Date(), new Date(Math.floor(mtimeMs)));
        (0,external_node_fs_.renameSync)(tmp, file);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw err;
    }
}
/** All of `buf` into the file `fd`, through libuv's pool. */
async function writeFd(fd, buf) {
    let at = 0;
    while (at < buf.length)
        at += (await writeAsync(fd, buf, at, buf.length - at)).bytesWritten;
}

// EXTERNAL MODULE: ./build/bundle/js/engine/pool-location.js
var pool_location = __webpack_require__(1382);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
;// CONCATENATED MODULE: ./build/bundle/js/engine/slot-adopt.js





/** RunWorkspace.adopt(): the slot of `dir` now holds `commit`, made from its last snapshot. */
async function adoptSlot(host, dir, commit) {
    const { pool, snaps } = host;
    const slot = pool.get(dir);
    const rec = slot?.lastSnap;
    if (!slot || !rec)
        return;
    const fromSnapshot = snaps.of(commit) === rec || (commit === rec.base && rec.raw.length === 0);
    if (!fromSnapshot)
        return;
    slot.cleanAt = null;
    slot.lastSnap = null;
    // Called after release(): keep the slot from being acquired while its index changes.
    const held = pool.withhold(slot);
    try {
        const how = await adoptSnapshot(pool.gitFor(slot), slot, rec, () => host.solo.untouched(rec));
        if (how !== null)
            slot.cleanAt = commit;
    }
    catch {
        slot.cleanAt = null;
    }
    finally {
        if (held)
            pool.putBack(slot);
    }
}
/**
 * Makes the snapshot `rec` of the slot's directory the slot's index: null when the directory does not
 * hold exactly the snapshot's tree. `untouched()` true (see SoloSnapshots; asked in the same tick as the
 * rename, so no agent can start in between): the snapshot's index file holds the bytes the engine kept
 * (`rec.view`) and nothing else can have written it, so it is linked into place ("linked": the record
 * keeps its name for combine(); neither is ever written in place, git and the engine replace an index
 * file by a rename) rather than written again ("written").
 */
async function adoptSnapshot(git, slot, rec, untouched = () => false) {
    // The snapshot left out the run's state paths: anything there that a checkout would change or
    // that clean would delete means the directory does not hold exactly the snapshot's tree.
    const present = store/* STATE_PATHS */.$t.some((p) => (0,external_node_fs_.lstatSync)((0,external_node_path_.join)(slot.dir, p), { throwIfNoEntry: false }) !== undefined);
    if (present) {
        const left = await changedPaths(git, rec.index, store/* STATE_PATHS */.$t);
        if (left.length > 0)
            return null;
    }
    const view = rec.view;
    slot.view = null;
    let how = "written";
    if (view && untouched()) {
        // Through index.lock as git does (a lock left there fails it, as openSync(lock, "wx") below).
        const lock = `${slot.index}.lock`;
        try {
            (0,external_node_fs_.linkSync)(rec.index, lock);
            (0,external_node_fs_.renameSync)(lock, slot.index);
            how = "linked";
        }
        catch {
            (0,external_node_fs_.rmSync)(lock, { force: true }); // e.g. a file system without hard links: written below
        }
    }
    // Else the bytes the engine read when git wrote them (else a copy: the record stays usable by
    // combine()), written as git does: through index.lock. Synchronous calls: this sits between the
    // agent's end and its step's, and each trip through libuv's thread pool costs more than the call.
    if (how === "written")
        await writeSlotIndex(slot, rec);
    // Shared, not moved: combine() starts from the record's view (never from its file, which another
    // agent of the group may have rewritten), and neither the slot nor the record changes these bytes.
    slot.view = view;
    slot.viewMtimeMs = rec.mtimeMs;
    return how;
}
async function writeSlotIndex(slot, rec) {
    const view = rec.view;
    const lock = `${slot.index}.lock`;
    const fd = (0,external_node_fs_.openSync)(lock, "wx");
    try {
        if (view) {
            try {
                (0,external_node_fs_.writeFileSync)(fd, view.buf);
            }
            finally {
                (0,external_node_fs_.closeSync)(fd);
            }
            (0,external_node_fs_.utimesSync)(lock, new Date(), new Date(Math.floor(rec.mtimeMs)));
        }
        else {
            (0,external_node_fs_.closeSync)(fd);
            await (0,agent_dir/* copyIndex */.UZ)(rec.index, lock);
        }
        (0,external_node_fs_.renameSync)(lock, slot.index);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(lock, { force: true });
        throw err;
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/snap-records.js

/** Snapshot indexes kept for combine()/adopt() (oldest dropped first; combine() then asks git instead). */
const MAX_SNAPSHOTS = 32;
/** Snapshot records that keep their index bytes in memory (see remember()). */
const KEEP_VIEWS = 8;
/**
 * A run's snapshot records (RunWorkspace), and which of the engine's commits each one became: adopt()
 * and combine() start from a commit's snapshot index rather than asking git.
 */
class SnapRecords {
    snaps = [];
    byCommit = new Map();
    remember(rec) {
        this.snaps.push(rec);
        // An index read in memory is kept for adopt() by the latest records only (a 20,000-file one is 2 MB),
        // and by a record its slot has yet to adopt: a wide group's members all take their snapshot before
        // any adopts it (they share one reading of the checkout first, fingerprint-share.ts), and a slot
        // adopted without those bytes loses its index at the run's end (the next run checks it out anew).
        // Once adopted the slot holds the same bytes, so this keeps no more than the slots would.
        const old = this.snaps[this.snaps.length - 1 - KEEP_VIEWS];
        if (old && old.slot.lastSnap !== old)
            old.view = null;
        while (this.snaps.length > MAX_SNAPSHOTS)
            this.forget(this.snaps[0]);
    }
    /** `commit` was made of `tree` on `parent`: the latest snapshot of that tree from that base is its. */
    committed(commit, tree, parent) {
        for (let i = this.snaps.length - 1; i >= 0; i--) {
            const rec = this.snaps[i];
            if (rec.tree !== tree || rec.base !== parent)
                continue;
            this.byCommit.set(commit, rec);
            return;
        }
    }
    /** The snapshot `commit` was made from, if it is still kept. */
    of(commit) {
        return this.byCommit.get(commit);
    }
    clear() {
        this.snaps = [];
        this.byCommit.clear();
    }
    forget(rec) {
        this.snaps = this.snaps.filter((r) => r !== rec);
        for (const [c, r] of this.byCommit)
            if (r === rec)
                this.byCommit.delete(c);
        if (rec.slot.lastSnap === rec)
            rec.slot.lastSnap = null;
        void (0,promises_.rm)(rec.index, { force: true }).catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/change-caps.js




/** An agent's attempt changed more than the policy allows: nothing of it was hashed or kept. */
class ChangeCapError extends errors/* AgentFlowError */.o {
    constructor(message) {
        super(message);
        this.name = "ChangeCapError";
    }
}
/**
 * Refuses an attempt whose changed files exceed the policy's caps, from their sizes on disk (lstat, not
 * followed), before git hashes any of them into the object store.
 */
async function checkCaps(dir, paths, caps) {
    if (paths.length > caps.max_changed_files)
        throw new ChangeCapError(`the agent changed ${paths.length} files, more than policy.max_changed_files (${caps.max_changed_files}); none of its changes were kept`);
    let total = 0;
    let largest = { path: "", size: -1 };
    // A few paths (an agent's usual change) are looked at directly: each async lstat is a round trip
    // through the thread pool, which a parallel group's members and their git work keep busy.
    const few = paths.length <= SYNC_PATHS;
    for (const p of paths) {
        const st = few ? change_caps_lstatOrNull((0,external_node_path_.join)(dir, p)) : await (0,promises_.lstat)((0,external_node_path_.join)(dir, p)).catch(() => null);
        if (st === null || st.isDirectory())
            continue;
        total += st.size;
        if (st.size > largest.size)
            largest = { path: p, size: st.size };
    }
    if (total > caps.max_changed_bytes)
        throw new ChangeCapError(`the agent's changed files add up to ${total} bytes, more than policy.max_changed_bytes (${caps.max_changed_bytes}); the largest is ${JSON.stringify(largest.path)} (${largest.size} bytes); none of its changes were kept`);
}
/** Changed paths up to which checkCaps() reads sizes without the thread pool. */
const SYNC_PATHS = 32;
function change_caps_lstatOrNull(path) {
    try {
        return (0,external_node_fs_.lstatSync)(path);
    }
    catch {
        return null;
    }
}
/**
 * Refuses an attempt that wrote a file whose name is not UTF-8: git keeps any bytes, but run records,
 * write scopes and pull requests speak UTF-8, and git's listing reaches the engine decoded (the bad bytes
 * as U+FFFD), so the name could not even be given back to git.
 */
function checkPathNames(paths) {
    const bad = paths.find((p) => p.includes("\uFFFD"));
    if (bad !== undefined)
        throw new ChangeCapError(`the agent wrote a file whose name is not valid UTF-8 (${JSON.stringify(bad)}, each bad byte shown as \uFFFD); agent-flow records paths as UTF-8: the agent must rename it; none of its changes were kept`);
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/snapshot.js










const statOrNull = (path) => {
    try {
        return (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false }) ?? null;
    }
    catch {
        return null;
    }
};
/**
 * The tree of `index` after the add, and the entries that differ from `before`: what diff-tree between
 * the two trees would print (new mode and id per path, zeros for a deletion). Both without a process
 * when the index reader understands the two (tree-writer.ts), and no tree is written at all when the add
 * changed no entry; otherwise git writes the tree, and compares the trees when the index after
 * write-tree is not understood either.
 */
async function treeAndChanges(host, wt, index, baseSha, before, byEngine) {
    const format = host.objectFormat();
    // Staged by the engine (the usual case): its bytes are in hand, and the file's mtime is one call away,
    // made here rather than queued in libuv's thread pool on the step's critical path.
    const [staged, st] = byEngine
        ? [byEngine.buf, statOrNull(index)]
        : await Promise.all([(0,promises_.readFile)(index).catch(() => null), (0,promises_.stat)(index).catch(() => null)]);
    // Staged by the engine: read as it was built, not parsed again (a 20,000-entry index: ~2 ms).
    const b = byEngine ? byEngine.view : staged && (0,index_file/* parseIndex */.A1)(staged, format);
    const mtimeMs = st?.mtimeMs ?? 0;
    if (before && b) {
        // Staged by the engine: it knows what it changed (the other entries are `before`'s bytes).
        const raw = byEngine ? byEngine.changes : (0,index_file/* diffIndexes */.GJ)(before, b);
        // `before` holds the base's tree (see prepareSnapshot()): nothing staged, nothing to write.
        if (raw.length === 0)
            return { tree: await host.treeOf(baseSha), raw, view: b, mtimeMs };
        const written = await writeIndexTree(host.objectGit(), b);
        if (written !== null)
            return { tree: written, raw, view: b, mtimeMs };
    }
    const tree = await writeTree(wt, index);
    const after = await (0,promises_.readFile)(index).catch(() => null);
    const raw = (0,index_file/* indexChanges */._u)(before?.buf ?? null, after, format, tree) ?? (await host.rawDiff(baseSha, tree));
    return { tree, raw, view: null, mtimeMs };
}
/**
 * Run by acquire() before the agent starts: the slot's index (which holds `sha`), read now unless the
 * engine holds it already (adopt()). The snapshot writes these bytes out again rather than trusting a
 * file an agent could have rewritten meanwhile, and compares the staged index with them.
 */
async function prepareSnapshot(slot, sha, objectFormat, scratchFile) {
    if (slot.view === null) {
        const st = await (0,promises_.stat)(slot.index);
        slot.view = (0,index_file/* parseIndex */.A1)(await (0,promises_.readFile)(slot.index), objectFormat);
        slot.viewMtimeMs = st.mtimeMs;
    }
    const mtimeMs = slot.viewMtimeMs;
    if (slot.view !== null) {
        slot.prepared = { sha, view: slot.view, mtimeMs, index: null };
        return;
    }
    // Not understood (e.g. a split index): a copy, and git compares the trees.
    const index = await scratchFile("prep");
    await (0,agent_dir/* copyIndex */.UZ)(slot.index, index).then(() => {
        slot.prepared = { sha, view: null, mtimeMs, index };
    }, () => (0,promises_.rm)(index, { force: true }));
}
/** The index a snapshot starts from: the prepared one when it is for `baseSha` (see prepareSnapshot()). */
async function startIndex(host, slot, baseSha) {
    const prep = slot.prepared;
    if (prep === null || prep.sha !== baseSha) {
        // Not prepared by acquire() (or another base): start from the base's tree; git rehashes every file.
        host.dropPrepared(slot);
        return { index: await host.scratchFile("snap"), before: null, fresh: true };
    }
    slot.prepared = null;
    // A copy of an index the engine cannot read: git writes the tree and compares.
    if (prep.index !== null)
        return { index: prep.index, before: null, fresh: false };
    const index = await host.scratchFile("snap");
    (0,agent_dir/* writeNewIndexSync */.Jg)(index, prep.view.buf, prep.mtimeMs);
    return { index, before: prep.view, fresh: false };
}
/** The run's state paths, left out of snapshots (an agent's writes there are not its changes). */
const isStatePath = (p) => store/* STATE_PATHS */.$t.some((s) => p === s || p.startsWith(`${s}/`));
/**
 * What the agent changed in the slot's directory relative to `baseSha`, as a tree object, without
 * touching the slot's index: the changed paths are listed on acquire()'s private copy of that index
 * (whose stat data is valid, so only changed files are read) by one `git status` walk that also lists
 * the ignored files, checked against `caps` before anything is hashed into the object store, then staged
 * (by the engine, index-stage.ts, or `git add`); the tree re-uses the unchanged subtrees.
 */
async function takeSnapshot(host, slot, baseSha, caps, checkIgnored = true) {
    const dir = slot.dir;
    await (0,agent_dir/* assertRealDir */.i3)(dir);
    const wt = host.gitFor(slot);
    const start = await startIndex(host, slot, baseSha);
    const index = start.index;
    let before = start.before;
    try {
        if (start.fresh) {
            await readTreeInto(wt, baseSha, index);
            // Written by git just now, before anything of the agent's was read.
            const bytes = await (0,promises_.readFile)(index).catch(() => null);
            before = bytes && (0,index_file/* parseIndex */.A1)(bytes, host.objectFormat());
        }
        // The agent's ignored files are listed by the same walk, and looked at while the changes are
        // staged: unchanged, the next acquire() need not look again.
        const scan = await scanWorkTree(wt, index);
        const trusted = slot.ignored;
        const verifying = checkIgnored && slot.lastRole === "agent" && trusted !== null
            ? digestOf(dir, scan.ignored).then((d) => d === trusted, () => false)
            : Promise.resolve(false);
        slot.ignoredVerified = false;
        try {
            return await stageChanges(host, slot, baseSha, index, before, scan.changed, caps);
        }
        finally {
            slot.ignoredVerified = await verifying;
        }
    }
    catch (err) {
        await (0,promises_.rm)(index, { force: true });
        throw err;
    }
}
/** The rest of takeSnapshot(): the paths the scan listed checked, staged and written as a tree. */
async function stageChanges(host, slot, baseSha, index, before, listed, caps) {
    const dir = slot.dir;
    const wt = host.gitFor(slot);
    const paths = [...new Set(listed.filter((p) => !isStatePath(p.replace(/\/$/, ""))))];
    checkPathNames(paths);
    if (caps)
        await checkCaps(dir, paths, caps);
    if (paths.length === 0) {
        // Nothing changed: the index still holds the base's tree (no add, write-tree or diff needed).
        const rec = {
            index,
            tree: await host.treeOf(baseSha),
            base: baseSha,
            raw: [],
            slot,
            view: before,
            mtimeMs: (0,external_node_fs_.statSync)(index).mtimeMs,
        };
        host.remember(rec);
        slot.lastSnap = rec;
        return { tree: rec.tree, changed: [], raw: [] };
    }
    // The engine stages what it can store as git would (index-stage.ts); git adds the rest.
    const byEngine = (before &&
        (await stagingConfig(host.objectGit())
            .then((config) => stageByEngine(host.objectGit(), dir, before, paths, config, index))
            .catch(() => null))) ||
        null;
    if (!byEngine)
        await stagePaths(wt, index, paths);
    const { tree, raw, view, mtimeMs } = await treeAndChanges(host, wt, index, baseSha, before, byEngine);
    const rec = { index, tree, base: baseSha, raw, slot, view, mtimeMs };
    host.remember(rec);
    slot.lastSnap = rec;
    return { tree, changed: raw.map((r) => r.path), raw };
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/solo-snapshots.js
/**
 * Which snapshot index files nothing but the engine can have written (see RunWorkspace.adopt()). They
 * live in the pool folder, where any process of the user's can write; but every agent and check runs in
 * a directory acquired from the workspace, and its processes have ended before its snapshot is taken.
 * So a snapshot begun while its directory was the only one acquired, with none acquired since, has an
 * index only the engine (and the git it ran) wrote: adopt() may link that file in as the slot's index
 * rather than write the same bytes again. Otherwise (a parallel group's members) another agent may still
 * be running and could have rewritten it, and adopt() writes the bytes it holds in memory.
 */
class SoloSnapshots {
    acquisitions = 0;
    busy = new Set();
    marks = new WeakMap();
    /** `slot` was acquired: whatever runs in it may write anywhere the user can. */
    acquired(slot) {
        this.acquisitions += 1;
        this.busy.add(slot);
    }
    handedBack(slot) {
        this.busy.delete(slot);
    }
    /** Called as `slot`'s snapshot begins (its processes ended); the result is called with the record taken. */
    begin(slot) {
        const alone = this.busy.size === 1 && this.busy.has(slot);
        const mark = this.acquisitions;
        return (rec) => {
            if (alone && rec !== null)
                this.marks.set(rec, mark);
        };
    }
    /** Whether `rec`'s index file was written with no directory but its own acquired since its snapshot began. */
    untouched(rec) {
        return this.marks.get(rec) === this.acquisitions;
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/submodules.js






/**
 * Submodules of an agent's or a check's directory, filled from the user's repository, never from the
 * network: each gitlink's files are read from the submodule's git dir under `<common>/modules/<name>`
 * (where `git submodule update --init` keeps it) into the directory, with an index the engine owns. The
 * directory gets no `.git` for it, so a snapshot keeps the gitlink as in the base (git treats a gitlink
 * whose folder has no repository as unchanged): changes inside a submodule are not part of a result.
 * A submodule that the user's repository does not hold is refused with what to run. Nested submodules
 * are not filled.
 */
class SubmoduleError extends errors/* AgentFlowError */.o {
    constructor(message) {
        super(message);
        this.name = "SubmoduleError";
    }
}
/** Fills every submodule of the directory at `dir` (whose engine index is `index`) from `common`. */
async function fillSubmodules(git, dir, index, common, indexDir) {
    // Cheap test first: no .gitmodules, no submodules to fill (a gitlink without one is left empty).
    if ((await (0,promises_.lstat)((0,external_node_path_.join)(dir, ".gitmodules")).catch(() => null))?.isFile() !== true)
        return;
    const links = await gitlinks(git, index);
    if (links.length === 0)
        return;
    const names = parseNames(await (0,promises_.readFile)((0,external_node_path_.join)(dir, ".gitmodules"), "utf8").catch(() => ""));
    await (0,promises_.mkdir)(indexDir, { recursive: true });
    await (0,agent_dir/* assertRealDir */.i3)(indexDir);
    for (const [i, link] of links.entries()) {
        const name = names.get(link.path) ?? link.path;
        // The name comes from a file agents can write: it must stay below modules/.
        if (name.startsWith("/") || name.split("/").some((p) => p === ".." || p === "." || p === ""))
            throw new SubmoduleError(`submodule ${JSON.stringify(link.path)} has an unsafe name ${JSON.stringify(name)}`);
        const gitDir = (0,external_node_path_.join)(common, "modules", name);
        const sub = git.with({ gitDir, workTree: (0,external_node_path_.join)(dir, link.path) });
        const has = await (0,agent_dir/* assertRealDir */.i3)(gitDir).then(() => (0,git_objects/* hasCommit */.QE)(sub, link.sha), () => false);
        if (!has)
            throw new SubmoduleError(`submodule ${JSON.stringify(link.path)} at ${link.sha.slice(0, 12)} is not in your repository (${gitDir}); agent-flow fills submodules from there and never fetches: run 'git submodule update --init --recursive' in your checkout, then run again`);
        await (0,agent_dir/* ensureRealDir */.q5)((0,external_node_path_.join)(dir, link.path));
        await (0,git_objects/* checkoutExactly */.rM)(sub, link.sha, (0,external_node_path_.join)(indexDir, `${i}.index`));
    }
}
/**
 * The gitlinks of the index file `index`, read from the file itself (index-file.ts): no git process on
 * every acquire of a directory in a repository with submodules. An index the reader does not handle is
 * asked of git.
 */
async function gitlinks(git, index) {
    const idx = (0,index_file/* parseIndex */.A1)(await (0,promises_.readFile)(index), await git.objectFormat());
    if (idx === null)
        return parseGitlinks(await (0,git_objects/* indexEntries */.nL)(git, index));
    const links = [];
    for (let i = 0; i < idx.count; i++)
        if (idx.modes[i] === submodules_GITLINK)
            links.push({
                sha: idx.buf.toString("hex", idx.oids[i], idx.oids[i] + idx.hashLen),
                path: (0,index_file/* pathOf */.XM)(idx, i),
            });
    return links;
}
const submodules_GITLINK = 0o160000;
function parseGitlinks(entries) {
    const links = [];
    for (const entry of entries) {
        const m = /^160000 ([0-9a-f]+) 0\t(.+)$/s.exec(entry);
        if (m?.[1] && m[2])
            links.push({ sha: m[1], path: m[2] });
    }
    return links;
}
/** path -> name from .gitmodules (`[submodule "name"]` sections with a `path =` line). */
function parseNames(text) {
    const names = new Map();
    let current = null;
    for (const line of text.split("\n")) {
        const section = /^\s*\[submodule\s+"(.+)"\s*\]\s*$/.exec(line);
        if (section) {
            current = section[1] ?? null;
            continue;
        }
        if (/^\s*\[/.test(line))
            current = null;
        const path = /^\s*path\s*=\s*(.+?)\s*$/.exec(line);
        if (current !== null && path?.[1])
            names.set(path[1], current);
    }
    return names;
}

// EXTERNAL MODULE: ./build/bundle/js/lib/locks/index.js + 5 modules
var locks = __webpack_require__(9388);
;// CONCATENATED MODULE: ./build/bundle/js/engine/pool-width.js



// How many free directories a repository's worktree pool keeps between runs (worktree-pool.ts, and the
// automatic cleanup in cleanup-pool.ts).
/** Free directories kept in a repository's pool after a run (or as many as a recent run used at once, if more). */
const POOL_KEEP = 8;
/** `pool/width`: the most directories a run held at once lately (see poolKeep()). */
const WIDTH_FILE = "width";
/** A width recorded longer ago than this no longer keeps directories beyond POOL_KEEP. */
const WIDTH_FRESH_MS = 7 * 86_400_000;
/** The most a recorded width can keep: the widest group a flow may declare. */
const MAX_KEEP = 256;
/**
 * How many free directories the pool folder `pool` keeps: POOL_KEEP, or as many as a run held at once in
 * the last WIDTH_FRESH_MS when that is more. Without it, a wide parallel group's directories beyond
 * POOL_KEEP were removed after every run (by the run or by the automatic cleanup) and checked out anew,
 * all at once, by the next one.
 */
async function poolKeep(pool, now = Date.now()) {
    const file = (0,external_node_path_.join)(pool, WIDTH_FILE);
    const st = await (0,promises_.lstat)(file).catch(() => null);
    if (!st?.isFile() || now - st.mtimeMs > WIDTH_FRESH_MS)
        return POOL_KEEP;
    const n = Number.parseInt(await (0,promises_.readFile)(file, "utf8").catch(() => ""), 10);
    return Number.isFinite(n) ? Math.min(Math.max(POOL_KEEP, n), MAX_KEEP) : POOL_KEEP;
}
/** Records that a run held `width` directories at once (a link at the file's place is replaced, not followed). */
async function recordWidth(pool, width) {
    await replaceFile((0,external_node_path_.join)(pool, WIDTH_FILE), `${width}\n`).catch(() => undefined);
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/slot-switch.js





/**
 * The first checkout of a directory claimed from the pool (a run's first step), made cheap when the
 * directory still holds exactly what its index (written back from the engine's memory by the previous
 * run's end, see WorktreePool.dispose()) says.
 *
 * `read-tree -u --reset` re-verifies every file against the index's stat data, but also reads every
 * tree of the commit twice (its traversal, then the cache-tree it primes), and `clean` and the
 * ignored-files listing each walk every folder again: at 20,000 files about 190 ms of git, on the run's
 * first step. Here one `git status` does the same verification in one walk (every tracked file's stat
 * data, ctime and full stat data trusted whatever the user's config says, content compared where git
 * would; untracked files; the ignored files listed for their digest), and only when it finds nothing
 * does the index move to the commit, by paths: `diff-index --cached` (whose unchanged folders the
 * cache-tree skips) names the entries that differ from the commit, and `restore` rewrites those files
 * and entries alone. Anything found (a changed, missing or untracked file, a submodule, an index git
 * cannot read) leaves the directory to the full checkout and clean, as before.
 *
 * Nothing is trusted that the full checkout would not trust: both rely on the index's stat data
 * (which the engine wrote, see WorktreePool.dispose()), and the files are compared with it in the same
 * way, at least as strictly (ctime trusted); the entries that differ from the commit come from git
 * comparing the index with the commit's trees.
 */
/** Slots whose first checkout since they were claimed was made (or tried). */
const tried = new WeakSet();
/** More changed paths than this: the full checkout (a long argument list, and no longer cheaper). */
const MAX_PATHS = 256;
/**
 * Makes the slot's directory and index hold `sha` when this is the slot's first checkout since it was
 * claimed and the directory holds exactly its index (then true); false: nothing was changed that the
 * full checkout does not redo, which the caller now runs.
 */
async function switchClaimedSlot(git, slot, sha) {
    if (tried.has(slot))
        return false;
    tried.add(slot);
    if (!(0,external_node_fs_.lstatSync)(slot.index, { throwIfNoEntry: false })?.isFile())
        return false;
    // Submodules are filled by acquire() from their own records: left to the full path.
    if ((0,external_node_fs_.lstatSync)((0,external_node_path_.join)(slot.dir, ".gitmodules"), { throwIfNoEntry: false }) !== undefined)
        return false;
    const format = await git.objectFormat();
    // Both at once (one process after the other was a git start-up and the main thread's turn more on the
    // way to the first agent): diff-index reads only the index's entries and the commit's trees, which
    // the verify does not change (it may rewrite the index's stat data, never an entry's id or mode, and
    // git renames its new index into place whole). Its answer is used only once the verify found the
    // directory to hold exactly those entries, as when it ran after it.
    const differing = pathsDifferingFrom(git, slot.index, sha);
    const verifying = verifyWorkTree(git, slot.index);
    // An index whose cache-tree disagrees with its entries would hide a forged entry from diff-index.
    // Checked on this thread while git walks (tens of ms at 20,000 entries, beside git's own); either
    // version of the file it reads has the same entries and cache-tree (the verify rewrites stat data).
    // One turn of the loop first: both git processes start on their promise chains, not before them.
    await new Promise((resolve) => setImmediate(resolve));
    const holds = poolIndexHolds(slot.index, format);
    const scan = await verifying;
    const paths = await differing;
    if (!holds)
        return false;
    if (scan === null || scan.changed.length > 0)
        return false;
    if (paths === null || paths.length > MAX_PATHS)
        return false;
    if (paths.length > 0 && !(await restorePaths(git, slot.index, sha, paths)))
        return false;
    // The ignored files as the walk found them: the same digest as the one trusted means they are the
    // files trusted before (see verifyIgnored(), which then looks no further); else it looks again.
    if (slot.ignored !== null && (await digestOf(slot.dir, scan.ignored)) === slot.ignored) {
        slot.lastRole = "agent";
        slot.ignoredVerified = true;
    }
    return true;
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/worktree-pool.js










const MAX_SLOTS = 4096;
/**
 * A slot claim is reclaimed when its holder's pid is dead (this host) or, as a last resort (another
 * host sharing the git dir, a pid reused by an unrelated process), once it is older than this: a run may
 * legitimately hold its directories for hours, so no short lease.
 */
const CLAIM_STALE_MS = 30 * 86_400_000;
const SLOT_RE = /^w(\d+)$/;
const worktree_pool_readdirQuiet = (dir) => {
    try {
        return (0,external_node_fs_.readdirSync)(dir);
    }
    catch {
        return [];
    }
};
const worktree_pool_exists = (p) => (0,promises_.lstat)(p).then(() => true, () => false);
/**
 * The agents' directories of a RunWorkspace, taken from a pool kept per repository across runs in
 * `<pool>/wN`, outside the repository and its git dir (pool-location.ts). Creating one costs a
 * full checkout (0.5-0.8 s on 1,000 files, 5-16 s on 20,000); re-using a pooled one costs a few tens of
 * ms, and nothing at all when it already holds the commit asked for (see RunWorkspace.adopt()).
 *
 * A directory is not a linked worktree: the engine runs git on it with the user's common git dir (for
 * objects only), the directory as work tree and `wN.index` as index, all three passed explicitly (see
 * gitFor()), so no `.git` file or folder inside it is ever read by the engine. The `.git` an agent sees
 * there is its own and disposable (agent-dir.ts).
 *
 * Claims. A slot `wN` belongs to one RunWorkspace at a time, from its first acquire() to dispose(). The
 * claim is the lock `pool/.locks/worktree-wN.lock` of src/run/locks.ts, with the pool directory as the
 * lock root (that module has a proven protocol for reclaiming the lock of a dead pid).
 *
 * State. `pool/wN.clean` holds the commit a free slot held and the digest of its trusted ignored files;
 * it is read and deleted when the slot is claimed (so a crash leaves the slot "dirty") and written back
 * by dispose(). A later run re-verifies both before use: nothing that happened between runs is trusted.
 */
class WorktreePool {
    git;
    common;
    pool;
    runId;
    free = [];
    slots = new Map();
    claiming = new Set();
    constructor(git, common, pool, runId) {
        this.git = git;
        this.common = common;
        this.pool = pool;
        this.runId = runId;
    }
    /** The run the claims name, from now on (see RunWorkspace.renameRun()); held ones with their next heartbeat. */
    renameRun(runId) {
        this.runId = runId;
        for (const slot of this.slots.values())
            slot.claim.info.run_id = runId;
    }
    /** Engine git for the slot: user's object store and refs, the slot as work tree, never discovered. */
    gitFor(slot) {
        return this.git.with({ gitDir: this.common, workTree: slot.dir });
    }
    /** The slot of directory `dir`, when this pool claimed it. */
    get(dir) {
        return this.slots.get(dir);
    }
    /**
     * A free slot: one that already holds `sha`, else the one released last, else a newly claimed one.
     * `other`: one that does not hold `sha` yet (a warm-up preparing one more, see group-warmup.ts).
     */
    async take(sha, other = false) {
        if (other) {
            const at = this.free.findIndex((s) => s.cleanAt !== sha);
            return (at >= 0 ? this.free.splice(at, 1)[0] : undefined) ?? (await this.claim());
        }
        const ready = this.free.findIndex((s) => s.cleanAt === sha);
        return (ready >= 0 ? this.free.splice(ready, 1)[0] : this.free.pop()) ?? (await this.claim());
    }
    putBack(slot) {
        this.free.push(slot);
    }
    /** Takes `slot` off the free list, if it is there (then true: putBack() it when done). */
    withhold(slot) {
        const at = this.free.indexOf(slot);
        if (at >= 0)
            this.free.splice(at, 1);
        return at >= 0;
    }
    /**
     * Makes the slot's directory and index hold exactly `sha` (ignored files aside), unless they do
     * already (then true). A link put in the directory's place is unlinked, never followed (ensureRealDir()).
     */
    async checkout(slot, sha) {
        (0,agent_dir/* ensureRealDirSync */.l)(slot.dir);
        if (slot.cleanAt === sha && (0,external_node_fs_.lstatSync)(slot.index, { throwIfNoEntry: false }) !== undefined)
            return true;
        slot.cleanAt = null;
        // The index as the engine knew it before the last agent: its stat data, not what an agent may have
        // written into the file since (an entry made to match a changed file would keep that file).
        if (slot.view !== null)
            await restoreIndex(slot.index, slot.view.buf, slot.viewMtimeMs);
        slot.view = null;
        const git = this.gitFor(slot);
        // A directory just claimed that holds exactly its index moves to `sha` by paths (slot-switch.ts).
        if (await switchClaimedSlot(git, slot, sha))
            return false;
        if (!(await tryResetWorkTree(git, sha, slot.index))) {
            // A damaged index or directory: start anew.
            await (0,agent_dir/* removeNoFollow */.lR)(slot.dir);
            await (0,promises_.rm)(slot.index, { force: true });
            slot.ignored = null;
            await (0,agent_dir/* ensureRealDir */.q5)(slot.dir);
            await resetWorkTree(git, sha, slot.index);
        }
        await cleanUntracked(git, slot.index);
        return false;
    }
    /**
     * Hands the slots back to the repository's pool, keeping at most poolKeep() directories in it. The
     * common case, a slot kept, is written with few trips through libuv's pool (see replaceFileAtEnd()).
     */
    async dispose(verify) {
        const mine = [...this.slots.values()].sort((a, b) => b.n - a.n);
        this.slots.clear();
        this.free = [];
        // A pool folder replaced by a link since open(): write no state through it.
        let poolOk = true;
        try {
            (0,agent_dir/* assertRealDirSync */.xe)(this.pool);
        }
        catch {
            poolOk = false;
        }
        let total = worktree_pool_readdirQuiet(this.pool).filter((n) => SLOT_RE.test(n)).length;
        // As many as this run, or a recent one, needed at once are kept: a wide parallel group would
        // otherwise check out anew, on every run, the directories beyond POOL_KEEP.
        const recent = poolOk ? await poolKeep(this.pool) : POOL_KEEP;
        const keep = Math.max(recent, mine.length);
        if (poolOk && mine.length > POOL_KEEP && mine.length >= recent)
            await recordWidth(this.pool, mine.length);
        for (const slot of mine) {
            try {
                const state = (0,external_node_path_.join)(this.pool, `w${slot.n}.clean`);
                if (!poolOk)
                    continue;
                if (total > keep) {
                    const had = await worktree_pool_exists(slot.dir);
                    await (0,agent_dir/* removeNoFollow */.lR)(slot.dir);
                    await (0,agent_dir/* removeNoFollow */.lR)(`${slot.dir}.modules`);
                    await (0,promises_.rm)(slot.index, { force: true });
                    await (0,promises_.rm)(state, { force: true });
                    if (had)
                        total -= 1;
                }
                else if (!slot.busy) {
                    const ignored = await verify(slot);
                    // The index as the engine knew it, not what an agent of the run may have written into the
                    // file since (stat data made to match a changed file would keep that file in the next run's
                    // first directory, see checkout()); unknown, it goes: the next run checks out every file.
                    let cleanAt = slot.cleanAt;
                    if (slot.view !== null)
                        await replaceFileAtEnd(slot.index, slot.view.buf, slot.viewMtimeMs);
                    else {
                        (0,external_node_fs_.rmSync)(slot.index, { force: true });
                        cleanAt = null;
                    }
                    await replaceFileAtEnd(state, `${cleanAt ?? ""}\n${ignored ?? ""}\n`);
                }
            }
            catch {
                // the slot stays "dirty": the next claimer checks it out, cleans it and wipes its ignored files
            }
            finally {
                await slot.claim.release();
            }
        }
    }
    // -------------------------------------------------------------------------------------------------
    /** Claims the first free slot of the pool (see the class comment). */
    async claim() {
        for (let n = 0; n < MAX_SLOTS; n++) {
            // Slots this pool holds or is claiming right now (a parallel group claims several at once: without
            // this, each claim would try every lock the others are taking).
            if (this.claiming.has(n) || [...this.slots.values()].some((s) => s.n === n))
                continue;
            this.claiming.add(n);
            let claim;
            try {
                claim = await (0,locks/* acquireLock */.IZ)(this.pool, `worktree-w${n}`, { run_id: this.runId, agent: "worktree-pool" }, { timeoutMs: 0, staleAfterMs: CLAIM_STALE_MS });
            }
            catch (err) {
                if (err instanceof locks/* LockTimeoutError */.XB)
                    continue;
                throw err;
            }
            finally {
                this.claiming.delete(n);
            }
            const dir = (0,external_node_path_.join)(this.pool, `w${n}`);
            const slot = {
                n,
                dir,
                index: (0,external_node_path_.join)(this.pool, `w${n}.index`),
                claim,
                cleanAt: null,
                busy: false,
                prepared: null,
                view: null,
                viewMtimeMs: 0,
                lastSnap: null,
                ignored: null,
                lastRole: null,
                ignoredVerified: false,
                freshGit: null,
            };
            try {
                // Read and forget the recorded state at once: should we crash holding the slot, it is dirty.
                const state = (0,external_node_path_.join)(this.pool, `w${n}.clean`);
                const [sha = "", ignored = ""] = readStateSync(state).split("\n");
                (0,external_node_fs_.rmSync)(state, { force: true });
                // The files are re-verified (slot-switch.ts: one git status against the index; else read-tree
                // --reset -u compares every file's stat data, then clean)
                // rather than trusted across runs; the ignored files' digest is compared at acquire().
                if (/^([0-9a-f]{40,64})?$/.test(sha) && /^[0-9a-f]{64}$/.test(ignored))
                    slot.ignored = ignored;
            }
            catch (err) {
                await claim.release();
                throw err;
            }
            this.slots.set(dir, slot);
            return slot;
        }
        throw new Error(`no free worktree slot in ${this.pool} (${MAX_SLOTS} are claimed)`);
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/workspace.js




















/** Identity of the engine's own commits on private refs; the commit step sets the user-facing one. */
const ENGINE_IDENTITY = { name: "agent-flow", email: "agent-flow@localhost" };
/**
 * The agents' directories of a run, taken from the repository's WorktreePool, and what the agents
 * changed in them: snapshots as tree objects, the engine's commits of them, and the combination of
 * parallel agents' commits. Snapshot indexes are scratch files of this process under `pool/.scratch`.
 * Every git command here names its git dir (the user's common dir, for objects), work tree and index;
 * nothing inside an agent's directory is read as git metadata (see WorktreePool and agent-dir.ts).
 */
class RunWorkspace {
    git;
    pool;
    scratch;
    common;
    objectFormat;
    snaps = new SnapRecords();
    /** Which snapshot indexes only the engine wrote (adopt() renames those rather than writing them again). */
    solo = new SoloSnapshots();
    /** Commit -> tree, for the commits this workspace made or looked up. */
    trees = new Map();
    /** Attempts that ended in this run, as far as this workspace knows (see acquire()). */
    ended = 0;
    /** The directory prepareAhead() prepares: for `sha`; `done` resolves once it is back in the pool (true: ready). */
    ahead = null;
    oldGits;
    constructor(git, pool, scratch, common, objectFormat) {
        this.git = git;
        this.pool = pool;
        this.scratch = scratch;
        this.common = common;
        this.objectFormat = objectFormat;
        this.oldGits = new OldGits(scratch);
    }
    /** The pool directory of the repository whose git common dir is `commonDir` (see pool-location.ts). */
    static poolDir(commonDir) {
        return (0,pool_location/* poolDirFor */.RC)(commonDir);
    }
    static async open(git, runId) {
        // Every path below is built from the pool's realpath and must resolve to itself: a pool folder
        // replaced by a link, e.g. to the user's checkout, is refused.
        const common = external_node_fs_.realpathSync.native(await git.commonDir());
        const pool = (0,pool_location/* openPoolDirSync */.VC)(common, external_node_fs_.realpathSync.native(git.cwd));
        // Pools used to live in the git dir (`agent-flow/worktrees/pool`, and per run `worktrees/<runId>`
        // before that), some slots as linked worktrees registered in the user's `.git/worktrees`. They are
        // removed (never followed) and unregistered.
        const legacy = (0,pool_location/* legacyPoolsIn */.g2)(common);
        if ((0,external_node_fs_.lstatSync)(legacy, { throwIfNoEntry: false }) !== undefined) {
            await (0,agent_dir/* removeNoFollow */.lR)(legacy);
            await (0,git_ops/* pruneWorktrees */.fW)(git);
        }
        const scratch = await ScratchDir.open(pool);
        const format = await git.objectFormat();
        (0,loose_object/* knownStore */.Rs)(git, common, format);
        stagingConfig(git).catch(() => undefined); // asked now, while the run starts (index-stage.ts)
        return new RunWorkspace(git, new WorktreePool(git, common, pool, runId), scratch, common, format);
    }
    /**
     * A directory holding `sha` with no leftovers from earlier steps and a fresh `.git` of its own.
     * Ignored files are kept (e.g. node_modules) unless an agent changed them since they were last
     * trusted; then all of them are wiped (see ignored-files.ts). `role` says who will use it: a check's
     * changes to ignored files (an install) are trusted, an agent's are not. `other`: see WorktreePool.take().
     */
    async acquire(sha, role = "agent", other = false) {
        // The directory being prepared for `sha` ahead of the run's first step is taken once it is ready.
        if (!other && this.ahead?.sha === sha)
            await this.ahead.done;
        const epoch = this.ended;
        const slot = await this.pool.take(sha, other);
        const fresh = slot.freshGit;
        slot.freshGit = null;
        slot.busy = true;
        this.solo.acquired(slot);
        slot.lastSnap = null;
        this.dropPrepared(slot);
        let held;
        try {
            held = await this.pool.checkout(slot, sha);
            // Cheap test first, without the thread pool (see assertRealDirSync()): most repositories have none.
            if ((0,external_node_fs_.lstatSync)((0,external_node_path_.join)(slot.dir, ".gitmodules"), { throwIfNoEntry: false })?.isFile())
                await fillSubmodules(this.pool.gitFor(slot), slot.dir, slot.index, this.common, `${slot.dir}.modules`);
            await verifyIgnored(this.pool.gitFor(slot), slot);
        }
        catch (err) {
            slot.cleanAt = null;
            slot.view = null;
            slot.busy = false;
            this.solo.handedBack(slot);
            this.pool.putBack(slot);
            throw err;
        }
        // From here on the agent may change anything: the slot holds `sha` only once adopt() says so.
        slot.cleanAt = null;
        slot.lastRole = role;
        slot.ignoredVerified = false;
        // Kept: the `.git` an acquire() built here for `sha` (the warm-up's, see unused()) while no attempt
        // ended since; only agents still running could have written there, as they could once this one runs.
        // Once any attempt ends it is built afresh: nothing an ended agent planted reaches another.
        const keepGit = held && fresh?.sha === sha && fresh.epoch === this.ended;
        const spec = { objects: (0,external_node_path_.join)(this.common, "objects"), head: sha, objectFormat: this.objectFormat };
        if (slot.view === null)
            readViewSync(slot, this.objectFormat);
        await Promise.all([
            prepareSnapshot(slot, sha, this.objectFormat, (kind) => this.scratchFile(kind)).catch(() => {
                slot.prepared = null;
            }),
            keepGit || this.oldGits.reset(slot.dir, { ...spec, index: slot.index }),
        ]);
        slot.freshGit = keepGit && fresh ? fresh : { sha, epoch };
        return slot.dir;
    }
    /**
     * Prepares a directory at `sha` for the run's first step before the run asks for it (see
     * early-workspace.ts): acquire() it, then hand it back unused(), as the first step's warm-up does.
     */
    prepareAhead(sha) {
        const done = this.acquire(sha, "agent", true).then((dir) => {
            this.unused(dir, sha);
            return true;
        }, () => false);
        this.ahead = { sha, done };
    }
    /** The preparation prepareAhead(`sha`) began (see group-warmup.ts), or null when none began for `sha`. */
    preparedAhead(sha) {
        return this.ahead?.sha === sha ? this.ahead.done : null;
    }
    /** The run the workspace's later claims name (one opened before its run id was known, see early-workspace.ts). */
    renameRun(runId) {
        this.pool.renameRun(runId);
    }
    /**
     * Hands back a directory that acquire(`sha`) returned and nothing ran in (see group-warmup.ts): it
     * still holds `sha`, its ignored files as acquire() verified them, so the next acquire(`sha`) of it
     * starts no git process.
     */
    unused(dir, sha) {
        const slot = this.pool.get(dir);
        if (!slot?.busy)
            return;
        this.handBack(slot);
        slot.cleanAt = sha;
        slot.ignoredVerified = slot.lastRole === "agent" && slot.ignored !== null;
    }
    /** After an attempt in `dir` (its process ended): the directory goes back to the pool. */
    release(dir) {
        const slot = this.pool.get(dir);
        if (!slot?.busy)
            return;
        this.ended += 1;
        slot.freshGit = null;
        this.handBack(slot);
    }
    handBack(slot) {
        slot.busy = false;
        this.solo.handedBack(slot);
        this.dropPrepared(slot);
        this.pool.putBack(slot);
    }
    /**
     * What the agent changed in `dir` relative to `baseSha` (see takeSnapshot() in snapshot.ts).
     * `checkIgnored: false` leaves the agent's ignored files to the next acquire() of the directory (a
     * parallel group's: most are not acquired again in the run, and each look is a git process after the
     * agents).
     */
    async snapshot(dir, baseSha, caps, { checkIgnored = true } = {}) {
        const slot = this.pool.get(dir);
        if (!slot)
            throw new Error(`${dir} is not a directory of this run's workspace`);
        this.ended += 1; // the agent's process has ended (see acquire())
        const taken = this.solo.begin(slot);
        const snap = await takeSnapshot(this.host, slot, baseSha, caps, checkIgnored);
        taken(slot.lastSnap);
        return snap;
    }
    /** The workspace as takeSnapshot() sees it. */
    host = {
        objectFormat: () => this.objectFormat,
        objectGit: () => this.git,
        gitFor: (slot) => this.pool.gitFor(slot),
        scratchFile: (kind) => this.scratchFile(kind),
        dropPrepared: (slot) => this.dropPrepared(slot),
        treeOf: (commit) => this.treeOf(commit),
        rawDiff: (from, to) => (0,git_objects/* rawDiff */.oc)(this.git, from, to),
        remember: (rec) => this.snaps.remember(rec),
    };
    async commit(tree, parents, message) {
        // Written by the engine itself: one git process less per agent (see loose-object.ts).
        const commit = await (0,loose_object/* writeCommit */.rV)(this.git, tree, parents, ENGINE_IDENTITY, message);
        this.trees.set(commit, tree);
        if (parents.length === 1)
            this.snaps.committed(commit, tree, parents[0]);
        return commit;
    }
    /**
     * Optional, after an accepted snapshot: tells the pool that the directory `dir` now holds `commit`, made
     * from its last snapshot (or the snapshot's base when it changed nothing). The snapshot index becomes
     * the slot's index, so that acquire(commit) needs no checkout or clean. Does nothing when `commit` is
     * not that snapshot's (e.g. the directory was acquired again since). Correctness never depends on it: a
     * slot that was not adopted is checked out and cleaned as usual.
     */
    async adopt(dir, commit) {
        await adoptSlot({ pool: this.pool, snaps: this.snaps, solo: this.solo }, dir, commit);
    }
    /** Combines parallel agents' commits made from the same base (see combineCommits() in combine.ts). */
    combine(baseSha, results, message) {
        return combineCommits(this.combineHost, baseSha, results, message);
    }
    /** The workspace as combineCommits() sees it. */
    combineHost = {
        git: () => this.git,
        snapOf: (commit) => this.snaps.of(commit),
        scratchFile: (kind) => this.scratchFile(kind),
        rawDiff: (from, to) => (0,git_objects/* rawDiff */.oc)(this.git, from, to),
        commit: (tree, parents, message) => this.commit(tree, parents, message),
    };
    /** The tree of a commit: known for the engine's own commits, asked of git once for others. */
    async treeOf(commit) {
        let tree = this.trees.get(commit);
        if (tree === undefined) {
            tree = await (0,git_objects/* treeOfCommit */.rv)(this.git, commit);
            this.trees.set(commit, tree);
        }
        return tree;
    }
    /** Hands the directories back to the repository's pool (see WorktreePool.dispose()) and drops scratch files. */
    async dispose() {
        await this.ahead?.done;
        this.snaps.clear();
        await this.oldGits.settled();
        await this.pool.dispose(async (slot) => {
            if (slot.lastRole === "check")
                return slotDigest(this.pool.gitFor(slot), slot);
            // After an agent, the digest trusted before it: the next run compares the files with it before
            // anything uses the directory (verifyIgnored()), and wipes them if an agent changed them.
            return slot.ignored;
        });
        await this.scratch.dispose();
    }
    // -------------------------------------------------------------------------------------------------
    scratchFile(kind) {
        return this.scratch.file(kind);
    }
    dropPrepared(slot) {
        if (slot.prepared === null)
            return;
        const { index } = slot.prepared;
        slot.prepared = null;
        if (index !== null)
            void (0,promises_.rm)(index, { force: true }).catch(() => undefined);
    }
}


/***/ }),

/***/ 8339:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pe: () => (/* binding */ REQUEST_MAX_BYTES),
/* harmony export */   cL: () => (/* binding */ slugFeature),
/* harmony export */   zO: () => (/* binding */ sanitiseUntrusted)
/* harmony export */ });
/**
 * Text that strangers wrote (an issue title or body, a dispatch input) before it reaches an agent or a
 * record: HTML comments hide instructions from the person reviewing the issue, and invisible or
 * bidirectional characters make the text read differently from what the agent receives.
 */
/** Default cap for a request body, in UTF-8 bytes. */
const REQUEST_MAX_BYTES = 64 * 1024;
/** Ranges of code points removed: zero-width and invisible format characters, bidi embeddings,
 * overrides and isolates, variation selectors, the BOM, soft hyphen, Unicode tags, and C0/C1 controls
 * other than tab and newline. */
const HIDDEN_RANGES = [
    [0x00, 0x08],
    [0x0b, 0x1f],
    [0x7f, 0x9f],
    [0xad, 0xad],
    [0x34f, 0x34f],
    [0x61c, 0x61c],
    [0x115f, 0x1160],
    [0x17b4, 0x17b5],
    [0x180b, 0x180f],
    [0x200b, 0x200f],
    [0x202a, 0x202e],
    [0x2060, 0x206f],
    [0x3164, 0x3164],
    [0xfe00, 0xfe0f],
    [0xfeff, 0xfeff],
    [0xffa0, 0xffa0],
    [0xfff0, 0xfffb],
    [0xe0000, 0xe0fff],
];
const hex = (cp) => `\\u{${cp.toString(16)}}`;
/** One character class of every range: a single regex pass, so a 10 MB body takes milliseconds, not seconds. */
const HIDDEN_RE = new RegExp(`[${HIDDEN_RANGES.map(([lo, hi]) => `${hex(lo)}-${hex(hi)}`).join("")}]`, "gu");
/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
function capBytes(text, maxBytes) {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes <= maxBytes)
        return { text, cut: 0 };
    let end = maxBytes;
    const buf = Buffer.from(text, "utf8");
    // Step back to a character boundary (a UTF-8 continuation byte is 10xxxxxx).
    while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80)
        end--;
    return { text: buf.subarray(0, end).toString("utf8"), cut: bytes - end };
}
function sanitiseUntrusted(input, maxBytes = REQUEST_MAX_BYTES) {
    let comments = 0;
    // An unclosed comment hides everything after it on GitHub too.
    let text = input.replace(/<!--[\s\S]*?(?:-->|$)/g, () => {
        comments++;
        return "";
    });
    let hidden = 0;
    text = text.replace(/\r\n?/g, "\n").replace(HIDDEN_RE, () => {
        hidden++;
        return "";
    });
    const capped = capBytes(text, maxBytes);
    return { text: capped.text, removed: { comments, hidden, truncatedBytes: capped.cut } };
}
/** A feature name from an issue title: lower-case ASCII words joined by `-`, at most 48 characters. */
function slugFeature(title) {
    const slug = sanitiseUntrusted(title, 1024)
        .text.normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 48)
        .replace(/-+$/g, "");
    return slug || "feature";
}


/***/ }),

/***/ 7794:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ cleanRequest),
/* harmony export */   x: () => (/* binding */ REQUEST_FILE)
/* harmony export */ });
/* harmony import */ var _lib_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8339);

/**
 * The feature request: text a stranger may have written (an issue body, a dispatch input, `--request`).
 * It reaches agents only as this data file in the run folder, named in their prompt; it is never put
 * into a prompt, an argument or an environment variable.
 */
const REQUEST_FILE = "feature_request.md";
const size = (n) => n >= 1024 * 1024
    ? `${(n / (1024 * 1024)).toFixed(1)} MiB`
    : n >= 1024
        ? `${Math.round(n / 1024)} KiB`
        : `${n} bytes`;
/**
 * The request as agents and the pull request get it: HTML comments, invisible and bidirectional
 * characters removed, capped at `maxBytes`; `note` says what was removed (for the run's log), or null.
 */
function cleanRequest(text, maxBytes = _lib_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__/* .REQUEST_MAX_BYTES */ .Pe) {
    // Only the head can survive the cap; sanitising is per character, so megabytes past it would cost
    // seconds for nothing. Four times the cap leaves room for the comments and hidden characters removed.
    const head = text.length > 4 * maxBytes ? text.slice(0, 4 * maxBytes) : text;
    const { text: clean, removed } = (0,_lib_untrusted_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitiseUntrusted */ .zO)(head, maxBytes);
    if (head !== text)
        removed.truncatedBytes =
            Buffer.byteLength(text) - Buffer.byteLength(head) + Math.max(removed.truncatedBytes, 0);
    const parts = [];
    if (removed.comments > 0)
        parts.push(`${removed.comments} HTML comment${removed.comments === 1 ? "" : "s"} removed`);
    if (removed.hidden > 0)
        parts.push(`${removed.hidden} invisible, bidirectional or control character${removed.hidden === 1 ? "" : "s"} removed`);
    if (removed.truncatedBytes > 0)
        parts.push(`cut at ${size(maxBytes)} (${size(removed.truncatedBytes)} dropped)`);
    return {
        text: clean,
        note: parts.length > 0 ? `the request text was sanitised: ${parts.join("; ")}` : null,
    };
}


/***/ })

};
