export const id = 185;
export const ids = [185];
export const modules = {

/***/ 5799:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AW: () => (/* reexport */ AttemptTracker),
  Mm: () => (/* reexport */ PROCESS_MARK),
  FZ: () => (/* binding */ containedCommand),
  R7: () => (/* binding */ containment),
  YK: () => (/* binding */ namespacedShell),
  Uo: () => (/* binding */ startProblem)
});

// UNUSED EXPORTS: CONTAINMENT_SETTING, describeContainment, endProcessesOfRun, pidNamespaceAvailable, probeContainment

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./build/bundle/js/engine/proc-tree.js
/**
 * The process-tree containment (no privileges, no namespace): while an attempt runs, /proc is walked
 * every POLL_MS and every descendant (by ppid), member of its process group or session, or process that
 * carries the attempt's marker variable is remembered. When the attempt ends, all of them and all
 * processes carrying the marker are stopped, then killed. A process that double-forks within one walk
 * AND execs with an environment without the marker (`env -i`) escapes; only a namespace closes that.
 * The marker also lets a resumed run end what a dead engine left running (endProcessesOfRun).
 */

/** Each attempt's processes carry `AGENT_FLOW_PROCESS=<run id>/<attempt>`, found again under /proc. */
const PROCESS_MARK = "AGENT_FLOW_PROCESS";
const POLL_MS = 200;
function readProc(pid) {
    let stat;
    try {
        stat = external_node_fs_.readFileSync(`/proc/${pid}/stat`, "utf8");
    }
    catch {
        return null;
    }
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and ')', so split after the last ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
        pid,
        ppid: Number(f[1]),
        pgrp: Number(f[2]),
        session: Number(f[3]),
        start: f[19] ?? "",
        zombie: f[0] === "Z" || f[0] === "X",
    };
}
/** Walks of /proc made by this process (listProcs()), for tests of when the engine walks. */
let walks = 0;
const procWalks = () => walks;
function listProcs() {
    walks += 1;
    let names;
    try {
        names = external_node_fs_.readdirSync("/proc");
    }
    catch {
        return [];
    }
    const out = [];
    for (const n of names) {
        if (!/^\d+$/.test(n))
            continue;
        const p = readProc(Number(n));
        if (p && !p.zombie && p.pid !== process.pid)
            out.push(p);
    }
    return out;
}
/**
 * The marker values in each walked process's initial environment, read once per walk: the `Proc`
 * objects of one walk are shared by the attempts that end together (endWaiting()), and each of them
 * otherwise read the environ of every process started since its own start, the other members' included.
 */
const marksOf = new WeakMap();
function marks(p) {
    const known = marksOf.get(p);
    if (known)
        return known;
    const found = [];
    let environ = null;
    try {
        environ = external_node_fs_.readFileSync(`/proc/${p.pid}/environ`);
    }
    catch {
        // gone, or not ours to read: carries nothing we can see
    }
    const key = `${PROCESS_MARK}=`;
    if (environ)
        for (const entry of environ.toString("utf8").split("\0"))
            if (entry.startsWith(key))
                found.push(entry.slice(key.length));
    marksOf.set(p, found);
    return found;
}
/** The process's initial environment holds `AGENT_FLOW_PROCESS=<mark>` (exact), or `...=<prefix>...`. */
function carriesMark(p, mark, prefix) {
    return marks(p).some((v) => (prefix ? v.startsWith(mark) : v === mark));
}
/** Stop, then kill, every listed process that is still the one we saw (same start time). */
function stopAndKill(found) {
    for (const sig of ["SIGSTOP", "SIGKILL"])
        for (const [pid, start] of found) {
            if (readProc(pid)?.start !== start)
                continue;
            try {
                process.kill(pid, sig);
            }
            catch {
                // gone already
            }
        }
}
/**
 * Ends every process matching `match` (plus descendants of those found) until a scan finds none: each
 * round stops what it finds first, so nothing can fork while the round is in progress.
 */
