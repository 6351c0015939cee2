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
