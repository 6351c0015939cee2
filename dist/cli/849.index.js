export const id = 849;
export const ids = [849];
export const modules = {

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


/***/ })

};
