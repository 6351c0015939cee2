export const id = 867;
export const ids = [867];
export const modules = {

/***/ 5799:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AW: () => (/* reexport */ AttemptTracker),
  _W: () => (/* binding */ CONTAINMENT_SETTING),
  Mm: () => (/* reexport */ PROCESS_MARK),
  FZ: () => (/* binding */ containedCommand),
  R7: () => (/* binding */ containment),
  KG: () => (/* binding */ describeContainment),
  Pq: () => (/* reexport */ endProcessesOfRun),
  YK: () => (/* binding */ namespacedShell),
  iE: () => (/* binding */ pidNamespaceAvailable),
  $U: () => (/* binding */ probeContainment),
  Uo: () => (/* binding */ startProblem)
});

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
            const child = (0,external_node_child_process_.spawn)(p.setpriv, probeArgs(p, kind), {
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
/* harmony export */   hv: () => (/* binding */ processEnvironment),
/* harmony export */   p1: () => (/* binding */ isGitHubCredential),
/* harmony export */   xq: () => (/* binding */ prepareProcesses)
/* harmony export */ });
/* unused harmony exports EnvironmentRefused, environmentProblems, refuseUnsafeEnvironment */
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
        (0,_containment_js__WEBPACK_IMPORTED_MODULE_2__/* .endProcessesOfRun */ .Pq)(runId);
}


/***/ }),

/***/ 7655:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _V: () => (/* binding */ planToMermaid),
/* harmony export */   t5: () => (/* binding */ planWorkflow)
/* harmony export */ });
/* unused harmony exports PLAN_SCHEMA, PlanError */
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1490);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9897);


/**
 * The plan is the contract between the validator and both engines: the local engine walks its stages,
 * and the GitHub engine turns each stage's `agents` into a job matrix (`include`). Its JSON shape is
 * documented in the README; change it only with `schema`.
 */
