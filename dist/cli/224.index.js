export const id = 224;
export const ids = [224];
export const modules = {

/***/ 1690:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ct: () => (/* binding */ filterOverrides),
/* harmony export */   gE: () => (/* binding */ gitEnv),
/* harmony export */   yR: () => (/* binding */ PINNED_CONFIG),
/* harmony export */   zH: () => (/* binding */ filterNames)
/* harmony export */ });
/* unused harmony export PINNED_ENV */
/**
 * The environment and `-c` settings of every git process the engine runs (see Git in git.ts). The engine's
 * git must run no code that a repository, an agent or a stray variable can plant, and must not be
 * redirected to another repository:
 * - hooks off (`core.hooksPath=/dev/null`: no hook file can exist under it), fsmonitor off, no replace
 *   objects or grafts, no system config, no automatic gc;
 * - filter drivers neutralised: a `.gitattributes` written by an agent could otherwise switch the user's
 *   own drivers (e.g. LFS) on for any path; textconv and external diff are never asked for;
 * - literal pathspecs: a file named `:(top)x` is that file, not magic;
 * - inherited variables that pick a repository, an index, an object store or config are dropped, so the
 *   git dir and work tree are always the ones the engine computed.
 * The user's global config is kept: the commit step's author may come from `user.name`/`user.email`
 * (when the flow and AGENT_FLOW_AUTHOR name none), pushes need its credential helpers, and its ignore
 * file decides what counts as ignored. Agents cannot reach it through git (their `.git` is their own); a
 * same-user process writing it directly is outside what a process can prevent (see the README).
 */
const DROPPED = new Set([
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_CONFIG_SYSTEM",
    "GIT_EXTERNAL_DIFF",
    "GIT_DIFF_OPTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_SHALLOW_FILE",
    "GIT_QUARANTINE_PATH",
    "GIT_PREFIX",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_CEILING_DIRECTORIES",
    "GIT_GLOB_PATHSPECS",
    "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
    "GIT_ATTR_SOURCE",
]);
/** Variables set on every engine git process (after the inherited ones are filtered). */
const PINNED_ENV = {
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_ATTR_NOSYSTEM: "1",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_GRAFT_FILE: "/dev/null",
    GIT_LITERAL_PATHSPECS: "1",
    GIT_NO_LAZY_FETCH: "1",
};
/** `-c` settings before every engine git command. */
const PINNED_CONFIG = [
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.useReplaceRefs=false",
    "diff.external=",
    "gc.auto=0",
    "maintenance.auto=false",
    "submodule.recurse=false",
];
/** The inherited environment without the variables that would redirect or reconfigure git. */
function gitEnv(extra) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (DROPPED.has(k) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(k))
            continue;
        env[k] = v;
    }
    return { ...env, ...PINNED_ENV, ...extra };
}
/** `-c` arguments turning off every filter driver named in `names` (from `git config --get-regexp`). */
function filterOverrides(names) {
    const args = [];
    for (const n of names)
        for (const key of ["clean", "smudge", "process"])
            args.push("-c", `filter.${n}.${key}=`);
    for (const n of names)
        args.push("-c", `filter.${n}.required=false`);
    return args;
}
/** Filter driver names from `git config -z --name-only --get-regexp ^filter\.` output. */
function filterNames(out) {
    const names = new Set();
    for (const key of out.split("\0")) {
        const m = /^filter\.(.+)\.[^.]+$/s.exec(key.trim());
        if (m?.[1])
            names.add(m[1]);
    }
    return [...names];
}


/***/ }),

/***/ 5711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i8: () => (/* binding */ startShells),
/* harmony export */   jx: () => (/* binding */ shellable),
/* harmony export */   vD: () => (/* binding */ runInShell),
/* harmony export */   zL: () => (/* binding */ ShellUnavailable)
/* harmony export */ });
/* unused harmony exports shellQuote, printfFormat, helperShells */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);



