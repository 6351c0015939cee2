export const id = 949;
export const ids = [949];
export const modules = {

/***/ 1115:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ humanAge)
/* harmony export */ });
// Kept apart from table.ts: the run's view needs ages, not string-width (whose Intl.Segmenter costs
// ~20 ms and ~3 MB at load).
/** A duration as people read it: `42s`, `5m03s`, `3h05m`, `59d2h`. */
function humanAge(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m}m${String(s % 60).padStart(2, "0")}s`;
    const h = Math.floor(m / 60);
    if (h < 24)
        return `${h}h${String(m % 60).padStart(2, "0")}m`;
    return `${Math.floor(h / 24)}d${h % 24}h`;
}


/***/ }),

/***/ 4849:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultFlowPath: () => (/* binding */ defaultFlowPath),
/* harmony export */   displayPath: () => (/* binding */ displayPath),
/* harmony export */   loadValidFlow: () => (/* binding */ loadValidFlow),
/* harmony export */   loadValidFlowText: () => (/* binding */ loadValidFlowText),
/* harmony export */   promptProblems: () => (/* binding */ promptProblems),
/* harmony export */   repoRoot: () => (/* binding */ repoRoot),
/* harmony export */   workflowNamed: () => (/* binding */ workflowNamed)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _engine_git_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7932);
/* harmony import */ var _flow_default_file_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5034);
/* harmony import */ var _flow_diagnostics_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9142);
/* harmony import */ var _flow_prompt_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7996);
/* harmony import */ var _flow_worker_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5886);
/* harmony import */ var _output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5299);







// Finding, reading and checking the flow file for a command: all that `run`, `doctor` and main's default
// --flow need, without validate's repository checks, plan or init (their chunk is not loaded for a run).
/** Paths as the user would type them: relative to where they stand when inside it. */
function displayPath(io, file) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, file);
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(io.cwd, abs);
    return rel && !rel.startsWith("..") && !(0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(rel) ? rel : abs;
}
// per command (its io): a folder could become a repository between two commands of one process
const roots = new WeakMap();
/**
 * The repository holding the command's folder, or undefined outside one. Asked once per command: the
 * default --flow, validate's repository checks and the prompt files each need it, and each ask is a git
 * process.
 */
function repoRoot(io) {
    let root = roots.get(io);
    if (!root) {
        root = new _engine_git_js__WEBPACK_IMPORTED_MODULE_1__.Git(io.cwd).topLevel().catch(() => undefined);
        roots.set(io, root);
    }
    return root;
}
/**
 * The flow file a command reads when neither --flow nor $AGENT_FLOW_FILE names one: agents/flow.yaml at
 * the repository's root, wherever in the repository the command runs (outside one: in the cwd). A path
 * that is given stays relative to the cwd, as paths on a command line are.
 */
async function defaultFlowPath(io) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)((await repoRoot(io)) ?? io.cwd, _flow_default_file_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_FLOW_FILE */ .c);
}
/** Problems of the flow's prompt files, with the flow's own locations shown as the user named the flow. */
async function promptProblems(io, result, shown) {
    if (!result.flow || !result.source)
        return [];
    return promptProblemsOf(io, result.flow, result.source, shown);
}
/** promptProblems() with the locations of `source`, the flow file's own (`file`). */
async function promptProblemsOf(io, flow, source, shown) {
    const agents = Object.values(flow.agents);
    if (!agents.some((a) => a.prompt !== undefined || a.prompt_file !== undefined))
        return [];
    // Only prompt files need the repository's root (and a git process to find it).
    const root = agents.some((a) => a.prompt_file !== undefined)
        ? ((await repoRoot(io)) ?? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd))
        : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd);
    const found = await (0,_flow_prompt_files_js__WEBPACK_IMPORTED_MODULE_2__/* .promptDiagnostics */ .Ji)(flow, source, root);
    return found.map((d) => ({ ...d, file: d.file === source.file ? shown : displayPath(io, d.file) }));
}
/** Loads a flow for a command that needs a valid one; prints the problems and returns undefined otherwise. */
async function loadValidFlow(io, file) {
    return (await loadValidFlowText(io, file))?.flow;
}
/** loadValidFlow() with the text it parsed. */
async function loadValidFlowText(io, file) {
    const shown = displayPath(io, file);
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, file);
    // Read and found valid on the run's worker thread: only its prompt files are left to check here, and
    // the flow's parser is not loaded on this thread unless one has a problem (located in the text read).
    const checked = await (0,_flow_worker_js__WEBPACK_IMPORTED_MODULE_3__/* .flowFromWorker */ .zc)(path, io.env);
    if (checked) {
        const unlocated = {
            file: path,
            diagnostic: () => ({ file: path, line: 0, col: 0, path: "", message: "" }),
        };
        if ((await promptProblemsOf(io, checked.flow, unlocated, shown)).length === 0)
            return { flow: { ...checked.flow, file: shown }, text: checked.text };
    }
    const { loadFlowFile, loadFlowText } = await Promise.all(/* import() */[__webpack_require__.e(368), __webpack_require__.e(605), __webpack_require__.e(815), __webpack_require__.e(508), __webpack_require__.e(163)]).then(__webpack_require__.bind(__webpack_require__, 5163));
    const result = checked ? loadFlowText(path, checked.text, io.env) : await loadFlowFile(path, io.env);
    const diagnostics = result.diagnostics.map((d) => (d.file === "environment" ? d : { ...d, file: shown }));
    diagnostics.push(...(await promptProblems(io, result, shown)));
    if (result.flow && result.text !== undefined && diagnostics.length === 0)
        return { flow: { ...result.flow, file: shown }, text: result.text };
    io.err((0,_output_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDiagnostics */ .oO)(diagnostics, "text"));
    io.err(`${shown}: ${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"}; nothing was run\n`);
    return undefined;
}
/** The workflow a command names (default: the flow's own), or a usage error with the names it has. */
function workflowNamed(flow, workflow) {
    const name = workflow ?? flow.defaults.workflow;
    if (!flow.workflows[name]) {
        const known = Object.keys(flow.workflows);
        throw new _output_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`no workflow '${name}' in ${flow.file}${(0,_flow_diagnostics_js__WEBPACK_IMPORTED_MODULE_6__/* .didYouMean */ .au)(name, known)} (workflows: ${known.join(", ")})`);
    }
    return name;
}


