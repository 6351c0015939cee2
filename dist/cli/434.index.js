export const id = 434;
export const ids = [434,849];
export const modules = {

/***/ 4434:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  doctorCommand: () => (/* binding */ doctorCommand)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/bundle/js/engine/containment.js + 1 modules
var containment = __webpack_require__(5799);
// EXTERNAL MODULE: ./build/bundle/js/engine/preflight.js + 1 modules
var preflight = __webpack_require__(8514);
;// CONCATENATED MODULE: ./build/bundle/js/engine/doctor.js





function which(program, pathVar, root) {
    const candidates = program.includes("/")
        ? [(0,external_node_path_.isAbsolute)(program) ? program : (0,external_node_path_.resolve)(root, program)]
        : (pathVar ?? "")
            .split(external_node_path_.delimiter)
            .filter(Boolean)
            .map((d) => (0,external_node_path_.join)(d, program));
    for (const c of candidates) {
        try {
            (0,external_node_fs_.accessSync)(c, external_node_fs_.constants.X_OK);
            return c;
        }
        catch {
            // next
        }
    }
    return null;
}
/** The first line a program prints for `--version`, or null; bounded in time, with a minimal environment. */
function versionOf(path, env) {
    const r = (0,external_node_child_process_.spawnSync)(path, ["--version"], {
        encoding: "utf8",
        timeout: 15_000,
        env: { PATH: env.PATH, HOME: env.HOME, NO_COLOR: "1", CI: "1" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    if (r.error || r.status !== 0)
        return null;
    const line = `${r.stdout}\n${r.stderr}`.split("\n").find((l) => l.trim() !== "");
    return line ? line.trim().slice(0, 120) : null;
}
/** `argv` with the value of every set secret (4 characters or more) replaced by `***`. */
function maskSecrets(argv, names, env) {
    const values = names.map((n) => env[n]).filter((v) => typeof v === "string" && v.length >= 4);
    return argv.map((a) => values.reduce((acc, v) => acc.split(v).join("***"), a));
}
function agentFact(flow, needs, needed, env, root) {
    const path = needs.program ? which(needs.program, env.PATH, root) : null;
    const secrets = [
        ...needs.secrets.map((name) => ({ name, set: Boolean(env[name]), rule: "all" })),
        ...needs.anyOf.map((name) => ({ name, set: Boolean(env[name]), rule: "one-of" })),
    ];
    return {
        agent: needs.agent,
        needed,
        preset: needs.preset,
        program: needs.program,
        path,
        version: path && needs.preset ? versionOf(path, env) : null,
        install: needs.install,
        secrets,
        prompt_on_stdin: needs.promptOnStdin,
        command: maskSecrets(needs.command, secrets.map((s) => s.name), env),
        problems: (0,preflight/* describeNeeds */.Pf)(flow.file, (0,preflight/* needProblems */.Pb)(flow, [needs.agent], env, root)),
    };
}
function sandboxFacts(env, root) {
    const problems = [];
    const notes = [];
    let mode;
    try {
        mode = (0,containment/* containment */.R7)();
    }
    catch (err) {
        mode = "unavailable";
        problems.push(err instanceof Error ? err.message : String(err));
    }
    const pidNs = process.platform === "linux" && (0,containment/* pidNamespaceAvailable */.iE)();
    const proc = (0,external_node_fs_.existsSync)("/proc/self/stat");
    const gitPath = which("git", env.PATH, root);
    const gitVersion = gitPath ? versionOf(gitPath, env) : null;
    if (!gitPath)
        problems.push("git is not on PATH; install git (the engine runs every step through it)");
    if (mode !== "unavailable")
        notes.push((0,containment/* describeContainment */.KG)().text);
    if (mode === "process-tree") {
        if (!proc && process.platform === "linux")
            problems.push("/proc cannot be read; the process-tree containment needs it (mount /proc)");
    }
    const uid = typeof process.getuid === "function" ? process.getuid() : null;
    if (uid === 0)
        notes.push("agent-flow runs as root, and so do its agents: an agent can reach the service manager or other namespaces; run agents as an unprivileged user or in an OS sandbox");
    notes.push("agents run as this user: without an OS sandbox, writes to your checkout, branches or config are detected (the run fails, nothing is pushed), not prevented");
    return {
        facts: {
            platform: process.platform,
            containment: mode,
            setting: env[containment/* CONTAINMENT_SETTING */._W] || "auto",
            pid_namespace: pidNs,
            proc_readable: proc,
            uid,
            git: { path: gitPath, version: gitVersion },
            notes,
        },
        problems,
    };
}
/** The report for `flow`: all its agents, those of `planned` counted as needed. */
function doctorReport(flow, workflow, planned, env, root) {
    const agents = Object.values(flow.agents).map((a) => agentFact(flow, (0,preflight/* agentNeeds */.HY)(a), planned.includes(a.name), env, root));
    const sandbox = sandboxFacts(env, root);
    const needed = (0,preflight/* needProblems */.Pb)(flow, planned, env, root);
    const problems = [...(0,preflight/* describeNeeds */.Pf)(flow.file, needed), ...sandbox.problems];
    return { flow: flow.file, workflow, ok: problems.length === 0, agents, sandbox: sandbox.facts, problems };
}

// EXTERNAL MODULE: ./build/bundle/js/flow/plan.js
var plan = __webpack_require__(7655);
// EXTERNAL MODULE: ./build/bundle/js/run/pr-body.js
var pr_body = __webpack_require__(9309);
// EXTERNAL MODULE: ./build/bundle/js/cli/flow-file.js
var flow_file = __webpack_require__(4849);
// EXTERNAL MODULE: ./build/bundle/js/cli/output.js
var output = __webpack_require__(5299);
;// CONCATENATED MODULE: ./build/bundle/js/cli/doctor-command.js







function render(r) {
    const lines = [`flow ${r.flow}, workflow ${r.workflow}`, "", "agents:"];
    for (const a of r.agents) {
        const mark = a.problems.length === 0 ? "ok  " : a.needed ? "FAIL" : "warn";
        const what = a.preset ? `preset ${a.preset}` : "run";
        lines.push(`  ${mark} ${a.agent} (${what}${a.needed ? "" : "; not in this workflow"})`);
        if (a.program)
            lines.push(`       program: ${a.program} ${a.path ? `at ${a.path}${a.version ? `, ${a.version}` : ""}` : "NOT FOUND"}`);
        else
            lines.push("       program: a shell command (not checked)");
        if (a.secrets.length > 0)
            lines.push(`       secrets: ${a.secrets
                .map((s) => `${s.name} ${s.set ? "set" : "not set"}${s.rule === "one-of" ? " (one of)" : ""}`)
                .join(", ")}`);
        if (a.command.length > 0)
            lines.push(`       runs: ${(0,pr_body/* commandAsWritten */.V)(a.command)}${a.prompt_on_stdin ? " < '<prompt file>'" : ""}`);
    }
    const s = r.sandbox;
    lines.push("", "sandbox:", `  containment: ${s.containment} (${s.setting === "auto" ? "auto" : `${s.setting} from AGENT_FLOW_CONTAINMENT`}); PID namespace ${s.pid_namespace ? "works" : "not available"}; /proc ${s.proc_readable ? "readable" : "not readable"}`, `  git: ${s.git.path ? `${s.git.path}, ${s.git.version ?? "version unknown"}` : "NOT FOUND"} (run with hooks, fsmonitor and filters off)`, `  user: ${s.uid === null ? "unknown" : `uid ${s.uid}`}`);
    for (const n of s.notes)
        lines.push(`  note: ${n}`);
    lines.push("");
    if (r.ok)
        lines.push("ok: everything this workflow needs is here");
    else {
        lines.push(`${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}:`);
        for (const p of r.problems)
            lines.push(`  - ${p}`);
    }
    return `${lines.join("\n")}\n`;
}
async function doctorCommand(io, workflow, opts) {
    const flow = await (0,flow_file.loadValidFlow)(io, opts.flow);
    if (!flow)
        return output/* EXIT */.dc.failed;
    const name = (0,flow_file.workflowNamed)(flow, workflow);
    const root = (await (0,flow_file.repoRoot)(io)) ?? (0,external_node_path_.resolve)(io.cwd);
    const report = doctorReport(flow, name, (0,preflight/* plannedAgents */.VT)((0,plan/* planWorkflow */.t5)(flow, name)), io.env, root);
    if (opts.json)
        io.out(`${JSON.stringify(report, null, 2)}\n`);
    else
        (report.ok ? io.out : io.err)(render(report));
    return report.ok ? output/* EXIT */.dc.ok : output/* EXIT */.dc.failed;
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
/* harmony import */ var _engine_git_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4968);
/* harmony import */ var _flow_diagnostics_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9142);
/* harmony import */ var _flow_load_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5163);
/* harmony import */ var _flow_prompt_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7996);
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
        root = new _engine_git_js__WEBPACK_IMPORTED_MODULE_1__/* .Git */ .T(io.cwd).topLevel().catch(() => undefined);
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
    return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)((await repoRoot(io)) ?? io.cwd, _flow_load_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_FLOW_FILE */ .cW);
}
/** Problems of the flow's prompt files, with the flow's own locations shown as the user named the flow. */
async function promptProblems(io, result, shown) {
    if (!result.flow || !result.source)
        return [];
    const agents = Object.values(result.flow.agents);
    if (!agents.some((a) => a.prompt !== undefined || a.prompt_file !== undefined))
        return [];
    // Only prompt files need the repository's root (and a git process to find it).
    const root = agents.some((a) => a.prompt_file !== undefined)
        ? ((await repoRoot(io)) ?? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd))
        : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd);
    const found = await (0,_flow_prompt_files_js__WEBPACK_IMPORTED_MODULE_3__/* .promptDiagnostics */ .Ji)(result.flow, result.source, root);
    return found.map((d) => ({ ...d, file: d.file === result.source?.file ? shown : displayPath(io, d.file) }));
}
/** Loads a flow for a command that needs a valid one; prints the problems and returns undefined otherwise. */
async function loadValidFlow(io, file) {
    return (await loadValidFlowText(io, file))?.flow;
}
/** loadValidFlow() with the text it parsed. */
async function loadValidFlowText(io, file) {
    const shown = displayPath(io, file);
    const result = await (0,_flow_load_js__WEBPACK_IMPORTED_MODULE_2__/* .loadFlowFile */ .n)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, file), io.env);
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
        throw new _output_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`no workflow '${name}' in ${flow.file}${(0,_flow_diagnostics_js__WEBPACK_IMPORTED_MODULE_5__/* .didYouMean */ .au)(name, known)} (workflows: ${known.join(", ")})`);
    }
    return name;
}


/***/ })

};