/** Shells kept at most: beyond this many git commands at once, the caller spawns git itself. */
const MAX_SHELLS = 4;
/** Raised for a wide parallel group (startShells()). */
let maxShells = MAX_SHELLS;
const SHELL = "/bin/sh";
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Variables naming a file a shell reads at start-up: never given to the helper shells. */
const STARTUP_FILES = new Set(["ENV", "BASH_ENV"]);
/** A value as one single-quoted shell word. */
const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
/** `text` as a printf format printing exactly its UTF-8 bytes. */
function printfFormat(text) {
    let out = "";
    for (const b of Buffer.from(text, "utf8")) {
        const plain = b >= 0x20 && b < 0x7f && b !== 0x25 && b !== 0x27 && b !== 0x5c;
        out += plain ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, "0")}`;
    }
    return `'${out}'`;
}
/** The helper shell could not be started: the command did not run (see runInShell()). */
class ShellUnavailable extends Error {
}
/** Set once a shell failed to start: every later command is spawned directly. */
let unavailable = process.platform === "win32" || !(0,node_fs__WEBPACK_IMPORTED_MODULE_2__.existsSync)(SHELL);
class Shell {
    env;
    child;
    out = Buffer.alloc(0);
    err = Buffer.alloc(0);
    pending = null;
    dead = false;
    constructor(env) {
        this.env = env;
        this.child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(SHELL, [], { cwd: "/", env, stdio: ["pipe", "pipe", "pipe"], detached: true });
        this.child.stdout?.on("data", (d) => {
            this.out = this.out.length === 0 ? d : Buffer.concat([this.out, d]);
            this.check();
        });
        this.child.stderr?.on("data", (d) => {
            this.err = this.err.length === 0 ? d : Buffer.concat([this.err, d]);
            this.check();
        });
        this.child.stdin?.on("error", () => this.die(new Error("the git helper shell stopped reading")));
        this.child.on("error", (e) => {
            // Never started (no shell on this system): no command ran, the caller may run it itself.
            if (this.child.pid === undefined)
                unavailable = true;
            this.die(new ShellUnavailable(`cannot start ${SHELL}: ${e.message}`));
        });
        this.child.on("exit", () => this.die(new Error("the git helper shell ended")));
        this.idle();
    }
    get busy() {
        return this.pending !== null;
    }
    run(req) {
        const nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(16).toString("hex");
        const mark = Buffer.from(`\0${nonce} `, "latin1");
        const lines = [
            `(cd ${shellQuote(req.cwd)} || exit 126`,
            ...envChanges(this.env, req.env),
            `exec ${[req.program, ...req.args].map(shellQuote).join(" ")})`,
        ].join("\n");
        const stdin = req.input === undefined ? `${lines} </dev/null` : `printf ${printfFormat(req.input)} | ${lines}`;
        const script = `${stdin}\nprintf '\\000%s %s\\n' ${nonce} "$?"; printf '\\000%s \\n' ${nonce} >&2\n`;
        return new Promise((done, fail) => {
            this.pending = { mark, done, fail };
            this.busyRef();
            this.child.stdin?.write(script);
        });
    }
    check() {
        const p = this.pending;
        if (p === null)
            return;
        const o = this.out.indexOf(p.mark);
        const e = this.err.indexOf(p.mark);
        if (o < 0 || e < 0)
            return;
        const oEnd = this.out.indexOf(10, o + p.mark.length);
        const eEnd = this.err.indexOf(10, e + p.mark.length);
        if (oEnd < 0 || eEnd < 0)
            return;
        const status = this.out.toString("latin1", o + p.mark.length, oEnd);
        const result = {
            exitCode: /^\d+$/.test(status) ? Number(status) : 1,
            stdout: this.out.toString("utf8", 0, o),
            stderr: this.err.toString("utf8", 0, e),
        };
        this.out = this.out.subarray(oEnd + 1);
        this.err = this.err.subarray(eEnd + 1);
        this.pending = null;
        this.idle();
        p.done(result);
    }
    die(e) {
        if (this.dead)
            return;
        this.dead = true;
        const p = this.pending;
        this.pending = null;
        p?.fail(e);
        release(this);
    }
    /** An idle shell keeps no Node process alive; a busy one does (its command's caller awaits it). */
    idle() {
        this.child.unref();
        for (const s of [this.child.stdin, this.child.stdout, this.child.stderr])
            s?.unref?.();
    }
    busyRef() {
        this.child.ref();
        for (const s of [this.child.stdin, this.child.stdout, this.child.stderr])
            s?.ref?.();
    }
}
/** `export`/`unset` lines turning the shell's environment `from` into `to`. */
function envChanges(from, to) {
    const lines = [];
    for (const [k, v] of Object.entries(to))
        if (v !== undefined && from[k] !== v)
            lines.push(`export ${k}=${shellQuote(v)}`);
    for (const k of Object.keys(from))
        if (to[k] === undefined)
            lines.push(`unset ${k}`);
    return lines;
}
const shells = [];
function release(shell) {
    const at = shells.indexOf(shell);
    if (at >= 0)
        shells.splice(at, 1);
    shell.child.stdin?.end();
}
/**
 * Whether a request can go through a shell: no NUL in any argument or value, only variable names a
 * shell can export, and the switch AGENT_FLOW_GIT_SHELL=0 not set.
 */
function shellable(req) {
    if (unavailable || process.env.AGENT_FLOW_GIT_SHELL === "0")
        return false;
    const words = [req.program, req.cwd, ...req.args, ...Object.values(req.env).map((v) => v ?? "")];
    return !words.some((w) => w.includes("\0")) && Object.keys(req.env).every((k) => NAME_RE.test(k));
}
/**
 * Runs `req` in an idle helper shell (a new one, started with environment `base`, when none is idle and
 * fewer than MAX_SHELLS run), or answers null when all are busy: the caller spawns git itself then, so a
 * slow command (a push) never holds up the others.
 */
function runInShell(req, base) {
    let shell = shells.find((s) => !s.busy && !s.dead);
    if (shell === undefined) {
        if (shells.length >= maxShells)
            return null;
        shell = newShell(base);
    }
    return shell.run(req);
}
function newShell(base) {
    const env = {};
    for (const [k, v] of Object.entries(base()))
        if (NAME_RE.test(k) && !STARTUP_FILES.has(k))
            env[k] = v;
    const shell = new Shell(env);
    shells.push(shell);
    return shell;
}
/**
 * Lets `n` shells run (never fewer than MAX_SHELLS) and starts the missing ones now: a parallel group
 * of `n` members runs git for each at once after their agents, and a shell started then is one more
 * fork of the engine on the step's critical path (called while the agents run).
 */
function startShells(n, base) {
    maxShells = Math.max(maxShells, n);
    if (unavailable || process.env.AGENT_FLOW_GIT_SHELL === "0")
        return;
    while (shells.length < n)
        newShell(base);
}
/** The helper shells alive now (pids), for tests and diagnostics. */
function helperShells() {
    return shells.filter((s) => !s.dead && s.child.pid !== undefined).map((s) => s.child.pid);
}


/***/ }),

/***/ 4968:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  T: () => (/* binding */ Git)
});

// UNUSED EXPORTS: GitError

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./build/bundle/js/github/remote.js
var remote = __webpack_require__(9099);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-env.js
var git_env = __webpack_require__(1690);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./build/bundle/js/engine/git-locate.js


// Where git and the repository are, each found once per process: the git program on PATH, the
// repository that contains a folder, and that repository's common dir and object format.
/** The git program found on each PATH value (absolute entries only), looked up once per process. */
const PROGRAMS = new Map();
/**
 * git by absolute path: given a bare name, the child would try every PATH entry in turn (most of a
 * step's execve calls were failed probes), and a relative entry would be searched from the child's cwd.
 */
function gitProgram(pathVar = process.env.PATH ?? "") {
    let found = PROGRAMS.get(pathVar);
    if (found === undefined) {
        found = "git";
        for (const dir of pathVar.split(":")) {
            if (!(0,external_node_path_.isAbsolute)(dir))
                continue;
            const file = (0,external_node_path_.join)(dir, "git");
            try {
                (0,external_node_fs_.accessSync)(file, external_node_fs_.constants.X_OK);
                if (!(0,external_node_fs_.statSync)(file).isFile())
                    continue;
            }
            catch {
                continue;
            }
            found = file;
            break;
        }
        PROGRAMS.set(pathVar, found);
    }
    return found;
}
/** Per git dir: its RepoFacts, asked once per process. */
const FACTS = new Map();
/**
 * Per folder: the repository found from it, asked once per process (a run used to ask 8 times). Only
 * answers are kept: a folder that is not (yet) in a repository is asked again.
 */
const FOUND = new Map();
function repoFacts([common = "", format = ""], cwd) {
    return { common: (0,external_node_path_.isAbsolute)(common) ? common : (0,external_node_path_.resolve)(cwd, common), format: format || "sha1" };
}
/** The repository that contains `cwd`, found as the user's git finds it; its facts come with it. */
function discover(cwd, run, fail) {
    const key = (0,external_node_path_.resolve)(cwd);
    let found = FOUND.get(key);
    if (found === undefined) {
        // --show-toplevel last: it fails in a bare repository, after the others printed their lines.
        const args = ["rev-parse", "--absolute-git-dir", "--git-common-dir", "--show-object-format"];
        found = run([...args, "--is-bare-repository", "--show-toplevel"], cwd).then((r) => {
            if (r.exitCode !== 0)
                throw fail(["rev-parse", "--absolute-git-dir"], r);
            const [gitDir = "", common = "", format = "", bare = "", top = ""] = r.stdout.split("\n");
            if (!FACTS.has(gitDir))
                FACTS.set(gitDir, Promise.resolve(repoFacts([common, format], cwd)));
            return { gitDir, workTree: bare === "true" || top === "" ? null : top };
        });
        FOUND.set(key, found);
        found.catch(() => FOUND.delete(key));
    }
    return found;
}
/**
 * The common git dir and object format of the repository whose git dir is `gitDir`, asked (`ask`) once
 * per git dir and process, or known already from its discovery.
 */
function factsOf(gitDir, cwd, ask) {
    let facts = FACTS.get(gitDir);
    if (facts === undefined) {
        facts = ask().then((r) => repoFacts(r.stdout.split("\n"), cwd));
        FACTS.set(gitDir, facts);
        facts.catch(() => FACTS.delete(gitDir));
    }
    return facts;
}

// EXTERNAL MODULE: ./build/bundle/js/engine/git-shell.js
var git_shell = __webpack_require__(5711);
// EXTERNAL MODULE: ./build/bundle/js/engine/ref-journal.js
var ref_journal = __webpack_require__(6083);
;// CONCATENATED MODULE: ./build/bundle/js/engine/ref-writer.js

/** A ref transaction that git refused (or whose git process ended before it was committed). */
class RefTransactionError extends errors/* AgentFlowError */.o {
    constructor(detail) {
        super(`git update-ref --stdin failed: ${detail}`);
        this.name = "RefTransactionError";
    }
}
/** An idle writer ends after this long: a run saves its state every step, far more often. */
const IDLE_MS = 5000;
/**
 * One `git update-ref --stdin` per git dir, fed a transaction (`start`, updates, `prepare`, `commit`) at
 * a time: the run's state is saved after every step and every agent of a group, and a process started
 * for each save was a large part of a step's cost (forking the Node process is slow). git answers
 * `<command>: ok` for each transaction command, so a save is known durable when `commit: ok` arrives.
 * Any error makes git print it and exit: the save fails with git's message and the next one starts a
 * new process. Transactions are sent one after the other, never interleaved.
 */
class RefWriter {
    git;
    child = null;
    stderr = "";
    buffered = "";
    current = null;
    queue = Promise.resolve();
    idle = null;
    constructor(git) {
        this.git = git;
    }
    transaction(updates) {
        const run = this.queue.then(() => this.send(updates));
        this.queue = run.catch(() => undefined);
        return run;
    }
    async send(updates) {
        for (const [ref, sha] of updates)
            if (/[\s\0]/.test(ref) || !/^[0-9a-f]{40,64}$/.test(sha))
                throw new RefTransactionError(`cannot update ${JSON.stringify(ref)} to ${JSON.stringify(sha)}`);
        if (this.idle)
            clearTimeout(this.idle);
        this.idle = null;
        const child = this.child ?? (await this.start());
        const lines = ["start", ...updates.map(([ref, sha]) => `update ${ref} ${sha}`), "prepare", "commit"];
        // While an answer is awaited, git's output keeps this process alive (between two, nothing does).
        const out = child.stdout;
        out?.ref?.();
        try {
            await new Promise((resolve, reject) => {
                this.current = { expect: 3, seen: 0, resolve, reject };
                child.stdin?.write(`${lines.join("\n")}\n`);
            });
        }
        finally {
            this.current = null;
            out?.unref?.();
        }
        if (this.child === child) {
            this.idle = setTimeout(() => this.stop(child), IDLE_MS);
            this.idle.unref();
        }
    }
    async start() {
        const child = await this.git.spawnLongLived(["update-ref", "--stdin"]);
        this.child = child;
        this.stderr = "";
        this.buffered = "";
        // Neither the process nor its pipes keep this process alive: at exit, git reads EOF and ends.
        child.unref();
        for (const s of [child.stdin, child.stdout, child.stderr])
            s?.unref?.();
        child.stdin?.on("error", () => { });
        child.stderr?.on("data", (d) => {
            this.stderr = (this.stderr + d.toString("utf8")).slice(-4000);
        });
        child.stdout?.on("data", (d) => {
            this.buffered += d.toString("utf8");
            let nl = this.buffered.indexOf("\n");
            while (nl >= 0) {
                const line = this.buffered.slice(0, nl);
                this.buffered = this.buffered.slice(nl + 1);
                this.answer(line);
                nl = this.buffered.indexOf("\n");
            }
        });
        const ended = (why) => {
            if (this.child === child)
                this.child = null;
            const p = this.current;
            this.current = null;
            p?.reject(new RefTransactionError(this.stderr.trim() || why));
        };
        child.on("error", (e) => ended(`cannot run git: ${e.message}`));
        child.on("close", (code, signal) => ended(`git exited (${signal ?? `code ${code}`})`));
        return child;
    }
    answer(line) {
        const p = this.current;
        if (!p)
            return;
        if (!/^(start|prepare|commit): ok$/.test(line)) {
            p.reject(new RefTransactionError(`unexpected answer ${JSON.stringify(line)}`));
            this.current = null;
            return;
        }
        p.seen += 1;
        if (p.seen === p.expect)
            p.resolve();
    }
    stop(child) {
        if (this.child !== child || this.current)
            return;
        this.child = null;
        child.stdin?.end();
    }
}
const writers = new Map();
/** Moves `updates` in one transaction through the git dir's long-lived writer (see RefWriter). */
async function refTransaction(git, updates) {
    if (updates.length === 0)
        return;
    const dir = await git.gitDir();
    let w = writers.get(dir);
    if (!w) {
        w = new RefWriter(git);
        writers.set(dir, w);
    }
    await w.transaction(updates);
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/git.js








class GitError extends errors/* AgentFlowError */.o {
    args;
    result;
    constructor(args, result) {
        const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`;
        // A remote URL in the arguments or in git's message may carry a token.
        super((0,remote/* redactUrls */.s)(`git ${args.join(" ")} failed: ${detail}`));
        this.args = args;
        this.result = result;
        this.name = "GitError";
    }
}
/** Filter driver names per git dir (see git-env.ts), asked once per process. */
const FILTERS = new Map();
/**
 * The one place that runs git. Everything goes through the CLI (no git library), with a fixed
 * environment (see git-env.ts: no hooks, fsmonitor, filters, replace objects, system config or inherited
 * redirection; literal pathspecs) so that neither a repository nor an agent can make the engine's git run
 * code or act on another repository, and so that pagers or a localised git do not change what we parse.
 *
 * The git dir and work tree are passed explicitly on every call. Without a layout, the first call asks
 * git once, from `cwd`, for the repository that contains it (the user's own checkout, found the way the
 * user's git finds it) and pins the answer for every later call of this object.
 */
