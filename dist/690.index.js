export const id = 690;
export const ids = [690];
export const modules = {

/***/ 4690:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commitJob: () => (/* binding */ commitJob),
/* harmony export */   statusJob: () => (/* binding */ statusJob)
/* harmony export */ });
/* harmony import */ var _run_store_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6525);
/* harmony import */ var _machine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8621);
/* harmony import */ var _status_view_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7352);
/* harmony import */ var _step_results_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8792);
/* harmony import */ var _packages_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1408);
/* harmony import */ var _state_package_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7969);
/* harmony import */ var _transition_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8314);







/**
 * The `commit` job: the same commit step as `agent-flow run` (runCommitStep, through executeCommit),
 * on the state the last advance saved. It runs no agent or repository code; the state it restores is
 * verified again (verifyRunState) and the commit step re-checks the whole result before it pushes.
 */
async function commitJob(input) {
    const run = await (0,_state_package_js__WEBPACK_IMPORTED_MODULE_4__/* .openState */ .Gf)(input, input.runId, input.seq, input.digest);
    if (!run)
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_3__/* .JobRefused */ .qc(`no state of run ${input.runId}`);
    const action = run.state.machine.pending?.action;
    if (action?.kind !== "commit")
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_3__/* .JobRefused */ .qc(`run ${input.runId} at transition ${input.seq} has no commit step pending`);
    const key = (0,_machine_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(action.step);
    const step = input.flow.workflows[action.step.workflow]?.steps.find((s) => s.id === action.step.id);
    if (step?.kind !== "commit")
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_3__/* .JobRefused */ .qc(`${key} is not a commit step of ${input.flow.file}`);
    const rec = run.status.steps.find((s) => s.key === key);
    if (!rec)
        throw new _packages_js__WEBPACK_IMPORTED_MODULE_3__/* .JobRefused */ .qc(`the run's view has no step ${key}`);
    run.status.head = run.state.machine.head;
    const done = await (0,_step_results_js__WEBPACK_IMPORTED_MODULE_2__/* .executeCommit */ .jH)({
        root: input.root,
        git: run.git,
        flow: input.flow,
        status: run.status,
        run: run.state,
        machine: run.state.machine,
        step: action.step,
        options: step.options,
        env: input.env,
        log: (text) => (0,_run_store_js__WEBPACK_IMPORTED_MODULE_0__/* .appendLog */ .pm)(input.root, input.runId, key, text),
    });
    const a = (0,_machine_js__WEBPACK_IMPORTED_MODULE_1__/* .advance */ .np)(run.mplan, run.state.machine, done.result);
    await (0,_transition_js__WEBPACK_IMPORTED_MODULE_5__/* .noteEvents */ .qM)(input.root, run.status, a.events);
    run.state.machine = a.state;
    (0,_status_view_js__WEBPACK_IMPORTED_MODULE_6__/* .stepFinished */ .Je)(rec, done.result, a.state);
    await (0,_run_store_js__WEBPACK_IMPORTED_MODULE_0__/* .appendLog */ .pm)(input.root, input.runId, key, `${rec.state}${rec.error ? `: ${rec.error}` : ""}`);
    const { outputs } = await (0,_transition_js__WEBPACK_IMPORTED_MODULE_5__/* .emitNext */ .HU)(input, run, input.seq + 1, input.repository);
    const r = done.result.kind === "commit" ? done.result : null;
    return {
        outputs: {
            ...outputs,
            branch: r?.branch ?? "",
            "pr-url": done.pr?.url ?? "",
            "pr-number": done.pr ? String(done.pr.number) : "",
            "pr-operation": done.pr?.action ?? "",
        },
        status: run.status,
        notice: run.status.outcome,
    };
}
/** The `status` job: the run's saved state named by `anchor`, for the summary and the `status` output. */
async function statusJob(input) {
    const run = await (0,_state_package_js__WEBPACK_IMPORTED_MODULE_4__/* .openState */ .Gf)(input, input.runId, input.anchor.seq, input.anchor.digest);
    return {
        outputs: {
            "run-id": input.runId,
            status: JSON.stringify(run.status),
            done: String(run.state.machine.outcome !== null),
            outcome: run.state.machine.outcome?.state ?? "",
            seq: String(run.job.seq),
        },
        status: run.status,
        notice: null,
    };
}


/***/ }),

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
