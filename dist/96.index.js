export const id = 96;
export const ids = [96];
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

/***/ 1789:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kx: () => (/* binding */ commitParentsAndBody),
/* harmony export */   QE: () => (/* binding */ hasCommit),
/* harmony export */   SC: () => (/* binding */ commitTree),
/* harmony export */   W8: () => (/* binding */ commitDate),
/* harmony export */   df: () => (/* binding */ commitMessage),
/* harmony export */   gm: () => (/* binding */ readBlob),
/* harmony export */   nL: () => (/* binding */ indexEntries),
/* harmony export */   oc: () => (/* binding */ rawDiff),
/* harmony export */   rM: () => (/* binding */ checkoutExactly),
/* harmony export */   re: () => (/* binding */ treeEntries),
/* harmony export */   rv: () => (/* binding */ treeOfCommit)
/* harmony export */ });
/* unused harmony exports trailerValues, readBlobIfAny, workTreeStatus */
/**
 * Git by intent, object side: commits, trees, blobs, diffs and index/work-tree reads. See git-ops.ts for
 * refs, branches and the remote. Names given to git are file names, never pathspecs (`:(top)x`, `*`):
 * git-env.ts pins GIT_LITERAL_PATHSPECS for every engine git process.
 */
/** The commit's committer date, ISO 8601 (`%cI`). */
function commitDate(git, rev) {
    return git.out(["show", "-s", "--format=%cI", rev]);
}
/** The commit's full message. */
function commitMessage(git, rev) {
    return git.out(["log", "-1", "--format=%B", rev]);
}
/** The commit's parents (space-separated, as git prints them) and message lines, or undefined if unknown. */
async function commitParentsAndBody(git, sha) {
    const r = await git.exec(["show", "-s", "--format=%P%n%B", sha], { allowFailure: true });
    if (r.exitCode !== 0)
        return undefined;
    const [parents = "", ...body] = r.stdout.split("\n");
    return { parents, body };
}
/** The values of the commit's `key:` trailers, or undefined when `sha` is no commit here. */
async function trailerValues(git, sha, key) {
    const r = await git.exec(["log", "-1", `--format=%(trailers:key=${key},valueonly)`, sha, "--"], {
        allowFailure: true,
    });
    return r.exitCode === 0 ? r.stdout.split("\n").map((l) => l.trim()) : undefined;
}
/** Whether `sha` names a commit in this repository's object store. */
async function hasCommit(git, sha) {
    return (await git.exec(["cat-file", "-e", `${sha}^{commit}`], { allowFailure: true })).exitCode === 0;
}
/** Makes a commit of `tree` on `parents` (no ref moves); `env` carries identity and dates. */
function commitTree(git, tree, parents, message, env) {
    return git.out(["commit-tree", tree, ...parents.flatMap((p) => ["-p", p])], { input: message, env });
}
/** A blob's text (throws when `rev` names none). */
function readBlob(git, rev) {
    return git.out(["cat-file", "blob", rev]);
}
/** A blob's text, or undefined when `rev` names none. */
async function readBlobIfAny(git, rev) {
    const r = await git.exec(["cat-file", "blob", rev], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout : undefined;
}
/**
 * The entries of `treeish` at `paths` (from the tree's top, whatever the cwd): with `recursive`, the files
 * below folders instead of the folders.
 */
async function treeEntries(git, treeish, paths, opts) {
    const args = ["ls-tree", ...(opts.recursive ? ["-r"] : []), ...(opts.sizes ? ["-l"] : [])];
    const out = await git.out([...args, "-z", "--full-tree", treeish, "--", ...paths]);
    const entries = [];
    for (const line of out.split("\0")) {
        const tab = line.indexOf("\t");
        if (tab < 0)
            continue;
        const [mode = "", type = "", oid = "", size = ""] = line.slice(0, tab).split(/\s+/);
        entries.push({ mode, type, oid, size: Number(size) || 0, path: line.slice(tab + 1) });
    }
    return entries;
}
/** The tree of a commit (throws when `commit` names none). */
function treeOfCommit(git, commit) {
    return git.out(["rev-parse", "--verify", `${commit}^{tree}`]);
}
/** `git diff-tree --raw` between two trees or commits, old modes kept, renames split. */
async function rawDiff(git, from, to) {
    const out = await git.out(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-commit-id", from, to]);
    const parts = out.split("\0");
    const records = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
        const meta = parts[i];
        if (!meta.startsWith(":"))
            break;
        const [oldMode, mode, , oid] = meta.slice(1).split(" ");
        if (!oldMode || !mode || !oid)
            throw new Error(`unexpected git diff-tree output: ${meta}`);
        records.push({ oldMode, mode, oid, path: parts[i + 1] });
    }
    return records;
}
/** The work tree's status at `paths` (untracked files listed one by one), or undefined if git fails. */
async function workTreeStatus(git, paths) {
    const r = await git.exec(["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--", ...paths], { allowFailure: true });
    if (r.exitCode !== 0)
        return undefined;
    return r.stdout
        .split("\0")
        .filter((e) => e.length > 3)
        .map((e) => ({ code: e.slice(0, 2), path: e.slice(3) }));
}
/** The staged entries (`<mode> <oid> <stage>\t<path>`) of the index file `index`. */
async function indexEntries(git, index) {
    return (await git.out(["ls-files", "-z", "--stage"], { env: { GIT_INDEX_FILE: index } }))
        .split("\0")
        .filter(Boolean);
}
/** Makes the work tree exactly `sha`'s files (untracked ones removed), through the index file `index`. */
async function checkoutExactly(git, sha, index) {
    const env = { GIT_INDEX_FILE: index };
    await git.exec(["read-tree", "-u", "--reset", sha], { env });
    await git.exec(["clean", "-ffd", "--quiet"], { env });
}


/***/ }),

/***/ 9305:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mn: () => (/* binding */ configValue),
/* harmony export */   QN: () => (/* binding */ bundleProblem),
/* harmony export */   RS: () => (/* binding */ remoteNames),
/* harmony export */   SN: () => (/* binding */ checkedOutBranches),
/* harmony export */   SW: () => (/* binding */ remoteBranchTip),
/* harmony export */   VO: () => (/* binding */ pushWithLease),
/* harmony export */   eB: () => (/* binding */ isValidBranchName),
/* harmony export */   eR: () => (/* binding */ currentBranch),
/* harmony export */   fW: () => (/* binding */ pruneWorktrees),
/* harmony export */   gX: () => (/* binding */ remoteUrl),
/* harmony export */   hN: () => (/* binding */ coreSettings),
/* harmony export */   jD: () => (/* binding */ typedRefsUnder),
/* harmony export */   po: () => (/* binding */ branchesByRecency),
/* harmony export */   t: () => (/* binding */ dropRef),
/* harmony export */   t2: () => (/* binding */ createBundle),
/* harmony export */   vI: () => (/* binding */ refValue),
/* harmony export */   vk: () => (/* binding */ worktreeHolding),
/* harmony export */   zk: () => (/* binding */ fetchFromBundle)
/* harmony export */ });
/* unused harmony exports refsUnder, deleteRef, deleteRefs, refValuesUnder, deleteRefsAt, branchTipsWithTrailer, objectFormat, deleteRemoteBranch, packRefs */
/* harmony import */ var _github_remote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9099);

/**
 * Git by intent: branches, refs, worktrees, configuration and the remote. Each function is one thing the
 * engine means to do (push with a lease, delete a remote branch, find the worktree holding a branch), so
 * the argument lists and the parsing of git's output live here and nowhere else. Object-level reads and
 * writes (commits, trees, blobs, diffs) are in git-objects.ts. Both run git through `Git` (git.ts), which
 * pins the environment; every other module calls these instead of `Git.exec`.
 */
/** The branch HEAD points to, or undefined when HEAD is detached (or the repository has no HEAD). */
async function currentBranch(git) {
    const r = await git.exec(["symbolic-ref", "--quiet", "--short", "HEAD"], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() || undefined : undefined;
}
/** Whether git accepts `name` as a branch name (`git check-ref-format --branch`). */
async function isValidBranchName(git, name) {
    return (await git.exec(["check-ref-format", "--branch", name], { allowFailure: true })).exitCode === 0;
}
/** Local branch names, most recently committed first. */
async function branchesByRecency(git) {
    const out = await git.out([
        "for-each-ref",
        "--sort=-committerdate",
        "--format=%(refname:short)",
        "refs/heads",
    ]);
    return out.split("\n").filter(Boolean);
}
/** Full names of the refs under `prefix` (e.g. `refs/agent-flow/<RUN_ID>/`). */
async function refsUnder(git, prefix) {
    return (await git.out(["for-each-ref", "--format=%(refname)", prefix])).split("\n").filter(Boolean);
}
/** Deletes `ref` only while it still points to `expected` (git refuses otherwise). */
async function deleteRef(git, ref, expected) {
    await git.exec(["update-ref", "-d", ref, expected]);
}
/** Deletes several refs in one transaction: all go or none. */
async function deleteRefs(git, refs) {
    if (refs.length === 0)
        return;
    const input = ["start", ...refs.map((r) => `delete ${r}`), "prepare", "commit"].join("\n");
    await git.exec(["update-ref", "--stdin"], { input: `${input}\n` });
}
/** Every ref under `prefix` with its value, in one call (e.g. all runs' `refs/agent-flow/`). */
async function refValuesUnder(git, prefix) {
    const out = await git.out(["for-each-ref", "--format=%(objectname) %(refname)", prefix]);
    return out
        .split("\n")
        .filter(Boolean)
        .map((line) => ({ sha: line.slice(0, line.indexOf(" ")), ref: line.slice(line.indexOf(" ") + 1) }));
}
/**
 * Deletes each ref only while it still points to the value given, all in one transaction: if any moved
 * meanwhile, git refuses and none is deleted.
 */
async function deleteRefsAt(git, refs) {
    if (refs.length === 0)
        return;
    const input = ["start", ...refs.map((r) => `delete ${r.ref} ${r.sha}`), "prepare", "commit"].join("\n");
    await git.exec(["update-ref", "--stdin"], { input: `${input}\n` });
}
/** Where `ref` points, or null when there is no such ref. */
async function refValue(git, ref) {
    const r = await git.exec(["rev-parse", "--verify", "--quiet", ref], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() || null : null;
}
/** Deletes `ref` whatever it points to; a ref that is already gone is no error. */
async function dropRef(git, ref) {
    await git.exec(["update-ref", "-d", ref], { allowFailure: true });
}
/** Every local branch's tip with its `key:` trailer values, in one call for all branches. */
async function branchTipsWithTrailer(git, key) {
    const out = await git.out([
        "for-each-ref",
        `--format=%(refname)%00%(objectname)%00%(trailers:key=${key},valueonly,separator=%x00)`,
        "refs/heads/",
    ]);
    const tips = new Map();
    for (const line of out.split("\n")) {
        const [ref = "", sha = "", ...values] = line.split("\0");
        if (!ref.startsWith("refs/heads/"))
            continue;
        tips.set(ref.slice("refs/heads/".length), { sha, trailers: values.map((v) => v.trim()).filter(Boolean) });
    }
    return tips;
}
/**
 * Writes a bundle of `refs` to `file`, leaving out what `exclude` already has (the receiver's base), so it
 * carries only the new objects.
 */
async function createBundle(git, file, refs, exclude) {
    await git.exec(["bundle", "create", "--quiet", file, ...refs, `^${exclude}`]);
}
/** Every ref under `prefix` with its value and the value's object type, in one call. */
async function typedRefsUnder(git, prefix) {
    const out = await git.out(["for-each-ref", "--format=%(refname) %(objectname) %(objecttype)", prefix]);
    return out
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" "))
        .map(([ref, sha, type]) => ({ ref, sha, type }));
}
/** Whether `file` is a bundle this repository can fetch from: undefined when it is, else git's complaint. */
async function bundleProblem(git, file) {
    const verified = await git.exec(["bundle", "verify", "--quiet", file], { allowFailure: true });
    return verified.exitCode === 0 ? undefined : verified.stderr.trim();
}
/** Fetches `refspec` from the bundle `file` (no tags, no FETCH_HEAD). */
async function fetchFromBundle(git, file, refspec) {
    await git.exec(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", file, refspec]);
}
/** Branch name -> the worktree it is checked out in, for every worktree of the repository. */
async function checkedOutBranches(git) {
    const held = new Map();
    let dir;
    for (const line of (await git.out(["worktree", "list", "--porcelain"])).split("\n")) {
        if (line.startsWith("worktree "))
            dir = line.slice("worktree ".length);
        else if (line.startsWith("branch refs/heads/") && dir !== undefined)
            held.set(line.slice("branch refs/heads/".length), dir);
    }
    return held;
}
/** The worktree that has `branch` checked out, or undefined. */
async function worktreeHolding(git, branch) {
    return (await checkedOutBranches(git)).get(branch);
}
/** The repository's object format (`sha1` or `sha256`); `sha1` when git cannot say. */
async function objectFormat(git) {
    return ((await git.exec(["rev-parse", "--show-object-format"], { allowFailure: true })).stdout.trim() || "sha1");
}
/** Drops the records of linked worktrees whose folders are gone; a failure is ignored. */
async function pruneWorktrees(git) {
    await git.exec(["worktree", "prune"], { allowFailure: true });
}
/** A configuration value (the user's global config included), or undefined when unset. */
async function configValue(git, key) {
    const r = await git.exec(["config", "--get", key], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() || undefined : undefined;
}
/** The remote's URL as configured (not as rewritten by `url.<base>.insteadOf`), or undefined. */
function remoteUrl(git, remote) {
    return configValue(git, `remote.${remote}.url`);
}
/** The names of the configured remotes. */
async function remoteNames(git) {
    return (await git.out(["remote"])).split("\n").filter(Boolean);
}
async function remoteBranchTip(git, remote, branch) {
    const r = await git.exec(["ls-remote", "--heads", remote, `refs/heads/${branch}`], { allowFailure: true });
    if (r.exitCode !== 0)
        return { reachable: false, error: (0,_github_remote_js__WEBPACK_IMPORTED_MODULE_0__/* .redactUrls */ .s)(r.stderr.trim()) };
    return { reachable: true, sha: r.stdout.split("\t")[0]?.trim() || null };
}
async function pushRef(git, remote, refspec, branch, expected) {
    const r = await git.exec(["push", "--porcelain", `--force-with-lease=refs/heads/${branch}:${expected}`, remote, refspec], { allowFailure: true });
    if (r.exitCode === 0)
        return { ok: true };
    return {
        ok: false,
        stale: /stale info/.test(r.stdout + r.stderr),
        missing: /remote ref does not exist/.test(r.stderr),
        error: (0,_github_remote_js__WEBPACK_IMPORTED_MODULE_0__/* .redactUrls */ .s)((r.stderr || r.stdout).trim()),
    };
}
/**
 * Pushes `sha` to the remote branch with --force-with-lease: the push lands only while the remote
 * branch is at `expected` ("" for: the branch must not exist), so a branch someone else moved is never
 * overwritten.
 */
function pushWithLease(git, remote, branch, sha, expected) {
    return pushRef(git, remote, `${sha}:refs/heads/${branch}`, branch, expected);
}
/** Deletes the remote branch only while it is at `expected` (a push landing meanwhile is kept). */
function deleteRemoteBranch(git, remote, branch, expected) {
    return pushRef(git, remote, `:refs/heads/${branch}`, branch, expected);
}
/**
 * Packs loose refs into packed-refs and removes the loose files (`git pack-refs --prune`): the refs
 * matching `include` where git can be told so (2.42+), else all refs, as `git gc` does. Returns false
 * when git refused.
 */
async function packRefs(git, include) {
    const only = await git.exec(["pack-refs", "--include", include, "--prune"], { allowFailure: true });
    // 129: a git older than 2.42, which knows no --include.
    if (only.exitCode !== 129)
        return only.exitCode === 0;
    return (await git.exec(["pack-refs", "--all", "--prune"], { allowFailure: true })).exitCode === 0;
}
/** The core settings that change what `git add` stores for a path (index-stage.ts), lower-cased. */
async function coreSettings(git) {
    const r = await git.exec([
        "config",
        "-z",
        "--get-regexp",
        "^core\\.(autocrlf|filemode|symlinks|ignorecase|attributesfile|safecrlf|eol|precomposeunicode)$",
    ], { allowFailure: true });
    // Exit code 1: none of them is set.
    if (r.exitCode !== 0 && r.exitCode !== 1)
        throw new Error(`git config: ${r.stderr.trim()}`);
    const values = new Map();
    for (const rec of r.stdout.split("\0")) {
        const nl = rec.indexOf("\n");
        if (nl > 0)
            values.set(rec.slice(0, nl).toLowerCase(), rec.slice(nl + 1).toLowerCase());
    }
    return values;
}


/***/ }),