/***/ }),

/***/ 9949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runCommand: () => (/* binding */ runCommand)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _engine_containment_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5799);
/* harmony import */ var _engine_early_workspace_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8683);
/* harmony import */ var _engine_git_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7932);
/* harmony import */ var _engine_local_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1740);
/* harmony import */ var _engine_preflight_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8514);
/* harmony import */ var _engine_process_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8214);
/* harmony import */ var _engine_ref_writer_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9225);
/* harmony import */ var _engine_retry_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(5350);
/* harmony import */ var _engine_start_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(1536);
/* harmony import */ var _flow_plan_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(7655);
/* harmony import */ var _github_write_spacing_js__WEBPACK_IMPORTED_MODULE_20__ = __webpack_require__(8846);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(1490);
/* harmony import */ var _lib_locks_index_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(9388);
/* harmony import */ var _run_store_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(6525);
/* harmony import */ var _cleanup_command_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(6346);
/* harmony import */ var _flow_file_js__WEBPACK_IMPORTED_MODULE_17__ = __webpack_require__(4849);
/* harmony import */ var _output_js__WEBPACK_IMPORTED_MODULE_18__ = __webpack_require__(5299);
/* harmony import */ var _view_js__WEBPACK_IMPORTED_MODULE_19__ = __webpack_require__(8111);





