class Git {
    cwd;
    layout;
    constructor(cwd, layout) {
        this.cwd = cwd;
        this.layout = layout ? Promise.resolve(layout) : null;
    }
    /** A Git for the repository containing `cwd`, found (once) from there. */
    at(cwd) {
        return new Git(cwd);
    }
    /** A Git with this git dir and work tree, never discovered (e.g. an agent's directory). */
    with(layout) {
        return new Git(layout.workTree ?? this.cwd, layout);
    }
    /** The pinned git dir and work tree (asks git once when they were not given). */
    async where() {
        if (this.layout === null) {
            const found = discover(this.cwd, (args, cwd) => this.raw(args, { cwd }), (args, r) => new GitError(args, r));
            this.layout = found;
            found.catch(() => {
                if (this.layout === found)
                    this.layout = null;
            });
        }
        return this.layout;
    }
    /**
     * The common git dir and object format of this Git's repository, asked of git once per git dir and
     * process (with the discovery itself when this Git found its repository from `cwd`).
     */
    async facts() {
        const where = await this.where();
        return factsOf(where.gitDir, this.cwd, () => this.exec(["rev-parse", "--git-common-dir", "--show-object-format"]));
    }
    /** The repository's object format (`sha1` or `sha256`). */
    async objectFormat() {
        return (await this.facts()).format;
    }
    /** `-c` settings, git dir and work tree put before every command of this Git. */
    async pinned() {
        const where = await this.where();
        let filters = FILTERS.get(where.gitDir);
        if (filters === undefined) {
            // Once per git dir and process: the drivers the user's config names (cwd / so that no repository
            // around it is discovered for the config lookup).
            filters = this.raw([`--git-dir=${where.gitDir}`, "config", "-z", "--name-only", "--get-regexp", "^filter\\."], { cwd: "/" }).then((r) => (0,git_env/* filterNames */.zH)(r.stdout));
            FILTERS.set(where.gitDir, filters);
        }
        return [
            ...git_env/* PINNED_CONFIG */.yR.flatMap((c) => ["-c", c]),
            ...(0,git_env/* filterOverrides */.ct)(await filters),
            `--git-dir=${where.gitDir}`,
            ...(where.workTree === null ? [] : [`--work-tree=${where.workTree}`]),
        ];
    }
    async exec(args, opts = {}) {
        const result = await this.raw([...(await this.pinned()), ...args], opts);
        if (result.exitCode !== 0 && !opts.allowFailure)
            throw new GitError(args, result);
        return result;
    }
    /**
     * A long-running git command (e.g. `update-ref --stdin`) with the same pinning as exec(), all three
     * streams piped, in its own process group (a Ctrl-C meant for the run does not kill it between two
     * requests; it ends when its standard input closes, at the latest when this process exits).
     */
    async spawnLongLived(args) {
        const pinned = await this.pinned();
        // From /: every path is absolute, and the folder it was asked from may be gone by the time it runs.
        return (0,external_node_child_process_.spawn)(gitProgram(), [...pinned, ...args], {
            cwd: "/",
            env: (0,git_env/* gitEnv */.gE)(undefined),
            stdio: ["pipe", "pipe", "pipe"],
            detached: true,
        });
    }
    /**
     * Finds the repository and reads what every command of this Git needs first (see pinned()), for a
     * caller with other work to do meanwhile; the first command then starts at once. Never rejects: a
     * failure is met again, and reported, by the first command.
     */
    async prepare() {
        await this.pinned().catch(() => undefined);
    }
    /** The git dir every command of this Git names. */
    async gitDir() {
        return (await this.where()).gitDir;
    }
    /** Runs git with the pinned environment; never throws for an exit code. */
    raw(args, opts) {
        const req = {
            program: gitProgram(),
            args,
            cwd: opts.cwd ?? this.cwd,
            env: (0,git_env/* gitEnv */.gE)(opts.env),
            input: opts.input,
        };
        // Started by a helper shell, not by forking this process (see git-shell.ts), unless all are busy.
        const viaShell = (0,git_shell/* shellable */.jx)(req) ? (0,git_shell/* runInShell */.vD)(req, () => (0,git_env/* gitEnv */.gE)(undefined)) : null;
        if (viaShell === null)
            return this.spawned(args, opts);
        return viaShell.catch((e) => {
            if (e instanceof git_shell/* ShellUnavailable */.zL)
                return this.spawned(args, opts);
            throw e;
        });
    }
    /** Runs git as a child of this process. */
    spawned(args, opts) {
        return new Promise((resolvePromise, reject) => {
            const child = (0,external_node_child_process_.spawn)(gitProgram(), args, {
                cwd: opts.cwd ?? this.cwd,
                env: (0,git_env/* gitEnv */.gE)(opts.env),
                stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
            });
            const out = [];
            const err = [];
            child.stdout?.on("data", (d) => out.push(d));
            child.stderr?.on("data", (d) => err.push(d));
            child.on("error", (e) => reject(new Error(`cannot run git: ${e.message}; is git installed and on PATH?`)));
            child.on("close", (code) => {
                const result = {
                    exitCode: code ?? 1,
                    stdout: Buffer.concat(out).toString("utf8"),
                    stderr: Buffer.concat(err).toString("utf8"),
                };
                resolvePromise(result);
            });
            if (child.stdin) {
                // git may exit before reading all of its input (e.g. on a bad argument); its exit code says why.
                child.stdin.on("error", () => { });
                child.stdin.end(opts.input);
            }
        });
    }
    /** stdout without the trailing newline. */
    async out(args, opts = {}) {
        return (await this.exec(args, opts)).stdout.replace(/\n$/, "");
    }
    async revParse(rev) {
        const r = await this.exec(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], {
            allowFailure: true,
        });
        return r.exitCode === 0 ? r.stdout.trim() : undefined;
    }
    async topLevel() {
        try {
            return (await this.where()).workTree ?? undefined;
        }
        catch {
            return undefined;
        }
    }
    /** The repository's common git dir (shared by its linked worktrees), absolute. */
    async commonDir() {
        return (await this.facts()).common;
    }
    async updateRef(ref, sha, old) {
        const done = (0,ref_journal/* beginRefWrites */.Xm)([[ref, sha]]);
        await this.exec(["update-ref", ref, sha, ...(old ? [old] : [])]).finally(done);
    }
    /**
     * Several refs in one transaction: all move or none. Sent to one `git update-ref --stdin` kept for the
     * git dir (see ref-writer.ts), not a process per transaction.
     */
    async updateRefs(updates) {
        const done = (0,ref_journal/* beginRefWrites */.Xm)(updates);
        await refTransaction(this, updates).finally(done);
    }
    /** Paths changed between two trees (renames split into delete + add), NUL-separated for odd names. */
    async changedPaths(from, to) {
        const out = await this.out([
            "diff",
            "--no-ext-diff",
            "--no-textconv",
            "--name-only",
            "--no-renames",
            "-z",
            from,
            to,
        ]);
        return out.split("\0").filter(Boolean);
    }
}


/***/ }),

/***/ 6083:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xm: () => (/* binding */ beginRefWrites),
/* harmony export */   hV: () => (/* binding */ refMark),
/* harmony export */   l5: () => (/* binding */ engineMovedRef),
/* harmony export */   ne: () => (/* binding */ PRIVATE_REFS)
/* harmony export */ });
/* harmony import */ var _lib_locks_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9388);
/* harmony import */ var _run_run_lock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8148);
/**
 * The refs this engine process writes, so that a fingerprint (fingerprint.ts) can tell the engine's own
 * moves of the runs' private refs (`refs/agent-flow/**`) from an agent's: in a parallel group the engine
 * saves the run's state and the other agents' commits while one agent runs. A private ref that changed
 * during an agent or check is accepted only when its new value is one the engine wrote there since the
 * fingerprint before it was taken; or, for another run, when that run's own live engine moves it
 * (its run lock is held by another live process), or the ref went away (cleanup of old runs; a deleted
 * ref can make a run unresumable, never make anything pushed), or it is the head of a run being started.
 * Outside the private refs, only a new branch another live run's commit step made is accepted.
 */


const PRIVATE_REFS = "refs/agent-flow/";
const KEEP = 10_000;
let seq = 0;
const writes = [];
/** Notes refs about to be written; call the returned function once the write ended (or failed). */
function beginRefWrites(updates) {
    const mine = updates
        .filter(([ref]) => ref.startsWith(PRIVATE_REFS))
        .map(([ref, value]) => ({ seq: ++seq, ref, value, done: false }));
    writes.push(...mine);
    if (writes.length > KEEP)
        writes.splice(0, writes.length - KEEP);
    return () => {
        for (const w of mine)
            w.done = true;
    };
}
/**
 * A mark taken when a fingerprint starts: writes after it may show in a later reading. A write still
 * in progress now may land after the reading of the refs, so it counts as after the mark too.
 */
