export const id = 932;
export const ids = [932];
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

/***/ 7932:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Git: () => (/* binding */ Git),
  GitError: () => (/* binding */ GitError)
});

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
// EXTERNAL MODULE: ./build/bundle/js/engine/ref-writer.js
var ref_writer = __webpack_require__(9225);
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
        await (0,ref_writer/* refTransaction */.wo)(this, updates).finally(done);
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

/***/ 9225:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   XE: () => (/* binding */ startRefWriter),
/* harmony export */   wo: () => (/* binding */ refTransaction)
/* harmony export */ });
/* unused harmony export RefTransactionError */
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1490);

/** A ref transaction that git refused (or whose git process ended before it was committed). */
class RefTransactionError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AgentFlowError */ .o {
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
    /**
     * Starts the process ahead of the first transaction (see startRefWriter()); it ends after IDLE_MS
     * unused, as after a transaction.
     */
    warm() {
        const run = this.queue.then(async () => {
            if (this.child)
                return;
            this.endWhenIdle(await this.start());
        });
        this.queue = run.catch(() => undefined);
        return run;
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
        if (this.child === child)
            this.endWhenIdle(child);
    }
    /** Ends `child` once IDLE_MS pass without a transaction. */
    endWhenIdle(child) {
        if (this.idle)
            clearTimeout(this.idle);
        this.idle = setTimeout(() => this.stop(child), IDLE_MS);
        this.idle.unref();
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
async function writerFor(git) {
    const dir = await git.gitDir();
    let w = writers.get(dir);
    if (!w) {
        w = new RefWriter(git);
        writers.set(dir, w);
    }
    return w;
}
/** Moves `updates` in one transaction through the git dir's long-lived writer (see RefWriter). */
async function refTransaction(git, updates) {
    if (updates.length === 0)
        return;
    await (await writerFor(git)).transaction(updates);
}
/**
 * Starts the git dir's writer before anything is written (a run's start, while its flow file is read):
 * the first transaction then finds git running. Starting it writes nothing; never rejects (a failure is
 * met again, and reported, by the first transaction).
 */
async function startRefWriter(git) {
    await writerFor(git)
        .then((w) => w.warm())
        .catch(() => undefined);
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