async function readRequest(io, from) {
    if (from === undefined)
        return undefined;
    if (from === "-") {
        const chunks = [];
        for await (const c of process.stdin)
            chunks.push(c);
        return Buffer.concat(chunks).toString("utf8");
    }
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, from), "utf8");
    }
    catch (err) {
        throw new _output_js__WEBPACK_IMPORTED_MODULE_18__/* .UsageError */ .eb(`--request ${from}: ${(0,_engine_start_js__WEBPACK_IMPORTED_MODULE_11__/* .requestFileProblem */ .JH)(err)}`);
    }
}
/**
 * The settings read from the environment ($AGENT_FLOW_RETRY_DELAY_MS, $AGENT_FLOW_GITHUB_WRITE_SPACING),
 * checked before anything runs: a bad value is a usage error (exit 2), not a failure at the pull request.
 */
function envSettings(env) {
    try {
        (0,_github_write_spacing_js__WEBPACK_IMPORTED_MODULE_20__/* .writeSpacing */ .F)(env);
        return (0,_engine_retry_js__WEBPACK_IMPORTED_MODULE_10__/* .retryDelayFromEnv */ .Rn)(env);
    }
    catch (err) {
        throw new _output_js__WEBPACK_IMPORTED_MODULE_18__/* .UsageError */ .eb(err instanceof Error ? err.message : String(err));
    }
}
async function runCommand(io, workflow, flags) {
    let parallelMax;
    if (flags.parallelMax !== undefined) {
        if (!/^\d+$/.test(flags.parallelMax) ||
            Number(flags.parallelMax) < 1 ||
            Number(flags.parallelMax) > 256) {
            throw new _output_js__WEBPACK_IMPORTED_MODULE_18__/* .UsageError */ .eb(`--parallel-max '${flags.parallelMax}' must be a whole number from 1 to 256`);
        }
        parallelMax = Number(flags.parallelMax);
    }
    if (flags.issue !== undefined && !/^[1-9]\d{0,9}$/.test(flags.issue))
        throw new _output_js__WEBPACK_IMPORTED_MODULE_18__/* .UsageError */ .eb(`--issue '${flags.issue}' must be an issue number`);
    if (flags.issue !== undefined && flags.retry)
        throw new _output_js__WEBPACK_IMPORTED_MODULE_18__/* .UsageError */ .eb("--issue applies to a new run; a retry keeps the run's own");
    if (flags.quiet && flags.json)
        throw new _output_js__WEBPACK_IMPORTED_MODULE_18__/* .UsageError */ .eb("--quiet and --json cannot be used together");
    const retryDelayMs = envSettings(io.env);
    // While the flow file is checked (on the worker thread, see flow-worker.ts; else here, tens of ms of
    // this thread's time), git reads the repository's settings and a new run's base, the containment probe
    // runs, and the new run's first directory is prepared at that base (early-workspace.ts): a run needs
    // them all. Not when there is no flow file: that ends the command at once.
    let baseRead;
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, flags.flow))) {
        void new _engine_git_js__WEBPACK_IMPORTED_MODULE_5__.Git(io.cwd).prepare();
        // The run's `git update-ref --stdin` (its first files and every save go through it), started while
        // this thread waits for the flow, not forked on the way to the first save.
        void (0,_engine_start_js__WEBPACK_IMPORTED_MODULE_11__/* .findRepoRoot */ .Gn)(io.cwd).then((root) => (0,_engine_ref_writer_js__WEBPACK_IMPORTED_MODULE_9__/* .startRefWriter */ .XE)(new _engine_git_js__WEBPACK_IMPORTED_MODULE_5__.Git(root)), () => undefined);
        if (!flags.retry) {
            baseRead = (0,_engine_start_js__WEBPACK_IMPORTED_MODULE_11__/* .readBase */ .wZ)(io.cwd, flags.base);
            (0,_engine_early_workspace_js__WEBPACK_IMPORTED_MODULE_4__/* .openBeforeRun */ .TA)(io.cwd, baseRead.then((b) => b.baseSha));
        }
        void (0,_engine_containment_js__WEBPACK_IMPORTED_MODULE_3__/* .probeContainment */ .$U)(); // the engine awaits it before its first agent
    }
    const loaded = await (0,_flow_file_js__WEBPACK_IMPORTED_MODULE_17__.loadValidFlowText)(io, flags.flow);
    if (!loaded)
        return _output_js__WEBPACK_IMPORTED_MODULE_18__/* .EXIT */ .dc.failed;
    const { flow, text: flowText } = loaded;
    const request = await readRequest(io, flags.request);
    // A missing agent CLI or secret refuses a new run before anything is written (a retry: see below).
    const named = workflow ?? flow.defaults.workflow;
    if (!flags.retry && flow.workflows[named])
        (0,_engine_preflight_js__WEBPACK_IMPORTED_MODULE_7__/* .refuseMissingNeeds */ .Kg)(flow, (0,_flow_plan_js__WEBPACK_IMPORTED_MODULE_12__/* .planWorkflow */ .t5)(flow, named), io.env, await (0,_engine_start_js__WEBPACK_IMPORTED_MODULE_11__/* .findRepoRoot */ .Gn)(io.cwd));
    let prepared;
    let written;
    try {
        ({ prepared, written } = await (0,_engine_start_js__WEBPACK_IMPORTED_MODULE_11__/* .startRun */ .AD)({
            cwd: io.cwd,
            flow,
            workflow,
            feature: flags.feature,
            request,
            baseBranch: flags.base,
            runId: flags.runId,
            retry: flags.retry,
            force: flags.force === true,
            notice: (text) => io.err(`warning: ${text}\n`),
            issue: flags.issue === undefined ? undefined : Number(flags.issue),
            baseRead,
        }));
    }
    catch (err) {
        if (err instanceof _engine_start_js__WEBPACK_IMPORTED_MODULE_11__/* .RunRefused */ .AA) {
            io.err(`error: ${err.message}\nnothing was written\n`);
            return _output_js__WEBPACK_IMPORTED_MODULE_18__/* .EXIT */ .dc.usage;
        }
        throw err;
    }
    if (prepared.resumed)
        (0,_engine_preflight_js__WEBPACK_IMPORTED_MODULE_7__/* .refuseMissingNeeds */ .Kg)(flow, (0,_flow_plan_js__WEBPACK_IMPORTED_MODULE_12__/* .planWorkflow */ .t5)(flow, prepared.status.workflow), io.env, prepared.root);
    void (0,_engine_containment_js__WEBPACK_IMPORTED_MODULE_3__/* .probeContainment */ .$U)(); // started above, unless the flow file appeared since: then now
    const mode = flags.json ? "json" : flags.quiet ? "quiet" : io.isTTY ? "live" : "plain";
    const steps = flow.workflows[prepared.status.workflow]?.steps.map((x) => x.id) ?? [];
    const reporter = await (0,_view_js__WEBPACK_IMPORTED_MODULE_19__/* .cliReporter */ .wf)(io, mode, steps);
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = (signal) => {
        interrupts += 1;
        if (interrupts === 1) {
            io.err(`\n${signal}: cancelling run ${prepared.status.run_id}; stopping agents (again to force)\n`);
            controller.abort();
        }
        else if (interrupts === 2) {
            // Force: agents are killed at once, and the engine still records the run as cancelled.
            io.err(`\n${signal}: killing the agents of run ${prepared.status.run_id}\n`);
            (0,_engine_process_js__WEBPACK_IMPORTED_MODULE_8__/* .killAllChildrenSync */ .a0)("SIGKILL");
        }
        else {
            (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_14__/* .releaseAllHeldSync */ .tk)();
            process.exit(130);
        }
    };
    const onExit = () => {
        (0,_engine_process_js__WEBPACK_IMPORTED_MODULE_8__/* .killAllChildrenSync */ .a0)("SIGKILL");
        (0,_lib_locks_index_js__WEBPACK_IMPORTED_MODULE_14__/* .releaseAllHeldSync */ .tk)();
    };
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const sig of signals)
        process.on(sig, onSignal);
    process.on("exit", onExit);
    try {
        // The run executes exactly what `agent-flow plan` prints for its workflow (with --parallel-max applied).
        const planned = {
            ...flow,
            defaults: { ...flow.defaults, parallel_max: parallelMax ?? flow.defaults.parallel_max },
        };
        const engine = new _engine_local_js__WEBPACK_IMPORTED_MODULE_6__/* .LocalEngine */ .AE({
            root: prepared.root,
            flow,
            flowText,
            plan: (0,_flow_plan_js__WEBPACK_IMPORTED_MODULE_12__/* .planWorkflow */ .t5)(planned, prepared.status.workflow),
            status: prepared.status,
            resumed: prepared.resumed,
            request: prepared.request,
            written,
            reporter,
            signal: controller.signal,
            env: io.env,
            retryDelayMs,
        });
        let s;
        try {
            s = await engine.run();
        }
        catch (err) {
            if (!(err instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_13__/* .AgentFlowError */ .o))
                throw err;
            reporter.stop();
            io.err(`error: ${err.message}\n${err.hint ? `${err.hint}\n` : ""}`);
            return err.exitCode;
        }
        reporter.stop();
        await (0,_cleanup_command_js__WEBPACK_IMPORTED_MODULE_16__.autoCleanup)(io, prepared.root, flow.defaults, flags.json ? "json" : flags.quiet ? "quiet" : "text");
        const dir = (0,_run_store_js__WEBPACK_IMPORTED_MODULE_15__/* .runDir */ .ff)(prepared.root, s.run_id);
        if (flags.json) {
            io.out(`${JSON.stringify({ type: "result", run_id: s.run_id, state: s.state, error: s.error, outcome: s.outcome, run_dir: dir })}\n`);
        }
        else {
            const summary = [`run ${s.run_id} ${s.state}`];
            if (s.error)
                summary.push(`  ${s.error.split("\n").join("\n  ")}`);
            if (s.outcome)
                summary.push(`  ${s.outcome}`);
            summary.push(`  run folder: ${dir}`, `  status:     agent-flow status ${s.run_id}`, `  log:        agent-flow logs ${s.run_id}`);
            if (s.state !== "succeeded" && s.resumable !== false)
                summary.push(`  resume:     agent-flow run --run-id ${s.run_id} --retry`);
            (s.state === "succeeded" ? io.out : io.err)(`${summary.join("\n")}\n`);
        }
        return s.state === "succeeded" ? _output_js__WEBPACK_IMPORTED_MODULE_18__/* .EXIT */ .dc.ok : s.state === "cancelled" ? 130 : _output_js__WEBPACK_IMPORTED_MODULE_18__/* .EXIT */ .dc.failed;
    }
    finally {
        reporter.stop();
        for (const sig of signals)
            process.off(sig, onSignal);
        process.off("exit", onExit);
    }
}