function endMatching(match, first, done) {
    let ended = 0;
    for (let round = 0; round < 20; round++) {
        // A walk of /proc costs ~0.1 ms per process (15 ms on a busy machine): the caller's is re-used once.
        const procs = round === 0 && first ? first : listProcs();
        const found = new Map();
        for (const p of procs)
            if (match(p))
                found.set(p.pid, p.start);
        let grew = true;
        while (grew) {
            grew = false;
            for (const p of procs)
                if (!found.has(p.pid) && found.has(p.ppid)) {
                    found.set(p.pid, p.start);
                    grew = true;
                }
        }
        if (found.size === 0) {
            done?.();
            return ended;
        }
        stopAndKill(found);
        ended += found.size;
    }
    return ended;
}
/** Ends every process that a (dead) engine started for this run; for a resumed run, before anything. */
function endProcessesOfRun(runId) {
    if (process.platform !== "linux")
        return 0;
    return endMatching((p) => carriesMark(p, `${runId}/`, true));
}
/** Remembers the processes of one attempt while it runs (process-tree mode), and ends them all. */
class AttemptTracker {
    leader;
    mark;
    seen = new Map();
    leaderStart;
    ended = false;
    /** `watch`: walk /proc while the attempt runs (process-tree mode); a namespace needs only the end. */
    constructor(leader, mark, watch) {
        this.leader = leader;
        this.mark = mark;
        const me = readProc(leader);
        if (me)
            this.seen.set(leader, me.start);
        this.leaderStart = me ? Number(me.start) : 0;
        if (watch)
            watching.add(this);
        if (watching.size > 0 && pollTimer === undefined) {
            pollTimer = setInterval(pollAll, POLL_MS);
            pollTimer.unref();
        }
    }
    belongs(p) {
        return (this.seen.has(p.ppid) ||
            p.pgrp === this.leader ||
            p.session === this.leader ||
            // Only a process started since the attempt can carry its marker: skip reading the others' environ.
            (this.mark !== undefined && Number(p.start) >= this.leaderStart && carriesMark(p, this.mark, false)));
    }
    /** One walk of /proc: adds whatever now belongs to the attempt (repeated until nothing new). */
    poll(procs = listProcs()) {
        let grew = true;
        while (grew) {
            grew = false;
            for (const p of procs)
                if (this.seen.get(p.pid) !== p.start &&
                    (this.seen.has(p.ppid) || p.pgrp === this.leader || p.session === this.leader)) {
                    this.seen.set(p.pid, p.start);
                    grew = true;
                }
        }
    }
    /** Kills everything of the attempt still alive, synchronously (also usable from exit handlers). */
    endAll() {
        return this.endWith(undefined);
    }
    /**
     * endAll() with a walk of /proc shared by the attempts that end in the same turn of the event loop: a
     * wide group's agents end together, and one walk each (several ms per walk, the event loop blocked)
     * put them one after another on the step's critical path. The walk starts after this call, so it sees
     * everything the attempt left, as endAll()'s own would.
     */
    endAllSoon() {
        unwatch(this);
        if (this.ended)
            return Promise.resolve(0);
        return new Promise((resolve, reject) => {
            ending.push({ tracker: this, resolve, reject });
            if (ending.length === 1)
                setImmediate(endWaiting);
        });
    }
    /**
     * The attempt's processes are known gone without a walk: its PID namespace ended (containment.ts).
     * The kernel ends every process of a namespace when its first process exits, and that first process's
     * exit (which the leader waited for before exiting normally) completes only once all are gone.
     */
    gone() {
        unwatch(this);
        this.ended = true;
    }
    /** Ends the attempt's processes; `procs`: a walk of /proc begun after the attempt's leader exited. */
    endWith(procs) {
        unwatch(this);
        // Once a walk found none of the attempt's processes left, none can appear: only one of them could
        // start another. A second call (the run's settle after the exit handler) has nothing to do.
        if (this.ended)
            return 0;
        const walk = procs ?? listProcs();
        this.poll(walk);
        return endMatching((p) => this.seen.get(p.pid) === p.start || this.belongs(p), walk, () => {
            this.ended = true;
        });
    }
}
/** Attempts watched in process-tree mode: one walk every POLL_MS serves all of them. */
const watching = new Set();
let pollTimer;
function pollAll() {
    if (watching.size === 0)
        return;
    const procs = listProcs();
    for (const t of watching)
        t.poll(procs);
}
function unwatch(t) {
    watching.delete(t);
    if (watching.size > 0 || pollTimer === undefined)
        return;
    clearInterval(pollTimer);
    pollTimer = undefined;
}
/** Attempts whose end waits for the next shared walk (endAllSoon()). */
let ending = [];
function endWaiting() {
    const batch = ending;
    ending = [];
    const procs = listProcs();
    for (const { tracker, resolve, reject } of batch) {
        try {
            resolve(tracker.endWith(procs));
        }
        catch (e) {
            reject(e);
        }
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/containment.js
/**
 * Nothing an agent or a check starts may outlive its attempt: not a `setsid` child, a double-fork
 * daemon, or one that ignores SIGTERM. Two mechanisms, the strongest the machine allows:
 *
 * - "pid-namespace": the command runs in its own PID namespace with its own /proc, under
 *   `setpriv --pdeathsig KILL`. When the namespace's first process ends, the kernel kills every other
 *   process in it; when the engine dies, even by SIGKILL, the kernel kills `unshare`, which kills the
 *   namespace. No process can leave a PID namespace, and none in it can see or signal the engine. The
 *   namespace is made directly when the engine has CAP_SYS_ADMIN ("privileged"), else inside a user
 *   namespace that maps the engine's own uid and gid ("user": the agent keeps its real uid, which
 *   Claude Code needs, and gains no privilege; setuid programs such as sudo do not elevate in it).
 * - "process-tree" (the fallback): /proc walks plus a marker variable (proc-tree.ts). A process that
 *   double-forks and clears its environment within one walk escapes it.
 *
 * `AGENT_FLOW_CONTAINMENT` (auto | pid-namespace | process-tree) chooses; auto takes the namespace
 * when it works, and says why when it does not (describeContainment, for the run's log and doctor).
 */




const CONTAINMENT_SETTING = "AGENT_FLOW_CONTAINMENT";
let probed;
function findProgram(name, pathVar) {
    for (const dir of (pathVar ?? "").split(":")) {
        if (!dir)
            continue;
        const full = external_node_path_.join(dir, name);
        try {
            external_node_fs_.accessSync(full, external_node_fs_.constants.X_OK);
            return full;
        }
        catch {
            // next
        }
    }
    return null;
}
/**
 * unshare's options for each kind. `--mount-proc` gives the namespace its own /proc: the engine's
 * processes are not listed there (an agent cannot read their environment or find their pid), and
 * sandboxes that make a PID namespace themselves (Codex's bubblewrap) need it.
 */
function unshareArgs(kind) {
    const user = kind === "user" ? ["--user", "--map-current-user"] : [];
    return [...user, "--pid", "--fork", "--kill-child", "--mount-proc"];
}
/** The kernel settings that forbid unprivileged user namespaces, as found on this machine. */
function userNamespaceBlockers() {
    const read = (file) => {
        try {
            return external_node_fs_.readFileSync(file, "utf8").trim();
        }
        catch {
            return null;
        }
    };
    const found = [];
    if (read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") === "1")
        found.push("AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, the default on Ubuntu 24.04 and GitHub's ubuntu-24.04 runners; `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` lifts it)");
    if (read("/proc/sys/kernel/unprivileged_userns_clone") === "0")
        found.push("kernel.unprivileged_userns_clone=0 forbids unprivileged user namespaces");
    if (read("/proc/sys/user/max_user_namespaces") === "0")
        found.push("user.max_user_namespaces=0 forbids user namespaces");
    return found;
}
const KINDS = ["privileged", "user"];
const fallback = (unavailable) => ({
    mode: "process-tree",
    kind: null,
    programs: null,
    unavailable,
});
/** The programs a namespace needs, or the verdict when they are not there. */
function probePrograms() {
    if (process.platform !== "linux")
        return fallback(`PID namespaces exist only on Linux (this is ${process.platform})`);
    const setpriv = findProgram("setpriv", process.env.PATH);
    const unshare = findProgram("unshare", process.env.PATH);
    if (!setpriv || !unshare)
        return fallback("setpriv and unshare (util-linux) are not both on PATH; install util-linux");
    return { setpriv, unshare };
}
const probeArgs = (p, kind) => [
    "--pdeathsig",
    "KILL",
    "--",
    p.unshare,
    ...unshareArgs(kind),
    "--",
    "true",
];
const attemptError = (kind, r) => `${kind === "user" ? "unshare --user" : "unshare"}: ${r.stderr.trim().split("\n")[0] || `exit ${r.status}`}`;
function noNamespace(errors) {
    const blockers = userNamespaceBlockers();
    return fallback(`no PID namespace could be made (${errors.join("; ")})${blockers.length > 0 ? `: ${blockers.join("; ")}` : ""}`);
}
function probe() {
    const p = probePrograms();
    if ("mode" in p)
        return p;
    const errors = [];
    for (const kind of KINDS) {
        const r = (0,external_node_child_process_.spawnSync)(p.setpriv, probeArgs(p, kind), {
            stdio: ["ignore", "ignore", "pipe"],
            encoding: "utf8",
            timeout: 10_000,
        });
        if (r.status === 0)
            return { mode: "pid-namespace", kind, programs: p, unavailable: null };
        errors.push(attemptError(kind, { status: r.status, stderr: r.stderr ?? "" }));
    }
    return noNamespace(errors);
}
/** probe() without blocking this process while the namespaces are tried. */
async function probeAsync() {
    const p = probePrograms();
    if ("mode" in p)
        return p;
    const errors = [];
    for (const kind of KINDS) {
        const r = await new Promise((resolve) => {
            const child = spawn(p.setpriv, probeArgs(p, kind), {
                stdio: ["ignore", "ignore", "pipe"],
                timeout: 10_000,
            });
            let stderr = "";
            child.stderr?.on("data", (d) => {
                stderr += d.toString("utf8");
            });
            child.on("error", (e) => resolve({ status: null, stderr: e.message }));
            child.on("close", (status) => resolve({ status, stderr }));
        });
        if (r.status === 0)
            return { mode: "pid-namespace", kind, programs: p, unavailable: null };
        errors.push(attemptError(kind, r));
    }
    return noNamespace(errors);
}
let probing;
/**
 * Starts the probe of containment() in the background (the engine does at the start of a run, so that
 * its two process starts overlap the run's other start-up work rather than block it); resolves once
 * containment() will answer without starting a process. Never rejects: a bad setting is containment()'s
 * to report.
 */
function probeContainment() {
    if (probed !== undefined)
        return Promise.resolve();
    probing ??= (async () => {
        if (setting() === "process-tree")
            return;
        const found = await probeAsync();
        probed ??= found;
    })().catch(() => undefined);
    return probing;
}
function setting() {
    const s = process.env[CONTAINMENT_SETTING] || "auto";
    if (!["auto", "pid-namespace", "process-tree"].includes(s))
        throw new Error(`${CONTAINMENT_SETTING}='${s}' must be auto, pid-namespace or process-tree`);
    return s;
}
/** The mechanism in force for this engine process; throws on a bad or unmet AGENT_FLOW_CONTAINMENT. */
function containment() {
    const s = setting();
    if (s === "process-tree")
        return "process-tree";
    probed ??= probe();
    if (s === "pid-namespace" && probed.mode !== "pid-namespace")
        throw new Error(`${CONTAINMENT_SETTING}=pid-namespace, but ${probed.unavailable}; unset it to fall back to process-tree`);
    return probed.mode;
}
/**
 * One line on the containment in force, for the run's log and `agent-flow doctor`. `warn` is set when
 * auto fell back to the weaker process-tree mode: that is worth a warning, a chosen mode is not.
 */
function describeContainment() {
    let mode;
    try {
        mode = containment();
    }
    catch (err) {
        return { text: err.message, warn: true };
    }
    if (mode === "pid-namespace")
        return {
            text: probed?.kind === "user"
                ? "containment: pid-namespace inside a user namespace (the engine has no CAP_SYS_ADMIN); agents keep this uid, cannot see or signal the engine, and setuid programs such as sudo do not elevate"
                : "containment: pid-namespace; agents cannot see or signal the engine",
            warn: false,
        };
    const chosen = setting() === "process-tree";
    return {
        text: `containment: process-tree${chosen ? ` (${CONTAINMENT_SETTING}=process-tree)` : `, because ${probed?.unavailable}`}: a process that double-forks and clears its environment within one 200 ms walk of /proc can outlive its step, and agents can see and signal the engine`,
        warn: !chosen,
    };
}
/**
 * argv that runs `command` contained as `mode` says, stdout and stderr on one pipe when `mergeStderr`
 * (so the log keeps their order). In a namespace a shell is the first process, so the command is not:
 * the first process of a namespace ignores signals it has no handler for, which would make
 * `kill -9 $$` a no-op. The price: a signal death comes back as exit code 128+N (process.ts maps it).
 */
function containedCommand(mode, command, mergeStderr) {
    const redirect = mergeStderr ? " 2>&1" : "";
    if (mode === "process-tree")
        return mergeStderr ? ["/bin/sh", "-c", `exec "$@"${redirect}`, "sh", ...command] : command;
    if (!probed?.programs || !probed.kind)
        throw new Error("containment() must report pid-namespace first");
    const { setpriv, unshare } = probed.programs;
    return [
        setpriv,
        "--pdeathsig",
        "KILL",
        "--",
        unshare,
        ...unshareArgs(probed.kind),
        "--",
        "/bin/sh",
        "-c",
        `"$@"${redirect}; exit $?`,
        "sh",
        ...command,
    ];
}
/**
 * argv of the namespace's first process as a shell that reads its commands from stdin (process-spare.ts
 * starts it before it knows the command); null unless containment() reported pid-namespace.
 */
function namespacedShell() {
    if (!probed?.programs || !probed.kind || probed.mode !== "pid-namespace")
        return null;
    const { setpriv, unshare } = probed.programs;
    return [setpriv, "--pdeathsig", "KILL", "--", unshare, ...unshareArgs(probed.kind), "--", "/bin/sh", "-s"];
}
/** Why `program` cannot be started, as spawn would say it (ENOENT, EACCES), or null when it can. */
function startProblem(program, pathVar, cwd) {
    if (!program.includes("/"))
        return findProgram(program, pathVar) === null ? `command not found: ${program}` : null;
    const full = external_node_path_.resolve(cwd, program);
    if (!external_node_fs_.existsSync(full))
        return `command not found: ${program}`;
    try {
        external_node_fs_.accessSync(full, external_node_fs_.constants.X_OK);
        return null;
    }
    catch {
        return `permission denied: ${program}`;
    }
}
/** Whether this machine can put commands in their own PID namespace (for tests and `doctor`-like use). */
function pidNamespaceAvailable() {
    const saved = process.env[CONTAINMENT_SETTING];
    try {
        delete process.env[CONTAINMENT_SETTING];
        return containment() === "pid-namespace";
    }
    finally {
        if (saved !== undefined)
            process.env[CONTAINMENT_SETTING] = saved;
    }
}


/***/ }),

/***/ 9185:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MM: () => (/* binding */ environmentProblems),
/* harmony export */   _l: () => (/* binding */ EnvironmentRefused),
/* harmony export */   hv: () => (/* binding */ processEnvironment),
/* harmony export */   p1: () => (/* binding */ isGitHubCredential)
/* harmony export */ });
/* unused harmony exports refuseUnsafeEnvironment, prepareProcesses */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1490);
/* harmony import */ var _containment_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5799);
/**
 * The environment of every process the engine starts for a run (agents and `check` commands). It is
 * built from an allowlist, never from the engine's whole environment: an agent is an LLM CLI reading
 * text strangers wrote, so whatever it can see it can publish (`env > src/x`). GitHub credentials
 * never reach it, whatever the flow says.
 */



