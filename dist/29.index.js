export const id = 29;
export const ids = [29];
export const modules = {

/***/ 8314:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  HU: () => (/* binding */ emitNext),
  qM: () => (/* binding */ noteEvents)
});

// UNUSED EXPORTS: finishStatus, needsOf

// EXTERNAL MODULE: ./build/bundle/js/flow/presets/index.js + 5 modules
var presets = __webpack_require__(9368);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/engine/machine.js
var machine = __webpack_require__(8621);
// EXTERNAL MODULE: ./build/bundle/js/engine/status-view.js
var status_view = __webpack_require__(7352);
// EXTERNAL MODULE: ./build/bundle/js/engine/machine-types.js
var machine_types = __webpack_require__(213);
;// CONCATENATED MODULE: ./build/bundle/js/engine/jobs/outputs.js

/** GitHub concurrency group names allow any text; keep them short and free of spaces. */
const groupPart = (s) => s.replace(/[^A-Za-z0-9._-]/g, "_");
/** The concurrency group that stands for an agent's `locks:` across runs of one repository. */
function lockGroup(repository, locks) {
    if (locks.length === 0)
        return "";
    return `agent-flow-${groupPart(repository)}-lock-${[...locks].sort().map(groupPart).join("+")}`;
}
/**
 * Turns the machine's next action into the outputs of the job that computed it. `stage` is the
 * action's stage in the plan (absent for `finish`); `needs` gives an agent's locks and secrets.
 */
function actionOutputs(action, seq, stage, needs, repository, nonce) {
    const legs = [];
    let maxParallel = 1;
    if (action.kind === "agents" && stage) {
        maxParallel = Math.max(1, stage.max_parallel);
        for (const index of action.calls) {
            const planned = stage.agents[index];
            if (!planned)
                throw new Error(`${(0,machine_types/* stepKey */.Ug)(action.step)}: no agent #${index} in the plan`);
            const n = needs(planned.agent);
            legs.push({
                seq,
                step: (0,machine_types/* stepKey */.Ug)(action.step),
                kind: "agent",
                index,
                agent: planned.agent,
                lock: lockGroup(repository, n.locks),
                secrets: [...n.secrets].sort(),
                nonce,
                name: `${(0,machine_types/* stepKey */.Ug)(action.step)} ${planned.agent}`,
            });
        }
    }
    else if (action.kind === "check") {
        legs.push({
            seq,
            step: (0,machine_types/* stepKey */.Ug)(action.step),
            kind: "check",
            index: 0,
            agent: null,
            lock: "",
            secrets: [],
            nonce,
            name: `${(0,machine_types/* stepKey */.Ug)(action.step)} check`,
        });
    }
    return {
        kind: action.kind,
        matrix: JSON.stringify({ leg: legs }),
        "max-parallel": String(maxParallel),
        done: String(action.kind === "finish"),
        outcome: action.kind === "finish" ? action.outcome.state : "",
    };
}

// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/resume-state.js
var resume_state = __webpack_require__(3254);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/state-package.js
var state_package = __webpack_require__(7969);
;// CONCATENATED MODULE: ./build/bundle/js/engine/jobs/transition.js







const now = () => new Date().toISOString();
/** The machine's events in the run's view and log, as the local engine records them. */
async function noteEvents(root, status, events) {
    for (const e of events) {
        if (e.type === "warning") {
            await (0,store/* appendLog */.pm)(root, status.run_id, "run", `warning: ${e.text}`);
            continue;
        }
        status.triggers.push({ name: e.name, source: e.source, at: now(), count: e.count, target: e.target });
        await (0,store/* appendLog */.pm)(root, status.run_id, "trigger", `${e.name} -> ${e.target} (${e.count})`);
    }
}
/** The run's view once the machine finished it (as LocalEngine.run ends a run). */
function finishStatus(status, outcome) {
    const ok = outcome.state === "succeeded";
    status.state = ok ? "succeeded" : outcome.state === "cancelled" ? "cancelled" : "failed";
    status.error = ok ? null : (outcome.reason ?? (status.state === "cancelled" ? "cancelled" : "failed"));
    status.resumable = !ok && outcome.retryable;
    status.finished_at = now();
    status.engine = null;
}
const needsOf = (flow) => (agent) => {
    const spec = flow.agents[agent];
    // A preset agent's leg also gets its CLI's secrets (claude-code: ANTHROPIC_API_KEY, ...).
    return { locks: spec?.locks ?? [], secrets: spec ? (0,presets/* secretNames */.XG)(spec) : [] };
};
const stageOf = (mplan, action) => mplan.workflows[action.step.workflow]?.[action.step.index - 1];
/**
 * Asks the machine for the next action, records it as started in the view (or the run as finished),
 * saves the state as transition `seq` and returns the outputs for the next job.
 */
async function emitNext(base, run, seq, repository, refs = []) {
    const { state, status } = run;
    const n = (0,machine/* next */.K2)(run.mplan, state.machine);
    state.machine = n.state;
    await noteEvents(base.root, status, n.events);
    const action = n.action;
    const stage = action.kind === "finish" ? undefined : stageOf(run.mplan, action);
    if (action.kind === "finish") {
        finishStatus(status, action.outcome);
        await (0,store/* appendLog */.pm)(base.root, status.run_id, "run", `run ${status.state}${status.error ? `: ${status.error}` : ""}`);
    }
    else {
        if (!stage)
            throw new Error(`no step ${(0,machine/* stepKey */.Ug)(action.step)} in the plan`);
        status.state = "running";
        (0,status_view/* stepStarted */.G_)(status, action, stage);
        await (0,store/* appendLog */.pm)(base.root, status.run_id, (0,machine/* stepKey */.Ug)(action.step), `${action.kind} emitted (transition ${seq})`);
    }
    const nonce = (0,state_package/* newNonce */.Yd)();
    const digest = await (0,state_package/* saveStatePackage */.$o)(base, run.git, state, status, seq, nonce, refs);
    const out = actionOutputs(action, seq, stage, needsOf(base.flow), repository, nonce);
    return {
        action,
        outputs: {
            ...out,
            "run-id": status.run_id,
            "state-digest": digest,
            seq: String(seq),
            "resume-state": (0,resume_state/* formatResumeState */.A4)({ seq, digest }),
        },
    };
}


/***/ }),

/***/ 2892:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uO: () => (/* binding */ headRef)
});

// UNUSED EXPORTS: EngineRefused, LocalEngine

// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/run/run-lock.js
var run_lock = __webpack_require__(8148);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: ./build/bundle/js/run/scope-check.js
var scope_check = __webpack_require__(5366);
// EXTERNAL MODULE: ./build/bundle/js/engine/agent-run.js + 7 modules
var agent_run = __webpack_require__(331);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-env.js
var git_env = __webpack_require__(1690);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-shell.js
var git_shell = __webpack_require__(5711);
// EXTERNAL MODULE: ./build/bundle/js/engine/group-spares.js
var group_spares = __webpack_require__(7580);
// EXTERNAL MODULE: ./build/bundle/js/engine/machine.js
var machine = __webpack_require__(8621);
// EXTERNAL MODULE: ./build/bundle/js/engine/process-spare.js
var process_spare = __webpack_require__(8915);
// EXTERNAL MODULE: ./build/bundle/js/engine/staging-later.js
var staging_later = __webpack_require__(9645);
// EXTERNAL MODULE: ./build/bundle/js/engine/step-results.js + 11 modules
var step_results = __webpack_require__(8792);
;// CONCATENATED MODULE: ./build/bundle/js/engine/agent-group.js











/**
 * Runs a step's agent calls, at most the stage's `max_parallel` at a time, and combines their commits.
 * Members that finished before a crash or a cancel of this same action keep their result; the members
 * of a group are saved one by one as they finish, so that a crash keeps each.
 */