/***/ }),

/***/ 8111:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eJ: () => (/* binding */ renderRun),
/* harmony export */   wf: () => (/* binding */ cliReporter)
/* harmony export */ });
/* unused harmony export elapsed */
/* harmony import */ var _engine_events_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7023);
/* harmony import */ var _run_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1251);
/* harmony import */ var _age_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1115);



const ICON = {
    pending: "·",
    running: "▶",
    succeeded: "✔",
    failed: "✖",
    cancelled: "■",
};
function elapsed(from, to, nowMs = Date.now()) {
    if (!from)
        return "";
    const ms = (to ? Date.parse(to) : nowMs) - Date.parse(from);
    const s = Math.max(0, Math.round(ms / 100) / 10);
    return s < 60 ? `${s.toFixed(1)}s` : (0,_age_js__WEBPACK_IMPORTED_MODULE_2__/* .humanAge */ .D)(ms);
}
/**
 * The run as lines: one per step execution and one per agent, with state and elapsed time, then the
 * main workflow's steps still to come (`upcoming`: its step ids in order), so a long run shows how far
 * along it is.
 */
function renderRun(s, nowMs = Date.now(), upcoming = []) {
    // State and time first: on a narrow terminal the header is cut from the right.
    const lines = [
        `run ${s.run_id}  ${s.state}  ${elapsed(s.started_at, s.finished_at, nowMs)}  feature ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(s.feature)}  workflow ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(s.workflow)}`,
    ];
    const width = Math.max(24, ...s.steps.map((x) => x.key.length + 1));
    for (const step of s.steps) {
        const only = step.kind === "agent" ? step.agents[0] : undefined;
        const tries = only && only.attempts > 1 ? ` (attempt ${only.attempts})` : "";
        lines.push(`  ${ICON[step.state]} ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(step.key).padEnd(width)} ${step.state.padEnd(9)} ${elapsed(step.started_at, step.finished_at, nowMs)}${tries}`);
        if (step.kind === "parallel") {
            for (const a of step.agents) {
                const tries = a.attempts > 1 ? ` (attempt ${a.attempts})` : "";
                lines.push(`      ${ICON[a.state]} ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(a.agent).padEnd(width - 4)} ${a.state.padEnd(9)} ${elapsed(a.started_at, a.finished_at, nowMs)}${tries}`);
            }
        }
    }
    const started = s.steps.filter((x) => x.workflow === s.workflow).map((x) => x.id);
    const last = started.length > 0 ? upcoming.lastIndexOf(started[started.length - 1]) : -1;
    if (s.state === "running" || s.state === "pending") {
        for (const id of upcoming.slice(last + 1))
            lines.push(`  ${ICON.pending} ${`${s.workflow}/${id}`.padEnd(width)} pending`);
    }
    return lines;
}
/**
 * The CLI's reporter: a redrawn live view on a terminal, timestamped lines otherwise. The live view's
 * code (string-width, for the terminal's columns) is loaded only on a terminal.
 */