/**
 * Passed through from the engine's environment when set. Each is needed for ordinary programs to work
 * and carries no credential by convention (see the README's "Environment of agents and checks").
 */
const ALLOWED = new Set([
    "PATH", // find programs
    "HOME", // where CLIs keep their login and config (e.g. ~/.claude), git its global config
    "USER",
    "LOGNAME",
    "SHELL",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TMPDIR",
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "CI", // tools quieten prompts and spinners under CI
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
    // Networks that reach the model's API only through a proxy or a private CA.
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "NODE_EXTRA_CA_CERTS",
]);
const ALLOWED_PREFIXES = ["LC_"];
/** Names that hold GitHub credentials: refused in `secrets:` and `env:`, never passed on. */
const GITHUB_NAMES = new Set([
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GH_ENTERPRISE_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "AGENT_FLOW_GITHUB_TOKEN",
]);
/** ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, ...; INPUT_* are the action's inputs (its token). */
const GITHUB_PREFIXES = ["ACTIONS_", "INPUT_"];
function isGitHubCredential(name) {
    const upper = name.toUpperCase();
    return GITHUB_NAMES.has(upper) || GITHUB_PREFIXES.some((p) => upper.startsWith(p));
}
/**
 * Whose value must not appear inside another variable. Not every refused name holds a secret: service
 * addresses (ACTIONS_RESULTS_URL, which a proxy variable may well name) and the action's plain inputs
 * (INPUT_RUN-ID, which RUN_ID repeats) do not; the tokens among them do.
 */