async function agent_group_runAgentGroup(h, action, stage, records) {
    try {
        return await runGroup(h, action, stage, records);
    }
    finally {
        dropHeldStagings(); // the members' staging folders, once their result is combined (staging-later.ts)
    }
}
async function runGroup(h, action, stage, records) {
    const key = stepKey(action.step);
    const results = [...action.reuse];
    const pending = h.machine().pending?.agents ?? [];
    const todo = action.calls.filter((i) => {
        const kept = pending.find((p) => p.index === i && p.ok);
        if (kept)
            results.push(kept);
        return !kept;
    });
    // Each member listens for the run's cancel (its process, its retries): a wide group is no leak.
    const signal = h.ctx.signal;
    setMaxListeners(Math.max(getMaxListeners(signal), 10 + 4 * Math.min(todo.length, stage.max_parallel)), signal);
    const saves = [];
    let finished = 0;
    const save = memberSaver(h, () => finished === todo.length);
    const nextWidth = h.plan ? nextGroupWidth(h.plan, action.step) : 0;
    const onStarted = todo.length > 1 || nextWidth > 1
        ? helpersOnceStarted(Math.min(todo.length, stage.max_parallel), todo.length > 1, () => {
            // At least one, as each launch keeps one outside a group (process-spare.ts).
            sparesFor(Math.max(nextWidth, 1));
            compileMemberScopes(h, stage, todo);
        })
        : undefined;
    const members = (run) => (todo.length > 1 ? holdRefills(run) : run());
    await members(() => inBatches(todo, stage.max_parallel, async (i) => {
        const planned = stage.agents[i];
        const rec = records[i];
        if (!planned || !rec)
            throw new Error(`${key}: no agent #${i} in the plan`);
        rec.attempts = 0;
        await runAgent(h.ctx, key, { agent: planned.agent, with: planned.with }, action.base, rec, {
            inGroup: todo.length > 1,
            ...(onStarted ? { onStarted } : {}),
        });
        const noCost = h.budget.agentFinished(h.status, rec);
        if (noCost)
            await h.recorder.changed({ type: "message", level: "warning", text: noCost });
        const r = agentResult(i, planned, rec);
        results.push(r);
        finished += 1;
        const ref = r.commit ? [[refFor(h.status.run_id, key, r.agent), r.commit]] : [];
        if (todo.length === 1) {
            // A single call is saved with the step's result, in one transaction.
            h.unsavedRefs.push(...ref);
            return;
        }
        // Not awaited here: the last member's save runs while the step's commits are combined.
        const saved = save(r, ref);
        saved.catch(() => undefined);
        saves.push(saved);
    }));
    const combining = combineStep(h.ctx.workspace, h.status.run_id, action.step, action.base, results, h.budget.signal.aborted);
    // A result is saved with the step's (its refs with it); a throw saves the members left unsaved first.
    const [, combined] = await Promise.all([
        Promise.all(saves),
        combining.then(async (c) => {
            await Promise.all(saves); // the last batch is left (or saved) once the saves before it are done
            h.unsavedRefs.push(...save.leftRefs());
            return c;
        }, async (err) => {
            await save.flushLeft();
            throw err;
        }),
    ]);
    return combined;
}
/** Helper shells kept at most for a group (git-shell.ts); a wider group's members share them. */
const GROUP_SHELLS = 16;
/** How long after the last of a group's agents started its helpers are started. */
const HELPERS_AFTER_MS = 200;
/**
 * Once the first `width` agents of a step have started: starts the helper shells their members' git
 * work will need when the agents end (one per member, plus one for the fingerprint's reading), so that
 * no shell is forked from the engine then, on the step's critical path, and the spares the next step's
 * agents will begin in (group-spares.ts), so that none is forked between that step's start and its
 * agents' start. A moment later, not at once: each is a fork of the engine, which would slow the agents'
 * own start (their wrappers, the namespace).
 */
function helpersOnceStarted(width, shells, more) {
    let started = 0;
    return () => {
        started += 1;
        if (started !== width)
            return;
        const n = Math.min(width + 1, GROUP_SHELLS);
        setTimeout(() => {
            if (shells)
                startShells(n, () => gitEnv(undefined));
            more();
        }, HELPERS_AFTER_MS).unref();
    };
}
/**
 * Compiles, while the agents run, the write scopes their changes will be checked against (each glob's
 * matcher is compiled once and kept, see scope-parse.ts): done when they end, it is a few ms of the
 * engine's thread per member, one after another, between the last agent's end and the step's.
 */
function compileMemberScopes(h, stage, todo) {
    try {
        for (const i of todo) {
            const agent = h.ctx.flow.agents[stage.agents[i]?.agent ?? ""];
            if (agent)
                checkChangedPaths([], agent.writes, h.ctx.flow.policy);
        }
    }
    catch {
        // only a head start: the member's own check reports a bad scope
    }
}
/**
 * Saves the members of a group as they finish, so that a crash keeps each; members that finish while a
 * save is under way share the next one (one state and one ref transaction for all of them). Once every
 * member has finished (`allDone`), a batch not yet begun is left to the step's own save, which follows
 * the combine at once and records the same members: one ref transaction fewer between the last agent's
 * end and the step's, at the cost of running those members again after a crash in those few ms (the
 * run resumes as from the last save). A combine that throws saves them first (flushLeft()).
 */
function memberSaver(h, allDone) {
    let waiting = [];
    let left = [];
    let queued = null;
    let last = Promise.resolve();
    const saveBatch = (batch) => {
        const state = batch.reduce((m, x) => recordAgent(m, x.r), h.machine());
        return h.save(state, batch.flatMap((x) => x.refs));
    };
    const save = (r, refs) => {
        waiting.push({ r, refs });
        if (queued)
            return queued;
        const next = last
            .catch(() => undefined)
            .then(() => {
            queued = null;
            const batch = waiting;
            waiting = [];
            if (allDone()) {
                left.push(...batch);
                return;
            }
            return saveBatch(batch);
        });
        queued = next;
        last = next;
        return next;
    };
    return Object.assign(save, {
        leftRefs: () => {
            const refs = left.flatMap((x) => x.refs);
            left = [];
            return refs;
        },
        flushLeft: async () => {
            await last.catch(() => undefined);
            const batch = left;
            left = [];
            if (batch.length > 0)
                await saveBatch(batch);
        },
    });
}

// EXTERNAL MODULE: ./build/bundle/js/engine/budget.js
var budget = __webpack_require__(1483);
// EXTERNAL MODULE: ./build/bundle/js/engine/check-run.js
var check_run = __webpack_require__(4760);
// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint-changes.js
var fingerprint_changes = __webpack_require__(9408);
// EXTERNAL MODULE: ./build/bundle/js/engine/git.js + 2 modules
var git = __webpack_require__(4968);
// EXTERNAL MODULE: ./build/bundle/js/engine/group-warmup.js
var group_warmup = __webpack_require__(3860);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./build/bundle/js/engine/containment.js + 1 modules
var containment = __webpack_require__(5799);
;// CONCATENATED MODULE: ./build/bundle/js/engine/containment-log.js


/**
 * Says in the run's log how its processes are contained: a warning (shown to the user too) when auto
 * fell back to the weaker process-tree mode, else one line in pipeline.log.
 */