/***/ 5711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jx: () => (/* binding */ shellable),
/* harmony export */   vD: () => (/* binding */ runInShell),
/* harmony export */   zL: () => (/* binding */ ShellUnavailable)
/* harmony export */ });
/* unused harmony exports shellQuote, printfFormat, startShells, helperShells */
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
var ref_journal = __webpack_require__(8464);
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

/***/ 6625:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ packageKeys)
/* harmony export */ });
const pad = (seq) => String(seq).padStart(4, "0");
/**
 * Cache keys. Run ids are validated (run-id.ts), so a key never carries untrusted text. A state key ends
 * in its package's sha256, which covers a fresh random nonce (job.json): no leg can know it before the
 * job that saves it hands it on, so none can plant the entry a later job restores.
 */
const packageKeys = {
    statePrefix: (runId) => `agent-flow-${runId}-state-`,
    state: (runId, seq, digest) => `agent-flow-${runId}-state-${pad(seq)}-${digest}`,
    leg: (runId, seq, index, nonce) => `agent-flow-${runId}-leg-${pad(seq)}-${index}-${nonce}`,
    runPrefix: (runId) => `agent-flow-${runId}-`,
};


/***/ }),

/***/ 1408:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   An: () => (/* binding */ writeJsonFile),
/* harmony export */   EL: () => (/* binding */ copyTree),
/* harmony export */   FW: () => (/* binding */ scratch),
/* harmony export */   JE: () => (/* binding */ readJsonFile),
/* harmony export */   Nc: () => (/* binding */ PackageRefused),
/* harmony export */   i9: () => (/* binding */ packageFiles),
/* harmony export */   jK: () => (/* binding */ packageDigest),
/* harmony export */   qc: () => (/* binding */ JobRefused)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1490);





/** A package that must not be used: forged, incomplete or not what the previous job saved. */
class PackageRefused extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2);
    }
}
/** A job the GitHub engine will not do (bad inputs, or a run in another state); nothing was saved. */
class JobRefused extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2);
    }
}
/** A package may hold at most this many entries (a leg's output folder is the agent's to fill). */
const MAX_ENTRIES = 20_000;
/**
 * The files of a package, sorted, each a path relative to `dir`. Refuses anything but folders and
 * regular files: a link in a restored package could make the next copy write outside it.
 */
async function packageFiles(dir) {
    const files = [];
    let count = 0;
    const walk = async (d) => {
        const entries = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(d, { withFileTypes: true })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
        for (const e of entries) {
            const p = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(d, e.name);
            if (++count > MAX_ENTRIES)
                throw new PackageRefused(`${dir} holds more than ${MAX_ENTRIES} entries; refused`);
            if (e.isDirectory())
                await walk(p);
            else if (e.isFile())
                files.push((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(dir, p));
            else
                throw new PackageRefused(`${JSON.stringify((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(dir, p))} in a package is not a regular file`);
        }
    };
    await walk(dir);
    return files;
}
/**
 * sha256 over a package's files in a fixed order (path, size, content per file): the job that saves a
 * package outputs it, the job that restores it checks it, so a package swapped in the cache is refused.
 */
async function packageDigest(dir) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256");
    for (const f of await packageFiles(dir)) {
        const data = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, f));
        hash.update(`${f}\0${data.length}\0`);
        hash.update(data);
    }
    return hash.digest("hex");
}
/** A fresh scratch folder for one package. */
function scratch(prefix) {
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), `agent-flow-${prefix}-`));
}
async function readJsonFile(file, what) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, "utf8");
    }
    catch {
        throw new PackageRefused(`${what} is missing`);
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw new PackageRefused(`${what} is not valid JSON`);
    }
}
const writeJsonFile = (file, value) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file, `${JSON.stringify(value, null, 2)}\n`);
/** Copies a folder of regular files (checked by packageFiles) to `to`, replacing what is there. */
async function copyTree(from, to, skip = () => false) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(to, { recursive: true, force: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(to, { recursive: true });
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(from).catch(() => null);
    if (!st?.isDirectory())
        return;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(from, to, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => !skip((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(from, src)),
    });
}


/***/ }),

/***/ 7969:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $o: () => (/* binding */ saveStatePackage),
/* harmony export */   Gf: () => (/* binding */ openState),
/* harmony export */   L2: () => (/* binding */ fetchBundle),
/* harmony export */   Yd: () => (/* binding */ newNonce)
/* harmony export */ });
/* unused harmony export readFlowText */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _flow_plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7655);
/* harmony import */ var _run_store_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6525);
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4968);
/* harmony import */ var _git_ops_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9305);
/* harmony import */ var _machine_plan_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(4645);
/* harmony import */ var _machine_types_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(213);
/* harmony import */ var _run_state_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1125);
/* harmony import */ var _package_store_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6625);
/* harmony import */ var _packages_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1408);












const STATE_JSON = "state.json";
const JOB_JSON = "job.json";
const RUN_BUNDLE = "run.bundle";
const RUN_FOLDER = "run";
const newNonce = () => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString("hex");
/** The run's refs that travel in run.bundle: everything under refs/agent-flow/<id>/ but the state blob. */
async function runRefs(git, runId) {
    return (await (0,_git_ops_js__WEBPACK_IMPORTED_MODULE_9__/* .typedRefsUnder */ .jD)(git, `refs/agent-flow/${runId}/`))
        .filter(({ ref, type }) => type === "commit" && ref !== (0,_run_state_js__WEBPACK_IMPORTED_MODULE_6__/* .stateRef */ .dZ)(runId))
        .map(({ ref, sha }) => ({ ref, sha }));
}
/**
 * Saves the run's state as the package of transition `seq` (state.json, job.json, run.bundle, run/)
 * under a key ending in its digest, and returns the digest, which the job outputs for the next one.
 * The key is new (the digest covers the fresh `nonce`); a save onto a taken key fails the job.
 */
async function saveStatePackage(base, git, state, status, seq, nonce, refs = []) {
    await (0,_run_state_js__WEBPACK_IMPORTED_MODULE_6__/* .saveRunState */ .iZ)(git, state, refs);
    await (0,_run_store_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStatus */ .Kn)(base.root, status);
    const dir = await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .scratch */ .FW)("state");
    try {
        await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .writeJsonFile */ .An)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, STATE_JSON), state);
        await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .writeJsonFile */ .An)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, JOB_JSON), { schema: "agent-flow/job@1", seq, nonce });
        const moved = (await runRefs(git, state.run_id)).filter((r) => r.sha !== state.base_sha);
        if (moved.length > 0)
            await (0,_git_ops_js__WEBPACK_IMPORTED_MODULE_9__/* .createBundle */ .t2)(git, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, RUN_BUNDLE), moved.map((r) => r.ref), state.base_sha);
        // The engine's scratch (.work) is per process; it never travels.
        await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .copyTree */ .EL)((0,_run_store_js__WEBPACK_IMPORTED_MODULE_4__/* .runDir */ .ff)(base.root, state.run_id), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, RUN_FOLDER), (rel) => rel === _run_store_js__WEBPACK_IMPORTED_MODULE_4__/* .WORK_DIR */ .CC);
        const digest = await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .packageDigest */ .jK)(dir);
        await base.store.save(_package_store_js__WEBPACK_IMPORTED_MODULE_7__/* .packageKeys */ .t.state(state.run_id, seq, digest), dir);
        return digest;
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
    }
}
/** Fetches a verified bundle's refs into the checkout (their objects; the refs under `map`). */
async function fetchBundle(git, file, refspec) {
    const problem = await (0,_git_ops_js__WEBPACK_IMPORTED_MODULE_9__/* .bundleProblem */ .QN)(git, file);
    if (problem !== undefined)
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_8__/* .PackageRefused */ .Nc(`${file} is not a usable git bundle: ${problem}`);
    await (0,_git_ops_js__WEBPACK_IMPORTED_MODULE_9__/* .fetchFromBundle */ .zk)(git, file, refspec);
}
/**
 * Restores the state package of `runId` saved as transition `seq` with digest `digest` (from the job
 * that saved it, or a `resume-state` input) into the checkout and verifies it: its digest must be
 * `digest`, and the state must be the run's, its flow the checkout's, and its accepted commits what the
 * flow lets each agent write. There is no "newest state": see resume-state.ts.
 */
async function openState(base, runId, seq, digest) {
    const git = new _git_js__WEBPACK_IMPORTED_MODULE_5__/* .Git */ .T(base.root);
    const dir = await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .scratch */ .FW)("state");
    try {
        if (!/^[0-9a-f]{64}$/.test(digest))
            throw new _packages_js__WEBPACK_IMPORTED_MODULE_8__/* .PackageRefused */ .Nc(`'${digest.slice(0, 70)}' is not the sha256 of a state package`);
        const key = _package_store_js__WEBPACK_IMPORTED_MODULE_7__/* .packageKeys */ .t.state(runId, seq, digest);
        const restored = await base.store.restore(key, dir);
        if (restored === null)
            throw new _packages_js__WEBPACK_IMPORTED_MODULE_8__/* .PackageRefused */ .Nc(`no saved state ${key} in the cache (evicted, or the job that saves it failed); dispatch the workflow again with run-id ${runId} and the resume-state of an earlier plan or advance-k job to go on from there`);
        const got = await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .packageDigest */ .jK)(dir);
        if (got !== digest)
            throw new _packages_js__WEBPACK_IMPORTED_MODULE_8__/* .PackageRefused */ .Nc(`the state package ${restored} has digest ${got.slice(0, 12)}, not the ${digest.slice(0, 12)} its job saved; it was changed in the cache and is refused`);
        const state = await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .readJsonFile */ .JE)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, STATE_JSON), `${restored}: ${STATE_JSON}`);
        const job = await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .readJsonFile */ .JE)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, JOB_JSON), `${restored}: ${JOB_JSON}`);
        if (state.schema !== _run_state_js__WEBPACK_IMPORTED_MODULE_6__/* .RUN_STATE_SCHEMA */ .oQ ||
            state.machine?.schema !== _machine_types_js__WEBPACK_IMPORTED_MODULE_10__/* .MACHINE_SCHEMA */ .wb ||
            state.run_id !== runId ||
            job.schema !== "agent-flow/job@1" ||
            !Number.isInteger(job.seq) ||
            job.seq !== seq ||
            !/^[0-9a-f]{16}$/.test(job.nonce))
            throw new _packages_js__WEBPACK_IMPORTED_MODULE_8__/* .PackageRefused */ .Nc(`${restored} is not a state package of run ${runId}`);
        if (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, RUN_BUNDLE)).catch(() => null))
            await fetchBundle(git, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, RUN_BUNDLE), `+refs/agent-flow/${runId}/*:refs/agent-flow/${runId}/*`);
        await (0,_run_state_js__WEBPACK_IMPORTED_MODULE_6__/* .verifyRunState */ .qr)(git, base.flow, base.flowText, state);
        await (0,_packages_js__WEBPACK_IMPORTED_MODULE_8__/* .copyTree */ .EL)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, RUN_FOLDER), (0,_run_store_js__WEBPACK_IMPORTED_MODULE_4__/* .runDir */ .ff)(base.root, runId));
        await (0,_run_state_js__WEBPACK_IMPORTED_MODULE_6__/* .saveRunState */ .iZ)(git, state);
        const status = await (0,_run_store_js__WEBPACK_IMPORTED_MODULE_4__/* .readStatus */ .rk)(base.root, runId);
        const plan = (0,_flow_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .planWorkflow */ .t5)(base.flow, state.workflow);
        return { git, state, status, job, plan, mplan: (0,_machine_plan_js__WEBPACK_IMPORTED_MODULE_11__/* .machinePlan */ .f)(plan) };
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
    }
}
/** The flow file's text as committed in the checkout. */
const readFlowText = (root, file) => readFile(join(root, file), "utf8");


/***/ }),

/***/ 3964:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rs: () => (/* binding */ knownStore),
/* harmony export */   Zh: () => (/* binding */ writeBlob),
/* harmony export */   p7: () => (/* binding */ writeObject),
/* harmony export */   rV: () => (/* binding */ writeCommit)
/* harmony export */ });
/* unused harmony export gitDate */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8522);




/** Temporary object names of this process (see writeObject()). */
let tmpSeq = 0;
/** The object store of each engine Git (asked once per Git: one run). */
const stores = new WeakMap();
function storeOf(git) {
    let s = stores.get(git);
    if (!s) {
        s = Promise.all([git.commonDir(), git.objectFormat()]).then(([common, format]) => ({
            objects: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(common, "objects"),
            format: format === "sha256" ? "sha256" : "sha1",
        }));
        stores.set(git, s);
        s.catch(() => stores.delete(git));
    }
    return s;
}
/**
 * Tells the writer where `git`'s object store is when the caller knows it already (the common dir, made
 * absolute, and the object format), so that no git process is started to ask.
 */
function knownStore(git, commonDir, format) {
    if (!stores.has(git))
        stores.set(git, Promise.resolve({
            objects: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(commonDir, "objects"),
            format: format === "sha256" ? "sha256" : "sha1",
        }));
}
/**
 * Writes an object into the repository's object store and returns its id: what `git hash-object -w`
 * does (a zlib-deflated "<type> <size>\0<body>" under objects/xx/, written to a temporary name and
 * renamed), without starting a git process for each object the engine makes. The engine's objects are
 * small (a commit, the run's state, a tree), and they sit on a step's critical path: written with
 * synchronous calls, each ~0.1 ms, not trips through libuv's thread pool that take a millisecond or
 * more each on a loaded machine.
 */
async function writeObject(git, type, body) {
    const { objects, format } = await storeOf(git);
    const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
    const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(format).update(raw).digest("hex");
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(objects, id.slice(0, 2));
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, id.slice(2));
    const there = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(file, { throwIfNoEntry: false });
    if (there?.isFile() && there.size > 0)
        return id;
    // Level 1, as git itself writes loose objects (core.looseCompression's default, Z_BEST_SPEED): zlib's
    // default level 6 cost several times the CPU on the engine's thread for a few per cent of bytes.
    const packed = (0,node_zlib__WEBPACK_IMPORTED_MODULE_3__.deflateSync)(raw, { level: 1 });
    for (let attempt = 0;; attempt++) {
        // Unique in this process; "wx" refuses a name a dead process with the same pid left behind. Not
        // random bytes: the first draw of a process seeds the generator (several ms on a step's path).
        const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `tmp_obj_agent-flow_${process.pid}_${++tmpSeq}`);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(tmp, packed, { mode: 0o444, flag: "wx" });
        }
        catch (err) {
            const code = err.code;
            // The fan-out folder is made only when missing: most exist, and a mkdir of one that does is two
            // calls (the failed mkdir, then a stat), for every object.
            if (code === "ENOENT" && attempt < 100) {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true });
                continue;
            }
            if (code === "EEXIST") {
                if (attempt < 100)
                    continue;
            }
            else
                (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(tmp, { force: true });
            throw err;
        }
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync)(tmp, file);
        }
        catch (err) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(tmp, { force: true });
            throw err;
        }
        return id;
    }
}
/** Writes `data` as a blob (what `git hash-object -w --stdin` does). */
function writeBlob(git, data) {
    return writeObject(git, "blob", Buffer.from(data, "utf8"));
}
/** git's "<seconds> <+hhmm>" for a moment, in the local time zone as git writes it. */
function gitDate(at) {
    const offset = -at.getTimezoneOffset();
    const abs = Math.abs(offset);
    const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
    return `${Math.floor(at.getTime() / 1000)} ${offset < 0 ? "-" : "+"}${hhmm}`;
}
/**
 * Writes a commit object of `tree` with `parents` (what `git commit-tree` does for the engine's own
 * commits on private refs): no signing, hooks or config are involved, and no process is started.
 * `message` is kept verbatim (commit-tree does not clean it up either).
 */