const PLAN_SCHEMA = "agent-flow/plan@1";
class PlanError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2);
    }
}
function planWorkflow(flow, name = flow.defaults.workflow) {
    if (!flow.workflows[name]) {
        const known = Object.keys(flow.workflows).join(", ");
        throw new PlanError(`no workflow '${name}' in ${flow.file} (workflows: ${known})`);
    }
    const reachable = [];
    // Every trigger can also be raised by hand (`agent-flow trigger`), so each target is part of the plan.
    const queue = [name, ...Object.values(flow.triggers).map((t) => t.target)];
    while (queue.length > 0) {
        const current = queue.shift();
        if (current !== name &&
            current !== _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMIT_TARGET */ ._q &&
            flow.workflows[current] &&
            !reachable.includes(current))
            reachable.push(current);
        for (const t of raisedBy(flow, current)) {
            const target = flow.triggers[t]?.target;
            if (target && target !== _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMIT_TARGET */ ._q && target !== name && !reachable.includes(target)) {
                reachable.push(target);
                queue.push(target);
            }
        }
    }
    return {
        schema: PLAN_SCHEMA,
        flow_file: flow.file,
        workflow: name,
        defaults: flow.defaults,
        stages: stagesOf(flow, name),
        triggers: Object.values(flow.triggers).map((t) => ({
            name: t.name,
            target: t.target,
            max: t.max ?? null,
        })),
        triggered: reachable.map((w) => ({ workflow: w, stages: stagesOf(flow, w) })),
    };
}
function raisedBy(flow, workflow) {
    const out = new Set();
    for (const step of flow.workflows[workflow]?.steps ?? []) {
        if (step.on_failure)
            out.add(step.on_failure);
        if (step.on_success)
            out.add(step.on_success);
        const calls = step.kind === "agent" ? [step.call] : step.kind === "parallel" ? step.calls : [];
        for (const c of calls)
            for (const r of flow.agents[c.agent]?.raises ?? [])
                out.add(r);
    }
    return out;
}
function stagesOf(flow, workflow) {
    const steps = flow.workflows[workflow]?.steps ?? [];
    return steps.map((step, i) => {
        const calls = step.kind === "agent" ? [step.call] : step.kind === "parallel" ? step.calls : [];
        const agents = calls.map((c) => {
            const a = flow.agents[c.agent];
            if (!a)
                throw new PlanError(`step ${step.id} names unknown agent '${c.agent}'`);
            return {
                agent: a.name,
                with: c.with,
                output: a.output,
                writes: a.writes,
                timeout: a.timeout,
                retries: a.retries,
                raises: a.raises,
            };
        });
        const max = step.kind === "parallel"
            ? Math.min(step.max_parallel ?? flow.defaults.parallel_max, flow.defaults.parallel_max, agents.length)
            : agents.length;
        const command = step.kind === "check" ? (typeof step.run === "string" ? ["sh", "-c", step.run] : step.run) : null;
        return {
            index: i + 1,
            id: step.id,
            kind: step.kind,
            max_parallel: max,
            agents,
            command,
            on_failure: step.on_failure ?? null,
            on_success: step.on_success ?? null,
        };
    });
}
/** A Mermaid flowchart of the plan, for the README, the CLI and the GitHub job summary. */
function planToMermaid(plan) {
    const lines = ["flowchart TD"];
    const label = (s) => s.replace(/"/g, "'");
    const render = (wp, prefix) => {
        const ids = [];
        for (const stage of wp.stages) {
            const id = `${prefix}${stage.index}`;
            ids.push(id);
            if (stage.kind === "parallel") {
                lines.push(`  subgraph ${id}["${stage.index}. parallel (max ${stage.max_parallel})"]`);
                stage.agents.forEach((a, i) => {
                    lines.push(`    ${id}_${i}["${label(a.agent)}"]`);
                });
                lines.push("  end");
            }
            else if (stage.kind === "check") {
                const cmd = stage.command ?? [];
                const shown = cmd[0] === "sh" && cmd[1] === "-c" ? (cmd[2] ?? "") : cmd.join(" ");
                lines.push(`  ${id}{{"${stage.index}. check: ${label(shown)}"}}`);
            }
            else if (stage.kind === "commit") {
                lines.push(`  ${id}[/"${stage.index}. commit and pull request"/]`);
            }
            else {
                const mode = stage.agents[0]?.with.mode;
                lines.push(`  ${id}["${stage.index}. ${label(stage.id)}${mode ? ` (${label(mode)})` : ""}"]`);
            }
        }
        for (let i = 1; i < ids.length; i++)
            lines.push(`  ${ids[i - 1]} --> ${ids[i]}`);
        return ids;
    };
    lines.push(`  %% workflow ${plan.workflow}`);
    render(plan, "s");
    const starts = new Map();
    plan.triggered.forEach((wp, w) => {
        lines.push(`  subgraph w${w}["workflow ${label(wp.workflow)}"]`);
        const ids = render(wp, `w${w}s`);
        lines.push("  end");
        if (ids[0])
            starts.set(wp.workflow, `w${w}`);
    });
    const edge = (from, trigger) => {
        if (!trigger)
            return;
        const target = plan.triggers.find((t) => t.name === trigger)?.target;
        const to = target ? starts.get(target) : undefined;
        if (to)
            lines.push(`  ${from} -. ${trigger} .-> ${to}`);
    };
    const wire = (stages, prefix) => {
        for (const s of stages) {
            edge(`${prefix}${s.index}`, s.on_failure);
            edge(`${prefix}${s.index}`, s.on_success);
        }
    };
    wire(plan.stages, "s");
    plan.triggered.forEach((wp, w) => {
        wire(wp.stages, `w${w}s`);
    });
    return `${lines.join("\n")}\n`;
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

/***/ 9309:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ renderPrBody),
/* harmony export */   V: () => (/* binding */ commandAsWritten)
/* harmony export */ });
/* harmony import */ var _base_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7694);
/* harmony import */ var _usage_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(580);


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
            lines.push(`| ${cell(step.key)} | ${cell(a.agent)} | ${a.state} | ${a.attempts} | ${duration(a.started_at, a.finished_at)} | ${(0,_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .hasUsage */ .Ak)(a.usage) ? cell((0,_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .formatUsage */ .pK)(a.usage)) : ""} |`);
        }
    }
    lines.push("");
    const total = (0,_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .runUsage */ .l_)(status);
    if ((0,_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .hasUsage */ .Ak)(total))
        lines.push(`Agents used, in total: ${(0,_usage_js__WEBPACK_IMPORTED_MODULE_0__/* .formatUsage */ .pK)(total)}.`, "");
    if (check) {
        const counts = check.tests ? `: ${check.tests.pass} passed, ${check.tests.fail} failed` : "";
        lines.push("### Tests", "", `${code(commandAsWritten(check.command).replace(/\s*\n\s*/g, " "))} (${check.step}) ${check.passed ? "passed" : `failed with exit code ${check.exit_code}`}${counts}.`, "");
    }
    lines.push("---", `Run \`${status.run_id}\` of workflow \`${status.workflow}\`, from ${status.base_branch ? `\`${status.base_branch}\` at ${status.base_sha.slice(0, 12)}` : (0,_base_js__WEBPACK_IMPORTED_MODULE_1__/* .describeBase */ .d)("", status.base_sha)}. Made by agent-flow.`, "");
    return lines.join("\n");
}


/***/ }),

/***/ 580:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ak: () => (/* binding */ hasUsage),
/* harmony export */   BD: () => (/* binding */ formatCost),
/* harmony export */   ji: () => (/* binding */ USAGE_FILE),
/* harmony export */   k9: () => (/* binding */ readUsage),
/* harmony export */   l_: () => (/* binding */ runUsage),
/* harmony export */   p$: () => (/* binding */ usageLines),
/* harmony export */   pK: () => (/* binding */ formatUsage),
/* harmony export */   vk: () => (/* binding */ addUsage)
/* harmony export */ });
/* unused harmony exports NO_USAGE, parseUsage */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _lib_zod_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(484);
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