function refMark() {
    const open = writes.find((w) => !w.done);
    return open ? open.seq - 1 : seq;
}
/**
 * Whether a change of `ref` (to `value`, or removed when undefined) seen between a fingerprint taken at
 * `mark` and now is the engine's own doing (see the module comment).
 */
function engineMovedRef(root, ref, value, mark, how) {
    if (!ref.startsWith(PRIVATE_REFS))
        return how === "added" && anotherRunsBranch(root, ref);
    if (value !== undefined && writes.some((w) => w.seq > mark && w.ref === ref && w.value === value))
        return true;
    const runId = ref.slice(PRIVATE_REFS.length).split("/")[0] ?? "";
    const lock = runId ? (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_0__/* .readLock */ .mF)(root, (0,_run_run_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .runLockResource */ .jX)(runId)) : null;
    const ownRun = lock !== null && lock.pid === process.pid;
    if (ownRun)
        return false;
    if (value === undefined)
        return true;
    // A run being started writes its head before it takes its run lock; a head alone resumes nothing.
    if (how === "added" && ref === `${PRIVATE_REFS}${runId}/head`)
        return true;
    return lock !== null && !lock.unreadable && !lock.stale;
}
/** A run id inside a branch name (the default branch template ends with `{run_id}`). */
const RUN_ID_IN = /\d{8}-\d{6}-[0-9a-f]{8}/g;
/**
 * A new branch (local, or its remote-tracking copy after a push) whose name holds the id of another run
 * whose live engine holds its run lock: that run's commit step made it. Two runs of one repository
 * otherwise see each other's commit step as a tamper of the user's branches. Only an added ref: a branch
 * that existed and moved is always reported.
 */
function anotherRunsBranch(root, ref) {
    if (!ref.startsWith("refs/heads/") && !ref.startsWith("refs/remotes/"))
        return false;
    for (const [runId] of ref.matchAll(RUN_ID_IN)) {
        const lock = (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_0__/* .readLock */ .mF)(root, (0,_run_run_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .runLockResource */ .jX)(runId));
        if (lock !== null && lock.pid !== process.pid && !lock.unreadable && !lock.stale)
            return true;
    }
    return false;
}


/***/ }),

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

/***/ 7996:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ji: () => (/* binding */ promptDiagnostics),
/* harmony export */   NK: () => (/* binding */ readPromptFile)
/* harmony export */ });
/* unused harmony export MAX_PROMPT_BYTES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _diagnostics_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9142);
/* harmony import */ var _prompt_template_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4701);





/** Prompt files open at once while a flow is checked: a flow of hundreds of agents stays far from the fd limit. */
const READS_AT_ONCE = 16;
/** A prompt is text for a model; past this it is a mistaken path (a log, a binary). */
const MAX_PROMPT_BYTES = 4 * 1024 * 1024;
const known = () => Object.keys(_prompt_template_js__WEBPACK_IMPORTED_MODULE_3__/* .PLACEHOLDERS */ .je);
function unknownMessage(name) {
    const hint = (0,_diagnostics_js__WEBPACK_IMPORTED_MODULE_4__/* .didYouMean */ .au)(name, known()) || ` (known: ${known().join(", ")}, with.<key>)`;
    return `unknown placeholder {{${name}}}${hint}`;
}
/** The text of a prompt file, or why it cannot be one (O_NONBLOCK: a FIFO must not hang the read). */
async function readPromptFile(file) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK).catch((err) => err);
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
            for (const u of (0,_prompt_template_js__WEBPACK_IMPORTED_MODULE_3__/* .unknownPlaceholders */ .hX)(agent.prompt))
                out.push(source.diagnostic(["agents", agent.name, "prompt"], `${unknownMessage(u.name)} (line ${u.line} of the prompt)`));
        }
        if (agent.prompt_file === undefined)
            return out;
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, agent.prompt_file);
        const read = await readPromptFile(file);
        if ("problem" in read) {
            out.push(source.diagnostic(["agents", agent.name, "prompt_file"], read.problem));
            return out;
        }
        for (const u of (0,_prompt_template_js__WEBPACK_IMPORTED_MODULE_3__/* .unknownPlaceholders */ .hX)(read.text))
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


/***/ }),

/***/ 4701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xm: () => (/* binding */ renderTemplate),
/* harmony export */   hX: () => (/* binding */ unknownPlaceholders),
/* harmony export */   je: () => (/* binding */ PLACEHOLDERS)
/* harmony export */ });
/* unused harmony export isPlaceholder */
/**
 * Prompt templates: plain text with `{{name}}` placeholders filled in by the engine before each attempt.
 * Substitution only, in one pass: a value is never scanned again, and nothing in a template runs. The
 * older `$VAR` / `${VAR}` form (from the agent's environment) is filled in by the same pass.
 *
 * The request text never goes through here: prompts name the file that holds it ({{request_file}}).
 */
/** Every placeholder, with what it becomes (the README lists the same). */
const PLACEHOLDERS = {
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
const isPlaceholder = (name) => name in PLACEHOLDERS || (name.startsWith(WITH_PREFIX) && name.length > WITH_PREFIX.length);
/** The unknown placeholders of a template, with their 1-based line and column. */
function unknownPlaceholders(template) {
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

/***/ 9099:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ parseGitHubRemote),
/* harmony export */   s: () => (/* binding */ redactUrls)
/* harmony export */ });
// Which GitHub repository a git remote URL points to.
const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const REPO_RE = /^[A-Za-z0-9._-]+$/;
/**
 * owner/repo of a GitHub remote URL, or null when the URL points elsewhere. Accepts
 * https://[user[:token]@]HOST/o/r(.git)(/), git@HOST:o/r(.git), ssh://[user@]HOST[:port]/o/r(.git) and
 * git://HOST/o/r(.git), where HOST is github.com or the host of `serverUrl` (GHES, e.g.
 * https://github.example.com, path prefix allowed).
 */
function parseGitHubRemote(url, serverUrl) {
    let server;
    try {
        server = new URL(serverUrl?.trim() || "https://github.com");
    }
    catch {
        return null;
    }
    const host = server.hostname.toLowerCase();
    const prefix = server.pathname.replace(/\/+$/, "");
    const text = url.trim();
    let path;
    const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
    if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
        // scp-like: git@github.com:o/r.git (no scheme, a colon before the path)
        if (scp[1].toLowerCase() !== host)
            return null;
        path = scp[2];
    }
    else {
        let parsed;
        try {
            parsed = new URL(text);
        }
        catch {
            return null;
        }
        if (!["https:", "http:", "ssh:", "git:", "git+ssh:", "ssh+git:"].includes(parsed.protocol))
            return null;
        if (parsed.hostname.toLowerCase() !== host)
            return null;
        if ((parsed.protocol === "https:" || parsed.protocol === "http:") &&
            server.port &&
            parsed.port !== server.port) {
            return null;
        }
        path = decodeURIComponent(parsed.pathname);
        if (prefix && (parsed.protocol === "https:" || parsed.protocol === "http:")) {
            if (!path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`))
                return null;
            path = path.slice(prefix.length);
        }
    }
    const parts = path
        .replace(/^\/+/, "")
        .replace(/\/+$/, "")
        .replace(/\.git$/i, "")
        .split("/");
    if (parts.length !== 2)
        return null;
    const [owner, repo] = parts;
    if (!OWNER_RE.test(owner) || !REPO_RE.test(repo) || repo === "." || repo === "..")
        return null;
    return { owner, repo };
}
/**
 * The one redaction of credentials in URLs: `scheme://user:token@host/...` becomes `scheme://host/...`,
 * wherever it appears in `text` (a remote URL, git's stderr, an error message). Applied before anything
 * is stored or logged, so a token in a remote URL (`https://x-access-token:...@github.com/...`) never
 * reaches branch_info.json, the `latest` snapshot or pipeline.log.
 */
function redactUrls(text) {
    // userinfo is everything between "//" and the last "@" before the host's end (a token may hold "@"
    // percent-encoded, never raw "/" "?" "#" or whitespace).
    return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*(?:@[^/?#\s@]*)*@/gi, "$1");
}


/***/ }),

/***/ 4788:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F4: () => (/* binding */ processGone),
/* harmony export */   Vk: () => (/* binding */ selfHolder),
/* harmony export */   _k: () => (/* binding */ STALE_AFTER_MS),
/* harmony export */   _l: () => (/* binding */ judgeHolder),
/* harmony export */   hA: () => (/* binding */ pidRunning),
/* harmony export */   m: () => (/* binding */ HEARTBEAT_MS),
/* harmony export */   nV: () => (/* binding */ formatAge),
/* harmony export */   vk: () => (/* binding */ thisHost)
/* harmony export */ });
/* unused harmony exports bootId, processStartTime, sameHost */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
// Is the process behind a lock or a run still alive? One rule for locks, runs and scratch folders.
//
// A holder is recorded as pid + host + boot id (/proc/sys/kernel/random/boot_id) + process start time
// (field 22 of /proc/<pid>/stat, clock ticks since boot), and it refreshes a heartbeat while it lives
// (locks.ts rewrites `heartbeat_at` in each held lock every HEARTBEAT_MS). The verdict:
//   - same machine (same boot id, or same host name when a boot id is unknown):
//       pid not running            -> stale "pid N gone"
//       pid running, other start   -> stale "pid N reused by another process"
//   - another boot of this host      -> stale "host H rebooted"
//   - any host: last heartbeat older than the holder's bound (`stale_after_ms`, default STALE_AFTER_MS)
//                                    -> stale "no heartbeat for 2m (host ci-7)"
//   - otherwise alive ("alive: heartbeat 3s ago").
// Another host's pids cannot be checked, so there the heartbeat alone decides: a crashed engine in a CI
// container is stale STALE_AFTER_MS after its last beat. Only node: modules are imported (the lock tests
// and bench transpile this file for plain-node children).


/** How often a holder refreshes its heartbeat. */
const HEARTBEAT_MS = 10_000;
/**
 * A holder whose last heartbeat is older than this is presumed dead, on any host: nine missed beats,
 * so a busy event loop or a slow disk is not mistaken for a crash.
 */
const STALE_AFTER_MS = 90_000;
const thisHost = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)();
let bootIdCache;
function bootId() {
    if (bootIdCache === undefined) {
        try {
            bootIdCache = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
        }
        catch {
            bootIdCache = null;
        }
    }
    return bootIdCache;
}
/** Field 22 of /proc/<pid>/stat, or null (no such process, or no /proc). */
function processStartTime(pid) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, "utf8");
    }
    catch {
        return null;
    }
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return rest[22 - 3] ?? null;
}
/** kill(pid, 0): ESRCH means gone; EPERM means it runs under another user. */
function pidRunning(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return e.code !== "ESRCH";
    }
}
/** This process, as a holder records it. */
function selfHolder() {
    return { pid: process.pid, host: thisHost, boot_id: bootId(), start_time: processStartTime(process.pid) };
}
/**
 * What is known for certain about a holder's process without its heartbeat: a reason it is gone, or
 * null (it runs, or it runs on another machine where it cannot be checked).
 */