async function writeCommit(git, tree, parents, who, message, at = new Date()) {
    for (const id of [tree, ...parents])
        if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(id))
            throw new Error(`not an object id: ${JSON.stringify(id)}`);
    for (const v of [who.name, who.email])
        if (/[<>\n\0]/.test(v))
            throw new Error(`unusable identity in a commit: ${JSON.stringify(v)}`);
    const sig = `${who.name} <${who.email}> ${gitDate(at)}`;
    const head = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${sig}`, `committer ${sig}`];
    return writeObject(git, "commit", Buffer.from(`${head.join("\n")}\n\n${message}`, "utf8"));
}


/***/ }),

/***/ 4645:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ machinePlan)
/* harmony export */ });
function machinePlan(plan) {
    const workflows = { [plan.workflow]: plan.stages };
    for (const w of plan.triggered)
        workflows[w.workflow] = w.stages;
    return {
        workflow: plan.workflow,
        workflows,
        triggers: Object.fromEntries(plan.triggers.map((t) => [t.name, t])),
    };
}


/***/ }),

/***/ 213:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ug: () => (/* binding */ stepKey),
/* harmony export */   p$: () => (/* binding */ emptyState),
/* harmony export */   wb: () => (/* binding */ MACHINE_SCHEMA)
/* harmony export */ });
/**
 * The records the state machine reads and writes. All are plain JSON: a driver saves them between
 * transitions, and on GitHub a job hands them to the next one.
 */
const MACHINE_SCHEMA = "agent-flow/machine@1";
/** The one textual form of a step execution, for refs, logs and the status file; never parsed back. */
const stepKey = (s) => `${s.workflow}/${s.id}#${s.n}`;
function emptyState(workflow, head) {
    return {
        schema: MACHINE_SCHEMA,
        head,
        green: false,
        stack: [{ workflow, pos: 0, after: null }],
        executions: {},
        counts: {},
        manualCounts: {},
        ledger: [],
        manual: [],
        pending: null,
        carry: null,
        done: [],
        check: null,
        outcome: null,
    };
}


/***/ }),

/***/ 8621:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K2: () => (/* binding */ next),
/* harmony export */   Pz: () => (/* binding */ recordAgent),
/* harmony export */   U: () => (/* binding */ resume),
/* harmony export */   Ug: () => (/* reexport safe */ _machine_types_js__WEBPACK_IMPORTED_MODULE_1__.Ug),
/* harmony export */   Zg: () => (/* binding */ stepBound),
/* harmony export */   ni: () => (/* binding */ start),
/* harmony export */   np: () => (/* binding */ advance)
/* harmony export */ });
/* unused harmony export raiseManually */
/* harmony import */ var _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9897);
/* harmony import */ var _machine_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(213);



/**
 * The run as a state machine. Both drivers step it the same way: ask `next` for an action, execute it,
 * hand its result to `advance`, persist, repeat. These functions do no I/O and read no clock; they never
 * mutate their arguments. Triggers and their bounds, the commit gate, repeating a failed step after its
 * triage, manual triggers and resume are decided here and nowhere else.
 */
/** The state a new run starts from. */
function start(plan, head) {
    return (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .emptyState */ .p$)(plan.workflow, head);
}
const clone = (v) => structuredClone(v);
const top = (s) => s.stack[s.stack.length - 1];
function finish(s, outcome) {
    s.outcome = outcome;
    return { state: s, action: { kind: "finish", outcome } };
}
/**
 * The next action from `state`. The state it returns records the action as pending: feeding that
 * action's result to `advance` moves the run on. Called again without a result (after a crash), it
 * returns the same pending action.
 */
function next(plan, state) {
    const s = clone(state);
    const events = [];
    if (s.outcome)
        return { state: s, action: { kind: "finish", outcome: s.outcome }, events };
    if (s.pending)
        return { state: s, action: s.pending.action, events };
    for (;;) {
        const frame = top(s);
        if (!frame)
            return { ...finish(s, { state: "succeeded", reason: null, retryable: false }), events };
        if (frame.after) {
            const after = frame.after;
            const raise = after.queue.shift();
            if (raise) {
                const pushed = fire(plan, s, raise, (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(after.step), events);
                if (typeof pushed === "object")
                    return { ...finish(s, pushed), events };
                if (pushed)
                    after.repeat ||= raise.repeat;
                continue;
            }
            frame.after = null;
            if (after.failed && !after.repeat)
                return {
                    ...finish(s, {
                        state: "failed",
                        reason: after.error ?? `${(0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(after.step)} failed`,
                        retryable: true,
                    }),
                    events,
                };
            // A repeat runs the same step again (a new execution); otherwise the workflow goes on.
            if (!after.repeat)
                frame.pos += 1;
            continue;
        }
        // Between two steps: triggers dropped by hand run their workflow here, and the run goes on after it.
        const manual = s.manual.shift();
        if (manual !== undefined) {
            const t = plan.triggers[manual];
            if (t?.target === _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMIT_TARGET */ ._q) {
                events.push({
                    type: "warning",
                    text: `trigger '${manual}' opens the commit gate and is raised by the flow's own steps, not by hand; ignored`,
                });
                continue;
            }
            const pushed = fire(plan, s, { name: manual, repeat: false, manual: true }, "manual", events);
            if (typeof pushed === "object")
                return { ...finish(s, pushed), events };
            continue;
        }
        const stages = plan.workflows[frame.workflow];
        if (!stages)
            throw new Error(`the plan has no workflow '${frame.workflow}'`);
        const stage = stages[frame.pos];
        if (!stage) {
            s.stack.pop();
            continue;
        }
        const stem = `${frame.workflow}/${stage.id}`;
        const n = (s.executions[stem] ?? 0) + 1;
        s.executions[stem] = n;
        const step = { workflow: frame.workflow, index: stage.index, id: stage.id, n };
        const action = actionFor(plan, s, stage, step);
        if (action.kind === "finish")
            return { ...finish(s, action.outcome), events };
        s.pending = { action, agents: [] };
        return { state: s, action, events };
    }
}
function actionFor(plan, s, stage, step) {
    const base = s.head;
    switch (stage.kind) {
        case "agent":
        case "parallel": {
            // A group that failed and runs again from the same base keeps its members that succeeded.
            const reuse = s.carry && s.carry.base === base && s.carry.stem === `${step.workflow}/${step.id}`
                ? s.carry.agents
                : [];
            s.carry = null;
            const calls = stage.agents.map((_, i) => i).filter((i) => !reuse.some((r) => r.index === i));
            return { kind: "agents", step, base, calls, reuse };
        }
        case "check":
            return { kind: "check", step, base };
        case "commit": {
            const gates = Object.values(plan.triggers).filter((t) => t.target === _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMIT_TARGET */ ._q);
            if (gates.length > 0 && !s.green)
                return {
                    kind: "finish",
                    outcome: {
                        state: "refused",
                        reason: `${(0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(step)}: the commit step runs only after ${gates.map((t) => `'${t.name}'`).join(" or ")} was raised, and it was not`,
                        retryable: false,
                    },
                };
            return { kind: "commit", step, base };
        }
    }
}
/**
 * Starts a trigger's workflow on top of the stack, or marks the run green for the commit gate. Returns
 * whether a workflow was pushed, or the run's outcome when a bound was passed.
 */
function fire(plan, s, raise, source, events) {
    const t = plan.triggers[raise.name];
    if (!t) {
        events.push({ type: "warning", text: `trigger '${raise.name}' is not declared in the flow; ignored` });
        return false;
    }
    if (t.target === _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMIT_TARGET */ ._q) {
        s.green = true;
        s.ledger.push({ name: t.name, target: t.target, source, count: 1 });
        events.push({ type: "trigger", name: t.name, target: t.target, count: 1, source });
        return false;
    }
    const counts = raise.manual ? s.manualCounts : s.counts;
    const count = (counts[t.name] ?? 0) + 1;
    const max = t.max ?? 1;
    if (count > max) {
        return {
            state: "failed",
            reason: raise.manual
                ? `trigger '${t.name}' was raised by hand ${count} times, more than its bound (max: ${max}); the run stops here`
                : `${source}: trigger '${t.name}' was raised ${count} times, more than its bound (max: ${max}); the run stops here. It cannot succeed as it is: raise 'max' of trigger '${t.name}' in the flow and start a new run, or fix the failure by hand`,
            retryable: false,
        };
    }
    counts[t.name] = count;
    s.ledger.push({ name: t.name, target: t.target, source, count });
    events.push({ type: "trigger", name: t.name, target: t.target, count, source });
    s.stack.push({ workflow: t.target, pos: 0, after: null });
    return true;
}
/** Records one agent's result of the pending action as soon as it is known (a crash then keeps it). */
function recordAgent(state, result) {
    const s = clone(state);
    if (s.pending?.action.kind !== "agents")
        throw new Error("no agent call is pending");
    s.pending.agents = [...s.pending.agents.filter((a) => a.index !== result.index), result];
    return s;
}
/** Moves the run on with the result of the pending action. */
function advance(plan, state, result) {
    const s = clone(state);
    const events = [];
    const pending = s.pending;
    if (!pending || pending.action.kind === "finish" || (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(pending.action.step) !== (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(result.step))
        throw new Error(`result for ${(0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(result.step)} does not answer the pending action`);
    const frame = top(s);
    const stage = plan.workflows[result.step.workflow]?.[result.step.index - 1];
    if (!frame || !stage)
        throw new Error(`result for ${(0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(result.step)} has no step in the plan`);
    if (result.cancelled) {
        if (result.kind === "agents")
            pending.agents = result.agents.filter((a) => a.ok);
        s.outcome = { state: "cancelled", reason: result.error ?? "cancelled", retryable: true };
        return { state: s, events };
    }
    s.pending = null;
    let failed;
    const raises = [];
    if (result.kind === "agents") {
        failed = result.agents.some((a) => !a.ok) || result.head === null;
        for (const a of result.agents) {
            const declared = stage.agents[a.index]?.raises ?? [];
            for (const name of a.raised) {
                if (!declared.includes(name)) {
                    events.push({
                        type: "warning",
                        text: `${(0,_machine_types_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(result.step)}: ${a.agent} raised '${name}', which its 'raises:' does not declare; ignored`,
                    });
                    continue;
                }
                if (!raises.some((r) => r.name === name))
                    raises.push({ name, repeat: true });
            }
        }
        if (failed && pending.action.kind === "agents") {
            s.carry = {
                stem: `${result.step.workflow}/${result.step.id}`,
                base: pending.action.base,
                agents: result.agents.filter((a) => a.ok),
            };
        }
        else if (result.head)
            s.head = result.head;
    }
    else if (result.kind === "check") {
        failed = !result.summary.passed;
        s.check = result.summary;
    }
    else {
        failed = !result.ok;
    }
    if (failed && stage.on_failure)
        raises.unshift({ name: stage.on_failure, repeat: true });
    if (!failed && stage.on_success)
        raises.unshift({ name: stage.on_success, repeat: false });
    s.done.push({
        step: result.step,
        ok: !failed,
        head: s.head,
        ...(result.kind === "agents" ? { agents: result.agents.filter((a) => a.ok) } : {}),
    });
    frame.after = { step: result.step, failed, error: result.error, queue: raises, repeat: false };
    return { state: s, events };
}
/** Triggers dropped by hand; they run at the next step boundary. */
function raiseManually(state, names) {
    const s = clone(state);
    s.manual.push(...names);
    return s;
}
/**
 * Resumes a run that stopped: a crash or a cancel picks up the pending action again; a failure runs the
 * failed step again. Returns the reason when the run cannot be resumed.
 */
function resume(state) {
    const s = clone(state);
    const o = s.outcome;
    if (o?.state === "succeeded")
        return { refused: "the run already succeeded; there is nothing to resume" };
    if (o && !o.retryable)
        return { refused: `the run cannot succeed by resuming it: ${o.reason}` };
    s.outcome = null;
    const frame = top(s);
    if (o?.state === "failed" && frame) {
        // The failed step's bookkeeping is done; running it again is a new execution of the same step.
        frame.after = null;
    }
    return { state: s };
}
/**
 * How many step executions a run of `plan` can take at most, without manual triggers: the root workflow
 * once, and per start of a triggered workflow (at most `max` per trigger) its steps plus one repeat of
 * the step that raised it. The GitHub engine sizes its job slots with it.
 */
function stepBound(plan) {
    let bound = plan.workflows[plan.workflow]?.length ?? 0;
    for (const t of Object.values(plan.triggers)) {
        if (t.target === _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMIT_TARGET */ ._q)
            continue;
        bound += (t.max ?? 1) * ((plan.workflows[t.target]?.length ?? 0) + 1);
    }
    return bound;
}


/***/ }),

/***/ 5044:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A8: () => (/* binding */ rawChanges),
/* harmony export */   IM: () => (/* binding */ policeResult),
/* harmony export */   je: () => (/* binding */ policeSnapshot)
/* harmony export */ });
/* unused harmony export gitObjects */
/* harmony import */ var _run_scope_check_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5366);
/* harmony import */ var _git_objects_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1789);


/** Reads what the checks need from git objects through the engine's git. */
function gitObjects(git) {
    return {
        blob: (oid) => (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_1__/* .readBlob */ .gm)(git, oid),
        async modes(base, paths) {
            const entries = await (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_1__/* .treeEntries */ .re)(git, base, paths, { recursive: false });
            return new Map(entries.map((e) => [e.path, e.mode]));
        },
    };
}
/** `git diff-tree --raw` between two trees or commits, old modes kept. */
const rawChanges = _git_objects_js__WEBPACK_IMPORTED_MODULE_1__/* .rawDiff */ .oc;
/** One agent's snapshot: the kinds of change its scopes alone do not police (see checkChangeKinds). */
function policeSnapshot(git, flow, writes, base, raw) {
    return (0,_run_scope_check_js__WEBPACK_IMPORTED_MODULE_0__/* .checkChangeKinds */ .qp)(raw, () => writes, flow.policy, base, gitObjects(git));
}
/** The commit step's re-check of the whole result from git objects; `writersOf` names each path's agents. */
async function policeResult(git, flow, base, head, writersOf) {
    const raw = await rawChanges(git, base, head);
    const writesOf = (path) => writersOf(path).flatMap((a) => flow.agents[a]?.writes ?? []);
    return (0,_run_scope_check_js__WEBPACK_IMPORTED_MODULE_0__/* .checkChangeKinds */ .qp)(raw, writesOf, flow.policy, base, gitObjects(git));
}


/***/ }),

/***/ 8464:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xm: () => (/* binding */ beginRefWrites),
/* harmony export */   hV: () => (/* binding */ refMark),
/* harmony export */   l5: () => (/* binding */ engineMovedRef)
/* harmony export */ });
/* unused harmony export PRIVATE_REFS */
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

/***/ 1125:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dZ: () => (/* binding */ stateRef),
/* harmony export */   iZ: () => (/* binding */ saveRunState),
/* harmony export */   oQ: () => (/* binding */ RUN_STATE_SCHEMA),
/* harmony export */   qr: () => (/* binding */ verifyRunState),
/* harmony export */   zp: () => (/* binding */ flowHash)
/* harmony export */ });
/* unused harmony exports RunStateError, loadRunState */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1490);
/* harmony import */ var _run_scope_check_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5366);
/* harmony import */ var _git_objects_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1789);
/* harmony import */ var _loose_object_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3964);
/* harmony import */ var _machine_types_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(213);