async function containment_log_logContainment(root, runId, warn) {
    await probeContainment(); // started early by the run command: no process start blocks here
    const c = describeContainment();
    if (c.warn)
        await warn(c.text);
    else
        await appendLog(root, runId, "run", c.text).catch(() => undefined);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint.js + 4 modules
var fingerprint = __webpack_require__(3773);
// EXTERNAL MODULE: ./build/bundle/js/engine/pool-location.js
var pool_location = __webpack_require__(1382);
// EXTERNAL MODULE: ./build/bundle/js/engine/workspace.js + 22 modules
var workspace = __webpack_require__(8031);
;// CONCATENATED MODULE: ./build/bundle/js/engine/early-workspace.js





/** The run id the early workspace's claims carry until the run's own is known (see takeEarlyWorkspace()). */
const EARLY_RUN_ID = "starting";
let early = null;
/**
 * Begins opening the workspace of a new run to be started from `cwd` at `baseSha` (the run's base as
 * startRun() will take it: readBase()), and preparing its first directory there. Never throws: whatever
 * fails here (a bad base included), the run opens its workspace itself.
 */
function openBeforeRun(cwd, baseSha) {
    // One left by a run of this process that never started (main() called again): handed back first.
    if (early !== null)
        handBack(early);
    early = null;
    baseSha.catch(() => undefined); // a bad base is the run's to report, not an unhandled rejection here
    const entry = { root: "", ws: Promise.resolve(null), taken: false, reading: null };
    entry.ws = (async () => {
        const root = await new Git(cwd).topLevel();
        if (root === undefined)
            return null;
        // Its git process runs beside the directory's (both on the run's way to its first agent).
        if (!entry.taken)
            entry.reading = beginEarlyReading(root);
        entry.root = realpathSync.native(root);
        const git = new Git(root);
        const [sha, common] = await Promise.all([baseSha, git.commonDir()]);
        // An old pool in the git dir is removed by RunWorkspace.open(): left to the run, once it is decided.
        if (lstatSync(legacyPoolsIn(common), { throwIfNoEntry: false }))
            return null;
        const ws = await RunWorkspace.open(git, EARLY_RUN_ID);
        ws.prepareAhead(sha);
        return ws;
    })().catch(() => null);
    early = entry;
    // A run refused before its engine started (a bad flow or feature name, a run id taken): the
    // directory goes back to the pool with its state, as a run's end hands it back. One listener for the
    // process, whatever the number of runs it opens (tests open many in one process).
    if (!handBackAtExit) {
        handBackAtExit = true;
        process.on("beforeExit", () => {
            const left = early;
            early = null;
            if (left !== null)
                handBack(left);
        });
    }
}
/** Whether the process hands back, when it is about to exit, an early workspace no run took. */
let handBackAtExit = false;
/** The early workspace's directories back to the pool, unless a run took it. */
function handBack(entry) {
    if (entry.taken)
        return;
    entry.taken = true;
    void entry.ws.then((ws) => ws?.dispose()).catch(() => undefined);
}
/**
 * The workspace openBeforeRun() opened for the repository at `root`, now the run `runId`'s, or null (none,
 * another repository, or it could not be opened).
 */
async function early_workspace_takeEarlyWorkspace(root, runId) {
    const entry = early;
    if (entry === null || entry.taken)
        return null;
    entry.taken = true;
    early = null;
    // At once: the run's first reading of its checkout follows this call without waiting for it.
    entry.reading?.handOver();
    const ws = await entry.ws;
    if (ws === null)
        return null;
    let same = false;
    try {
        same = realpathSync.native(root) === entry.root;
    }
    catch {
        same = false;
    }
    if (!same) {
        await ws.dispose().catch(() => undefined);
        return null;
    }
    ws.renameRun(runId);
    return ws;
}

// EXTERNAL MODULE: ./build/bundle/js/engine/environment.js
var environment = __webpack_require__(9185);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/engine/ref-journal.js
var ref_journal = __webpack_require__(8464);
;// CONCATENATED MODULE: ./build/bundle/js/engine/ref-packing.js




/**
 * Keeps the runs' private refs (`refs/agent-flow/<RUN_ID>/...`) of past runs packed, so that what reads
 * every ref stays flat as runs pile up: the fingerprint before and after every agent (fingerprint-refs.ts)
 * reads each loose ref file, git reads them for a ref transaction's checks. Once the refs of
 * PACK_AFTER_RUNS runs or more are loose, a run packs them before its first step: a one-off of about one
 * ms per run's refs, then nothing until PACK_AFTER_RUNS more runs have ended. Packing changes no ref's
 * value (a loose ref wins over packed-refs), so a fingerprint taken by a run in another process sees no change.
 */
const PACK_AFTER_RUNS = 16;
/** How many runs have loose refs: the folders under `<common>/refs/agent-flow/`, one readdir. */
function runsWithLooseRefs(common) {
    try {
        return readdirSync(join(common, PRIVATE_REFS)).length;
    }
    catch {
        return 0;
    }
}
/** The common git dir without a git process when the root's `.git` is a folder (not a linked worktree). */
async function commonDir(git) {
    const dotGit = join(git.cwd, ".git");
    return statSync(dotGit, { throwIfNoEntry: false })?.isDirectory() ? dotGit : git.commonDir();
}
/** From this many runs' loose refs on, packing says so first: it may take seconds (a repository of an older engine). */
const NOTICE_FROM_RUNS = 200;
/**
 * Packs the private refs when `after` runs or more have loose ones; true when it packed. A failure is no
 * error: the refs stay loose, and are slower to read, not wrong.
 */
async function ref_packing_packRunRefs(git, notice = () => undefined, after = PACK_AFTER_RUNS) {
    try {
        const loose = runsWithLooseRefs(await commonDir(git));
        if (loose < after)
            return false;
        if (loose >= NOTICE_FROM_RUNS)
            await notice(`packing the private refs (${PRIVATE_REFS}) of ${loose} runs into packed-refs, once`);
        return await packRefs(git, `${PRIVATE_REFS}*`);
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./build/bundle/js/engine/run-state.js
var run_state = __webpack_require__(1125);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/bundle/js/engine/uncommitted.js






/** Words of a command that may name a file of the repository (`agents/scripts/plan.sh`, `./run.py`). */
function pathWords(command) {
    const words = (Array.isArray(command) ? command : [command]).flatMap((part) => part.split(/[\s;&|()<>`]+/).map((w) => w.replace(/^['"]+|['"]+$/g, "")));
    return words.filter((w) => w !== "" && !w.startsWith("-") && !w.includes("$") && !w.includes("="));
}
/** Repository-relative paths of what the run reads from the user's checkout: the flow, scripts, prompts. */
async function inputsOf(root, flow) {
    const candidates = new Set();
    const flowPath = isAbsolute(flow.file) ? flow.file : resolve(root, flow.file);
    candidates.add(relative(root, flowPath));
    const commands = [];
    for (const agent of Object.values(flow.agents)) {
        if (agent.run !== undefined)
            commands.push(agent.run);
        if (agent.prompt_file !== undefined)
            candidates.add(agent.prompt_file);
    }
    for (const wf of Object.values(flow.workflows))
        for (const step of wf.steps)
            if (step.kind === "check")
                commands.push(step.run);
    const words = new Set();
    for (const word of commands.flatMap(pathWords)) {
        if (isAbsolute(word))
            continue;
        const rel = relative(root, resolve(root, word));
        if (rel === "" || rel.startsWith(`..${sep}`) || rel === "..")
            continue;
        words.add(rel);
    }
    // A bare word such as `npm` or `echo` is a program on PATH unless the repository has that file.
    const files = await Promise.all([...words].map(async (rel) => {
        const info = await lstat(join(root, rel)).catch(() => undefined);
        return info?.isFile() || info?.isSymbolicLink() ? rel : null;
    }));
    for (const rel of files)
        if (rel !== null)
            candidates.add(rel);
    return [...candidates].filter((p) => p !== "" && !p.startsWith(".."));
}
/**
 * The status records of `paths`: from the status of the whole checkout that the run's first fingerprint
 * reads anyway (fingerprint.ts), unless a path is one that reading leaves out (a run state path).
 */
async function statusOfInputs(git, root, paths) {
    const underState = (p) => STATE_PATHS.some((s) => p === s || p.startsWith(`${s}/`));
    if (paths.some(underState))
        return workTreeStatus(git, paths);
    const wanted = new Set(paths.map((p) => p.split(sep).join("/")));
    const all = await checkoutStatus(git, root).catch(() => undefined);
    return all?.filter((r) => wanted.has(r.path));
}
/**
 * A warning when the flow file or files its agents run (repository scripts named in `run:`, checks'
 * commands, `prompt_file`s) have uncommitted changes: agents and checks work on the base commit, so those
 * changes are not part of the run (right after `agent-flow init`, an uncommitted script is simply missing).
 * Null when everything is committed.
 */
async function uncommitted_uncommittedInputsWarning(git, root, flow, base) {
    const paths = await inputsOf(root, flow);
    if (paths.length === 0)
        return null;
    // The engine's git takes every pathspec literally (GIT_LITERAL_PATHSPECS, see git-env.ts).
    const entries = await statusOfInputs(git, root, paths);
    if (entries === undefined)
        return null;
    const changed = entries.map(({ code, path }) => {
        const what = code === "??"
            ? "untracked"
            : code.includes("D")
                ? "deleted"
                : code.includes("A")
                    ? "added, not committed"
                    : "modified";
        return { path, what };
    });
    if (changed.length === 0)
        return null;
    const list = changed.map((c) => `${JSON.stringify(c.path)} (${c.what})`).join(", ");
    return `uncommitted changes to files this run uses: ${list}. Agents and checks work on the base commit (${describeBase(base.branch, base.sha)}), so these changes are not part of the run: a script runs as committed there (or is missing), and agents do not see the changed files. To include them, commit them (git add ${changed.map((c) => JSON.stringify(c.path)).join(" ")} && git commit) and start a new run.`;
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/run-opening.js












/** The context agents, checks and the commit step of a run get (see agent-run.ts). */
function run_opening_runContext(o, git, workspace, signal, changed) {
    return {
        root: o.root,
        git,
        flow: o.flow,
        runId: o.status.run_id,
        feature: o.status.feature,
        baseBranch: o.status.base_branch,
        workspace,
        signal,
        env: o.env,
        changed,
        retryDelayMs: o.retryDelayMs ?? { min: 1000, max: 30_000 },
    };
}
/**
 * The run's saved state: new, or loaded, verified and resumed. `status` is rebuilt from a resumed state
 * (the steps it already ran).
 */
async function run_opening_initialRunState(git, o, plan, refuse) {
    const s = o.status;
    if (!o.resumed)
        return newRunState(s, o.request, o.flowText, plan);
    const saved = await loadRunState(git, s.run_id);
    await verifyRunState(git, o.flow, o.flowText, saved);
    const r = resume(saved.machine);
    if ("refused" in r)
        throw refuse(`run ${s.run_id}: ${r.refused}`);
    rebuildSteps(s, r.state, saved.base_sha);
    return { ...saved, machine: r.state };
}
/**
 * A new run's workspace, opened as the engine starts rather than after its lock and first save: its
 * first step is known from the plan alone, so `warm` (group-warmup.ts) prepares that step's directories
 * while the run takes its lock, saves its state and writes its status. Safe before the run lock: the run
 * id is this process's alone (start.ts claims its folder), and each directory is claimed by its own lock.
 */
function run_opening_openEarly(git, runId, warm) {
    const opening = openedBeforeRun(git, runId).then((ws) => {
        warm(ws);
        return ws;
    });
    opening.catch(() => undefined);
    return opening;
}
/** The workspace early-workspace.ts opened for the run, else one opened now. */
async function openedBeforeRun(git, runId) {
    return (await takeEarlyWorkspace(git.cwd, runId)) ?? RunWorkspace.open(git, runId);
}
/** Hands back the directories of a workspace the run will not use (it was refused before its first step). */
async function run_opening_abandonWorkspace(opening) {
    const ws = await opening?.catch(() => undefined);
    if (ws)
        await warmedUp(ws)
            .then(() => ws.dispose(), () => undefined)
            .catch(() => undefined);
}
/**
 * Records a run refused after its folder was made (a workspace that cannot open, a state that cannot be
 * saved or verified), so that it does not stay `pending`: failed, with the reason, and resumable when
 * its state is saved (a new run's first save, or a resumed run's own). Under the run's lock only.
 */
async function run_opening_recordRefusal(recorder, err, saved, written = Promise.resolve()) {
    // After the run's first status (start.ts), which would otherwise land over this one.
    await written.catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    await recorder.finish({ state: "failed", reason, retryable: saved }).catch(() => undefined);
}
/**
 * A run whose lock cannot be taken: a new run is recorded failed all the same (its id is this process's
 * alone, see start.ts, so its status is written without the lock), once its first files are written; a
 * resumed run's status belongs to whoever holds its lock. Its directories go back; throws `err`.
 */
async function run_opening_unlockedRefusal(o, recorder, opening, err) {
    await Promise.all([
        o.resumed ? undefined : run_opening_recordRefusal(recorder, err, false, o.written),
        run_opening_abandonWorkspace(opening),
    ]);
    throw err;
}
/**
 * What a run does first under its lock: ends leftovers of an earlier engine of the run (so that a leftover
 * is never a live engine's agent), and starts asking whether the files the run uses have uncommitted
 * changes (with the first reading of the checkout, see checkoutStatus()): the warning, or null. Its
 * agents' programs and secrets were checked by the run command just before (refuseMissingNeeds(): a new
 * run before anything is written, a resumed one once its status is read); a second look here, a few ms
 * later, found nothing the first did not and cost a search of $PATH per agent on the way to the first step.
 */
function run_opening_underLock(o, git) {
    prepareProcesses(o.flow, o.status.run_id, o.resumed);
    return uncommittedInputsWarning(git, o.root, o.flow, {
        branch: o.status.base_branch,
        sha: o.status.base_sha,
    }).catch(() => null);
}
/**
 * The run is under way: its status says running (with this engine), then what the start found is
 * reported in order (uncommitted inputs, the containment in force), and old runs' refs are packed.
 */
async function run_opening_announceStart(o, git, changed, uncommittedWarning) {
    const s = o.status;
    s.state = "running";
    s.finished_at = null;
    s.error = null;
    s.engine = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
    // Not awaited: its write overlaps the checks below (the log keeps the order; see RunRecorder).
    void changed({ type: "run-started", resumed: o.resumed });
    const uncommitted = await uncommittedWarning;
    if (uncommitted)
        await changed({ type: "message", level: "warning", text: uncommitted });
    await logContainment(o.root, s.run_id, (text) => changed({ type: "message", level: "warning", text }));
    await packRunRefs(git, (text) => changed({ type: "message", level: "info", text }));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./build/bundle/js/run/latest-flush.js
/** fsync for `latest`'s snapshot, and the run folder's files this process flushed ahead of the run's end. */

/** fs.fsync() looked up at each call (a test watches which paths are flushed, and when). */
const fsyncFd = (fd) => new Promise((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
/**
 * fsync of a file or folder; a file system that cannot (EINVAL) has nothing to flush. Only the fsync goes
 * through libuv's thread pool: the open and close are synchronous calls (microseconds), where each was a
 * trip through the pool of its own, and a run's end flushes a dozen paths at once on its four threads.
 */
async function latest_flush_flush(path) {
    const fd = openSync(path, "r");
    try {
        await fsyncFd(fd).catch((err) => {
            if (err.code !== "EINVAL")
                throw err;
        });
    }
    finally {
        closeSync(fd);
    }
}
/** What a file was (which file, its size and times): any change to it changes this. */
const latest_flush_signature = (st) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
/** Files of run folders this process flushed, each with its signature() when it was flushed. */
const flushed = new Map();
function latest_flush_markFlushed(path, sig) {
    flushed.set(path, sig);
}
/** Whether `path` was flushed as it is now (`sig`: its signature() now). */
function latest_flush_wasFlushed(path, sig) {
    return flushed.get(path) === sig;
}

;// CONCATENATED MODULE: ./build/bundle/js/run/latest-build.js
/**
 * The snapshot `latest` points to, made from the run folder: its files hard-linked (no bytes copied),
 * the log copied, and what is not on disk yet listed for flushing before `latest` is switched to it.
 *
 * Linking is safe because the engine never rewrites a finished run's files in place: the status and
 * other records are replaced by rename (a new file; the snapshot keeps the old one), and the one file
 * appended to, pipeline.log, is copied. A file system that cannot link (another device, no hard links)
 * gets a copy instead. The engine only makes entries in the snapshot folder it has just made: a link
 * planted in the run folder is made again with its text, never followed or written through.
 */




/** In a run folder, written by the run's end itself. */
const latest_build_LAST_WRITTEN = (/* unused pure expression or super */ null && (["pipeline_status.json", "pipeline.log"]));
/** Copied, never linked: appended to in place (a later line must not change `latest`). */
const COPIED = "pipeline.log";
/**
 * Makes `to` (which must not exist, in a folder the engine made) a snapshot of the run folder `from`:
 * folders made, regular files linked (copied where the file system cannot link, and COPIED always), links
 * made again with their text; anything else and `.work` left out, and LAST_WRITTEN too unless `all`
 * (takeLastWritten() adds them). Synchronous calls: tens of microseconds each, against a trip through
 * libuv's pool each. Returns what must be flushed before `latest` may point to `to`: each folder made,
 * and each file not flushed as it is (latest-ahead.ts).
 */
function latest_build_buildSnapshot(from, to, all = true) {
    const toFlush = [];
    const tree = (a, b, top) => {
        mkdirSync(b);
        toFlush.push(b);
        for (const e of readdirSync(a, { withFileTypes: true })) {
            if (top && (e.name === WORK_DIR || (!all && latest_build_LAST_WRITTEN.includes(e.name))))
                continue;
            // A write under way (the run's last status write, while this runs beside it): never its temp file.
            if (ATOMIC_TEMP_RE.test(e.name))
                continue;
            const src = join(a, e.name);
            const dst = join(b, e.name);
            if (e.isDirectory())
                tree(src, dst, false);
            else if (e.isSymbolicLink())
                symlinkSync(readlinkSync(src), dst);
            else if (e.isFile() && !place(src, dst, top && e.name === COPIED))
                toFlush.push(dst);
        }
    };
    tree(from, to, true);
    return toFlush;
}
/** LAST_WRITTEN of the run folder `from` into `to`, made by buildSnapshot(…, false); what to flush. */
function latest_build_takeLastWritten(from, to) {
    const toFlush = [to];
    for (const name of latest_build_LAST_WRITTEN) {
        const src = join(from, name);
        const st = lstatSync(src, { throwIfNoEntry: false });
        if (st?.isSymbolicLink())
            symlinkSync(readlinkSync(src), join(to, name));
        else if (st?.isFile() && !place(src, join(to, name), name === COPIED))
            toFlush.push(join(to, name));
    }
    return toFlush;
}
/** Links (or copies) the file `src` to `dst`; true when it is on disk already. */
function place(src, dst, copy) {
    if (!copy) {
        try {
            // Taken before the link, which changes the file's ctime (its link count).
            const before = signature(lstatSync(src, { bigint: true }));
            // link(2) never follows a link at `src`, and fails when `dst` exists.
            linkSync(src, dst);
            const st = lstatSync(dst, { bigint: true });
            return before.startsWith(`${st.dev}:${st.ino}:`) && wasFlushed(src, before);
        }
        catch (err) {
            const code = err.code;
            if (code === "EEXIST" || code === "ENOENT")
                throw err;
            // EXDEV, EPERM, EMLINK, ENOTSUP…: this file system (or this file) cannot be linked here.
        }
    }
    copyFileSync(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    return false;
}

;// CONCATENATED MODULE: ./build/bundle/js/run/latest-retire.js
/**
 * Snapshots `latest` no longer points to. Once the link has moved, the previous snapshot is marked
 * retired (an empty `<name>.retired` beside it); it is removed only after the status folder, holding the
 * link as it then is, was flushed to disk: by the next run, while it runs (latest-ahead.ts) or at its
 * switch. A power cut can so never leave `latest` pointing to a removed snapshot, and the run that
 * switches does not wait for the switch to reach the disk.
 */



/** A snapshot folder the engine made: `<RUN_ID>-<6 hex>` (or a moved-aside `legacy-<6 hex>`). */
const latest_retire_SNAPSHOT_RE = /^(?:\d{8}-\d{6}-[0-9a-f]{8}|legacy)-[0-9a-f]{6}$/;
const RETIRED = ".retired";
/** A snapshot neither retired nor pointed to, older than this, is a leftover of a crash mid-swap. */
const LEFTOVER_MS = 60_000;
/** Marks a snapshot `latest` no longer points to (a new empty file: nothing in its place is followed). */
function latest_retire_retire(snapshot) {
    try {
        closeSync(openSync(`${snapshot}${RETIRED}`, "wx"));
    }
    catch {
        // Marked already, or the folder cannot take it: then a leftover, removed after LEFTOVER_MS.
    }
}
/** Where `latest` pointed (its link text) as a snapshot name, if it names one in `.snapshots/`. */
const latest_retire_snapshotName = (link) => link?.startsWith(".snapshots/") ? link.slice(".snapshots/".length) : undefined;
/**
 * The snapshots in `snapshots` that may go once the status folder is on disk with `latest` as `current`
 * (its target's name then): those marked retired, and leftovers of a crash mid-swap; never `current` nor
 * `own` (a snapshot being made). Also the markers to drop with them. Synchronous: a few entries.
 */
function latest_retire_removable(snapshots, current, own) {
    let names;
    try {
        names = readdirSync(snapshots);
    }
    catch {
        return { folders: [], markers: [] };
    }
    const marked = new Set(names.filter((n) => n.endsWith(RETIRED)).map((n) => n.slice(0, -RETIRED.length)));
    const folders = [];
    for (const name of names) {
        if (name === own || name === current || !latest_retire_SNAPSHOT_RE.test(name))
            continue;
        const p = join(snapshots, name);
        if (marked.has(name))
            folders.push(p);
        else {
            const st = lstatSync(p, { throwIfNoEntry: false });
            if (st?.isDirectory() && Date.now() - st.mtimeMs > LEFTOVER_MS)
                folders.push(p);
        }
    }
    const markers = [...marked].filter((n) => n !== current).map((n) => join(snapshots, `${n}${RETIRED}`));
    return { folders, markers };
}
/**
 * Removes a folder one entry at a time (one thread of libuv's pool, so that it can run beside a run
 * without holding up its writes); a link is removed as a link, never followed; what is gone already is
 * skipped. `stop()`: returns early, leaving the rest.
 */
async function latest_retire_removeTree(path, stop = () => false) {
    const st = await lstat(path).catch(() => undefined);
    if (!st)
        return;
    if (!st.isDirectory()) {
        await unlink(path).catch(() => undefined);
        return;
    }
    for (const name of await readdir(path).catch(() => [])) {
        if (stop())
            return;
        await latest_retire_removeTree(join(path, name), stop);
    }
    await rmdir(path).catch(() => undefined);
}

;// CONCATENATED MODULE: ./build/bundle/js/run/latest-ahead.js
/**
 * What a run's end would otherwise wait for, done while the run goes on, in the background and one thing
 * at a time (one thread of libuv's pool: the run's own writes keep the others): the snapshots an earlier
 * switch of `latest` retired are removed (latest-retire.ts), and the run folder's files that will not
 * change any more are flushed to disk, so that `latest`'s snapshot (latest-build.ts) needs only the last
 * step's files, the log, the status and its folders flushed at the run's end.
 */







/**
 * A file last changed (its ctime, which only the kernel sets) at least this long ago is flushed ahead: any
 * later change gets a later ctime (the kernel's file times advance one clock tick, 1-10 ms, at a time), so
 * a file seen unchanged since it was flushed needs no second flush.
 */
const SETTLED_NS = 20000000n;
/** A run folder larger than this is flushed at the run's end only (each look ahead walks all of it). */
const AHEAD_MAX_ENTRIES = 2_000;
let ahead = null;
/**
 * Called after each step of run `runId`: starts the work ahead, or makes the one under way look at the
 * run folder again when done. Never rejects, never awaited by the run.
 */
function latest_ahead_workAhead(root, runId) {
    if (ahead !== null && ahead.root === root && ahead.runId === runId) {
        ahead.again = true;
        return;
    }
    if (ahead !== null)
        ahead.stop = true;
    const job = { root, runId, again: true, stop: false, done: Promise.resolve() };
    ahead = job;
    job.done = (async () => {
        await removeRetired(job);
        while (job.again && !job.stop) {
            job.again = false;
            await flushSettled(job);
        }
    })()
        .catch(() => undefined)
        .finally(() => {
        if (ahead === job)
            ahead = null;
    });
}
/** Stops the work ahead at its next step; resolves once it has stopped. */
function latest_ahead_stopAhead() {
    if (ahead === null)
        return Promise.resolve();
    ahead.stop = true;
    return ahead.done;
}
/** Resolves once the work ahead under way, if any, is done (for tests). */
function aheadDone() {
    return ahead?.done ?? Promise.resolve();
}
/** The retired snapshots, once the status folder (with `latest` as it is now) is on disk. */
async function removeRetired(job) {
    const snapshots = join(job.root, STATUS_DIR, ".snapshots");
    const current = snapshotName(await readlink(join(job.root, LATEST)).catch(() => undefined));
    const { folders, markers } = removable(snapshots, current);
    if (folders.length === 0 && markers.length === 0)
        return;
    await flush(join(job.root, STATUS_DIR));
    for (const folder of folders) {
        if (job.stop)
            return;
        await removeTree(folder, () => job.stop);
    }
    // A marker goes with its folder: a folder left half-removed stays marked for the switch to finish.
    if (!job.stop)
        for (const m of markers)
            await unlink(m).catch(() => undefined);
}
/** The run folder's files that have settled and were not flushed as they are. */
async function flushSettled(job) {
    const now = BigInt(Date.now()) * 1000000n;
    for (const { path, st } of runFiles(runDir(job.root, job.runId)) ?? []) {
        if (job.stop)
            return;
        const sig = signature(st);
        if (wasFlushed(path, sig) || now - st.ctimeNs < SETTLED_NS)
            continue;
        if (await flush(path).then(() => true, () => false))
            markFlushed(path, sig);
    }
}
/** The regular files under `dir` (not `.work`, not LAST_WRITTEN), or null past AHEAD_MAX_ENTRIES. */
function runFiles(dir) {
    const out = [];
    let seen = 0;
    const walk = (d, top) => {
        let names;
        try {
            names = readdirSync(d);
        }
        catch {
            return true;
        }
        for (const name of names) {
            if (top && (name === WORK_DIR || LAST_WRITTEN.includes(name)))
                continue;
            if (++seen > AHEAD_MAX_ENTRIES)
                return false;
            const p = join(d, name);
            const st = lstatSync(p, { bigint: true, throwIfNoEntry: false });
            if (st?.isDirectory()) {
                if (!walk(p, false))
                    return false;
            }
            else if (st?.isFile())
                out.push({ path: p, st });
        }
        return true;
    };
    return walk(dir, true) ? out : null;
}

;// CONCATENATED MODULE: ./build/bundle/js/run/latest.js
/** `docs/status/latest`: a link to a whole, flushed snapshot of the newest successful run folder, switched atomically. */









/**
 * The snapshot `latest` points to, when it is one the engine made: a real folder directly under
 * `.snapshots/` with a snapshot's name. Anything else (a link planted to elsewhere) is not ours to touch.
 */
function ownSnapshot(root, link) {
    const m = link === undefined ? null : /^\.snapshots\/([^/]+)$/.exec(link);
    if (!m || !SNAPSHOT_RE.test(m[1]))
        return undefined;
    const p = join(root, STATUS_DIR, ".snapshots", m[1]);
    return lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ? p : undefined;
}
/**
 * Makes the snapshot of the run folder for `latest`, but for the files the run's end itself writes
 * (LAST_WRITTEN): a run begins it while its last status write is on its way to disk, and finishes it
 * once that is done. Synchronous (see buildSnapshot()); throws when `.snapshots` is not a real folder.
 */
function latest_beginLatest(root, runId) {
    const status = join(root, STATUS_DIR);
    const snapshots = join(status, ".snapshots");
    const name = `${runId}-${randomBytes(3).toString("hex")}`;
    const snapshot = join(snapshots, name);
    const stopped = stopAhead();
    // Synchronous calls here and around the flush: microseconds each, where each trip through libuv's
    // pool waited behind the pool directories' hand-back (the run's other end work).
    mkdirSync(snapshots, { recursive: true });
    if (!lstatSync(snapshots).isDirectory())
        throw new Error(`${snapshots} is not a folder (a link?); remove it and run again`);
    const latest = join(root, LATEST);
    const linkOf = () => {
        try {
            return readlinkSync(latest);
        }
        catch {
            return undefined;
        }
    };
    const before = linkOf();
    const from = runDir(root, runId);
    const toFlush = buildSnapshot(from, snapshot, false);
    // What the run's last writes (LAST_WRITTEN) do not change, flushed at once, while the last status
    // write is still on its way to disk: the snapshot's own folder gets their links and is flushed with
    // them in finish(), once. Awaited there, whatever the order they end in.
    const early = toFlush.filter((p) => p !== snapshot).map(flush);
    for (const f of early)
        f.catch(() => undefined);
    return {
        abandon: () => rmSync(snapshot, { recursive: true, force: true }),
        finish: async () => {
            // Every file and folder of the snapshot not on disk yet, and the folder holding it: the file
            // system commits them together; `latest` moves only once all are on disk.
            await Promise.all([...early, ...[...takeLastWritten(from, snapshot), snapshots].map(flush)]);
            const info = lstatSync(latest, { throwIfNoEntry: false });
            let previous = info?.isSymbolicLink() ? ownSnapshot(root, linkOf()) : undefined;
            if (info && !info.isSymbolicLink()) {
                // A real directory from a manual copy: moved aside so the link can take its place, and retired.
                previous = join(snapshots, `legacy-${randomBytes(3).toString("hex")}`);
                renameSync(latest, previous);
            }
            const tmpLink = join(status, `.latest.${randomBytes(4).toString("hex")}`);
            symlinkSync(join(".snapshots", name), tmpLink);
            renameSync(tmpLink, latest);
            if (previous)
                retire(previous);
            const current = snapshotName(before);
            return { tidy: stopped.then(() => latest_removeRetired(status, current, name)).catch(() => undefined) };
        },
    };
}
/**
 * `latest` is a symlink to a snapshot; a new snapshot is made beside it (latest-build.ts), flushed to
 * disk, and the link replaced with rename(2), which is atomic: a crash leaves either the old snapshot
 * whole or the new one. The previous snapshot is then retired, and removed once the link has reached the
 * disk: by the next run (latest-retire.ts), so nothing here waits for the switch itself to reach the
 * disk. Only snapshots the engine made are ever removed: retired ones, and leftovers of a crash mid-swap.
 * Resolves once `latest` is switched, with `tidy`: the removal of what an earlier switch retired and the
 * work ahead (latest-ahead.ts) did not remove, under way (it never rejects); await it before exiting.
 */
async function swapLatest(root, runId) {
    return latest_beginLatest(root, runId).finish();
}
/** What removable() lists (the previous snapshot, `current`, stays), once the status folder is on disk. */
async function latest_removeRetired(status, current, own) {
    const snapshots = join(status, ".snapshots");
    const { folders, markers } = removable(snapshots, current, own);
    if (folders.length === 0 && markers.length === 0)
        return;
    // `latest` on disk pointing to `current` or to `own`, neither of which goes.
    await flush(status);
    for (const folder of folders)
        await removeTree(folder);
    for (const m of markers)
        await unlink(m).catch(() => undefined);
}

// EXTERNAL MODULE: ./build/bundle/js/engine/events.js
var events = __webpack_require__(7023);
// EXTERNAL MODULE: ./build/bundle/js/flow/schema.js + 1 modules
var schema = __webpack_require__(9897);
;// CONCATENATED MODULE: ./build/bundle/js/engine/triggers.js




/** What tells one write of a trigger file from another: inode, modification time and size. */
async function stampOf(file) {
    const st = await stat(file).catch(() => null);
    return st?.isFile() ? `${st.ino}:${st.mtimeMs}:${st.size}` : null;
}
/** The guide's trigger file: `.triggers/runs/<RUN_ID>/<name>`, holding the run id. Returns its stamp. */
async function triggers_writeTriggerFile(root, runId, name) {
    const dir = triggerDir(root, runId);
    await mkdir(dir, { recursive: true });
    const file = join(dir, name);
    await writeFile(file, `${runId}\n`);
    return stampOf(file);
}
/**
 * Trigger files someone dropped by hand (`agent-flow trigger`, or the guide's `echo > .triggers/...`)
 * since the engine last wrote or took each: a file whose stamp differs from the one in `stamps`. Their
 * new stamps are recorded in `stamps`, which the engine saves with the run's state.
 */
async function triggers_takeManualTriggers(root, runId, stamps) {
    const dir = triggerDir(root, runId);
    const names = await readdir(dir).catch(() => []);
    const taken = [];
    for (const name of names.filter((n) => NAME_RE.test(n)).sort()) {
        const stamp = await stampOf(join(dir, name));
        if (!stamp || stamps[name] === stamp)
            continue;
        stamps[name] = stamp;
        taken.push(name);
    }
    return taken;
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/run-recorder.js





const now = () => new Date().toISOString();
const message = (err) => (err instanceof Error ? err.message : String(err));
/** A write of the run's status or log failed: the run stops before anything else starts. */
class run_recorder_RunViewUnwritable extends Error {
    constructor(message) {
        super(message);
        this.name = "RunViewUnwritable";
    }
}
/**
 * Events whose write waits for the next event, settled() or HELD_MS, whichever comes first: a step's end
 * and the next step's start then share one write (each is a synced file) instead of two lying, one
 * after the other, between the step's end and the next agent's start. Nothing starts before
 * settled(), which writes them at once. An agent's end is written at once: a failed write must be seen
 * before its step's result is saved.
 */
const HELD = new Set(["step-finished"]);
const HELD_MS = 25;
/**
 * The run's view as the local engine keeps it: pipeline_status.json, pipeline.log and the reporter,
 * written in order. A write that fails does not throw: it is remembered (`writeFailure`) and ends the
 * run with the path and the OS error, so nothing is left `running`.
 *
 * Events that arrive while a write is under way share the next one: a parallel group of 16 agents
 * reports 16 starts at once, and 16 status files written (and synced) one after the other held the
 * last agent back by as many disk round trips.
 *
 * Two writes are under way at most, and the second's file is synced beside the first's (an agent's
 * end and the next step's start were two disk round trips in a row between two agents): each write
 * takes its copy of the status when it starts, so a later one holds everything an earlier one does,
 * and it replaces the status file only once the earlier one is done (writeFileAtomic's renameAfter).
 * The file on disk so never goes back to an older view, and a write is done only once every earlier
 * one is: settled() still sees every failure before the next agent starts.
 */
class run_recorder_RunRecorder {
    root;
    status;
    reporter;
    holdMs;
    /** The last write started or queued: done once it, and so every earlier one, is. */
    writing = Promise.resolve();
    /** The write before `writing`: the next write starts once it is done (two under way at most). */
    before = Promise.resolve();
    /** The queued write that will carry `entries`, while it has not started. */
    queued = null;
    entries = [];
    /** The first write of the status or the log that failed. */
    writeFailure = null;
    /** A queued write held for the next event (see HELD): starts it. */
    held = null;
    constructor(root, status, reporter, 
    /** How long a HELD event waits at most for the next one (tests set it). */
    holdMs = HELD_MS) {
        this.root = root;
        this.status = status;
        this.reporter = reporter;
        this.holdMs = holdMs;
    }
    /**
     * Persists the view, appends to pipeline.log and tells the reporter, in order; resolves once a write
     * made after this call is done. Never rejects.
     */
    changed(event) {
        let log = "";
        try {
            const line = describeEvent(event, this.status);
            if (line)
                log = logLines(line.scope, line.text);
        }
        catch (err) {
            this.writeFailure ??= `cannot describe a change of run ${this.status.run_id}: ${message(err)}`;
        }
        this.entries.push({ event, log });
        if (!HELD.has(event.type))
            this.release();
        if (this.queued)
            return this.queued;
        const earlier = this.writing;
        let start = this.before;
        if (HELD.has(event.type)) {
            let open = () => undefined;
            const gate = new Promise((resolve) => {
                open = resolve;
            });
            this.held = { start: open, timer: setTimeout(() => this.release(), this.holdMs) };
            start = Promise.all([start, gate]);
        }
        const next = start.then(() => this.flush(earlier));
        this.queued = next;
        this.before = earlier;
        this.writing = next;
        return next;
    }
    /** Starts a held write (see HELD). */
    release() {
        const h = this.held;
        if (!h)
            return;
        this.held = null;
        clearTimeout(h.timer);
        h.start();
    }
    /**
     * Resolves once every write started or queued so far is done; throws RunViewUnwritable once a write
     * failed (the run then ends failed, as it does when the failure is seen between two steps).
     */
    async settled() {
        this.release();
        await this.writing;
        if (this.writeFailure)
            throw new run_recorder_RunViewUnwritable(this.writeFailure);
    }
    /** Writes the queued entries; `earlier`: the write before, which must replace the file first. */
    async flush(earlier) {
        this.queued = null;
        const batch = this.entries.splice(0);
        const s = this.status;
        try {
            // The lines appended, and the status taken, now (synchronous calls: no trip through the thread
            // pool, see writeFileAtomic()): what changes from here on goes in a later write.
            const text = batch.map((e) => e.log).join("");
            if (text)
                appendLogTextSync(this.root, s.run_id, text);
            await writeFileAtomic(statusFile(this.root, s.run_id), statusText(s), earlier);
        }
        catch (err) {
            this.writeFailure ??= `cannot write the run's status or log (${statusFile(this.root, s.run_id)}): ${message(err)}`;
        }
        // What the run's end would wait for, done meanwhile: a step's files on disk (latest-ahead.ts).
        if (batch.some((e) => e.event.type === "step-finished"))
            workAhead(this.root, s.run_id);
        // Done (and heard of) only after every earlier write, even when this one failed first.
        await earlier;
        for (const e of batch) {
            try {
                this.reporter.update(e.event, s);
            }
            catch {
                // A reporter (e.g. a closed terminal) must not stop the run.
            }
        }
    }
    /** The state machine's events: warnings, and triggers (with their files; stamps go to `stamps`). */
    async machineEvents(events, stamps) {
        for (const e of events) {
            if (e.type === "warning")
                await this.changed({ type: "message", level: "warning", text: e.text });
            else {
                this.status.triggers.push({
                    name: e.name,
                    source: e.source,
                    at: now(),
                    count: e.count,
                    target: e.target,
                });
                if (e.source !== "manual") {
                    const stamp = await writeTriggerFile(this.root, this.status.run_id, e.name).catch(() => null);
                    if (stamp)
                        stamps[e.name] = stamp;
                }
                await this.changed({ type: "trigger", name: e.name, target: e.target, count: e.count });
            }
        }
    }
    /** Records how the run ended; a succeeded run becomes `latest` (a failure to switch it is a warning). */
    async finish(outcome) {
        const s = this.status;
        const ok = outcome.state === "succeeded";
        s.state = ok ? "succeeded" : outcome.state === "cancelled" ? "cancelled" : "failed";
        s.error = ok ? null : (outcome.reason ?? (s.state === "cancelled" ? "cancelled by the user" : "failed"));
        s.resumable = !ok && outcome.retryable;
        s.finished_at = now();
        s.engine = null;
        const written = this.changed({ type: "run-finished" });
        // latest's snapshot is made while that write is on its way to disk (its files but the status and the
        // log, taken once it is done); after a turn of the event loop's queue, so that the write starts first.
        let begun = null;
        if (ok && !this.writeFailure) {
            await Promise.resolve();
            try {
                begun = beginLatest(this.root, s.run_id);
            }
            catch (err) {
                begun = err instanceof Error ? err : new Error(String(err));
            }
        }
        await written;
        if (this.writeFailure) {
            if (begun !== null && !(begun instanceof Error))
                begun.abandon();
            // Whatever is in memory is flushed once more; the run ends failed with the path and the error.
            s.state = "failed";
            s.error = this.writeFailure;
            await writeStatus(this.root, s).catch(() => undefined);
        }
        else if (ok) {
            let tidy = Promise.resolve();
            const made = begun;
            const switching = made instanceof Error
                ? Promise.reject(made)
                : Promise.resolve().then(() => (made ?? beginLatest(this.root, s.run_id)).finish());
            const moved = await switching.then((swapped) => {
                tidy = swapped.tidy;
                return "docs/status/latest now points to this run";
            }, (err) => `docs/status/latest was not switched to this run: ${message(err)}`);
            // The previous snapshot goes while the line is written.
            if (moved.includes("not switched"))
                await this.changed({ type: "message", level: "warning", text: moved });
            else {
                try {
                    appendLogTextSync(this.root, s.run_id, logLines("run", moved));
                }
                catch {
                    // The run's outcome is written: a lost line of the log does not change it.
                }
            }
            await tidy;
        }
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/local.js



















const headRef = (runId) => `refs/agent-flow/${runId}/head`;
const local_message = (err) => (err instanceof Error ? err.message : String(err));
/** Raised when a run cannot start or resume (its saved state is missing, changed or tampered with). */
class EngineRefused extends errors/* AgentFlowError */.o {
    constructor(message) {
        super(message, 2);
    }
}
/**
 * The local engine: a loop around the state machine (machine.ts). Ask for the next action, execute it
 * (agents in worktrees, a check, the commit step), hand the result back, persist, repeat. A resume is
 * the same loop started from the saved state, after verifying it.
 */
class LocalEngine {
    o;
    git;
    mplan;
    ctx;
    run_;
    /** Refs to move with the next save of the state (a single agent's commit). */
    unsavedRefs = [];
    /** pipeline_status.json, pipeline.log and the reporter. */
    recorder;
    /** The wall clock and the cost ceiling; its signal is the user's cancel or the clock running out. */
    budget;
    constructor(o) {
        this.o = o;
        this.git = new Git(o.root);
        this.mplan = machinePlan(o.plan);
        this.budget = new RunBudget(o.flow.defaults, o.signal);
        this.recorder = new RunRecorder(o.root, o.status, o.reporter);
    }
    changed(event) {
        return this.recorder.changed(event);
    }
    get machine() {
        return this.run_.machine;
    }
    async save(state, refs = []) {
        this.run_.machine = state;
        await saveRunState(this.git, this.run_, refs);
    }
    /** The run's context for `ws`, and the warm-up of its first step's directories (group-warmup.ts). */
    warm(ws) {
        this.ctx = {
            ...runContext(this.o, this.git, ws, this.budget.signal, (e) => this.changed(e)),
            settled: () => this.recorder.settled(),
        };
        warmFirstStep(this.ctx, this.mplan, this.machine);
    }
    async run() {
        const s = this.o.status;
        // A new run's state is known without reading anything: its workspace opens, and its first step's
        // directories are prepared, while it takes its lock and saves its state (see openEarly()).
        let opening;
        if (!this.o.resumed) {
            this.run_ = newRunState(s, this.o.request, this.o.flowText, this.mplan);
            opening = openEarly(this.git, s.run_id, (ws) => this.warm(ws));
        }
        const runLock = await acquireRunLock(this.o.root, s.run_id).catch((err) => unlockedRefusal(this.o, this.recorder, opening, err));
        let uncommittedWarning;
        let workspace;
        let saved = this.o.resumed;
        try {
            // Reported in its place below.
            uncommittedWarning = underLock(this.o, this.git);
            if (this.o.resumed) {
                this.run_ = await initialRunState(this.git, this.o, this.mplan, (m) => new EngineRefused(m));
                // The workspace opens while the state is saved.
                opening = RunWorkspace.open(this.git, s.run_id);
                opening.catch(() => undefined);
            }
            await this.o.written;
            await this.save(this.run_.machine);
            saved = true;
            // Inside the try: a workspace that cannot open lets go of the run lock too.
            workspace = await opening;
        }
        catch (err) {
            // The run's folder exists: its status says why it stopped (not `pending`), and its directories go back.
            await Promise.all([
                recordRefusal(this.recorder, err, saved, this.o.written),
                abandonWorkspace(opening),
            ]);
            await runLock.release();
            throw err;
        }
        if (this.o.resumed)
            this.warm(workspace);
        await announceStart(this.o, this.git, (e) => this.changed(e), uncommittedWarning);
        let outcome;
        this.budget.start();
        try {
            outcome = this.budget.explain(await this.loop());
        }
        catch (err) {
            outcome = { state: "failed", reason: local_message(err), retryable: !(err instanceof TamperDetected) };
        }
        finally {
            this.budget.stop();
        }
        // The pool's directories go back while the run's end is recorded (latest switched): neither waits.
        const disposed = warmedUp(workspace)
            .then(() => workspace.dispose())
            .catch(() => undefined);
        try {
            await this.recorder.finish(outcome);
        }
        finally {
            await disposed;
        }
        await runLock.release();
        return s;
    }
    async loop() {
        for (;;) {
            if (this.budget.signal.aborted)
                return this.budget.stopped();
            const manual = await takeManualTriggers(this.o.root, this.o.status.run_id, this.run_.trigger_stamps);
            let state = this.machine;
            if (manual.length > 0)
                state = raiseManually(state, manual);
            const n = next(this.mplan, state);
            this.run_.machine = n.state;
            await this.recorder.machineEvents(n.events, this.run_.trigger_stamps);
            if (n.action.kind === "finish") {
                // A failed write of the run's view ends it failed and resumable, not saved as succeeded.
                await this.recorder.settled().catch(() => undefined);
                if (this.recorder.writeFailure)
                    return { state: "failed", reason: this.recorder.writeFailure, retryable: true };
                // A success next() gives again from the saved state (nothing raised or taken this turn) is not
                // saved once more: a run stopped before its end resumes to this same finish.
                if (manual.length > 0 || n.events.length > 0 || n.action.outcome.state !== "succeeded")
                    await this.save(n.state);
                return n.action.outcome;
            }
            const action = n.action;
            const overBudget = action.kind === "agents" ? this.budget.beforeAgents(this.o.status) : null;
            if (overBudget)
                return overBudget;
            const result = await this.execute(action);
            const a = advance(this.mplan, this.machine, result);
            await this.recorder.machineEvents(a.events, this.run_.trigger_stamps);
            const refs = this.unsavedRefs.splice(0);
            if (a.state.head !== action.base) {
                refs.push([refFor(this.o.status.run_id, stepKey(action.step)), a.state.head]);
                refs.push([headRef(this.o.status.run_id), a.state.head]);
            }
            await this.save(a.state, refs);
            this.o.status.head = a.state.head;
            this.o.status.green = a.state.green;
            const rec = this.o.status.steps.find((r) => r.key === stepKey(action.step));
            if (rec) {
                stepFinished(rec, result, a.state);
                void this.changed({ type: "step-finished", key: rec.key }); // written before anything starts (settled())
            }
            // The last step's writes are not waited for by a next agent: a run ends only once they are done.
            if (a.state.outcome)
                await this.recorder.settled().catch(() => undefined);
            if (this.recorder.writeFailure)
                return { state: "failed", reason: this.recorder.writeFailure, retryable: true };
            if (a.state.outcome)
                return a.state.outcome;
        }
    }
    stageOf(action) {
        const stage = this.mplan.workflows[action.step.workflow]?.[action.step.index - 1];
        if (!stage)
            throw new Error(`no step ${stepKey(action.step)} in the plan`);
        return stage;
    }
    async execute(action) {
        const stage = this.stageOf(action);
        const rec = stepStarted(this.o.status, action, stage);
        // Written while the step gets going (its agents' starts share the write); on disk before its end.
        const shown = this.changed({ type: "step-started", key: rec.key });
        const cancelled = () => this.budget.signal.aborted;
        try {
            if (action.kind === "agents")
                return await runAgentGroup(this.groupHost(), action, stage, rec.agents);
            if (action.kind === "check") {
                const step = this.flowStep(action.step.workflow, action.step.id);
                const summary = await runCheck(this.ctx, rec.key, step, action.base, action.step.n);
                return { kind: "check", step: action.step, summary, error: summary.error, cancelled: cancelled() };
            }
            return await this.commitStep(action, this.flowStep(action.step.workflow, action.step.id));
        }
        catch (err) {
            if (err instanceof TamperDetected)
                throw err; // the user's repository changed: stop, push nothing
            if (err instanceof RunViewUnwritable)
                throw err; // as the failed write is seen between steps
            return failedResult(action, stage, local_message(err), cancelled());
        }
        finally {
            await shown;
        }
    }
    groupHost() {
        return {
            ctx: this.ctx,
            status: this.o.status,
            budget: this.budget,
            recorder: this.recorder,
            machine: () => this.machine,
            save: (state, refs) => this.save(state, refs),
            unsavedRefs: this.unsavedRefs,
            plan: this.mplan,
        };
    }
    flowStep(workflow, id) {
        const step = this.o.flow.workflows[workflow]?.steps.find((x) => x.id === id);
        if (!step)
            throw new Error(`no step '${id}' in workflow '${workflow}' of ${this.o.flow.file}`);
        return step;
    }
    async commitStep(action, step) {
        const s = this.o.status;
        const key = stepKey(action.step);
        const done = await executeCommit({
            root: this.o.root,
            git: this.git,
            flow: this.o.flow,
            status: s,
            run: this.run_,
            machine: this.machine,
            step: action.step,
            options: step.options,
            env: this.o.env,
            log: (text) => appendLog(this.o.root, s.run_id, key, text),
        });
        return done.result;
    }
}


/***/ }),

/***/ 7352:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G_: () => (/* binding */ stepStarted),
/* harmony export */   Je: () => (/* binding */ stepFinished),
/* harmony export */   pV: () => (/* binding */ rebuildSteps)
/* harmony export */ });
/* harmony import */ var _machine_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(213);

/**
 * `pipeline_status.json` is a view of the run for people and tools: the engine writes it from the state
 * machine and never reads it back to decide anything. These functions keep the view in step.
 */
const now = () => new Date().toISOString();
function agentRecord(stage, index) {
    const a = stage.agents[index];
    return {
        agent: a?.agent ?? "?",
        output: a?.output ?? "?",
        with: a?.with ?? {},
        state: "pending",
        attempts: 0,
        started_at: null,
        finished_at: null,
        exit_code: null,
        error: null,
        changed_files: [],
        commit: null,
        raised: [],
    };
}
/** The record of the action's step, created (or, for a resumed action, taken up again) as it starts. */
function stepStarted(status, action, stage) {
    const key = (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_0__/* .stepKey */ .Ug)(action.step);
    let rec = status.steps.find((r) => r.key === key);
    if (!rec) {
        rec = {
            key,
            workflow: action.step.workflow,
            id: action.step.id,
            kind: stage.kind,
            state: "pending",
            started_at: null,
            finished_at: null,
            base: null,
            result: null,
            error: null,
            raised: [],
            agents: stage.agents.map((_, i) => agentRecord(stage, i)),
        };
        status.steps.push(rec);
    }
    rec.state = "running";
    rec.base = action.base;
    rec.started_at = now();
    rec.finished_at = null;
    rec.error = null;
    if (action.kind === "agents")
        for (const r of action.reuse) {
            const a = rec.agents[r.index];
            if (a)
                Object.assign(a, { state: "succeeded", commit: r.commit, changed_files: r.changed, error: null });
        }
    return rec;
}
function stepFinished(rec, result, state) {
    const done = state.done[state.done.length - 1];
    const mine = done && (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_0__/* .stepKey */ .Ug)(done.step) === rec.key ? done : undefined;
    rec.state = result.cancelled ? "cancelled" : mine?.ok ? "succeeded" : "failed";
    rec.result = mine?.head ?? rec.base;
    rec.error = rec.state === "succeeded" ? null : result.error;
    rec.finished_at = now();
    const after = state.stack[state.stack.length - 1]?.after;
    if (after && (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_0__/* .stepKey */ .Ug)(after.step) === rec.key)
        rec.raised = after.queue.map((r) => r.name);
    for (const a of result.kind === "agents" ? result.agents : []) {
        const view = rec.agents[a.index];
        if (view)
            view.raised = a.raised;
    }
}
/** After a resume: the view's steps are rebuilt from the verified state, so nothing forged in the file survives. */
function rebuildSteps(status, state, baseSha) {
    const old = new Map(status.steps.map((r) => [r.key, r]));
    const steps = [];
    let head = baseSha;
    for (const done of state.done) {
        const key = (0,_machine_types_js__WEBPACK_IMPORTED_MODULE_0__/* .stepKey */ .Ug)(done.step);
        const prev = old.get(key);
        const rec = {
            key,
            workflow: done.step.workflow,
            id: done.step.id,
            kind: prev?.kind ?? (done.agents ? "agent" : "check"),
            state: done.ok ? "succeeded" : "failed",
            started_at: prev?.started_at ?? null,
            finished_at: prev?.finished_at ?? null,
            base: head,
            result: done.head,
            error: done.ok ? null : (prev?.error ?? null),
            raised: prev?.raised ?? [],
            agents: (prev?.agents ?? []).map((a) => {
                const ok = done.agents?.find((r) => r.agent === a.agent);
                return ok
                    ? { ...a, state: "succeeded", commit: ok.commit, changed_files: ok.changed, raised: ok.raised }
                    : { ...a, state: a.state === "succeeded" ? "failed" : a.state, commit: null, changed_files: [] };
            }),
        };
        steps.push(rec);
        head = done.head;
    }
    status.steps = steps;
    status.head = state.head;
    status.green = state.green;
}


/***/ })

};
