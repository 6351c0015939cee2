export const id = 545;
export const ids = [545];
export const modules = {

/***/ 1545:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  advanceJob: () => (/* binding */ advanceJob)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/engine/agent-run.js + 7 modules
var agent_run = __webpack_require__(331);
// EXTERNAL MODULE: ./build/bundle/js/engine/local.js + 13 modules
var local = __webpack_require__(2892);
// EXTERNAL MODULE: ./build/bundle/js/engine/machine.js
var machine = __webpack_require__(8621);
// EXTERNAL MODULE: ./build/bundle/js/engine/status-view.js
var status_view = __webpack_require__(7352);
// EXTERNAL MODULE: ./build/bundle/js/engine/step-results.js + 11 modules
var step_results = __webpack_require__(8792);
// EXTERNAL MODULE: ./build/bundle/js/engine/workspace.js + 22 modules
var engine_workspace = __webpack_require__(8031);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/leg-package.js
var leg_package = __webpack_require__(4924);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/package-store.js
var package_store = __webpack_require__(6625);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/packages.js
var jobs_packages = __webpack_require__(1408);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/state-package.js
var state_package = __webpack_require__(7969);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/transition.js + 1 modules
var transition = __webpack_require__(8314);
// EXTERNAL MODULE: ./build/bundle/js/run/scope-check.js
var scope_check = __webpack_require__(5366);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-objects.js
var git_objects = __webpack_require__(1789);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-ops.js
var git_ops = __webpack_require__(9305);
// EXTERNAL MODULE: ./build/bundle/js/engine/police.js
var police = __webpack_require__(5044);
;// CONCATENATED MODULE: ./build/bundle/js/engine/jobs/verify-leg.js









const failure = (c, error, attempts = 0) => ({
    result: {
        index: c.index,
        agent: c.planned.agent,
        ok: false,
        exit_code: null,
        error,
        commit: null,
        changed: [],
        raised: [],
        output: c.planned.output,
    },
    attempts,
    started_at: null,
    finished_at: null,
});
const sameList = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
const isStrings = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
/**
 * Verifies an agent leg's package in `dir` (null: none was restored). The leg ran agent code with the
 * cache's write access, so every field is checked: its bundle must hold exactly one commit, a child of
 * the step's base, whose changes are the ones it claims and pass the same scope checks and policing as
 * locally. Anything else is this agent's failure, with the reason; nothing of it is kept.
 */
async function verifyAgentLeg(c, dir) {
    if (dir === null)
        return failure(c, "its leg left no result package (the leg failed or was cancelled before saving it, or the cache entry was evicted)");
    try {
        await (0,jobs_packages/* packageFiles */.i9)(dir);
        const leg = await (0,jobs_packages/* readJsonFile */.JE)((0,external_node_path_.join)(dir, leg_package/* LEG_FILES */.pz.result), "the leg's result.json");
        if (leg?.schema !== "agent-flow/leg@1" ||
            leg.kind !== "agent" ||
            leg.seq !== c.seq ||
            leg.step !== c.step ||
            leg.index !== c.index)
            throw new jobs_packages/* PackageRefused */.Nc("its result.json is not the result of this leg");
        const r = leg.result;
        if (typeof r !== "object" ||
            r === null ||
            r.index !== c.index ||
            r.agent !== c.planned.agent ||
            typeof r.ok !== "boolean" ||
            !isStrings(r.changed) ||
            !isStrings(r.raised) ||
            (r.commit !== null && typeof r.commit !== "string"))
            throw new jobs_packages/* PackageRefused */.Nc("its result.json does not describe this agent's call");
        const timing = {
            attempts: Number.isInteger(leg.attempts) ? leg.attempts : 0,
            started_at: typeof leg.started_at === "string" ? leg.started_at : null,
            finished_at: typeof leg.finished_at === "string" ? leg.finished_at : null,
        };
        const base = {
            index: c.index,
            agent: c.planned.agent,
            ok: r.ok,
            exit_code: typeof r.exit_code === "number" ? r.exit_code : null,
            error: typeof r.error === "string" ? r.error : r.ok ? null : "failed",
            commit: null,
            changed: [],
            raised: r.ok ? r.raised : [],
            output: c.planned.output,
        };
        if (!r.ok)
            return { result: base, ...timing };
        const bundle = (0,external_node_path_.join)(dir, leg_package/* LEG_FILES */.pz.bundle);
        const hasBundle = (await (0,promises_.stat)(bundle).catch(() => null)) !== null;
        if (r.commit === null) {
            if (hasBundle || r.changed.length > 0)
                throw new jobs_packages/* PackageRefused */.Nc("it claims no commit but carries changes");
            return { result: base, ...timing };
        }
        if (!hasBundle)
            throw new jobs_packages/* PackageRefused */.Nc("it claims a commit but carries no agent.bundle");
        const quarantine = (0,leg_package/* quarantineRef */.KL)(c.runId, c.index);
        try {
            await (0,state_package/* fetchBundle */.L2)(c.git, bundle, `+${leg_package/* LEG_BUNDLE_REF */.cI}:${quarantine}`);
            const commit = await c.git.revParse(quarantine);
            if (commit !== r.commit)
                throw new jobs_packages/* PackageRefused */.Nc(`its bundle holds ${commit?.slice(0, 12)}, not the claimed ${r.commit.slice(0, 12)}`);
            const info = await (0,git_objects/* commitParentsAndBody */.Kx)(c.git, commit);
            if (info?.parents !== c.base)
                throw new jobs_packages/* PackageRefused */.Nc(`its commit ${commit.slice(0, 12)} is not a child of the step's base ${c.base.slice(0, 12)}`);
            if (!info.body.includes(`Run-Id: ${c.runId}`))
                throw new jobs_packages/* PackageRefused */.Nc(`its commit ${commit.slice(0, 12)} is not a commit of run ${c.runId}`);
            const raw = await (0,police/* rawChanges */.A8)(c.git, c.base, commit);
            const changed = raw.map((x) => x.path);
            if (!sameList(changed, r.changed))
                throw new jobs_packages/* PackageRefused */.Nc("the files it claims to have changed are not the files its commit changes");
            const writes = c.flow.agents[c.planned.agent]?.writes ?? [];
            const violations = [
                ...(0,scope_check/* checkChangedPaths */.J3)(changed, writes, c.flow.policy),
                ...(await (0,police/* policeSnapshot */.je)(c.git, c.flow, writes, c.base, raw)),
            ];
            if (violations.length > 0)
                throw new jobs_packages/* PackageRefused */.Nc(`changed files outside its scopes; none of its changes were kept:\n${(0,scope_check/* describeViolations */.yO)(violations)}`);
            return { result: { ...base, commit, changed }, ...timing };
        }
        finally {
            await (0,git_ops/* dropRef */.t)(c.git, quarantine);
        }
    }
    catch (err) {
        if (!(err instanceof jobs_packages/* PackageRefused */.Nc))
            throw err;
        return failure(c, `its leg package was refused: ${err.message}`);
    }
}
/** A check leg's summary, or null when its package is missing or malformed (the check then failed). */
async function readCheckLeg(dir, seq, step) {
    if (dir === null)
        return { error: "the check's leg left no result package" };
    try {
        await (0,jobs_packages/* packageFiles */.i9)(dir);
        const leg = await (0,jobs_packages/* readJsonFile */.JE)((0,external_node_path_.join)(dir, leg_package/* LEG_FILES */.pz.result), "the leg's result.json");
        const s = leg?.kind === "check" ? leg.summary : null;
        if (leg?.schema !== "agent-flow/leg@1" ||
            leg.seq !== seq ||
            leg.step !== step ||
            !s ||
            typeof s.passed !== "boolean" ||
            !isStrings(s.command) ||
            !isStrings(s.failures) ||
            typeof s.output_tail !== "string")
            throw new jobs_packages/* PackageRefused */.Nc("its result.json is not the summary of this check");
        return { summary: { ...s, step } };
    }
    catch (err) {
        if (!(err instanceof jobs_packages/* PackageRefused */.Nc))
            throw err;
        return { error: `the check's leg package was refused: ${err.message}` };
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/jobs/advance-job.js















/** Restores a leg's package into a scratch folder; null when the cache has none. */
async function restoreLeg(input, nonce, index) {
    const dir = await (0,jobs_packages/* scratch */.FW)("leg");
    const key = package_store/* packageKeys */.t.leg(input.runId, input.seq, index, nonce);
    // A leg's package is the leg's to forge: one the store refuses (a hostile archive) is no package.
    const got = await input.store.restore(key, dir).catch(async (e) => {
        if (!(e instanceof jobs_packages/* PackageRefused */.Nc))
            throw e;
        await (0,store/* appendLog */.pm)(input.root, input.runId, "run", e.message);
        return null;
    });
    if (got === key)
        return dir;
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    return null;
}
/** Copies a verified package's output folder into the run folder (an agent's, or test_results). */
async function takeOutput(input, dir, to) {
    if (dir === null)
        return;
    await (0,jobs_packages/* copyTree */.EL)((0,external_node_path_.join)(dir, leg_package/* LEG_FILES */.pz.output), (0,external_node_path_.join)((0,store/* runDir */.ff)(input.root, input.runId), to));
}
async function agentsResult(input, run, action, stage, rec, refs) {
    const key = (0,machine/* stepKey */.Ug)(action.step);
    const results = [...action.reuse];
    for (const index of action.calls) {
        const planned = stage.agents[index];
        const view = rec.agents[index];
        if (!planned || !view)
            throw new Error(`${key}: no agent #${index} in the plan`);
        const dir = await restoreLeg(input, run.job.nonce, index);
        try {
            const v = await verifyAgentLeg({
                git: run.git,
                flow: input.flow,
                runId: input.runId,
                seq: input.seq,
                step: key,
                base: action.base,
                index,
                planned,
            }, dir);
            const r = v.result;
            // The agent's output folder (its log included) is kept whatever happened, as locally.
            await takeOutput(input, dir, planned.output).catch(() => undefined);
            Object.assign(view, {
                state: r.ok ? "succeeded" : "failed",
                attempts: v.attempts,
                started_at: v.started_at,
                finished_at: v.finished_at,
                exit_code: r.exit_code,
                error: r.error,
                changed_files: r.changed,
                commit: r.commit,
                raised: r.raised,
            });
            await (0,store/* appendLog */.pm)(input.root, input.runId, key, `${r.agent}: ${view.state}${r.error ? `: ${r.error}` : ""}`);
            run.state.machine = (0,machine/* recordAgent */.Pz)(run.state.machine, r);
            if (r.commit)
                refs.push([(0,agent_run/* refFor */.zh)(input.runId, key, r.agent), r.commit]);
            results.push(r);
        }
        finally {
            if (dir)
                await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    }
    const workspace = await engine_workspace/* RunWorkspace */.H.open(run.git, input.runId);
    try {
        return await (0,step_results/* combineStep */.Oq)(workspace, input.runId, action.step, action.base, results, false);
    }
    finally {
        await workspace.dispose().catch(() => undefined);
    }
}
async function checkResult(input, run, action, stage) {
    const key = (0,machine/* stepKey */.Ug)(action.step);
    const dir = await restoreLeg(input, run.job.nonce, 0);
    try {
        const got = await readCheckLeg(dir, input.seq, key);
        if ("error" in got) {
            await (0,store/* appendLog */.pm)(input.root, input.runId, key, got.error);
            return {
                kind: "check",
                step: action.step,
                summary: (0,step_results/* failedCheck */.WU)(stage, key, got.error),
                error: got.error,
            };
        }
        await takeOutput(input, dir, "test_results").catch(() => undefined);
        return { kind: "check", step: action.step, summary: got.summary, error: got.summary.error };
    }
    finally {
        if (dir)
            await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/**
 * The `advance-k` job: runs no agent or repository code. It restores the state (digest-checked) and
 * every leg package of the pending action, verifies each (verify-leg.ts), combines them and moves the
 * machine on exactly as the local engine does, then saves the next state and emits the next action.
 */
async function advanceJob(input) {
    const run = await (0,state_package/* openState */.Gf)(input, input.runId, input.seq, input.digest);
    if (!run)
        throw new jobs_packages/* JobRefused */.qc(`no state of run ${input.runId}`);
    const action = run.state.machine.pending?.action;
    if (!action || (action.kind !== "agents" && action.kind !== "check"))
        throw new jobs_packages/* JobRefused */.qc(`run ${input.runId} at transition ${input.seq} has no agent call or check pending; nothing to advance`);
    const pending = action;
    const key = (0,machine/* stepKey */.Ug)(pending.step);
    const stage = run.mplan.workflows[pending.step.workflow]?.[pending.step.index - 1];
    const rec = run.status.steps.find((s) => s.key === key);
    if (!stage || !rec)
        throw new jobs_packages/* JobRefused */.qc(`no step ${key} in the plan or the run's view`);
    const refs = [];
    const result = pending.kind === "agents"
        ? await agentsResult(input, run, pending, stage, rec, refs)
        : await checkResult(input, run, pending, stage);
    const a = (0,machine/* advance */.np)(run.mplan, run.state.machine, result);
    await (0,transition/* noteEvents */.qM)(input.root, run.status, a.events);
    run.state.machine = a.state;
    if (a.state.head !== pending.base) {
        refs.push([(0,agent_run/* refFor */.zh)(input.runId, key), a.state.head]);
        refs.push([(0,local/* headRef */.uO)(input.runId), a.state.head]);
    }
    run.status.head = a.state.head;
    run.status.green = a.state.green;
    (0,status_view/* stepFinished */.Je)(rec, result, a.state);
    await (0,store/* appendLog */.pm)(input.root, input.runId, key, `${rec.state}${rec.error ? `: ${rec.error}` : ""}`);
    // A re-run of this job ("re-run failed jobs") saves seq + 1 again, under a key of its own: the key
    // carries the new state's digest, which covers a fresh nonce.
    const { outputs, action: nextAction } = await (0,transition/* emitNext */.HU)(input, run, input.seq + 1, input.repository, refs);
    const outOfSlots = input.slot >= input.slots && (nextAction.kind === "agents" || nextAction.kind === "check");
    return {
        outputs,
        status: run.status,
        notice: outOfSlots
            ? `the workflow's ${input.slots} slots are used up before run ${input.runId} finished; its state is saved: dispatch the workflow again with run-id ${input.runId} and resume-state ${outputs["resume-state"]} to go on from ${(0,machine/* stepKey */.Ug)(nextAction.step)}`
            : null,
    };
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