/**
 * What the engine relies on to go on with a run, kept out of reach of the files agents can write: the
 * state machine's state plus the run's inputs, as a blob the engine wrote into the repository's object
 * store, named by `refs/agent-flow/<RUN_ID>/state`. `pipeline_status.json` is only a view of it. A resume
 * reads this, never the status file, and re-verifies it against git (see verifyRunState).
 */
const RUN_STATE_SCHEMA = "agent-flow/run-state@1";
const stateRef = (runId) => `refs/agent-flow/${runId}/state`;
const flowHash = (text) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256").update(text).digest("hex");
/** A saved state that is missing, changed or tampered with: the run cannot be resumed. */
class RunStateError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2);
    }
}
/** Writes the state as a blob and moves its ref, together with `refs` in one transaction. */
async function saveRunState(git, state, refs = []) {
    const blob = await (0,_loose_object_js__WEBPACK_IMPORTED_MODULE_3__/* .writeBlob */ .Zh)(git, `${JSON.stringify(state)}\n`);
    await git.updateRefs([...refs, [stateRef(state.run_id), blob]]);
}
async function loadRunState(git, runId) {
    const text = await readBlobIfAny(git, stateRef(runId));
    if (text === undefined)
        throw new RunStateError(`run ${runId} has no engine state (${stateRef(runId)} is missing); it cannot be resumed: start a new run`);
    let state;
    try {
        state = JSON.parse(text);
    }
    catch {
        throw new RunStateError(`${stateRef(runId)} does not hold valid JSON; the run cannot be resumed`);
    }
    if (state.schema !== RUN_STATE_SCHEMA || state.machine?.schema !== MACHINE_SCHEMA || state.run_id !== runId)
        throw new RunStateError(`${stateRef(runId)} is not the state of run ${runId}; the run cannot be resumed`);
    return state;
}
/**
 * Re-verifies a saved state before a resume trusts it: every accepted agent commit must be the engine's
 * (its parent the step's base, its trailers naming this run), change only paths the pinned flow lets
 * that agent write, and the steps must chain from the run's base to its head.
 */
async function verifyRunState(git, flow, flowText, state) {
    if (flowHash(flowText) !== state.flow_sha256)
        throw new RunStateError(`${flow.file} changed since run ${state.run_id} started; a run keeps the flow it started with. Restore the flow file (its sha256 was ${state.flow_sha256.slice(0, 12)}) or start a new run`);
    let head = state.base_sha;
    // "<new mode> <new id>\0<path>" per changed path, from `--raw -z` records (":<old mode> <new mode> <old id> <new id> <status>\0<path>\0").
    const raw = async (from, to) => (await (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_4__/* .rawDiff */ .oc)(git, from, to)).map((r) => `${r.mode} ${r.oid}\0${r.path}`);
    const tampered = (what) => new RunStateError(`${what}; the run's state was tampered with and cannot be resumed`);
    for (const done of state.machine.done) {
        const key = (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_5__/* .stepKey */ .Ug)(done.step);
        const expected = new Set();
        for (const a of done.agents ?? []) {
            if (!a.commit)
                continue;
            const info = await (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_4__/* .commitParentsAndBody */ .Kx)(git, a.commit);
            if (!info || info.parents !== head || !info.body.includes(`Run-Id: ${state.run_id}`))
                throw tampered(`${key}: ${a.agent}'s commit ${a.commit.slice(0, 12)} is not this run's commit on ${head.slice(0, 12)}`);
            const records = await raw(head, a.commit);
            const changed = records.map((r) => r.slice(r.indexOf("\0") + 1));
            const spec = flow.agents[a.agent];
            const bad = spec
                ? (0,_run_scope_check_js__WEBPACK_IMPORTED_MODULE_2__/* .checkChangedPaths */ .J3)(changed, spec.writes, flow.policy)
                : changed.map((path) => ({ path }));
            if (bad.length > 0)
                throw tampered(`${key}: ${a.agent}'s accepted commit changes ${JSON.stringify(bad[0]?.path)}, outside what the flow lets it write`);
            for (const r of records)
                expected.add(r);
        }
        if (!done.ok || done.head === head) {
            if (done.ok && expected.size > 0)
                throw tampered(`${key}: the step's result leaves out its agents' changes`);
            continue;
        }
        // The step's result must be exactly its agents' changes on its base, nothing more.
        const got = await raw(head, done.head);
        if (got.length !== expected.size || got.some((r) => !expected.has(r)))
            throw tampered(`${key}: the step's result ${done.head.slice(0, 12)} is not the combination of its agents' commits`);
        head = done.head;
    }
    if (head !== state.machine.head)
        throw new RunStateError(`the run's head ${state.machine.head.slice(0, 12)} does not follow from its accepted steps; the state cannot be resumed`);
}


/***/ }),

/***/ 8792:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nq: () => (/* binding */ agentResult),
  Oq: () => (/* binding */ combineStep),
  jH: () => (/* binding */ executeCommit),
  WU: () => (/* binding */ failedCheck),
  PG: () => (/* binding */ newRunState)
});

// UNUSED EXPORTS: combineMessage, failedResult

// EXTERNAL MODULE: ./build/bundle/js/github/errors.js
var errors = __webpack_require__(9994);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/flow/commit-rules.js
var commit_rules = __webpack_require__(1587);
// EXTERNAL MODULE: ./build/bundle/js/run/base.js
var base = __webpack_require__(7694);
// EXTERNAL MODULE: ./build/bundle/js/run/usage.js
var usage = __webpack_require__(580);
;// CONCATENATED MODULE: ./build/bundle/js/run/pr-body.js


const duration = (a, b) => {
    if (!a || !b)
        return "";
    const s = (Date.parse(b) - Date.parse(a)) / 1000;
    return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
};
const cell = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
/**
 * A check's command as the flow wrote it: `check: npm test` runs as `sh -c 'npm test'` and is shown as
 * `npm test`; a list is shown as one line, with words quoted where the shell would need it.
 */
function commandAsWritten(argv) {
    if (argv.length === 3 && argv[0] === "sh" && argv[1] === "-c")
        return argv[2];
    return argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(" ");
}
/** Markdown inline code that survives backticks in the text. */
const code = (s) => {
    const fence = "`".repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length)) + 1);
    return `${fence}${fence.length > 1 ? " " : ""}${s}${fence.length > 1 ? " " : ""}${fence}`;
};
/** The pull request's description: what was asked, what ran, what the tests said, and the run id. */
function renderPrBody(status, request, check, closes) {
    const lines = [];
    lines.push(`## ${status.feature}`, "", request.trim(), "");
    if (closes !== undefined)
        lines.push(`Closes #${closes}`, "");
    lines.push("### Pipeline", "", "| step | agent | state | attempts | duration | usage |", "| --- | --- | --- | --- | --- | --- |");
    for (const step of status.steps) {
        // The commit step is writing this very description: it has no state or duration to show yet.
        if (step.kind === "commit" && step.state === "running")
            continue;
        if (step.agents.length === 0) {
            lines.push(`| ${cell(step.key)} | (${step.kind}) | ${step.state} |  | ${duration(step.started_at, step.finished_at)} |  |`);
        }
        for (const a of step.agents) {
            lines.push(`| ${cell(step.key)} | ${cell(a.agent)} | ${a.state} | ${a.attempts} | ${duration(a.started_at, a.finished_at)} | ${(0,usage/* hasUsage */.Ak)(a.usage) ? cell((0,usage/* formatUsage */.pK)(a.usage)) : ""} |`);
        }
    }
    lines.push("");
    const total = (0,usage/* runUsage */.l_)(status);
    if ((0,usage/* hasUsage */.Ak)(total))
        lines.push(`Agents used, in total: ${(0,usage/* formatUsage */.pK)(total)}.`, "");
    if (check) {
        const counts = check.tests ? `: ${check.tests.pass} passed, ${check.tests.fail} failed` : "";
        lines.push("### Tests", "", `${code(commandAsWritten(check.command).replace(/\s*\n\s*/g, " "))} (${check.step}) ${check.passed ? "passed" : `failed with exit code ${check.exit_code}`}${counts}.`, "");
    }
    lines.push("---", `Run \`${status.run_id}\` of workflow \`${status.workflow}\`, from ${status.base_branch ? `\`${status.base_branch}\` at ${status.base_sha.slice(0, 12)}` : (0,base/* describeBase */.d)("", status.base_sha)}. Made by agent-flow.`, "");
    return lines.join("\n");
}

// EXTERNAL MODULE: ./build/bundle/js/run/scope-check.js
var scope_check = __webpack_require__(5366);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var lib_errors = __webpack_require__(1490);
;// CONCATENATED MODULE: ./build/bundle/js/engine/commit-template.js


/** A refusal of the commit step: nothing was committed or pushed, and the message says why. */
class CommitRefused extends lib_errors/* AgentFlowError */.o {
}
/**
 * `{feature}`, `{run_id}`, `{workflow}` and `{base}` in branch, message and title templates; `{base}` of a
 * run from a detached HEAD is its commit's short id.
 */
function expandTemplate(template, s) {
    return (0,commit_rules/* expandPlaceholders */.pj)(template, {
        feature: s.feature,
        run_id: s.run_id,
        workflow: s.workflow,
        base: s.base_branch || s.base_sha.slice(0, 7),
    });
}

// EXTERNAL MODULE: ./build/bundle/js/engine/git-objects.js
var git_objects = __webpack_require__(1789);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-ops.js
var git_ops = __webpack_require__(9305);
// EXTERNAL MODULE: ./build/bundle/js/engine/police.js
var police = __webpack_require__(5044);
;// CONCATENATED MODULE: ./build/bundle/js/github/open-client.js
/**
 * createGitHubClient with Octokit loaded on first use: the engine imports this, so a local run that
 * opens no pull request (and every `agent-flow` command that reaches no API) never reads or evaluates
 * Octokit and its plugins (issue 12's cold start and the run's memory).
 */
async function openGitHubClient(opts) {
    const { createGitHubClient } = await Promise.all(/* import() */[__webpack_require__.e(90), __webpack_require__.e(931)]).then(__webpack_require__.bind(__webpack_require__, 6931));
    return createGitHubClient(opts);
}

;// CONCATENATED MODULE: ./build/bundle/js/github/pull-read.js

function toPull(p) {
    return {
        number: p.number,
        url: p.html_url,
        title: p.title,
        body: p.body ?? "",
        draft: p.draft === true,
        base: p.base.ref,
        headLabel: p.head.label,
        headRef: p.head.ref,
        author: p.user?.login ?? null,
        labels: p.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
        requestedUsers: (p.requested_reviewers ?? []).flatMap((u) => (u ? [u.login] : [])),
        requestedTeams: (p.requested_teams ?? []).flatMap((t) => (t ? [t.slug] : [])),
    };
}
const lower = (s) => s.toLowerCase();
const sameBody = (a, b) => a.replace(/\r\n/g, "\n") === b.replace(/\r\n/g, "\n");
function headOf(ref, head) {
    const i = head.indexOf(":");
    return i > 0 ? { owner: head.slice(0, i), branch: head.slice(i + 1) } : { owner: ref.owner, branch: head };
}
/** Open pull requests whose head is owner:branch, checked again here (GitHub ignores a malformed filter). */
async function pull_read_listOpen(client, ref, head) {
    const h = headOf(ref, head);
    const label = `${h.owner}:${h.branch}`;
    const ctx = {
        operation: `list the open pull requests of ${label} in ${ref.owner}/${ref.repo}`,
        permission: "pull-requests: read",
        ref,
        head: h.branch,
    };
    const { data } = await (0,errors/* call */.T1)(client, ctx, () => client.rest.pulls.list({ owner: ref.owner, repo: ref.repo, state: "open", head: label, per_page: 100 }));
    return data
        .map(toPull)
        .filter((p) => p.headRef === h.branch && lower(p.headLabel) === lower(label));
}
async function findOpenPullRequest(client, ref, head) {
    const [pull] = await pull_read_listOpen(client, ref, head);
    return pull ? { number: pull.number, url: pull.url } : null;
}
/** The open pull request for this base, else any (its base is then changed). */
function pickFor(pulls, base) {
    return pulls.find((p) => p.base === base) ?? pulls[0];
}

;// CONCATENATED MODULE: ./build/bundle/js/github/pull-reviewers.js


async function requestReviewers(client, spec, pull, wanted, created) {
    const where = `${spec.owner}/${spec.repo}`;
    const ref = { owner: spec.owner, repo: spec.repo };
    const requested = new Set(pull.requestedUsers.map(lower));
    let users = wanted.users.filter((u) => !requested.has(lower(u)));
    if (pull.author && users.some((u) => lower(u) === lower(pull.author))) {
        client.log(`not requesting a review from ${pull.author}: GitHub refuses reviews by a pull request's author`);
        users = users.filter((u) => lower(u) !== lower(pull.author));
    }
    if (!created && users.length > 0) {
        // Someone who reviewed already is no longer "requested"; asking again on every update would re-notify.
        const ctx = {
            operation: `list the reviews of #${pull.number} in ${where}`,
            permission: "pull-requests: read",
            ref,
        };
        const { data } = await (0,errors/* call */.T1)(client, ctx, () => client.rest.pulls.listReviews({
            owner: spec.owner,
            repo: spec.repo,
            pull_number: pull.number,
            per_page: 100,
        }));
        const reviewed = new Set(data.flatMap((r) => (r.user ? [lower(r.user.login)] : [])));
        const skipped = users.filter((u) => reviewed.has(lower(u)));
        if (skipped.length > 0)
            client.log(`not asking ${skipped.join(", ")} again: they reviewed #${pull.number} already`);
        users = users.filter((u) => !reviewed.has(lower(u)));
    }
    const requestedTeams = new Set(pull.requestedTeams.map(lower));
    const teams = wanted.teams.filter((t) => !requestedTeams.has(lower(t.slug)));
    if (users.length === 0 && teams.length === 0)
        return [];
    const entries = [...users, ...teams.map((t) => t.entry)];
    const ctx = {
        operation: `request reviews from ${entries.join(", ")} on #${pull.number} in ${where}`,
        permission: "pull-requests: write",
        ref,
    };
    await (0,errors/* call */.T1)(client, ctx, () => client.rest.pulls.requestReviewers({
        owner: spec.owner,
        repo: spec.repo,
        pull_number: pull.number,
        ...(users.length > 0 ? { reviewers: users } : {}),
        ...(teams.length > 0 ? { team_reviewers: teams.map((t) => t.slug) } : {}),
    }));
    client.log(`requested reviews on #${pull.number} from ${entries.join(", ")}`);
    return entries;
}

;// CONCATENATED MODULE: ./build/bundle/js/github/pull-spec.js