function holdsToken(name) {
    const upper = name.toUpperCase();
    if (GITHUB_NAMES.has(upper))
        return true;
    if (upper.startsWith("INPUT_"))
        return upper.includes("TOKEN");
    return upper.startsWith("ACTIONS_") && !upper.endsWith("_URL");
}
function allowed(name) {
    return ALLOWED.has(name) || ALLOWED_PREFIXES.some((p) => name.startsWith(p));
}
/** Refused before any agent starts; the message names the agent or step and the flow key. */
class EnvironmentRefused extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AgentFlowError */ .o {
    constructor(problems) {
        super(problems.join("\n"), 2, "nothing ran; fix the flow or the environment, then run again");
    }
}
const credentialRule = "GitHub credentials never reach an agent or a check (only the engine's commit step uses them); remove it";
/**
 * What makes the run unsafe to start: GitHub credentials named in any agent's `secrets:` or `env:` or
 * any check's `env:`. (What is missing, a CLI or a secret, is preflight.ts's one check.)
 */
function environmentProblems(flow) {
    const problems = [];
    for (const agent of Object.values(flow.agents)) {
        agent.secrets.forEach((name, i) => {
            if (isGitHubCredential(name))
                problems.push(`${flow.file}: agents.${agent.name}.secrets[${i}]: agent '${agent.name}' declares ${name}; ${credentialRule}`);
        });
        for (const name of Object.keys(agent.env))
            if (isGitHubCredential(name))
                problems.push(`${flow.file}: agents.${agent.name}.env.${name}: agent '${agent.name}' sets ${name}; ${credentialRule}`);
    }
    for (const wf of Object.values(flow.workflows))
        for (const step of wf.steps) {
            if (step.kind !== "check")
                continue;
            for (const name of Object.keys(step.env))
                if (isGitHubCredential(name))
                    problems.push(`${flow.file}: workflows.${wf.name}.steps[${step.index}].check.env.${name}: check '${step.id}' sets ${name}; ${credentialRule}`);
        }
    return problems;
}
/** Throws EnvironmentRefused when environmentProblems finds anything. */
function refuseUnsafeEnvironment(flow) {
    const problems = environmentProblems(flow);
    if (problems.length > 0)
        throw new EnvironmentRefused(problems);
}
/**
 * The one builder of agent and check environments: the allowlist from the engine's environment, then
 * `vars`, then the declared secrets, then a fresh process marker. Throws (a bug or a bypassed start
 * check) rather than pass on a GitHub credential by name or by value.
 */
