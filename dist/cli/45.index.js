export const id = 45;
export const ids = [45];
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