/** GitHub refuses longer bodies ("body is too long (maximum is 65536 characters)") and titles. */
const MAX_BODY_CHARS = 65536;
const MAX_TITLE_CHARS = 256;
const TRUNCATED_NOTE = "\n\n---\n_The description was cut to fit GitHub's 65536-character limit._";
/** Cuts text to GitHub's limit on whole code points, saying so at the end. */
function pull_spec_fitBody(body, log) {
    const points = Array.from(body);
    if (points.length <= MAX_BODY_CHARS)
        return body;
    log(`the pull request description has ${points.length} characters; cut to GitHub's ${MAX_BODY_CHARS}`);
    return points.slice(0, MAX_BODY_CHARS - Array.from(TRUNCATED_NOTE).length).join("") + TRUNCATED_NOTE;
}
function fitTitle(title, log) {
    const points = Array.from(title.replace(/\s+/g, " ").trim());
    if (points.length <= MAX_TITLE_CHARS)
        return points.join("");
    log(`the pull request title has ${points.length} characters; cut to GitHub's ${MAX_TITLE_CHARS}`);
    return `${points.slice(0, MAX_TITLE_CHARS - 1).join("")}…`;
}
function uniqueCaseless(items) {
    const seen = new Set();
    return items.filter((x) => {
        const k = lower(x);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}
function splitReviewers(spec) {
    const users = [];
    const teams = [];
    for (const raw of spec.reviewers) {
        const entry = raw.trim().replace(/^@/, "");
        if (!entry)
            continue;
        const slash = entry.indexOf("/");
        if (slash < 0) {
            users.push(entry);
            continue;
        }
        const org = entry.slice(0, slash);
        const slug = entry.slice(slash + 1);
        if (!org || !slug || slug.includes("/"))
            throw specError(`reviewer '${raw}': a team is written org/team`);
        if (lower(org) !== lower(spec.owner)) {
            throw specError(`reviewer '${raw}': only teams of the repository's organization '${spec.owner}' can review its pull requests`);
        }
        teams.push({ slug, entry });
    }
    return {
        users: uniqueCaseless(users),
        teams: teams.filter((t, i) => teams.findIndex((u) => lower(u.slug) === lower(t.slug)) === i),
    };
}
/** A spec GitHub would refuse, caught before any request: status 0, like an unreachable API. */
function specError(message) {
    return new errors/* GitHubApiError */.OS(`cannot open the pull request: ${message}`, 0, "check the pull request spec");
}
function checkSpec(spec) {
    const missing = ["owner", "repo", "head", "base", "title"].filter((k) => !spec[k]?.trim());
    if (missing.length > 0)
        throw specError(`${missing.join(", ")} must not be empty`);
    if (spec.head === spec.base)
        throw specError(`head and base are the same branch '${spec.head}'`);
    if (spec.head.includes(":"))
        throw specError(`head must be a branch name, not '${spec.head}'`);
}

;// CONCATENATED MODULE: ./build/bundle/js/github/pulls.js






const ALREADY_EXISTS = /A pull request already exists for/i;
const DRAFT_UNSUPPORTED = /Draft pull requests are not supported/i;
/** Closes the open pull request of `head` (with a comment first, when given); its number, or null if none. */
async function closePullRequest(client, ref, head, comment) {
    const [pull] = await listOpen(client, ref, head);
    if (!pull)
        return null;
    const what = `#${pull.number} in ${ref.owner}/${ref.repo}`;
    if (comment?.trim()) {
        const ctx = { operation: `comment on ${what}`, permission: "pull-requests: write", ref };
        await call(client, ctx, () => client.rest.issues.createComment({
            owner: ref.owner,
            repo: ref.repo,
            issue_number: pull.number,
            body: fitBody(comment, client.log),
        }));
    }
    const ctx = { operation: `close ${what}`, permission: "pull-requests: write", ref };
    await call(client, ctx, () => client.rest.pulls.update({ owner: ref.owner, repo: ref.repo, pull_number: pull.number, state: "closed" }));
    client.log(`closed pull request ${what}`);
    return pull.number;
}
/**
 * Makes sure exactly one open pull request proposes spec.head for spec.base, with the spec's title, body,
 * labels and reviewers: creates it, or updates the open one (a concurrent run that created it first
 * included). Sends only the changes it needs: running it twice with the same spec sends no write.
 */
async function createOrUpdatePullRequest(client, spec) {
    checkSpec(spec);
    const log = client.log;
    const ref = { owner: spec.owner, repo: spec.repo };
    const where = `${spec.owner}/${spec.repo}`;
    const title = fitTitle(spec.title, log);
    const body = pull_spec_fitBody(spec.body, log);
    const labels = uniqueCaseless(spec.labels.map((l) => l.trim()).filter(Boolean));
    const reviewers = splitReviewers(spec);
    const base = { ref, head: spec.head, base: spec.base, permission: "pull-requests: write" };
    let action = "unchanged";
    let pull = pickFor(await pull_read_listOpen(client, ref, spec.head), spec.base);
    if (!pull) {
        const ctx = { ...base, operation: `create the pull request ${spec.head} -> ${spec.base} in ${where}` };
        const create = (draft) => client.rest.pulls.create({
            owner: spec.owner,
            repo: spec.repo,
            head: spec.head,
            base: spec.base,
            title,
            body,
            draft,
        });
        try {
            let data;
            try {
                data = (await create(spec.draft)).data;
            }
            catch (err) {
                if (!(spec.draft && DRAFT_UNSUPPORTED.test((0,errors/* allMessages */.gN)(err))))
                    throw err;
                log(`${where} does not support draft pull requests; opening a ready one instead`);
                data = (await create(false)).data;
            }
            pull = toPull(data);
            action = "created";
            log(`created pull request #${pull.number} (${spec.head} -> ${spec.base}): ${pull.url}`);
        }
        catch (err) {
            if (!ALREADY_EXISTS.test((0,errors/* allMessages */.gN)(err)))
                throw (0,errors/* toGitHubApiError */.Vu)(err, ctx, client);
            // A concurrent run opened it between our look-up and our create: update that one.
            pull = pickFor(await pull_read_listOpen(client, ref, spec.head), spec.base);
            if (!pull)
                throw (0,errors/* toGitHubApiError */.Vu)(err, ctx, client);
            log(`pull request #${pull.number} for ${spec.head} appeared meanwhile; updating it`);
        }
    }
    if (action !== "created") {
        const existing = pull;
        const patch = {};
        if (existing.title !== title)
            patch.title = title;
        if (!sameBody(existing.body, body))
            patch.body = body;
        if (existing.base !== spec.base)
            patch.base = spec.base;
        if (Object.keys(patch).length > 0) {
            const ctx = { ...base, operation: `update pull request #${existing.number} in ${where}` };
            const { data } = await (0,errors/* call */.T1)(client, ctx, () => client.rest.pulls.update({
                owner: spec.owner,
                repo: spec.repo,
                pull_number: existing.number,
                ...patch,
            }));
            pull = toPull(data);
            action = "updated";
            log(`updated pull request #${pull.number} (${Object.keys(patch).join(", ")}): ${pull.url}`);
        }
        else {
            log(`pull request #${existing.number} is up to date: ${existing.url}`);
        }
        if (existing.draft !== spec.draft) {
            log(`pull request #${existing.number} is ${existing.draft ? "a draft" : "ready for review"}; left so (the REST API cannot change that)`);
        }
    }
    const current = pull;
    const have = new Set(current.labels.map(lower));
    const labelsAdded = labels.filter((l) => !have.has(lower(l)));
    if (labelsAdded.length > 0) {
        const ctx = {
            ...base,
            operation: `add labels ${labelsAdded.join(", ")} to #${current.number} in ${where}`,
            permission: "pull-requests: write (or issues: write)",
        };
        await (0,errors/* call */.T1)(client, ctx, () => client.rest.issues.addLabels({
            owner: spec.owner,
            repo: spec.repo,
            issue_number: current.number,
            labels: labelsAdded,
        }));
        log(`labelled #${current.number}: ${labelsAdded.join(", ")}`);
    }
    const reviewersRequested = await requestReviewers(client, spec, current, reviewers, action === "created");
    if (action === "unchanged" && (labelsAdded.length > 0 || reviewersRequested.length > 0))
        action = "updated";
    return {
        action,
        number: current.number,
        url: current.url,
        labelsAdded,
        reviewersRequested,
        draft: current.draft,
    };
}

// EXTERNAL MODULE: ./build/bundle/js/github/remote.js
var remote = __webpack_require__(9099);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/bundle/js/run/branch-record.js



/** The file in the run folder that records what the commit step made (documented in the README). */
const BRANCH_RECORD_FILE = "branch_info.json";
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const branch_record_text = (v) => (typeof v === "string" && v !== "" ? v : null);
const sha = (v) => (typeof v === "string" && SHA.test(v) ? v : null);
/** Checks each field of a parsed `branch_info.json`; a field of the wrong shape reads as null. */
function parseBranchRecord(value) {
    const o = typeof value === "object" && value !== null ? value : {};
    const n = o.pr_number;
    return {
        run_id: branch_record_text(o.run_id),
        branch: branch_record_text(o.branch),
        base_branch: typeof o.base_branch === "string" ? o.base_branch : null,
        base_sha: sha(o.base_sha),
        head_sha: sha(o.head_sha),
        remote: branch_record_text(o.remote),
        remote_url: branch_record_text(o.remote_url),
        pushed_sha: sha(o.pushed_sha),
        pushing_sha: sha(o.pushing_sha),
        pushed_at: branch_record_text(o.pushed_at),
        pr_number: typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : null,
        pr_url: branch_record_text(o.pr_url),
    };
}
/** The run folder's record, or undefined when there is none or it is not JSON (not a crash: agents can write it). */
async function readBranchRecord(dir) {
    const text = await (0,promises_.readFile)((0,external_node_path_.join)(dir, BRANCH_RECORD_FILE), "utf8").catch(() => undefined);
    if (text === undefined)
        return undefined;
    try {
        return parseBranchRecord(JSON.parse(text));
    }
    catch {
        return undefined;
    }
}
function writeBranchRecord(dir, record) {
    return (0,store/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, BRANCH_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/push-record.js

/**
 * What a run pushed, as its push lease: kept in refs the engine writes under the run's private namespace
 * (`refs/agent-flow/<RUN_ID>/pushed`, `.../pushing`), never read from `branch_info.json`. That file is in
 * the run folder, which agents can write: a `pushed_sha` forged there would make any commit look like
 * this run's, and the lease would then overwrite a branch someone else moved. The refs travel with the
 * run's other refs (the GitHub engine's state package) and go with them at rollback and cleanup.
 */
const pushedRef = (runId) => `refs/agent-flow/${runId}/pushed`;
const pushingRef = (runId) => `refs/agent-flow/${runId}/pushing`;
async function readPushLease(git, runId) {
    return { pushed: await (0,git_ops/* refValue */.vI)(git, pushedRef(runId)), pushing: await (0,git_ops/* refValue */.vI)(git, pushingRef(runId)) };
}
/** Before the push: `sha` is what this run is pushing (so a crash right after the push still knows it). */
async function notePushing(git, runId, sha) {
    await git.updateRef(pushingRef(runId), sha);
}
/** After the push: `sha` is what this run pushed, the lease of its next push. */
async function notePushed(git, runId, sha) {
    await git.updateRef(pushedRef(runId), sha);
    await (0,git_ops/* dropRef */.t)(git, pushingRef(runId));
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/publish.js









function githubToken(env) {
    return env.AGENT_FLOW_GITHUB_TOKEN || env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}
/** The variables githubToken reads, in its order of preference, for messages. */
const TOKEN_VARIABLES = "AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN";
const shellQuote = (s) => `'${s.replace(/'/g, "'\\''")}'`;
/**
 * pr_url.txt when no pull request was opened: comment lines saying why and how to open it, so the file
 * the README lists always exists and a script can tell (`grep -v '^#' pr_url.txt` is empty).
 */
async function writeNoPr(dir, why, command) {
    await (0,store/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, "pr_url.txt"), `# no pull request was opened: ${why}\n# to open it: ${command}\n`);
}
/**
 * Pushes the branch with --force-with-lease (the lease is what this run pushed before, as the engine's
 * refs record it, so a branch someone else moved is never overwritten) and opens or updates the pull
 * request. branch_info.json repeats what was pushed for the user; it is never trusted as the lease.
 */
async function publishPullRequest(args) {
    const { git, status, options, branch, tip, dir } = args;
    const previous = await readBranchRecord(dir);
    // The URL as configured, not as rewritten by url.<base>.insteadOf: it names the GitHub repository.
    const configured = await (0,git_ops/* remoteUrl */.gX)(git, options.remote);
    // Stored and shown without userinfo: a token in the URL must not reach branch_info.json or a log.
    const remoteUrl = configured ? (0,remote/* redactUrls */.s)(configured) : null;
    const info = {
        run_id: status.run_id,
        branch,
        base_branch: status.base_branch,
        base_sha: status.base_sha,
        head_sha: tip,
        remote: remoteUrl ? options.remote : null,
        remote_url: remoteUrl,
        pushed_sha: previous?.pushed_sha ?? null,
        pushing_sha: null,
        pushed_at: previous?.pushed_at ?? null,
        pr_number: previous?.pr_number ?? null,
        pr_url: previous?.pr_url ?? null,
    };
    const save = () => writeBranchRecord(dir, info);
    const title = options.title ? expandTemplate(options.title, status) : args.title;
    const bodyFile = (0,external_node_path_.join)(dir, "pr_body.md");
    // A run from a detached HEAD has no base branch: the pull request's base is the user's to choose.
    const command = `gh pr create --base ${status.base_branch ? shellQuote(status.base_branch) : "BRANCH"} --head ${shellQuote(branch)} --title ${shellQuote(title)} --body-file ${shellQuote(bodyFile)}`;
    if (!remoteUrl) {
        await save();
        await writeNoPr(dir, `no remote '${options.remote}' to push to`, `git push ${options.remote} ${branch} && ${command}`);
        return {
            push: "no-remote",
            remote: null,
            pr: null,
            summary: `branch ${branch} created locally; no remote '${options.remote}' to push to. To open the pull request: git push ${options.remote} ${branch} && ${command}`,
        };
    }
    const listed = await (0,git_ops/* remoteBranchTip */.SW)(git, options.remote, branch);
    if (!listed.reachable)
        throw new CommitRefused(`cannot reach remote '${options.remote}' (${remoteUrl}): ${listed.error}`);
    const remoteSha = listed.sha;
    let push;
    if (remoteSha === tip) {
        push = "unchanged";
    }
    else {
        // Ours if it is what we pushed, or what we were pushing when a previous attempt died: as the engine's
        // own refs say, never branch_info.json (see push-record.ts).
        const lease = await readPushLease(git, status.run_id);
        const ours = remoteSha === null || remoteSha === lease.pushed || remoteSha === lease.pushing;
        const expected = ours ? (remoteSha ?? "") : (lease.pushed ?? "");
        await notePushing(git, status.run_id, tip);
        info.pushing_sha = tip;
        await save();
        const r = await (0,git_ops/* pushWithLease */.VO)(git, options.remote, branch, tip, expected);
        if (!r.ok) {
            throw new CommitRefused(r.stale
                ? `push refused: ${options.remote}/${branch} moved since this run last pushed (it is at ${remoteSha?.slice(0, 12) ?? "nothing"}, this run expected ${expected.slice(0, 12) || "no branch"}); someone else pushed to it and nothing was overwritten. Inspect it (git fetch ${options.remote} ${branch}); then either choose another commit.branch template and retry (agent-flow run --run-id ${status.run_id} --retry), or drop this run with agent-flow rollback ${status.run_id}, which removes what it made locally and keeps the moved remote branch (delete that with git push ${options.remote} --delete ${branch})`
                : `git push to ${options.remote} failed: ${r.error}`);
        }
        push = remoteSha === null ? "created" : "updated";
    }
    await notePushed(git, status.run_id, tip);
    info.pushed_sha = tip;
    info.pushing_sha = null;
    info.pushed_at = push === "unchanged" ? info.pushed_at : new Date().toISOString();
    await save();
    await args.log(`push ${push}: ${options.remote}/${branch} at ${tip.slice(0, 12)}`);
    const repo = (0,remote/* parseGitHubRemote */.d)(remoteUrl, args.env.GITHUB_SERVER_URL);
    const token = githubToken(args.env);
    if (!repo || !token || !status.base_branch) {
        const why = !repo
            ? `${remoteUrl} is not a GitHub repository`
            : !token
                ? `no GitHub token is set (${TOKEN_VARIABLES})`
                : "the run started from a detached HEAD, so no base branch is known (start it with --base BRANCH for a pull request)";
        await writeNoPr(dir, why, command);
        return {
            push,
            remote: options.remote,
            pr: null,
            summary: `branch ${branch} pushed to ${options.remote} (${push}); ${why}, so no pull request was opened. To open it: ${command}`,
        };
    }
    const client = await openGitHubClient({
        token,
        baseUrl: args.env.GITHUB_API_URL || undefined,
        log: (m) => void args.log(m),
    });
    const pr = await createOrUpdatePullRequest(client, {
        ...repo,
        head: branch,
        base: status.base_branch,
        title,
        body: args.body,
        draft: options.draft,
        labels: options.labels,
        reviewers: options.reviewers,
    });
    info.pr_number = pr.number;
    info.pr_url = pr.url;
    await save();
    await (0,store/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, "pr_url.txt"), `${pr.url}\n`);
    return {
        push,
        remote: options.remote,
        pr: { action: pr.action, number: pr.number, url: pr.url },
        summary: `pull request #${pr.number} ${pr.action}: ${pr.url} (branch ${branch}, push ${push})`,
    };
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/commit-step.js










const ZERO = "0000000000000000000000000000000000000000";
/** Which agents' accepted steps changed each path, so the final diff can be checked per writer. */
function attribution(status) {
    const map = new Map();
    for (const step of status.steps) {
        if (step.state !== "succeeded")
            continue;
        for (const a of step.agents) {
            if (a.state !== "succeeded")
                continue;
            for (const p of a.changed_files)
                map.set(p, [...(map.get(p) ?? []), a.agent]);
        }
    }
    return map;
}
/**
 * Re-checks the whole result before anything leaves the machine: every changed path must have been
 * written by an accepted agent whose scopes allow it, no path may be protected, and the change must
 * stay within the flow's caps. The engine checked each step already; this guards against refs edited
 * by hand and against a flow whose scopes changed between steps and commit.
 */
async function recheck(git, flow, status, changed) {
    const owners = attribution(status);
    const violations = [];
    for (const path of changed) {
        const agents = owners.get(path);
        if (!agents) {
            violations.push({
                path,
                reason: "not changed by any accepted agent step (were the run's refs edited by hand?)",
            });
            continue;
        }
        const allowed = agents.some((a) => (0,scope_check/* checkChangedPaths */.J3)([path], flow.agents[a]?.writes ?? [], flow.policy).length === 0);
        if (!allowed) {
            const why = (0,scope_check/* checkChangedPaths */.J3)([path], flow.agents[agents[0]]?.writes ?? [], flow.policy)[0]?.reason ??
                "not allowed";
            violations.push({ path, reason: `${why} (written by ${agents.join(", ")})` });
        }
    }
    violations.push(...(await (0,police/* policeResult */.IM)(git, flow, status.base_sha, status.head, (p) => owners.get(p) ?? [])));
    if (violations.length > 0)
        throw new CommitRefused(`the result touches paths it may not; nothing was committed or pushed:\n${(0,scope_check/* describeViolations */.yO)(violations)}`);
    const { max_changed_files: maxFiles, max_changed_bytes: maxBytes } = flow.policy;
    if (changed.length > maxFiles) {
        throw new CommitRefused(`the result changes ${changed.length} files, more than policy.max_changed_files (${maxFiles}); nothing was pushed`);
    }
    const listing = await (0,git_objects/* treeEntries */.re)(git, status.head, changed, { recursive: true, sizes: true });
    const bytes = listing.reduce((sum, entry) => sum + entry.size, 0);
    if (bytes > maxBytes) {
        throw new CommitRefused(`the result adds ${bytes} bytes, more than policy.max_changed_bytes (${maxBytes}); nothing was pushed`);
    }
}
function parseIdentity(text) {
    const id = (0,commit_rules/* parseAuthor */.RV)(text);
    if (!id)
        throw new CommitRefused(`commit author '${text}' ${commit_rules/* AUTHOR_RULE */.T7}`);
    return id;
}
async function identity(git, options, env) {
    let who = options.author ?? env.AGENT_FLOW_AUTHOR;
    if (!who) {
        const name = await (0,git_ops/* configValue */.Mn)(git, "user.name");
        const email = await (0,git_ops/* configValue */.Mn)(git, "user.email");
        who = name && email ? `${name} <${email}>` : "agent-flow <agent-flow@users.noreply.github.com>";
    }
    const id = parseIdentity(who);
    return {
        GIT_AUTHOR_NAME: id.name,
        GIT_AUTHOR_EMAIL: id.email,
        GIT_COMMITTER_NAME: id.name,
        GIT_COMMITTER_EMAIL: id.email,
    };
}
function trailers(status, agents) {
    return [`Run-Id: ${status.run_id}`, ...agents.map((a) => `Agent: ${a}`)].join("\n");
}
/** Builds the user-facing commits from the run's private history; same run, same shas (dates are fixed). */
async function buildCommits(git, status, options, env) {
    const who = await identity(git, options, env);
    // The run's own head commit date: a retry of the commit step then yields byte-identical commits.
    const date = await (0,git_objects/* commitDate */.W8)(git, status.head);
    const commitEnv = { ...who, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const subject = expandTemplate(options.message ?? "{feature}: changes from agent-flow run {run_id}", status).split("\n")[0];
    const contributing = status.steps.filter((s) => s.state === "succeeded" && s.result && s.base && s.result !== s.base);
    if (options.squash) {
        const agents = [
            ...new Set(contributing.flatMap((s) => s.agents.filter((a) => a.commit).map((a) => a.agent))),
        ];
        const message = `${subject}\n\n${trailers(status, agents)}\n`;
        const sha = await (0,git_objects/* commitTree */.SC)(git, `${status.head}^{tree}`, [status.base_sha], message, commitEnv);
        return [{ sha, subject, agents }];
    }
    const commits = [];
    let parent = status.base_sha;
    for (const step of contributing) {
        const agents = step.agents.filter((a) => a.commit).map((a) => a.agent);
        const stepSubject = `${subject} (${step.key})`;
        const message = `${stepSubject}\n\n${trailers(status, agents)}\nStep: ${step.key}\n`;
        const sha = await (0,git_objects/* commitTree */.SC)(git, `${step.result}^{tree}`, [parent], message, commitEnv);
        commits.push({ sha, subject: stepSubject, agents });
        parent = sha;
    }
    return commits;
}
/**
 * The guide's auto-commit: the only step that makes user-visible branches and commits. Safe to run
 * again: the same run yields the same commits, the branch moves only with --force-with-lease, and the
 * pull request is found and updated rather than duplicated.
 */
async function runCommitStep(ctx) {
    const { git, status, options } = ctx;
    const dir = (0,store/* runDir */.ff)(ctx.root, status.run_id);
    const changed = await git.changedPaths(status.base_sha, status.head);
    if (changed.length === 0) {
        const report = {
            empty: true,
            branch: null,
            commits: [],
            pushed: null,
            pr: null,
            summary: "the run changed nothing: no branch and no pull request were made",
        };
        await (0,store/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, "commit_log.json"), `${JSON.stringify({ run_id: status.run_id, empty: true, commits: [] }, null, 2)}\n`);
        return report;
    }
    await recheck(git, ctx.flow, status, changed);
    const branch = expandTemplate(options.branch, status);
    if (!(await (0,git_ops/* isValidBranchName */.eB)(git, branch)))
        throw new CommitRefused(`branch name '${branch}' (from '${options.branch}') is not a valid git branch name`);
    const busy = await (0,git_ops/* worktreeHolding */.vk)(git, branch);
    if (busy)
        throw new CommitRefused(`branch '${branch}' is checked out in ${busy}; switch that checkout to another branch first`);
    const commits = await buildCommits(git, status, options, ctx.env);
    const tip = commits[commits.length - 1].sha;
    const ref = `refs/heads/${branch}`;
    const current = await git.revParse(ref);
    if (current && current !== tip) {
        const log = await (0,git_objects/* commitMessage */.df)(git, current);
        if (!log.includes(`Run-Id: ${status.run_id}`)) {
            throw new CommitRefused(`branch '${branch}' already exists and was not made by run ${status.run_id}; nothing was overwritten (choose another commit.branch template)`);
        }
    }
    await git.updateRef(ref, tip, current ?? ZERO);
    await ctx.log(`branch ${branch} -> ${tip.slice(0, 12)} (${commits.length} commit${commits.length === 1 ? "" : "s"})`);
    // From the engine's memory, never from the run folder: agents can write feature_request.md and
    // test_results/, and what they wrote there must not speak in the pull request.
    const body = renderPrBody(status, ctx.pr.request, ctx.pr.check, ctx.pr.issue ?? undefined);
    await (0,store/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, "pr_body.md"), body);
    const published = await publishPullRequest({
        ...ctx,
        branch,
        tip,
        title: commits[0]?.subject.replace(/ \(.*\)$/, "") ?? branch,
        body,
        dir,
    });
    await (0,store/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, "commit_log.json"), `${JSON.stringify({ run_id: status.run_id, empty: false, squash: options.squash, base: status.base_sha, branch, changed_files: changed, commits }, null, 2)}\n`);
    return { empty: false, branch, commits, pushed: published.push, pr: published, summary: published.summary };
}

// EXTERNAL MODULE: ./build/bundle/js/engine/machine.js
var machine = __webpack_require__(8621);
// EXTERNAL MODULE: ./build/bundle/js/engine/run-state.js
var run_state = __webpack_require__(1125);
;// CONCATENATED MODULE: ./build/bundle/js/engine/step-results.js





/**
 * What both drivers (the local loop, local.ts, and the GitHub jobs, jobs/) build from an executed action
 * the same way: an agent's result record, the combination of a step's agents, the failure records of a
 * step that threw, the commit step's result, and a new run's state.
 */
/** The result record of one agent call, from the status record runAgent filled in. */
function agentResult(index, planned, rec) {
    return {
        index,
        agent: planned.agent,
        ok: rec.state === "succeeded",
        exit_code: rec.exit_code,
        error: rec.error,
        commit: rec.commit,
        changed: rec.changed_files,
        raised: rec.raised,
        output: planned.output,
    };
}
/** The commit message of a step's combination of several agents' commits. */
const combineMessage = (runId, key, results) => `agent-flow: ${key}\n\nRun-Id: ${runId}\nStep: ${key}\n${results.map((a) => `Agent: ${a.agent}`).join("\n")}\n`;
/**
 * The step's result from all its agents' results: a failure naming each failed agent, or the
 * combination of their commits on the step's base.
 */
async function combineStep(workspace, runId, step, base, agents, cancelled) {
    const results = [...agents].sort((x, y) => x.index - y.index);
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0)
        return {
            kind: "agents",
            step,
            agents: results,
            head: null,
            error: failed.map((a) => `${a.agent}: ${a.error ?? "failed"}`).join("\n"),
            cancelled,
        };
    const head = await workspace.combine(base, results.map((a) => ({ commit: a.commit ?? base, changed: a.changed })), combineMessage(runId, (0,machine/* stepKey */.Ug)(step), results));
    return { kind: "agents", step, agents: results, head, error: null };
}
/** A check that could not run (or whose result is missing): failed, with the reason. */
function failedCheck(stage, key, error) {
    return {
        command: stage.command ?? [],
        step: key,
        exit_code: null,
        passed: false,
        duration_ms: 0,
        finished_at: new Date().toISOString(),
        tests: null,
        failures: [],
        output_tail: "",
        error,
    };
}
/** The result of an action whose execution threw `error` (not a tamper: that ends the run). */
function failedResult(action, stage, error, cancelled) {
    if (action.kind === "agents")
        return { kind: "agents", step: action.step, agents: [], head: null, error, cancelled };
    if (action.kind === "check")
        return {
            kind: "check",
            step: action.step,
            error,
            cancelled,
            summary: failedCheck(stage, stepKey(action.step), error),
        };
    return { kind: "commit", step: action.step, ok: false, error, branch: null, pr_url: null, cancelled };
}
/** The commit step (the same for both drivers): refusals and API errors are the step's failure. */
async function executeCommit(c) {
    const s = c.status;
    try {
        const report = await runCommitStep({
            root: c.root,
            git: c.git,
            flow: c.flow,
            status: s,
            pr: { request: c.run.request, check: c.machine.check, issue: c.run.issue },
            options: c.options,
            env: c.env,
            log: c.log,
        });
        s.outcome = report.summary;
        s.branch = report.branch;
        s.pr_url = report.pr?.pr?.url ?? null;
        return {
            result: {
                kind: "commit",
                step: c.step,
                ok: true,
                error: null,
                branch: report.branch,
                pr_url: s.pr_url,
            },
            pr: report.pr?.pr ?? null,
        };
    }
    catch (err) {
        if (!(err instanceof CommitRefused) && !(err instanceof errors/* GitHubApiError */.OS))
            throw err;
        return {
            result: { kind: "commit", step: c.step, ok: false, error: err.message, branch: null, pr_url: null },
            pr: null,
        };
    }
}
/** The saved state a new run starts from. */
function newRunState(status, request, flowText, plan) {
    return {
        schema: "agent-flow/run-state@1",
        run_id: status.run_id,
        feature: status.feature,
        workflow: status.workflow,
        base_branch: status.base_branch,
        base_sha: status.base_sha,
        request: request?.trim() ? request.trim() : `Implement the feature '${status.feature}'.`,
        issue: status.issue ?? null,
        flow_sha256: (0,run_state/* flowHash */.zp)(flowText),
        trigger_stamps: {},
        machine: (0,machine/* start */.ni)(plan, status.base_sha),
    };
}


/***/ }),