function processGone(h) {
    const boot = bootId();
    if (h.host !== thisHost)
        return null;
    if (h.boot_id && boot && h.boot_id !== boot)
        return `host ${h.host} rebooted since (boot id differs)`;
    if (!pidRunning(h.pid))
        return `pid ${h.pid} gone`;
    if (h.start_time) {
        const now = processStartTime(h.pid);
        if (now !== null && now !== h.start_time)
            return `pid ${h.pid} reused by another process (start time differs)`;
    }
    return null;
}
/** Whether a holder's process can be checked from here (same host; a reboot is detected too). */
const sameHost = (h) => h.host === thisHost;
/**
 * The verdict on a holder whose last sign of life (heartbeat, or the time it took the lock when it
 * keeps none) is `lastSeenMs`, with the bound `staleAfterMs` it recorded.
 */
function judgeHolder(h, lastSeenMs, staleAfterMs, now = Date.now()) {
    const gone = processGone(h);
    if (gone !== null)
        return { alive: false, reason: `stale: ${gone}` };
    const age = Math.max(0, now - lastSeenMs);
    const where = sameHost(h) ? `pid ${h.pid}` : `host ${h.host || "?"}`;
    if (age > staleAfterMs) {
        return {
            alive: false,
            reason: `stale: no heartbeat for ${formatAge(age)} (${where}; the bound is ${formatAge(staleAfterMs)})`,
        };
    }
    return { alive: true, reason: `alive: heartbeat ${formatAge(age)} ago (${where})` };
}
/** "0.4s", "12s", "3m", "2h5m", "3d": precise enough to tell a live holder from a dead one. */
function formatAge(ms) {
    if (ms < 10_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const s = Math.round(ms / 1000);
    if (s < 120)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 120)
        return `${m}m`;
    const h = Math.floor(m / 60);
    if (h < 48)
        return `${h}h${m % 60 ? `${m % 60}m` : ""}`;
    return `${Math.floor(h / 24)}d`;
}


/***/ }),

/***/ 9388:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  XB: () => (/* reexport */ LockTimeoutError),
  IZ: () => (/* reexport */ acquireLock),
  NP: () => (/* reexport */ breakLock),
  dB: () => (/* reexport */ listLocks),
  mF: () => (/* reexport */ readLock),
  tk: () => (/* reexport */ releaseAllHeldSync)
});

// UNUSED EXPORTS: HEARTBEAT_MS, LOCKS_DIR, STALE_AFTER_MS, UNPARSEABLE_GRACE_MS, lockResourceProblem

// EXTERNAL MODULE: ./build/bundle/js/lib/liveness.js
var lib_liveness = __webpack_require__(4788);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./build/bundle/js/lib/locks/lock-file.js
// The lock file of the advisory locks (see claims.ts for the protocol): what it holds, how it is read,
// and the one rule that judges whether its holder is alive.



const LOCKS_DIR = ".locks";
/** An unparseable lock file younger than this is left alone (it may be a hand-written lock being edited). */
const UNPARSEABLE_GRACE_MS = 3000;
const RESOURCE_RE = /^[a-z0-9][a-z0-9_-]*$/;
const MAX_RESOURCE_LENGTH = 100;
const TOKEN_RE = /^[0-9a-f]{16,64}$/;
/** Returns a sentence saying what is wrong with `resource` as a lock name, or null when it is fine. */
function lockResourceProblem(resource) {
    if (resource === "")
        return "the lock resource name is empty; use a slug such as 'pipeline-status'";
    if (resource.length > MAX_RESOURCE_LENGTH) {
        return `the lock resource name '${resource.slice(0, 40)}...' is longer than ${MAX_RESOURCE_LENGTH} characters`;
    }
    if (!RESOURCE_RE.test(resource)) {
        const shown = JSON.stringify(resource);
        return `${shown} is not a valid lock resource name: use lowercase letters, digits, '-' and '_', starting with a letter or digit (it becomes the file name ${LOCKS_DIR}/<resource>.lock)`;
    }
    return null;
}
function errno(e) {
    return e?.code;
}
function newToken() {
    return (0,external_node_crypto_.randomBytes)(16).toString("hex");
}
/** Reads a lock or claim file; null when it does not exist. mtime and bytes come from the same inode. */
function readLockFile(file) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(file, "r");
    }
    catch (e) {
        if (errno(e) === "ENOENT")
            return null;
        throw e;
    }
    try {
        const mtimeMs = (0,external_node_fs_.fstatSync)(fd).mtimeMs;
        const raw = (0,external_node_fs_.readFileSync)(fd, "utf8");
        const parsed = parseLockInfo(raw);
        const info = typeof parsed === "string" ? null : parsed;
        const problem = typeof parsed === "string" ? parsed : "";
        const key = info !== null && TOKEN_RE.test(info.token)
            ? info.token
            : `h${(0,external_node_crypto_.createHash)("sha256").update(raw).digest("hex").slice(0, 32)}`;
        return { raw, mtimeMs, info, problem, key };
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** The LockInfo, or a sentence saying what is wrong with the file. */
function parseLockInfo(raw) {
    if (raw.trim() === "")
        return "the file is empty";
    let v;
    try {
        v = JSON.parse(raw);
    }
    catch (e) {
        return `not JSON (${e instanceof Error ? e.message : String(e)})`;
    }
    if (typeof v !== "object" || v === null || Array.isArray(v))
        return "not a JSON object";
    const o = v;
    const str = (k) => (typeof o[k] === "string" ? o[k] : null);
    const pid = o.pid;
    if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0)
        return `"pid" is ${pid === undefined ? "missing" : `${JSON.stringify(pid)}, not a positive integer`}`;
    const run_id = str("run_id");
    const agent = str("agent");
    const timestamp = str("timestamp");
    for (const [k, val] of [
        ["run_id", run_id],
        ["agent", agent],
        ["timestamp", timestamp],
    ])
        if (val === null)
            return `"${k}" is missing or not a string`;
    // The guide's own shell locks carry only run_id, agent, timestamp and pid: accept them, as local ones.
    const info = {
        resource: str("resource") ?? "",
        run_id: run_id,
        agent: agent,
        timestamp: timestamp,
        pid,
        host: str("host") ?? lib_liveness/* thisHost */.vk,
        token: str("token") ?? "",
    };
    if (o.boot_id !== undefined)
        info.boot_id = str("boot_id");
    if (o.start_time !== undefined)
        info.start_time = str("start_time");
    const beat = str("heartbeat_at");
    if (beat !== null)
        info.heartbeat_at = beat;
    const bound = o.stale_after_ms;
    if (typeof bound === "number" && Number.isFinite(bound) && bound > 0)
        info.stale_after_ms = bound;
    return info;
}
function formatDuration(ms) {
    return ms >= 10_000 ? `${Math.round(ms / 1000)}s` : `${(ms / 1000).toFixed(1)}s`;
}
/** Parses an ISO time; the file's mtime when it is not one. */
function timeOf(iso, f) {
    const t = iso === undefined ? Number.NaN : Date.parse(iso);
    return Number.isNaN(t) ? f.mtimeMs : t;
}
/**
 * Is this file stale (the rule of the header, src/lib/liveness.ts)? `lease`: whether a missed heartbeat
 * makes a holder on this host stale (true for locks; false for claims, held for microseconds by a process
 * whose liveness is checked directly, and never second-guessed while it runs, see (I2)).
 */
