export const id = 495;
export const ids = [495];
export const modules = {

/***/ 2495:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   legJob: () => (/* binding */ legJob)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _run_store_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6525);
/* harmony import */ var _agent_run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8492);
/* harmony import */ var _check_run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4760);
/* harmony import */ var _environment_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9185);
/* harmony import */ var _events_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7023);
/* harmony import */ var _fingerprint_changes_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9408);
/* harmony import */ var _git_ops_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(9305);
/* harmony import */ var _machine_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8621);
/* harmony import */ var _preflight_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8514);
/* harmony import */ var _step_results_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(8792);
/* harmony import */ var _workspace_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(6151);
/* harmony import */ var _leg_package_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(4924);
/* harmony import */ var _package_store_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(6625);
/* harmony import */ var _packages_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(1408);
/* harmony import */ var _state_package_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(7969);

















const message = (err) => (err instanceof Error ? err.message : String(err));
/**
 * A `run-k` leg: one agent call (or the check) of the pending action, in this job's own checkout, with
 * the same runAgent/runCheck, environment contract, scopes and policing as `agent-flow run`. Its result
 * is a leg package in the cache; nothing it reports is trusted until `advance` verifies it. Locks are
 * not taken here: on GitHub they are the leg's job concurrency group.
 */
async function legJob(input) {
    const { leg } = input;
    const run = await (0,_state_package_js__WEBPACK_IMPORTED_MODULE_15__/* .openState */ .Gf)(input, input.runId, input.seq, input.digest);
    if (!run)
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`no state of run ${input.runId}`);
    const action = run.state.machine.pending?.action;
    if (!action || (action.kind !== "agents" && action.kind !== "check"))
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`run ${input.runId} at transition ${input.seq} has no agent call or check pending`);
    const key = (0,_machine_js__WEBPACK_IMPORTED_MODULE_8__/* .stepKey */ .Ug)(action.step);
    if (leg.seq !== input.seq || leg.step !== key || leg.nonce !== run.job.nonce)
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`leg ${JSON.stringify(leg.name)} is not part of transition ${input.seq} of run ${input.runId} (${key})`);
    const stage = run.mplan.workflows[action.step.workflow]?.[action.step.index - 1];
    if (!stage)
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`no step ${key} in the plan`);
    const rec = run.status.steps.find((s) => s.key === key);
    if (!rec)
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`the run's view has no step ${key}`);
    const workspace = await _workspace_js__WEBPACK_IMPORTED_MODULE_11__/* .RunWorkspace */ .H.open(run.git, input.runId);
    const ctx = {
        root: input.root,
        git: run.git,
        flow: input.flow,
        runId: input.runId,
        feature: run.state.feature,
        baseBranch: run.state.base_branch,
        workspace,
        signal: input.signal ?? new AbortController().signal,
        env: input.env,
        changed: async (e) => {
            const line = (0,_events_js__WEBPACK_IMPORTED_MODULE_6__/* .describeEvent */ .g)(e, run.status);
            if (line)
                input.log?.(`[${line.scope}] ${line.text}`);
        },
        retryDelayMs: input.retryDelayMs ?? { min: 1000, max: 30_000 },
        locks: "groups",
    };
    const dir = await (0,_packages_js__WEBPACK_IMPORTED_MODULE_14__/* .scratch */ .FW)("leg");
    try {
        let result;
        let outputFrom;
        if (action.kind === "agents" && leg.kind === "agent") {
            const planned = stage.agents[leg.index];
            const view = rec.agents[leg.index];
            if (!planned || !view || planned.agent !== leg.agent || !action.calls.includes(leg.index))
                throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`${key}: agent #${leg.index} (${leg.agent}) is not called by this action`);
            const problems = (0,_environment_js__WEBPACK_IMPORTED_MODULE_5__/* .environmentProblems */ .MM)(input.flow);
            if (problems.length > 0)
                throw new _environment_js__WEBPACK_IMPORTED_MODULE_5__/* .EnvironmentRefused */ ._l(problems);
            // Only this agent's secrets reach this leg, and only its CLI is installed: only they must be there.
            const missing = (0,_preflight_js__WEBPACK_IMPORTED_MODULE_9__/* .needProblems */ .Pb)(input.flow, [planned.agent], input.env, input.root);
            if (missing.length > 0)
                throw new _preflight_js__WEBPACK_IMPORTED_MODULE_9__/* .PrerequisitesMissing */ .W(input.flow.file, missing);
            view.attempts = 0;
            try {
                await (0,_agent_run_js__WEBPACK_IMPORTED_MODULE_3__/* .runAgent */ .JN)(ctx, key, { agent: planned.agent, with: planned.with }, action.base, view);
            }
            catch (err) {
                if (err instanceof _fingerprint_changes_js__WEBPACK_IMPORTED_MODULE_7__/* .TamperDetected */ .m9)
                    throw err;
                Object.assign(view, { state: "failed", error: message(err), commit: null, changed_files: [] });
            }
            const r = (0,_step_results_js__WEBPACK_IMPORTED_MODULE_10__/* .agentResult */ .nq)(leg.index, planned, view);
            result = {
                schema: "agent-flow/leg@1",
                kind: "agent",
                seq: input.seq,
                step: key,
                index: leg.index,
                result: r,
                attempts: view.attempts,
                started_at: view.started_at,
                finished_at: view.finished_at,
            };
            if (r.ok && r.commit) {
                await run.git.updateRef(_leg_package_js__WEBPACK_IMPORTED_MODULE_12__/* .LEG_BUNDLE_REF */ .cI, r.commit);
                await (0,_git_ops_js__WEBPACK_IMPORTED_MODULE_16__/* .createBundle */ .t2)(run.git, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, _leg_package_js__WEBPACK_IMPORTED_MODULE_12__/* .LEG_FILES */ .pz.bundle), [_leg_package_js__WEBPACK_IMPORTED_MODULE_12__/* .LEG_BUNDLE_REF */ .cI], action.base);
            }
            outputFrom = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,_run_store_js__WEBPACK_IMPORTED_MODULE_2__/* .runDir */ .ff)(input.root, input.runId), planned.output);
        }
        else if (action.kind === "check" && leg.kind === "check") {
            const step = input.flow.workflows[action.step.workflow]?.steps.find((s) => s.id === action.step.id);
            if (step?.kind !== "check")
                throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`${key} is not a check of ${input.flow.file}`);
            let summary;
            try {
                summary = await (0,_check_run_js__WEBPACK_IMPORTED_MODULE_4__/* .runCheck */ .k)(ctx, key, step, action.base, action.step.n);
            }
            catch (err) {
                if (err instanceof _fingerprint_changes_js__WEBPACK_IMPORTED_MODULE_7__/* .TamperDetected */ .m9)
                    throw err;
                summary = (0,_step_results_js__WEBPACK_IMPORTED_MODULE_10__/* .failedCheck */ .WU)(stage, key, message(err));
            }
            result = { schema: "agent-flow/leg@1", kind: "check", seq: input.seq, step: key, index: 0, summary };
            outputFrom = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,_run_store_js__WEBPACK_IMPORTED_MODULE_2__/* .runDir */ .ff)(input.root, input.runId), "test_results");
        }
        else {
            throw new _packages_js__WEBPACK_IMPORTED_MODULE_14__/* .JobRefused */ .qc(`leg ${JSON.stringify(leg.name)} is a ${leg.kind}, but ${key} is a ${action.kind} step`);
        }
        await (0,_packages_js__WEBPACK_IMPORTED_MODULE_14__/* .writeJsonFile */ .An)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, _leg_package_js__WEBPACK_IMPORTED_MODULE_12__/* .LEG_FILES */ .pz.result), result);
        await (0,_packages_js__WEBPACK_IMPORTED_MODULE_14__/* .copyTree */ .EL)(outputFrom, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, _leg_package_js__WEBPACK_IMPORTED_MODULE_12__/* .LEG_FILES */ .pz.output));
        const legKey = _package_store_js__WEBPACK_IMPORTED_MODULE_13__/* .packageKeys */ .t.leg(input.runId, input.seq, leg.index, leg.nonce);
        await input.store.save(legKey, dir);
        const error = result.kind === "agent" ? result.result.error : result.summary.error;
        if (result.kind === "check") {
            rec.state = result.summary.passed ? "succeeded" : "failed";
            rec.error = result.summary.error;
        }
        return { status: run.status, ok: error === null, key: legKey, error, result };
    }
    finally {
        await workspace.dispose().catch(() => undefined);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 4924:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KL: () => (/* binding */ quarantineRef),
/* harmony export */   cI: () => (/* binding */ LEG_BUNDLE_REF),
/* harmony export */   pz: () => (/* binding */ LEG_FILES)
/* harmony export */ });
const LEG_FILES = {
    result: "result.json",
    bundle: "agent.bundle",
    output: "output",
};
/** The ref an agent's commit has inside agent.bundle. */
const LEG_BUNDLE_REF = "refs/agent-flow-leg/commit";
/** Where advance fetches a leg's bundle before it is verified (outside the run's refs). */
const quarantineRef = (runId, index) => `refs/agent-flow-quarantine/${runId}/${index}`;


/***/ })

};