/***/ 9994:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OS: () => (/* binding */ GitHubApiError),
/* harmony export */   T1: () => (/* binding */ call),
/* harmony export */   Vu: () => (/* binding */ toGitHubApiError),
/* harmony export */   gN: () => (/* binding */ allMessages)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1490);
// GitHub's failures as GitHubApiError, whose message says what to fix: the permission to grant, the
// setting to enable, the branch to push, when a rate limit resets.

class GitHubApiError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AgentFlowError */ .o {
    name = "GitHubApiError";
    /** GitHub's HTTP status; 0 when GitHub could not be reached or the request was refused before sending. */
    status;
    /** What was being done, e.g. "create the pull request feature/x -> main in o/r". */
    operation;
    constructor(message, status, operation, options) {
        super(message, 1, undefined, options);
        this.status = status;
        this.operation = operation;
    }
}
function isHttpError(err) {
    return err instanceof Error && typeof err.status === "number";
}
function githubMessage(err) {
    const data = err.response?.data;
    return typeof data?.message === "string" ? data.message : err.message;
}
function githubErrors(err) {
    const data = err.response?.data;
    return Array.isArray(data?.errors) ? data.errors : [];
}
/** The 422 text GitHub gives, flattened: the top message and each errors[] entry. */
function allMessages(err) {
    if (!isHttpError(err))
        return err instanceof Error ? err.message : String(err);
    const items = githubErrors(err).map((e) => typeof e === "string"
        ? e
        : typeof e === "object" && e
            ? String(e.message ?? "")
            : "");
    return [err.message, githubMessage(err), ...items].join("\n");
}
function describe422(entry, ctx) {
    if (typeof entry === "string")
        return entry;
    const e = (entry ?? {});
    const where = `${ctx.ref.owner}/${ctx.ref.repo}`;
    const m = e.message ?? "";
    if (/No commits between/i.test(m))
        return `${m}: nothing to propose; push the commits to '${ctx.head}' first`;
    if (/Review cannot be requested from pull request author/i.test(m)) {
        return `${m.replace(/\.$/, "")}: remove the author from the reviewers`;
    }
    if (/only be requested from collaborators/i.test(m)) {
        return `${m.replace(/\.$/, "")}: give them read access to ${where}, or drop them from the reviewers`;
    }
    if (/Could not resolve to a node/i.test(m)) {
        return `${m.replace(/\.$/, "")}: a team reviewer does not exist, or the token cannot read the organization's teams (GITHUB_TOKEN cannot; use a PAT or App token with members: read)`;
    }
    if (/is too long/i.test(m))
        return `${m} (shorten it)`;
    if (m)
        return m;
    if (e.field === "base" && e.code === "invalid") {
        return `base branch '${ctx.base ?? String(e.value ?? "")}' does not exist in ${where}; push it or choose another base`;
    }
    if (e.field === "head" && e.code === "invalid") {
        return `head branch '${ctx.head ?? String(e.value ?? "")}' does not exist in ${where}; was it pushed?`;
    }
    if (e.code === "missing_field")
        return `${e.resource ?? "request"}.${e.field ?? "?"} is missing`;
    if (e.code === "already_exists")
        return `${e.resource ?? "resource"}.${e.field ?? "?"} already exists`;
    return `${e.resource ?? "request"}${e.field ? `.${e.field}` : ""}: ${e.code ?? "invalid"}`;
}
function resetTime(headers) {
    const reset = Number(headers?.["x-ratelimit-reset"]);
    return Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : "";
}
/** Turns anything a REST call threw into a GitHubApiError whose message says what to fix. */
function toGitHubApiError(err, ctx, client) {
    if (err instanceof GitHubApiError)
        return err;
    const cannot = `cannot ${ctx.operation}`;
    const where = `${ctx.ref.owner}/${ctx.ref.repo}`;
    if (!isHttpError(err)) {
        const msg = err instanceof Error ? err.message : String(err);
        return new GitHubApiError(`${cannot}: ${msg}`, 0, ctx.operation, { cause: err });
    }
    const status = err.status;
    const said = githubMessage(err);
    const headers = err.response?.headers;
    const retries = client ? ` after ${client.retries} retries` : "";
    let fix;
    if (!err.response) {
        fix = `GitHub could not be reached${client ? ` at ${client.baseUrl}` : ""}${retries} (${said}); check the network, a proxy, or GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3)`;
        return new GitHubApiError(`${cannot}: ${fix}`, 0, ctx.operation, { cause: err });
    }
    const rateLimited = (status === 403 || status === 429) &&
        (String(headers?.["x-ratelimit-remaining"]) === "0" ||
            /rate limit/i.test(said) ||
            headers?.["retry-after"] !== undefined);
    if (status === 401) {
        fix = `GitHub rejected the token (401 ${said}): it is expired, revoked or mistyped; set AGENT_FLOW_GITHUB_TOKEN (or GITHUB_TOKEN, or GH_TOKEN) to a valid token (GITHUB_TOKEN, PAT or App token)`;
    }
    else if (status === 403 && /not permitted to create or approve pull requests/i.test(said)) {
        fix =
            "Actions is not permitted to create pull requests in this repository: enable 'Allow GitHub Actions to create and approve pull requests' in Settings -> Actions -> General (or use a PAT/App token)";
    }
    else if (rateLimited) {
        const secondary = /secondary/i.test(said) ? "secondary " : "";
        fix = `GitHub's ${secondary}rate limit stopped it${resetTime(headers)}; run again later, or use a token with its own quota (a PAT or App token)`;
    }
    else if (status === 403 && /SAML|single sign-on/i.test(said)) {
        fix = `the token is not authorized for the organization's SAML single sign-on (${said}); authorize it for SSO in the token's settings`;
    }
    else if (status === 403) {
        fix = `the token lacks permission: ${ctx.permission} (GitHub said: ${said}); grant it in the workflow's permissions: block, or use a PAT/App token that has it`;
    }
    else if (status === 404) {
        // GitHub answers 404, not 403, to a token that may not see the repository: name what this call needs.
        fix = `not found: ${where} (or what the call names in it) does not exist, or the token cannot see it; this call needs ${ctx.permission} on ${where}`;
    }
    else if (status === 422) {
        const listed = githubErrors(err);
        const entries = (listed.length > 0 ? listed : [{ message: said }]).map((e) => describe422(e, ctx));
        fix = `GitHub refused it: ${entries.join("; ")}`;
    }
    else if (status >= 500) {
        fix = `GitHub answered ${status} (a server error)${retries}: ${said}; try again later (https://www.githubstatus.com)`;
    }
    else {
        fix = `GitHub answered ${status}: ${said}`;
    }
    return new GitHubApiError(`${cannot}: ${fix}`, status, ctx.operation, { cause: err });
}
async function call(client, ctx, fn) {
    try {
        return await fn();
    }
    catch (err) {
        throw toGitHubApiError(err, ctx, client);
    }
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
  mF: () => (/* reexport */ readLock)
});