function judge(f, now, lease) {
    if (f.info === null) {
        const ageMs = Math.max(0, now - f.mtimeMs);
        const grace = formatDuration(UNPARSEABLE_GRACE_MS);
        return ageMs > UNPARSEABLE_GRACE_MS
            ? { ageMs, stale: true, reason: `stale: unreadable (${f.problem}) and older than ${grace}` }
            : { ageMs, stale: false, reason: `unreadable (${f.problem}); left alone while younger than ${grace}` };
    }
    const info = f.info;
    const ageMs = Math.max(0, now - timeOf(info.timestamp, f));
    if (!lease && info.host === lib_liveness/* thisHost */.vk) {
        const gone = (0,lib_liveness/* processGone */.F4)(info);
        return gone === null
            ? { ageMs, stale: false, reason: `alive: pid ${info.pid} runs` }
            : { ageMs, stale: true, reason: `stale: ${gone}` };
    }
    const lastSeen = timeOf(info.heartbeat_at ?? info.timestamp, f);
    const v = (0,lib_liveness/* judgeHolder */._l)(info, lastSeen, info.stale_after_ms ?? lib_liveness/* STALE_AFTER_MS */._k, now);
    return { ageMs, stale: !v.alive, reason: v.reason };
}

;// CONCATENATED MODULE: ./build/bundle/js/lib/locks/claims.js
// Advisory locks of the local engine: `<root>/.locks/<resource>.lock`, one JSON file per held resource.
//
// Files
//   .locks/<resource>.lock          the lock: pretty JSON with the LockInfo fields (what `agent-flow locks` lists)
//   .locks/.tmp/<random>.tmp        a lock or claim being written; never read by anyone
//   .locks/.claims/<resource>.<key>.claim
//                                   the exclusive right to remove the lock (or claim) whose key is <key>
// A file's key is its `token` (128 random bits, new for every acquisition), or, for a file without a
// valid token (hand-written, corrupt), "h" + a hash of its bytes.
//
// Acquiring: the full JSON is written to a temp file, then link(tmp, lock) publishes it. link() fails with
// EEXIST atomically when the lock exists, so there is no check-then-create race, and since the content
// was complete before it got its public name, a reader never sees half a lock.
//
// Liveness (one rule, src/lib/liveness.ts, used by the engine's waiters, by `agent-flow locks` and in the
// timeout error alike): a lock records its holder's pid, host, boot id and process start time, and the
// bound `stale_after_ms`; its holder rewrites `heartbeat_at` every `heartbeat_ms` while it holds the lock
// (so a lease covers the whole hold, retries and back-off included). The lock is stale when its holder's
// process is known gone (same host: pid not running, pid reused, host rebooted) or when its last heartbeat
// (or, for a lock without one such as the guide's shell locks, its timestamp) is older than its bound
// (STALE_AFTER_MS when it records none): the same on any host. A file that is not a valid lock (hand-
// written, damaged) is shown as unreadable with what is wrong, and is reclaimed once it is older than
// UNPARSEABLE_GRACE_MS: our own locks are published whole by link(), so such a file is never a lock
// being written. A waiter that reads a stale lock with key K does NOT delete it by name (the name may
// meanwhile point to someone else's fresh lock). Instead:
//   1. it creates the claim `.claims/<resource>.K.claim` with link() (exclusive: at most one creator);
//   2. holding the claim, it re-reads the lock; only if the lock's key is still K and the lock is still
//      stale does it rename() its own complete temp file over the lock (atomically replacing K by its own
//      lock), else it does nothing;
//   3. it deletes its claim.
// release() follows the same three steps with K = its own token and unlink() instead of rename(); a
// heartbeat follows them with rename() of the same lock with a new `heartbeat_at` (the key stays K).
// breakLock() (the user's --force) follows them with unlink(), without the staleness test.
//
// Why two processes can never both acquire (the argument, by invariants):
//   (I1) The file at the lock name is created only by link() (which needs the name to be free), and is
//        removed or replaced only inside step 2, i.e. by a process holding the claim for that file's key
//        that has just read that key from the name.
//   (I2) At most one process holds the claim for a key at a time. Claims are created by link(). A claim
//        file is deleted only by its creator, or, when its creator's pid is dead (a dead process stays
//        dead; a live one is never reported dead), by a process holding the claim for the CLAIM's own
//        token: the same procedure one level up, so the same argument applies (depth is bounded).
//   (I3) Keys are never reused (random tokens) and nothing is ever put back at the lock name: once the
//        lock with key K leaves the name, no later reader sees K there again. The one rewrite that keeps
//        K at the name is the holder's heartbeat, done under claim K: so while a reclaimer holds claim K,
//        the content under K is fixed, and the staleness it re-judges in step 2 cannot change under it.
//   So between "read K under claim K" and the rename/unlink in step 2, the name cannot change: a create
//   fails because the name is taken, and a removal needs claim K, which we hold alone. The rename/unlink
//   therefore acts exactly on the lock that was judged stale (or on our own lock, for release). Every
//   acquisition (a link onto a free name, or a rename over the verified stale lock) follows the removal
//   of the previous lock, and two waiters that read the same stale K serialize on claim K: the second
//   one finds another key under the name and backs off. Hence at most one acquirer per lock generation,
//   and release() never removes a lock that is not its own (a release racing a reclaim of its lock
//   either finds the claim taken, or finds another key under the name; both leave the file alone).
//   The only holder that can be wrong about holding is one that missed its heartbeats for longer than
//   its own bound while it still ran (a stopped process, an event loop blocked for minutes), or whose
//   lock a user broke with --force; its next heartbeat finds another key and marks the handle `lost`.
//   Assumptions: one host per pid namespace (pids are checked only when the lock's host is this host;
//   locks from another host are judged by heartbeat only), clocks of hosts sharing a folder within a
//   fraction of the bound, and a filesystem with atomic link/rename (any local filesystem; not every
//   network one).
//
// Waiting polls every pollMs..2*pollMs (jittered; pollMs defaults to 25 ms) and also wakes at once when
// fs.watch reports a change of the lock file, so a hand-off usually costs about a millisecond. Polling
// stays the safety net when watching is unavailable.
//
// The fs operations of a single attempt are synchronous on purpose: each is a few microseconds on a
// local disk, it keeps the claim windows short, and the same code serves releaseAllHeldSync(), which must
// work inside a process 'exit' handler.
//
// Wiring (the engine owns signals; this module installs no handlers):
//   process.on("exit", releaseAllHeldSync);
//   process.once("SIGINT", () => { releaseAllHeldSync(); process.exit(130); });
//   process.once("SIGTERM", () => { releaseAllHeldSync(); process.exit(143); });
// Locks are not re-entrant: a second acquireLock of a held resource waits, even in the same process.




const MAX_CLAIM_DEPTH = 4;
function dirsOf(root) {
    const locks = (0,external_node_path_.join)(root, LOCKS_DIR);
    return { locks, tmp: (0,external_node_path_.join)(locks, ".tmp"), claims: (0,external_node_path_.join)(locks, ".claims") };
}
function ensureDirs(d) {
    try {
        (0,external_node_fs_.mkdirSync)(d.tmp, { recursive: true });
        (0,external_node_fs_.mkdirSync)(d.claims, { recursive: true });
    }
    catch (e) {
        // A file (or a link to one) where the folder goes: say which path and what to do, not ENOTDIR.
        const code = errno(e);
        if (code !== "ENOTDIR" && code !== "EEXIST")
            throw e;
        const bad = [d.locks, d.tmp, d.claims].find((p) => (0,external_node_fs_.statSync)(p, { throwIfNoEntry: false })?.isDirectory() === false);
        throw new Error(`${bad ?? d.locks} is not a folder (a file or a link in its place?): agent-flow keeps its lock files there; move it away and run again`);
    }
}
/** Temp files of acquisitions in progress, removed by releaseAllHeldSync() if the process ends meanwhile. */
const pendingTmp = new Set();
/** Writes `content` to `file` (in the temp dir), recreating the directories when someone removed them. */
function writeTmp(d, file, content) {
    try {
        (0,external_node_fs_.writeFileSync)(file, content);
    }
    catch (e) {
        if (errno(e) !== "ENOENT")
            throw e;
        ensureDirs(d);
        (0,external_node_fs_.writeFileSync)(file, content);
    }
}
function unlinkQuiet(file) {
    try {
        (0,external_node_fs_.unlinkSync)(file);
    }
    catch {
        // already gone
    }
}
/** Creates `file` with `content` atomically and exclusively: true if we created it, false if it exists. */
function createExclusive(d, file, content) {
    const tmp = (0,external_node_path_.join)(d.tmp, `${newToken()}.tmp`);
    writeTmp(d, tmp, content);
    try {
        (0,external_node_fs_.linkSync)(tmp, file);
        return true;
    }
    catch (e) {
        if (errno(e) === "EEXIST")
            return false;
        throw e;
    }
    finally {
        unlinkQuiet(tmp);
    }
}
function claimPath(d, resource, key) {
    return (0,external_node_path_.join)(d.claims, `${resource}.${key}.claim`);
}
function serialize(info) {
    const { resource, run_id, agent, timestamp, pid, host, token } = info;
    const { boot_id, start_time, heartbeat_at, stale_after_ms } = info;
    const out = {
        resource,
        run_id,
        agent,
        timestamp,
        pid,
        host,
        token,
        boot_id,
        start_time,
        heartbeat_at,
        stale_after_ms,
    };
    return `${JSON.stringify(out, null, 2)}\n`;
}
/**
 * Runs `critical` while holding the claim for `key` (steps 1 and 3 of the header). Returns "busy" when a
 * live process holds that claim. A claim left by a dead process is removed under a claim of its own key.
 */