async function cliReporter(io, mode, upcoming = []) {
    const renderLive = mode === "live" ? (await Promise.all(/* import() */[__webpack_require__.e(918), __webpack_require__.e(716)]).then(__webpack_require__.bind(__webpack_require__, 3716))).renderLive : undefined;
    let last;
    let drawn = 0;
    let timer;
    let stopped = false;
    let resized = false;
    const draw = () => {
        if (!last || !renderLive)
            return;
        const lines = renderLive(last, io.columns?.() ?? 80, Date.now(), upcoming);
        // After a resize the terminal may have re-wrapped what was drawn, so the rows to go back over are
        // unknown: start from a cleared screen instead.
        const clear = resized ? "\x1b[H\x1b[2J" : drawn > 0 ? `\x1b[${drawn}F\x1b[J` : "";
        resized = false;
        io.out(`${clear}${lines.join("\n")}\n`);
        drawn = lines.length;
    };
    const onResize = () => {
        resized = true;
        draw();
    };
    let unsubscribe;
    if (mode === "live") {
        timer = setInterval(draw, 500);
        timer.unref();
        unsubscribe = io.onResize?.(onResize);
    }
    return {
        update(event, status) {
            last = status;
            if (mode === "live") {
                if (event.type === "message") {
                    drawn = 0;
                    io.out(`${event.level}: ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .safeText */ .H)(event.text)}\n`);
                }
                draw();
            }
            else if (mode === "plain") {
                const line = (0,_engine_events_js__WEBPACK_IMPORTED_MODULE_0__/* .describeEvent */ .g)(event, status);
                // The summary the run command prints next says the same as the run-finished line: print it once.
                if (line && event.type !== "run-finished")
                    io.out(`${new Date().toISOString()} [${line.scope}] ${line.text}\n`);
            }
            else if (mode === "json") {
                const step = "key" in event ? status.steps.find((s) => s.key === event.key) : undefined;
                io.out(`${JSON.stringify({ at: new Date().toISOString(), run_id: status.run_id, state: status.state, ...event, step })}\n`);
            }
        },
        stop() {
            if (stopped)
                return;
            stopped = true;
            if (timer)
                clearInterval(timer);
            unsubscribe?.();
            if (mode === "live")
                draw();
        },
    };
}