function processEnvironment(engine, input) {
    const env = {};
    for (const [name, value] of Object.entries(engine))
        if (value !== undefined && allowed(name) && !isGitHubCredential(name))
            env[name] = value;
    Object.assign(env, input.vars);
    for (const name of input.secrets ?? []) {
        const value = engine[name];
        if (value)
            env[name] = value;
    }
    const credentialValues = Object.entries(engine)
        .filter(([name, value]) => holdsToken(name) && value !== undefined && value.length >= 8)
        .map(([, value]) => value);
    for (const [name, value] of Object.entries(env)) {
        if (isGitHubCredential(name))
            throw new Error(`refusing to pass ${name} to a process: ${credentialRule}`);
        if (credentialValues.some((c) => value.includes(c)))
            throw new Error(`refusing to pass ${name} to a process: its value holds a GitHub credential`);
    }
    env[_containment_js__WEBPACK_IMPORTED_MODULE_2__/* .PROCESS_MARK */ .Mm] = `${input.runId}/${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    return env;
}
/**
 * Before a run starts: refuse an unsafe environment, and for a resumed run end whatever
 * the dead engine left running for it (processes carrying the run's marker).
 */
function prepareProcesses(flow, runId, resumed) {
    refuseUnsafeEnvironment(flow);
    if (resumed)
        endProcessesOfRun(runId);
}


/***/ })

};