function withClaim(d, resource, key, depth, critical) {
    const file = claimPath(d, resource, key);
    const token = newToken();
    const content = serialize({
        resource,
        run_id: "",
        agent: "claim",
        timestamp: new Date().toISOString(),
        ...(0,lib_liveness/* selfHolder */.Vk)(),
        token,
    });
    let created = false;
    for (let attempt = 0; attempt < 3 && !created; attempt++) {
        if (createExclusive(d, file, content)) {
            created = true;
            break;
        }
        const other = readLockFile(file);
        if (other === null)
            continue; // released meanwhile: try again
        if (!judge(other, Date.now(), false).stale || depth >= MAX_CLAIM_DEPTH)
            return "busy";
        withClaim(d, resource, other.key, depth + 1, () => {
            if (readLockFile(file)?.key === other.key)
                (0,external_node_fs_.unlinkSync)(file);
        });
    }
    if (!created)
        return "busy";
    try {
        return critical();
    }
    finally {
        // Still ours: removing it needs the claim of our token, which requires our pid to be dead (I2).
        unlinkQuiet(file);
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/lib/locks/heartbeat.js
// Locks this process holds: their heartbeat, their release, and the release of all of them when the
// process ends (see claims.ts for the protocol the heartbeat and the release follow).




/** Every lock this process holds, by token. */
const held = new Map();
/**
 * Refreshes `heartbeat_at` of a held lock: the same lock (same token) renamed over itself under the claim
 * of its own key (see the header), so no reclaimer that re-judges under that claim can see it change.
 * When the lock is no longer ours, the handle is marked lost and the heartbeat stops.
 */
function beat(h) {
    if (h.released)
        return;
    const next = { ...h.info, heartbeat_at: new Date().toISOString() };
    const tmp = (0,external_node_path_.join)(h.dirs.tmp, `${h.info.resource}.${h.info.token}.${newToken()}.beat`);
    pendingTmp.add(tmp);
    try {
        writeTmp(h.dirs, tmp, serialize(next));
        const outcome = withClaim(h.dirs, h.info.resource, h.info.token, 0, () => {
            if (readLockFile(h.lockPath)?.key !== h.info.token)
                return "lost";
            (0,external_node_fs_.renameSync)(tmp, h.lockPath);
            return "refreshed";
        });
        if (outcome === "refreshed")
            h.info.heartbeat_at = next.heartbeat_at;
        if (outcome === "lost") {
            h.lost = true;
            h.released = true;
            held.delete(h.info.token);
            clearInterval(h.timer);
        }
        // "busy": someone is judging our lock right now; it is alive, so they leave it; beat again next time
    }
    catch {
        // a failed write (disk full, folder removed) is retried at the next beat; the bound allows several
    }
    finally {
        unlinkQuiet(tmp);
        pendingTmp.delete(tmp);
    }
}
function releaseHeld(h) {
    if (h.released)
        return;
    h.released = true;
    clearInterval(h.timer);
    held.delete(h.info.token);
    const outcome = withClaim(h.dirs, h.info.resource, h.info.token, 0, () => {
        const cur = readLockFile(h.lockPath);
        if (cur?.key !== h.info.token)
            return "not ours";
        (0,external_node_fs_.unlinkSync)(h.lockPath);
        return "released";
    });
    // "busy" or "not ours": our lock was reclaimed as stale (or is being); the file is someone else's now.
    void outcome;
}
/**
 * Releases every lock this process holds, with synchronous fs calls, for process 'exit' and signal
 * handlers (see the wiring in the header). Never throws.
 */
function releaseAllHeldSync() {
    for (const h of [...held.values()]) {
        try {
            releaseHeld(h);
        }
        catch {
            // best effort: the process is ending; a leftover lock is reclaimed once our pid is gone
        }
    }
    for (const tmp of pendingTmp)
        unlinkQuiet(tmp);
    pendingTmp.clear();
}

;// CONCATENATED MODULE: ./build/bundle/js/lib/locks/acquire.js
// Acquiring a lock: wait for its holder, reclaim it when stale (see claims.ts for the protocol).







const DEFAULT_POLL_MS = 25;
class LockTimeoutError extends errors/* AgentFlowError */.o {
    holder;
    resource;
    file;
    constructor(resource, file, timeoutMs, holder, holderAgeMs, liveness) {
        const who = holder === undefined
            ? `held by a holder that could not be read (${liveness ?? "the lock file is not valid lock JSON"})`
            : `held by run ${holder.run_id || "?"}, agent ${holder.agent || "?"}, pid ${holder.pid} on host ${holder.host || "?"}` +
                (holderAgeMs === undefined ? "" : `, for ${formatDuration(holderAgeMs)}`) +
                (liveness === undefined ? "" : ` (${liveness})`);
        const bound = (0,lib_liveness/* formatAge */.nV)(holder?.stale_after_ms ?? lib_liveness/* STALE_AFTER_MS */._k);
        super(`timed out after ${formatDuration(timeoutMs)} waiting for lock '${resource}' (${file}): ${who}. ` +
            `Run 'agent-flow locks' to inspect the locks; if that holder is gone, delete ${file} ` +
            `(a lock is also reclaimed automatically once its holder's pid is gone on this host, or its heartbeat is older than ${bound}).`);
        this.name = "LockTimeoutError";
        this.resource = resource;
        this.file = file;
        if (holder !== undefined)
            this.holder = holder;
    }
}
/** Writes our lock, with a fresh timestamp and heartbeat, to our temp file. */
function prepare(ctx) {
    ctx.info.timestamp = new Date().toISOString();
    ctx.info.heartbeat_at = ctx.info.timestamp;
    writeTmp(ctx.dirs, ctx.tmp, serialize(ctx.info));
}
function attempt(ctx) {
    let current = null;
    for (let i = 0; i < 5; i++) {
        current = readLockFile(ctx.lockPath);
        if (current === null) {
            prepare(ctx);
            try {
                (0,external_node_fs_.linkSync)(ctx.tmp, ctx.lockPath);
            }
            catch (e) {
                if (errno(e) === "EEXIST")
                    continue; // someone was faster: read who
                if (errno(e) === "ENOENT") {
                    ensureDirs(ctx.dirs);
                    continue;
                }
                throw e;
            }
            unlinkQuiet(ctx.tmp);
            return { acquired: true };
        }
        if (!judge(current, Date.now(), true).stale)
            return { acquired: false, current };
        prepare(ctx);
        const stale = current;
        const outcome = withClaim(ctx.dirs, ctx.resource, stale.key, 0, () => {
            const now = readLockFile(ctx.lockPath);
            if (now?.key !== stale.key)
                return "gone";
            // Re-judged under the claim: a heartbeat since our first reading makes it alive again (I3).
            if (!judge(now, Date.now(), true).stale)
                return "alive";
            (0,external_node_fs_.renameSync)(ctx.tmp, ctx.lockPath); // replaces exactly the stale lock (I1-I3)
            return "replaced";
        });
        if (outcome === "replaced")
            return { acquired: true };
        if (outcome === "busy" || outcome === "alive")
            return { acquired: false, current }; // reclaimed by another waiter, or alive
        // "gone": it was released or reclaimed meanwhile; look again
    }
    return { acquired: false, current };
}
function abortError(resource, signal) {
    const err = new Error(`waiting for lock '${resource}' was aborted`, { cause: signal.reason });
    err.name = "AbortError";
    err.code = "ABORT_ERR";
    return err;
}
/**
 * Acquires `<root>/.locks/<resource>.lock`, waiting up to `opts.timeoutMs` for its holder, reclaiming it
 * when stale (see the header). Throws LockTimeoutError naming the holder, or an AbortError on `signal`.
 */
async function acquireLock(root, resource, owner, opts) {
    const problem = lockResourceProblem(resource);
    if (problem !== null)
        throw new Error(problem);
    const { signal } = opts;
    if (signal?.aborted)
        throw abortError(resource, signal);
    const pollMs = Math.max(1, opts.pollMs ?? DEFAULT_POLL_MS);
    const dirs = dirsOf(root);
    ensureDirs(dirs);
    const token = newToken();
    const staleAfterMs = opts.staleAfterMs ?? lib_liveness/* STALE_AFTER_MS */._k;
    const heartbeatMs = opts.heartbeatMs ?? Math.min(lib_liveness/* HEARTBEAT_MS */.m, Math.max(1, Math.floor(staleAfterMs / 4)));
    const info = {
        resource,
        run_id: owner.run_id,
        agent: owner.agent,
        timestamp: "",
        ...(0,lib_liveness/* selfHolder */.Vk)(),
        token,
        stale_after_ms: staleAfterMs,
    };
    const ctx = {
        dirs,
        resource,
        lockPath: (0,external_node_path_.join)(dirs.locks, `${resource}.lock`),
        tmp: (0,external_node_path_.join)(dirs.tmp, `${resource}.${token}.tmp`),
        info,
    };
    const deadline = Date.now() + opts.timeoutMs;
    const lockName = `${resource}.lock`;
    let watcher;
    let wake;
    pendingTmp.add(ctx.tmp);
    try {
        for (;;) {
            if (signal?.aborted)
                throw abortError(resource, signal);
            const a = attempt(ctx);
            if (a.acquired) {
                const h = { dirs, lockPath: ctx.lockPath, info: { ...info }, released: false, lost: false };
                held.set(token, h);
                if (heartbeatMs > 0) {
                    h.timer = setInterval(() => beat(h), heartbeatMs);
                    h.timer.unref(); // a held lock must not keep the process alive
                }
                return {
                    info: h.info,
                    get lost() {
                        return h.lost;
                    },
                    release: async () => releaseHeld(h),
                };
            }
            const now = Date.now();
            if (now >= deadline) {
                const cur = a.current;
                const j = cur === null ? undefined : judge(cur, now, true);
                throw new LockTimeoutError(resource, ctx.lockPath, opts.timeoutMs, cur?.info ?? undefined, j?.ageMs, cur?.info === null ? cur.problem : j?.reason);
            }
            if (watcher === undefined) {
                try {
                    watcher = (0,external_node_fs_.watch)(dirs.locks, { persistent: false }, (_event, name) => {
                        if (name === null || String(name) === lockName)
                            wake?.();
                    });
                    watcher.on("error", () => watcher?.close());
                }
                catch {
                    // no watching here (e.g. inotify limits): polling alone still works
                }
            }
            const delay = Math.min(deadline - now, pollMs * (1 + Math.random()));
            await new Promise((resolve) => {
                const done = () => {
                    clearTimeout(timer);
                    signal?.removeEventListener("abort", done);
                    wake = undefined;
                    resolve();
                };
                const timer = setTimeout(done, delay);
                signal?.addEventListener("abort", done, { once: true });
                wake = done;
            });
        }
    }
    finally {
        watcher?.close();
        pendingTmp.delete(ctx.tmp);
        unlinkQuiet(ctx.tmp);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/bundle/js/lib/locks/listing.js
// What `agent-flow locks` shows, and the user's --force that breaks a lock (see claims.ts).





/**
 * Every lock file under `<root>/.locks`, sorted by resource, with its age and why it counts as alive or
 * stale (the same rule the engine applies when it waits for it).
 */
async function listLocks(root) {
    const dirs = dirsOf(root);
    let names;
    try {
        names = await (0,promises_.readdir)(dirs.locks);
    }
    catch (e) {
        if (errno(e) === "ENOENT")
            return [];
        throw e;
    }
    const out = [];
    for (const name of names.sort()) {
        if (!name.endsWith(".lock") || name.startsWith("."))
            continue;
        const status = readLock(root, name.slice(0, -".lock".length));
        if (status === null)
            continue;
        out.push(status);
    }
    return out;
}
/** One lock as `listLocks` shows it, or null when there is no such lock file. */
function readLock(root, resource) {
    const file = (0,external_node_path_.join)(dirsOf(root).locks, `${resource}.lock`);
    const f = readLockFile(file);
    if (f === null)
        return null;
    const j = judge(f, Date.now(), true);
    const info = f.info ?? {
        resource,
        run_id: "",
        agent: "",
        timestamp: new Date(f.mtimeMs).toISOString(),
        pid: 0,
        host: "",
        token: "",
    };
    const status = { ...info, resource, file, ageMs: j.ageMs, stale: j.stale, liveness: j.reason };
    if (j.stale)
        status.staleReason = j.reason;
    if (f.info === null)
        status.unreadable = f.problem;
    return status;
}
/**
 * Removes a lock whatever its liveness: the user's explicit override (--force) for a holder the rules
 * cannot declare gone. Done under the claim of the lock's key (the header's steps 1-3 without the
 * staleness test), and only when the lock is still the one `expectToken` names (when given), so a lock
 * taken meanwhile by someone else is left alone. Returns the removed lock, or null when there was none.
 */
function breakLock(root, resource, expectToken) {
    const problem = lockResourceProblem(resource);
    if (problem !== null)
        throw new Error(problem);
    const dirs = dirsOf(root);
    const lockPath = (0,external_node_path_.join)(dirs.locks, `${resource}.lock`);
    for (let i = 0; i < 5; i++) {
        const shown = readLock(root, resource);
        const f = readLockFile(lockPath);
        if (f === null || shown === null)
            return null;
        if (expectToken !== undefined && f.key !== expectToken)
            return null;
        ensureDirs(dirs);
        const outcome = withClaim(dirs, resource, f.key, 0, () => {
            if (readLockFile(lockPath)?.key !== f.key)
                return "gone";
            (0,external_node_fs_.unlinkSync)(lockPath);
            return "removed";
        });
        if (outcome === "removed")
            return shown;
        if (outcome === "busy")
            throw new Error(`${lockPath} is being reclaimed by another process right now; try again`);
    }
    return null;
}

;// CONCATENATED MODULE: ./build/bundle/js/lib/locks/index.js
// Advisory locks of the local engine: `<root>/.locks/<resource>.lock`. The protocol and why two
// processes never both hold a lock are in claims.ts; this module is the public face.







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


/***/ }),

/***/ 8148:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vd: () => (/* binding */ acquireRunLock),
/* harmony export */   ef: () => (/* binding */ liveEngineGate),
/* harmony export */   jX: () => (/* binding */ runLockResource),
/* harmony export */   xV: () => (/* binding */ runLiveness)
/* harmony export */ });
/* unused harmony exports RunLockHeld, assumeEngineGone */
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1490);
/* harmony import */ var _lib_liveness_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4788);
/* harmony import */ var _lib_locks_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9388);
// The run lock `.locks/run-<RUN_ID>.lock`: held by the engine for the whole life of a run, refreshed by
// its heartbeat (src/lib/locks/), and the one source of truth for "is this run's engine alive".
// An engine takes the run lock before it records itself in `pipeline_status.json` (`engine`) and clears
// that record before it releases the lock, so a running status whose engine does not hold the run lock
// (no lock, or another process's) names an engine that is gone.