// UNUSED EXPORTS: HEARTBEAT_MS, LOCKS_DIR, STALE_AFTER_MS, UNPARSEABLE_GRACE_MS, listLocks, lockResourceProblem, releaseAllHeldSync

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
function lock_file_errno(e) {
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
        if (lock_file_errno(e) === "ENOENT")
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
function claims_dirsOf(root) {
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
        const code = lock_file_errno(e);
        if (code !== "ENOTDIR" && code !== "EEXIST")
            throw e;
        const bad = [d.locks, d.tmp, d.claims].find((p) => (0,external_node_fs_.statSync)(p, { throwIfNoEntry: false })?.isDirectory() === false);
        throw new Error(`${bad ?? d.locks} is not a folder (a file or a link in its place?): agent-flow keeps its lock files there; move it away and run again`);
    }
}
/** Temp files of acquisitions in progress, removed by releaseAllHeldSync() if the process ends meanwhile. */
const claims_pendingTmp = new Set();
/** Writes `content` to `file` (in the temp dir), recreating the directories when someone removed them. */
function writeTmp(d, file, content) {
    try {
        (0,external_node_fs_.writeFileSync)(file, content);
    }
    catch (e) {
        if (lock_file_errno(e) !== "ENOENT")
            throw e;
        ensureDirs(d);
        (0,external_node_fs_.writeFileSync)(file, content);
    }
}
function claims_unlinkQuiet(file) {
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
        if (lock_file_errno(e) === "EEXIST")
            return false;
        throw e;
    }
    finally {
        claims_unlinkQuiet(tmp);
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
        claims_unlinkQuiet(file);
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
    claims_pendingTmp.add(tmp);
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
        claims_unlinkQuiet(tmp);
        claims_pendingTmp.delete(tmp);
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
                if (lock_file_errno(e) === "EEXIST")
                    continue; // someone was faster: read who
                if (lock_file_errno(e) === "ENOENT") {
                    ensureDirs(ctx.dirs);
                    continue;
                }
                throw e;
            }
            claims_unlinkQuiet(ctx.tmp);
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
    const dirs = claims_dirsOf(root);
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
    claims_pendingTmp.add(ctx.tmp);
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
        claims_pendingTmp.delete(ctx.tmp);
        claims_unlinkQuiet(ctx.tmp);
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
        names = await readdir(dirs.locks);
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
    const file = (0,external_node_path_.join)(claims_dirsOf(root).locks, `${resource}.lock`);
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
    const dirs = claims_dirsOf(root);
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

/***/ 7694:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ describeBase)
/* harmony export */ });
/**
 * How a run's base is shown: `main at 1a2b3c4`, or `detached HEAD at 1a2b3c4` for a run started from a
 * detached HEAD, whose `base_branch` is "" (the commit is the base; no branch names it).
 */
function describeBase(branch, sha) {
    return branch ? `${branch} at ${sha.slice(0, 7)}` : `detached HEAD at ${sha.slice(0, 7)}`;
}


/***/ }),

/***/ 1251:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ quoteName),
/* harmony export */   H: () => (/* binding */ safeText)
/* harmony export */ });
/**
 * The one place where names and text that agents control (file names, error text, statuses they may
 * have forged) are made safe to print. A raw newline, ESC or bidi override in a file name could forge a
 * line of `pipeline.log`, clear the terminal or reorder what the reader sees.
 */
// C0 controls, DEL, C1 controls, the line/paragraph separators and the bidi embedding, override and
// isolate marks: none of them has a visible form of its own.
const INVISIBLE = "\\p{Cc}\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const UNSAFE = new RegExp(`[${INVISIBLE}]`, "u");
const UNSAFE_ALL = new RegExp(`[${INVISIBLE}]`, "gu");
// The same, minus tab and newline: multi-line text keeps its lines (each gets its own log prefix).
const UNSAFE_IN_TEXT = new RegExp(`(?![\\t\\n])[${INVISIBLE}]`, "gu");
const SHORT = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
const escapeChar = (c) => SHORT[c] ?? `\\u${c.codePointAt(0).toString(16).padStart(4, "0")}`;
/**
 * A file name (or any one-line name) as printed: unchanged when every character is printable, else
 * JSON-style quoted (`"db\n.yml"`, `"\u001b[2J"`), as git's core.quotePath does, so it is one
 * visible token that reads back unambiguously.
 */
function quoteName(name) {
    if (!UNSAFE.test(name))
        return name;
    return `"${name.replace(/["\\]/g, (c) => `\\${c}`).replace(UNSAFE_ALL, escapeChar)}"`;
}
/** Text that may span lines (an error, a log): lines and tabs are kept, every other control escaped. */
function safeText(text) {
    return text.replace(UNSAFE_IN_TEXT, escapeChar);
}


/***/ }),

/***/ 8148:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ef: () => (/* binding */ liveEngineGate),
/* harmony export */   jX: () => (/* binding */ runLockResource)
/* harmony export */ });
/* unused harmony exports RunLockHeld, acquireRunLock, runLiveness, assumeEngineGone */
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
        return await acquireLock(root, runLockResource(runId), { run_id: runId, agent: "engine" }, { timeoutMs: 1 });
    }
    catch (err) {
        if (!(err instanceof LockTimeoutError))
            throw err;
        const cur = readLock(root, runLockResource(runId));
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


/***/ }),

/***/ 5366:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J3: () => (/* binding */ checkChangedPaths),
/* harmony export */   qp: () => (/* binding */ checkChangeKinds),
/* harmony export */   yO: () => (/* binding */ describeViolations)
/* harmony export */ });
/* unused harmony exports showPath, symlinkTarget */
/* harmony import */ var _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9897);
/* harmony import */ var _flow_scopes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9974);
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1251);



/**
 * Checks the files a step changed against what it may write. Run after every agent and again by the
 * commit step, so an agent cannot reach a protected path even when its `writes:` would allow it.
 */
function checkChangedPaths(changed, writes, policy) {
    const allowed = (0,_flow_scopes_js__WEBPACK_IMPORTED_MODULE_1__/* .compileScopes */ .L6)(writes);
    const protectedPaths = [...(policy.allow_github ? [] : [_flow_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GITHUB_PATHS */ .Xp]), ...policy.protected];
    const isProtected = protectedPaths.map((p) => ({ glob: p, match: (0,_flow_scopes_js__WEBPACK_IMPORTED_MODULE_1__/* .compileScopes */ .L6)([p]) }));
    const out = [];
    for (const path of changed) {
        const hit = isProtected.find((p) => p.match(path));
        if (hit) {
            out.push({
                path,
                reason: hit.glob === _flow_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GITHUB_PATHS */ .Xp
                    ? "workflow files under .github/ are protected"
                    : `protected by policy ('${hit.glob}')`,
            });
        }
        else if (!allowed(path)) {
            out.push({
                path,
                reason: writes.length
                    ? `outside its writes (${writes.join(", ")})`
                    : "the agent may not change repository files (no writes:)",
            });
        }
    }
    return out;
}
function describeViolations(v, limit = 20) {
    const shown = v.slice(0, limit).map((x) => `  ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteName */ .A)(x.path)}: ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_2__/* .safeText */ .H)(x.reason)}`);
    if (v.length > limit)
        shown.push(`  ... and ${v.length - limit} more`);
    return shown.join("\n");
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A path as it can be shown on one line: control characters and quotes escaped (JSON string syntax). */
const showPath = (path) => (CONTROL.test(path) ? JSON.stringify(path) : path);
/** Where a symlink at `path` with `target` points, relative to the repository root; null when it leaves it. */
function symlinkTarget(path, target) {
    if (target.startsWith("/") || target === "")
        return null;
    const parts = path.split("/").slice(0, -1);
    for (const seg of target.split("/")) {
        if (seg === "" || seg === ".")
            continue;
        if (seg === "..") {
            if (parts.length === 0)
                return null;
            parts.pop();
        }
        else
            parts.push(seg);
    }
    // The root itself (`x -> .`) is no file an agent may own.
    return parts.length > 0 ? parts.join("/") : null;
}
const baseName = (path) => path.slice(path.lastIndexOf("/") + 1);
/**
 * The checks that the path globs cannot make, over the raw records of a change: the kind of each entry
 * (symlink, gitlink, executable bit), files that change how git shows or fetches the tree
 * (`.gitattributes`, `.gitmodules`), and names a glob cannot be trusted with (control characters: `**`
 * does not match a newline). `writesOf` gives, per path, the scopes of the agents that wrote it.
 */
async function checkChangeKinds(records, writesOf, policy, base, objects) {
    const out = [];
    const needModes = records.filter((r) => r.mode === "100755" && r.oldMode === undefined).map((r) => r.path);
    const baseModes = needModes.length > 0 ? await objects.modes(base, needModes) : new Map();
    for (const r of records) {
        const path = showPath(r.path);
        const deleted = /^0+$/.test(r.mode);
        if (CONTROL.test(r.path)) {
            out.push({ path, reason: "its name contains control characters (scopes cannot be checked on it)" });
            continue;
        }
        const name = baseName(r.path);
        if (name === ".gitattributes" && !policy.allow_gitattributes) {
            out.push({ path, reason: "changes to .gitattributes are refused (policy.allow_gitattributes)" });
        }
        if (name === ".gitmodules" && !policy.allow_submodules) {
            out.push({ path, reason: "changes to .gitmodules are refused (policy.allow_submodules)" });
        }
        if (deleted)
            continue;
        if (r.mode === "160000" && !policy.allow_submodules) {
            out.push({
                path,
                reason: "gitlinks (submodule entries, mode 160000) are refused (policy.allow_submodules)",
            });
        }
        else if (r.mode === "100755" && !policy.allow_executable) {
            const before = r.oldMode ?? baseModes.get(r.path) ?? "000000";
            if (before !== "100755")
                out.push({ path, reason: "new executable bits are refused (policy.allow_executable)" });
        }
        else if (r.mode === "120000" && !policy.allow_symlinks) {
            const target = await objects.blob(r.oid);
            const inRepo = CONTROL.test(target) ? null : symlinkTarget(r.path, target);
            const writes = writesOf(r.path);
            const ok = inRepo !== null && checkChangedPaths([inRepo], writes, policy).length === 0;
            if (!ok)
                out.push({
                    path,
                    reason: `symlink to ${showPath(target)}, which leaves the agent's scopes (policy.allow_symlinks)`,
                });
        }
    }
    return out;
}


/***/ }),

/***/ 2093:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ STATUS_SCHEMA)
/* harmony export */ });
/** The shape of `pipeline_status.json` (documented in the README). */
const STATUS_SCHEMA = "agent-flow/status@1";


/***/ }),

/***/ 6525:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $t: () => (/* binding */ STATE_PATHS),
  Xs: () => (/* binding */ StatusError),
  CC: () => (/* binding */ WORK_DIR),
  pm: () => (/* binding */ appendLog),
  rk: () => (/* binding */ readStatus),
  ff: () => (/* binding */ runDir),
  DP: () => (/* binding */ statusFile),
  Zf: () => (/* binding */ writeFileAtomic),
  Kn: () => (/* binding */ writeStatus)
});

// UNUSED EXPORTS: ATOMIC_TEMP_RE, LATEST, RUNS_DIR, STATUS_DIR, appendLogText, appendLogTextSync, isStale, listRunIds, logFile, logLines, statusText, triggerDir

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/run/quote.js
var quote = __webpack_require__(1251);
// EXTERNAL MODULE: ./build/bundle/js/run/run-id.js
var run_id = __webpack_require__(9110);
// EXTERNAL MODULE: ./build/bundle/js/run/run-lock.js
var run_lock = __webpack_require__(8148);
// EXTERNAL MODULE: ./build/bundle/js/run/status.js
var run_status = __webpack_require__(2093);
// EXTERNAL MODULE: ./build/bundle/js/lib/zod.js + 1 modules
var zod = __webpack_require__(2392);
// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 5 modules
var schemas = __webpack_require__(8395);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js + 1 modules
var api = __webpack_require__(3305);
;// CONCATENATED MODULE: ./build/bundle/js/run/status-schema.js