/***/ }),

/***/ 8514:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  HY: () => (/* binding */ agentNeeds),
  Pf: () => (/* binding */ describeNeeds),
  Pb: () => (/* binding */ needProblems),
  VT: () => (/* binding */ plannedAgents),
  Kg: () => (/* binding */ refuseMissingNeeds)
});

// UNUSED EXPORTS: PrerequisitesMissing, runProgram

// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/engine/containment.js + 1 modules
var containment = __webpack_require__(5799);
// EXTERNAL MODULE: ./build/bundle/js/engine/environment.js
var environment = __webpack_require__(9185);
// EXTERNAL MODULE: ./build/bundle/js/flow/presets/index.js + 5 modules
var presets = __webpack_require__(9368);
;// CONCATENATED MODULE: ./build/bundle/js/engine/preset-facts.js

function presetFacts(name) {
    const p = (0,presets/* findPreset */.t)(name);
    if (!p)
        return undefined;
    const { manager, package: pkg, version } = p.install;
    return {
        program: p.program,
        secrets: p.secrets,
        install: manager === "npm" ? `npm install -g ${pkg}@${version}` : `python -m pip install ${pkg}==${version}`,
        promptOnStdin: p.promptVia === "stdin",
        argv: (promptFile, agent) => p.command({
            promptFile,
            workspace: "<worktree>",
            writableDirs: ["<output>", "<triggers>"],
            scratchDir: "<scratch>",
            model: agent?.model,
            maxTurns: agent?.max_turns,
            args: agent?.args ?? [],
        }).argv,
    };
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/preflight.js




/**
 * What an agent needs from the machine before it can start: its program on PATH and its secrets in the
 * engine's environment. `run` refuses a run that lacks any of them before writing anything, and
 * `doctor` shows them all; both read this module, so they agree.
 */
/** Words a shell runs itself: a `run:` string starting with one names no program to look for. */
const SHELL_WORDS = new Set((". : [ [[ ! { ( alias bg break case cd command continue echo eval exec exit export false fg for " +
    "function getopts hash if jobs kill printf pwd read readonly return select set shift source test " +
    "time times trap true type ulimit umask unalias unset until wait while").split(" "));
/** The program a `run:` command starts: argv[0], or the first word of a shell command when it is one. */
function runProgram(run) {
    if (Array.isArray(run))
        return run[0] ?? null;
    const word = /^\s*([A-Za-z0-9_./+@-]+)(?=\s|$)/.exec(run)?.[1];
    if (!word || SHELL_WORDS.has(word))
        return null;
    return word;
}
function agentNeeds(agent) {
    const secrets = agent.secrets.filter((s) => !(0,environment/* isGitHubCredential */.p1)(s));
    if (agent.run !== undefined) {
        return {
            agent: agent.name,
            preset: null,
            program: runProgram(agent.run),
            secrets,
            anyOf: [],
            install: null,
            command: typeof agent.run === "string" ? ["sh", "-c", agent.run] : agent.run,
            promptOnStdin: false,
        };
    }
    const facts = agent.preset ? presetFacts(agent.preset) : undefined;
    return {
        agent: agent.name,
        preset: agent.preset ?? null,
        program: facts?.program ?? null,
        secrets,
        anyOf: facts ? [...facts.secrets] : [],
        install: facts?.install ?? null,
        command: facts ? facts.argv("<prompt file>", agent) : [],
        promptOnStdin: facts?.promptOnStdin ?? false,
    };
}
/** The agents a run of `plan` can start: its workflow's and those of the workflows its triggers start. */
function plannedAgents(plan) {
    const names = [plan, ...plan.triggered].flatMap((w) => w.stages.flatMap((s) => s.agents.map((a) => a.agent)));
    return [...new Set(names)].sort();
}
/**
 * startProblem() of each program once per PATH and folder in this process: a run checks its agents
 * before it writes anything and again under its lock, and ten agents whose commands start with `date`
 * looked it up in every PATH folder twenty times (a sync access() each, about 10 ms of the run's start).
 */
const looked = new Map();
function programProblem(program, pathVar, root) {
    const key = `${program}\0${pathVar ?? ""}\0${root}`;
    let problem = looked.get(key);
    if (problem === undefined) {
        problem = (0,containment/* startProblem */.Uo)(program, pathVar, root);
        // Only a program found is remembered: one installed while the process runs (doctor, then run) is seen.
        if (problem === null)
            looked.set(key, problem);
    }
    return problem;
}
/** What is missing for each of `agents`, each with what to do. */
function needProblems(flow, agents, env, root) {
    const out = [];
    for (const name of agents) {
        const agent = flow.agents[name];
        if (!agent)
            continue;
        const needs = agentNeeds(agent);
        const key = `agents.${name}.${agent.run !== undefined ? "run" : "preset"}`;
        const missing = needs.program ? programProblem(needs.program, env.PATH, root) : null;
        if (missing) {
            const fix = needs.install
                ? `install it (${needs.install}) or put '${needs.program}' on PATH`
                : needs.program?.includes("/")
                    ? "commit the program at that path, or fix the path"
                    : `install it, or put '${needs.program}' on PATH`;
            out.push({ agent: name, what: "program", at: key, missing: missing, fix });
        }
        agent.secrets.forEach((secret, i) => {
            if (needs.secrets.includes(secret) && !env[secret])
                out.push({
                    agent: name,
                    what: "secret",
                    at: `agents.${name}.secrets[${i}]`,
                    missing: `agent '${name}' needs ${secret}, which is not set in the environment agent-flow runs in`,
                    fix: "set it (on GitHub: a repository secret), or remove it from the agent's secrets",
                    alone: true,
                });
        });
        if (needs.anyOf.length > 0 && !needs.anyOf.some((s) => env[s]))
            out.push({
                agent: name,
                what: "secret",
                at: key,
                missing: `the ${needs.preset} CLI needs one of ${needs.anyOf.join(", ")}, and none is set`,
                fix: "set one of them in the environment agent-flow runs in (on GitHub: a repository secret)",
            });
    }
    return out;
}
/** One line per missing thing, naming every agent that needs it: `file: key: missing, for agents a, b; fix`. */
function describeNeeds(file, problems) {
    const groups = new Map();
    for (const [i, p] of problems.entries()) {
        const k = p.alone ? String(i) : `${p.missing}\0${p.fix}`;
        groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    return [...groups.values()].map((ps) => {
        const first = ps[0];
        const names = ps.map((p) => `'${p.agent}'`).join(", ");
        if (first.alone)
            return `${file}: ${first.at}: ${first.missing}; ${first.fix}`;
        return `${file}: ${first.at}: ${first.missing} (needed by agent${ps.length === 1 ? "" : "s"} ${names}); ${first.fix}`;
    });
}
/** Raised before a run is written when an agent it can start lacks its program or a secret. */
class PrerequisitesMissing extends errors/* AgentFlowError */.o {
    constructor(file, problems) {
        super(describeNeeds(file, problems).join("\n"), 2, "nothing ran and nothing was written; 'agent-flow doctor' shows what each agent needs");
    }
}
/** Throws PrerequisitesMissing when an agent `plan` can start lacks its program or a secret. */
function refuseMissingNeeds(flow, plan, env, root) {
    const problems = needProblems(flow, plannedAgents(plan), env, root);
    if (problems.length > 0)
        throw new PrerequisitesMissing(flow.file, problems);
}


/***/ }),

/***/ 8846:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ writeSpacing)
/* harmony export */ });
/* unused harmony export WRITE_SPACING */
// Read by the run command at its start (a bad value is refused before anything runs) and by the client;
// apart from client.ts so that reading it loads no Octokit.
const WRITE_SPACING = "AGENT_FLOW_GITHUB_WRITE_SPACING";
/**
 * `AGENT_FLOW_GITHUB_WRITE_SPACING=off` turns the spacing of writes off for every client a process opens
 * without saying (the CLI's and the action's): for a local server (tests, a GitHub stand-in), where each
 * pull request would otherwise wait seconds for nothing. `on` or unset: spaced, as GitHub asks.
 */
function writeSpacing(env) {
    const v = env[WRITE_SPACING] ?? "";
    if (v === "" || v === "on")
        return true;
    if (v === "off")
        return false;
    throw new Error(`${WRITE_SPACING}='${v}' must be 'on' (the default: writes spaced as GitHub asks) or 'off'`);
}


/***/ })

};