const runLockResource = (runId) => `run-${runId}`;
/** Raised when another live engine holds the run (exit 2, as for other refusals before anything runs). */
class RunLockHeld extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2);
    }
}
/**
 * Takes the run lock, at once or not at all. A lock whose holder is gone (its pid on this host, or its
 * heartbeat older than its bound on any host) is reclaimed; a live holder is refused with why it counts
 * as alive and how to override.
 */
async function acquireRunLock(root, runId) {
    try {
        return await (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_2__/* .acquireLock */ .IZ)(root, runLockResource(runId), { run_id: runId, agent: "engine" }, { timeoutMs: 1 });
    }
    catch (err) {
        if (!(err instanceof _lib_locks_index_js__WEBPACK_IMPORTED_MODULE_2__/* .LockTimeoutError */ .XB))
            throw err;
        const cur = (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_2__/* .readLock */ .mF)(root, runLockResource(runId));
        const who = cur?.unreadable
            ? `${cur.file} is unreadable (${cur.unreadable})`
            : err.holder
                ? `pid ${err.holder.pid} on ${err.holder.host}; ${cur?.liveness ?? "see 'agent-flow locks'"}`
                : "see 'agent-flow locks'";
        throw new RunLockHeld(`run ${runId} is already being run by another agent-flow process (${who}). ` +
            `If you know that process is gone, resume with: agent-flow run --run-id ${runId} --retry --force`);
    }
}
/** The run lock when it belongs to the engine `status` records. */
function enginesLock(root, status) {
    const lock = (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_2__/* .readLock */ .mF)(root, runLockResource(status.run_id));
    const e = status.engine;
    if (lock === null || lock.unreadable || e === null)
        return null;
    return lock.pid === e.pid && lock.host === e.host && lock.run_id === status.run_id ? lock : null;
}
/**
 * Whether the engine of a `running` or `pending` run is alive, and why; null for a finished run. The
 * verdict is the run lock's (src/lib/liveness.ts); an engine that holds no run lock is gone.
 */
function runLiveness(root, status) {
    if (status.state !== "running" && status.state !== "pending")
        return null;
    const e = status.engine;
    if (e === null) {
        // Created, its engine not yet recorded: alive only while some engine holds its run lock.
        const lock = (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_2__/* .readLock */ .mF)(root, runLockResource(status.run_id));
        if (lock !== null && !lock.unreadable && !lock.stale)
            return { alive: true, reason: lock.liveness };
        return { alive: false, reason: "stale: no engine recorded and no live run lock" };
    }
    const lock = enginesLock(root, status);
    if (lock !== null)
        return { alive: !lock.stale, reason: lock.liveness };
    const gone = (0,_lib_liveness_js__WEBPACK_IMPORTED_MODULE_1__/* .processGone */ .F4)(e);
    const why = gone ?? `the engine (pid ${e.pid} on host ${e.host}) no longer holds its run lock`;
    return { alive: false, reason: `stale: ${why}` };
}
/**
 * The user's override (--force) for an engine the rules still count as alive: removes its run lock, so
 * the caller can resume or roll back. Returns the sentence saying what is assumed, for the user to see.
 */
function assumeEngineGone(root, status) {
    const e = status.engine;
    const lock = enginesLock(root, status);
    const what = e
        ? `assuming the engine pid ${e.pid} on host ${e.host} is gone (${runLiveness(root, status)?.reason ?? "unknown"})`
        : `assuming no engine runs ${status.run_id}`;
    // Only the recorded engine's own lock: another engine's lock (a resume in progress) is left alone.
    const removed = lock === null ? null : (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_2__/* .breakLock */ .NP)(root, runLockResource(status.run_id), lock.token || undefined);
    return removed ? `${what}; removed its run lock ${removed.file}` : what;
}
/**
 * The gate of `run --retry` and `rollback`: null when no live engine runs the run. Otherwise, without
 * `force`, the refusal (why the engine counts as alive, what to do); with `force`, the engine is assumed
 * gone (its run lock removed) and the sentence saying so is returned for the user.
 */
function liveEngineGate(root, status, force, todo) {
    const live = runLiveness(root, status);
    if (live === null || !live.alive)
        return null;
    if (force)
        return { assumed: assumeEngineGone(root, status) };
    const e = status.engine;
    const who = e ? `engine pid ${e.pid} on ${e.host}; ${live.reason}` : live.reason;
    return {
        refused: `run ${status.run_id} is still running (${who}); ${todo}. ` +
            "If you know that engine is gone (its machine or container no longer exists), add --force",
    };
}


/***/ })

};