// What the readers of pipeline_status.json (status, runs, logs, resume, rollback) rely on. Objects are
// loose: fields this version does not know (a newer engine's) are kept, not refused.
const time = schemas/* nullable */.mee(schemas/* string */.YjP());
const count = schemas/* nullable */.mee(schemas/* number */.aig().check(api/* _nonnegative */.UI()));
const usageShape = schemas/* looseObject */._H3({
    turns: count,
    input_tokens: count,
    output_tokens: count,
    cost_usd: count,
});
const agentShape = schemas/* looseObject */._H3({
    agent: schemas/* string */.YjP(),
    output: schemas/* string */.YjP(),
    state: schemas/* enum */.k5n(["pending", "running", "succeeded", "failed", "cancelled"]),
    attempts: schemas/* number */.aig().check(schemas/* int */.Whr(), api/* _nonnegative */.UI()),
    started_at: time,
    finished_at: time,
    error: schemas/* optional */.lqM(schemas/* nullable */.mee(schemas/* string */.YjP())),
    changed_files: schemas/* optional */.lqM(schemas/* array */.YOg(schemas/* string */.YjP())),
    usage: schemas/* optional */.lqM(usageShape),
});
const stepShape = schemas/* looseObject */._H3({
    key: schemas/* string */.YjP(),
    workflow: schemas/* string */.YjP(),
    id: schemas/* string */.YjP(),
    kind: schemas/* enum */.k5n(["agent", "parallel", "check", "commit"]),
    state: schemas/* enum */.k5n(["pending", "running", "succeeded", "failed", "cancelled"]),
    started_at: time,
    finished_at: time,
    error: schemas/* optional */.lqM(schemas/* nullable */.mee(schemas/* string */.YjP())),
    agents: schemas/* array */.YOg(agentShape),
});
const statusShape = schemas/* looseObject */._H3({
    schema: schemas/* literal */.euz(run_status/* STATUS_SCHEMA */.N),
    run_id: schemas/* string */.YjP(),
    feature: schemas/* string */.YjP(),
    workflow: schemas/* string */.YjP(),
    state: schemas/* enum */.k5n(["pending", "running", "succeeded", "failed", "cancelled"]),
    started_at: schemas/* string */.YjP(),
    finished_at: time,
    engine: schemas/* nullable */.mee(schemas/* looseObject */._H3({ pid: schemas/* number */.aig().check(schemas/* int */.Whr()), host: schemas/* string */.YjP() })),
    error: schemas/* optional */.lqM(schemas/* nullable */.mee(schemas/* string */.YjP())),
    outcome: schemas/* optional */.lqM(schemas/* nullable */.mee(schemas/* string */.YjP())),
    usage: schemas/* optional */.lqM(usageShape),
    steps: schemas/* array */.YOg(stepShape),
});
/** What is wrong with a parsed status, as `field.path: problem` parts; empty when it is usable. */
function statusProblems(data) {
    const r = statusShape.safeParse(data);
    if (r.success)
        return [];
    return r.error.issues.slice(0, 5).map((i) => {
        const at = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
        return `${at.replace(/^\./, "") || "(top)"}: ${i.message}`;
    });
}

;// CONCATENATED MODULE: ./build/bundle/js/run/store.js











const STATUS_DIR = "docs/status";
const RUNS_DIR = "docs/status/runs";
const LATEST = "docs/status/latest";
/** Run state that lives in the user's checkout but must never be part of a commit. */
const STATE_PATHS = ["docs/status", ".locks", ".triggers"];
/** In a run folder: the agents' staging folders (the engine's scratch, not the run's record). */
const WORK_DIR = ".work";
const runDir = (root, runId) => (0,external_node_path_.join)(root, RUNS_DIR, runId);
const statusFile = (root, runId) => (0,external_node_path_.join)(runDir(root, runId), "pipeline_status.json");
const logFile = (root, runId) => (0,external_node_path_.join)(runDir(root, runId), "pipeline.log");
const triggerDir = (root, runId) => join(root, ".triggers", "runs", runId);
const fsyncFd = (0,external_node_util_.promisify)(external_node_fs_.fsync);
/** writeFileAtomic()'s temp files: `.<name>.<pid>.<8 hex>.tmp` beside the file. */
const ATOMIC_TEMP_RE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
/**
 * Write-to-temp, fsync, rename: a reader (or a crash) sees the old file or the new one, never half of
 * either. `renameAfter`: the file is written and synced meanwhile, but renamed into place only once
 * that resolves (and not at all when it rejects: the write fails with its error), so that writes of one
 * file can sync at the same time and still replace it in the order they were made. A write that fails
 * leaves no temp file behind.
 *
 * Only the sync goes through libuv's thread pool: the file is made, filled, renamed and closed with
 * synchronous calls (microseconds for these small files, in the page cache). Each trip through the pool
 * waits for a free thread and then for the main thread, which a step's start keeps busy with spawns;
 * a status write lies between a step's end and the next agent's start.
 */
async function writeFileAtomic(file, data, renameAfter) {
    // Seen below, after this write's own work: not an unhandled rejection meanwhile.
    renameAfter?.catch(() => undefined);
    const tmp = (0,external_node_path_.join)((0,external_node_path_.dirname)(file), `.${(0,external_node_path_.basename)(file)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString("hex")}.tmp`);
    // The folder is made only when missing.
    const fd = inFolderSync(file, () => (0,external_node_fs_.openSync)(tmp, "w"));
    try {
        (0,external_node_fs_.writeFileSync)(fd, data);
        await fsyncFd(fd);
        await renameAfter;
        (0,external_node_fs_.renameSync)(tmp, file);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw err;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** The status as writeStatus() writes it, stamped now: taken at once, so later changes are not in it. */
function statusText(status) {
    status.updated_at = new Date().toISOString();
    return `${JSON.stringify(status, null, 2)}\n`;
}
/** `renameAfter`: see writeFileAtomic(). */
async function writeStatus(root, status, renameAfter) {
    await writeFileAtomic(statusFile(root, status.run_id), statusText(status), renameAfter);
}
/** A status that cannot be used: `damaged` when the file exists but is not a valid status. */
class StatusError extends errors/* AgentFlowError */.o {
    damaged;
    constructor(message, damaged = false) {
        super(message, 2);
        this.damaged = damaged;
    }
}
async function readStatus(root, runId) {
    const problem = (0,run_id/* runIdProblem */.w2)(runId);
    if (problem)
        throw new StatusError(problem);
    const file = statusFile(root, runId);
    let text;
    try {
        text = await (0,promises_.readFile)(file, "utf8");
    }
    catch (err) {
        const code = err.code;
        if (code === "ENOENT")
            throw new StatusError(`no run '${runId}' in ${RUNS_DIR}/ (see 'agent-flow runs')`);
        throw new StatusError(`cannot read ${(0,quote/* quoteName */.A)(file)}: ${err.message}`, true);
    }
    const damaged = (what) => new StatusError(`${(0,quote/* quoteName */.A)(file)} is damaged: ${what}; restore it from a copy or remove the folder ${(0,quote/* quoteName */.A)((0,external_node_path_.dirname)(file))}`, true);
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (err) {
        throw damaged(`not valid JSON (${text.trim() === "" ? "empty" : "truncated?"}: ${err.message})`);
    }
    const schema = data?.schema;
    if (data !== null && typeof data === "object" && schema !== run_status/* STATUS_SCHEMA */.N && typeof schema === "string")
        throw new StatusError(`${(0,quote/* quoteName */.A)(file)}: unknown schema '${(0,quote/* safeText */.H)(schema)}'`, true);
    const problems = statusProblems(data);
    if (problems.length > 0)
        throw damaged((0,quote/* safeText */.H)(problems.join("; ")));
    return data;
}
/** One timestamped line per event: `2026-11-27T21:00:00.000Z [step] message`. */
async function appendLog(root, runId, scope, message) {
    await appendLogText(root, runId, logLines(scope, message));
}
/** What appendLog() writes for one message that happened `at`. */
function logLines(scope, message, at = new Date()) {
    // Every line gets its own prefix and no control character: a message cannot forge a line of the log.
    const stamp = at.toISOString();
    return (0,quote/* safeText */.H)(message)
        .split("\n")
        .map((l) => `${stamp} [${(0,quote/* quoteName */.A)(scope)}] ${l}\n`)
        .join("");
}
/**
 * Appends lines made by logLines() (several messages at once) to the run's pipeline.log, with a
 * synchronous call (a few lines into the page cache: microseconds), where open, write and close were
 * three trips through libuv's thread pool, queued behind the run's fsyncs and the fingerprint's reads
 * (the run's containment line is written so on its way to the first step). An error still rejects.
 */
async function appendLogText(root, runId, text) {
    appendLogTextSync(root, runId, text);
}
/** appendLogText() with a synchronous call (no fsync: microseconds), for the run's view (writeFileAtomic()). */
function appendLogTextSync(root, runId, text) {
    const file = logFile(root, runId);
    inFolderSync(file, () => (0,external_node_fs_.appendFileSync)(file, text));
}
function inFolderSync(file, make) {
    try {
        return make();
    }
    catch (err) {
        if (err.code !== "ENOENT")
            throw err;
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(file), { recursive: true });
        return make();
    }
}
async function listRunIds(root) {
    const names = await readdir(join(root, RUNS_DIR)).catch(() => []);
    return names.filter((n) => runIdProblem(n) === null).sort();
}
/**
 * True when a running (or pending) run's engine is gone: crashed, killed, its pid reused, or on any host
 * silent for longer than its heartbeat bound (src/run/run-lock.ts has the rule and the reason).
 */
function isStale(status, root) {
    return runLiveness(root, status)?.alive === false;
}


/***/ }),

/***/ 580:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ak: () => (/* binding */ hasUsage),
/* harmony export */   ji: () => (/* binding */ USAGE_FILE),
/* harmony export */   k9: () => (/* binding */ readUsage),
/* harmony export */   l_: () => (/* binding */ runUsage),
/* harmony export */   pK: () => (/* binding */ formatUsage),
/* harmony export */   vk: () => (/* binding */ addUsage)
/* harmony export */ });
/* unused harmony exports NO_USAGE, parseUsage, formatCost, usageLines */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _lib_zod_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2392);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8395);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3305);





/**
 * Turns, tokens and cost of agents. The engine does not talk to models, so it reads what the agent's
 * side reported: after each attempt, `usage.json` in the agent's output folder, written by the preset's
 * usage parser from the CLI's JSON output (or by any `run:` agent that knows its own usage):
 *
 *   {"turns": 7, "input_tokens": 51234, "output_tokens": 2048, "cost_usd": 0.42}
 *
 * Each field is a number or null (unknown); a missing field is null. These figures come from the agent's
 * own process, so a hostile agent can under-report them: the cost ceiling is a budget, not a defence.
 */
const USAGE_FILE = "usage.json";
/** A usage record is a few dozen bytes; anything larger is not one. */
const MAX_USAGE_BYTES = 64 * 1024;
const field = zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .nullable */ .mee(zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().check(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* ._nonnegative */ .UI())));
const usageFile = zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .looseObject */ ._H3({
    turns: field,
    input_tokens: field,
    output_tokens: field,
    cost_usd: field,
});
const NO_USAGE = { turns: null, input_tokens: null, output_tokens: null, cost_usd: null };
const FIELDS = ["turns", "input_tokens", "output_tokens", "cost_usd"];
/** Field by field: unknown plus a number is that number; unknown plus unknown stays unknown. */
function addUsage(a, b) {
    const out = { ...NO_USAGE };
    for (const k of FIELDS) {
        const x = a?.[k] ?? null;
        const y = b?.[k] ?? null;
        out[k] = x === null ? y : y === null ? x : x + y;
    }
    if (out.cost_usd !== null)
        out.cost_usd = Math.round(out.cost_usd * 1e6) / 1e6;
    return out;
}
const hasUsage = (u) => FIELDS.some((k) => (u?.[k] ?? null) !== null);
/** The usage of one attempt from `text`, or why it is not a usage record. */
function parseUsage(text) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        return { problem: "is not JSON" };
    }
    const r = usageFile.safeParse(data);
    if (!r.success) {
        const i = r.error.issues[0];
        return {
            problem: `${i?.path.join(".") || "(top)"}: must be a non-negative number or null (turns, input_tokens, output_tokens, cost_usd)`,
        };
    }
    return {
        usage: {
            turns: r.data.turns ?? null,
            input_tokens: r.data.input_tokens ?? null,
            output_tokens: r.data.output_tokens ?? null,
            cost_usd: r.data.cost_usd ?? null,
        },
    };
}
/**
 * The usage an attempt left in its output folder: null when there is no `usage.json`; a problem when
 * there is one that is not a usage record (not a regular file, too large, not the shape above).
 */
async function readUsage(outputDir) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(outputDir, USAGE_FILE);
    // The agent wrote this folder: a link must not make the engine read another file, nor a FIFO block it.
    const flags = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK;
    // Most agents write none: said without a trip through libuv's thread pool, on the step's critical path.
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file, { throwIfNoEntry: false }))
        return { usage: null, problem: null };
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file, flags).catch((err) => err);
    if (handle instanceof Error) {
        if (handle.code === "ENOENT")
            return { usage: null, problem: null };
        if (handle.code === "ELOOP")
            return { usage: null, problem: `${file}: is a symbolic link` };
        return { usage: null, problem: `${file}: cannot be read (${handle.code ?? handle.message})` };
    }
    try {
        const st = await handle.stat();
        if (!st.isFile())
            return { usage: null, problem: `${file}: is not a regular file` };
        if (st.size > MAX_USAGE_BYTES)
            return { usage: null, problem: `${file}: is ${st.size} bytes; a usage record is a small JSON object` };
        const parsed = parseUsage(await handle.readFile("utf8"));
        return "usage" in parsed
            ? { usage: parsed.usage, problem: null }
            : { usage: null, problem: `${file}: ${parsed.problem}` };
    }
    finally {
        await handle.close();
    }
}
/** The run's total: what the engine summed as attempts ended, else the sum of the agents' records. */
function runUsage(status) {
    if (status.usage)
        return status.usage;
    let total = { ...NO_USAGE };
    for (const step of status.steps)
        for (const a of step.agents)
            total = addUsage(total, a.usage);
    return total;
}
const tokens = (n) => n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);
const formatCost = (usd) => `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`;
/** `7 turns, 51k in / 2048 out tokens, $0.42`; unknown fields are left out; `-` when nothing is known. */
function formatUsage(u) {
    if (!u || !hasUsage(u))
        return "-";
    const parts = [];
    if (u.turns !== null)
        parts.push(`${u.turns} turn${u.turns === 1 ? "" : "s"}`);
    if (u.input_tokens !== null || u.output_tokens !== null)
        parts.push(`${u.input_tokens === null ? "?" : tokens(u.input_tokens)} in / ${u.output_tokens === null ? "?" : tokens(u.output_tokens)} out tokens`);
    if (u.cost_usd !== null)
        parts.push(formatCost(u.cost_usd));
    return parts.join(", ");
}
/** `agent-flow status`'s usage section: each agent that reported usage, then the run's total. */
function usageLines(status) {
    const total = runUsage(status);
    if (!hasUsage(total))
        return [];
    const lines = [`  usage: ${formatUsage(total)}`];
    for (const step of status.steps)
        for (const a of step.agents)
            if (hasUsage(a.usage))
                lines.push(`    ${a.agent} in ${step.key}: ${formatUsage(a.usage)}`);
    return lines;
}


/***/ })

};
