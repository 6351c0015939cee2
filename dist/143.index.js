export const id = 143;
export const ids = [143];
export const modules = {

/***/ 3143:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planJob: () => (/* binding */ planJob)
});

// EXTERNAL MODULE: ./build/bundle/js/flow/plan.js
var flow_plan = __webpack_require__(7655);
// EXTERNAL MODULE: ./build/bundle/js/lib/untrusted-text.js
var untrusted_text = __webpack_require__(8339);
// EXTERNAL MODULE: ./build/bundle/js/run/run-id.js
var run_id = __webpack_require__(9110);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/engine/environment.js
var environment = __webpack_require__(9185);
// EXTERNAL MODULE: ./build/bundle/js/engine/git.js + 2 modules
var engine_git = __webpack_require__(4968);
// EXTERNAL MODULE: ./build/bundle/js/engine/machine.js
var machine = __webpack_require__(8621);
// EXTERNAL MODULE: ./build/bundle/js/engine/machine-plan.js
var machine_plan = __webpack_require__(4645);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/flow/diagnostics.js
var diagnostics = __webpack_require__(9142);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/run/base.js
var run_base = __webpack_require__(7694);
// EXTERNAL MODULE: ./build/bundle/js/run/request.js
var run_request = __webpack_require__(7794);
// EXTERNAL MODULE: ./build/bundle/js/run/run-lock.js
var run_lock = __webpack_require__(8148);
// EXTERNAL MODULE: ./build/bundle/js/run/status.js
var run_status = __webpack_require__(2093);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-ops.js
var git_ops = __webpack_require__(9305);
;// CONCATENATED MODULE: ./build/bundle/js/engine/branches.js


/**
 * Local branches ordered by how likely the user meant them for `wanted`: most similar name first, then
 * most recently committed. Run branches (`feature/...-<RUN_ID>`) are plentiful and rarely meant, so
 * similarity, not the alphabet, decides what is shown.
 */
async function likelyBranches(git, wanted) {
    const byRecency = await (0,git_ops/* branchesByRecency */.po)(git);
    const w = wanted.toLowerCase();
    const score = (name) => {
        const n = name.toLowerCase();
        // A name containing the wanted one (or the reverse) is nearly as good as a typo of it.
        const contains = n.includes(w) || w.includes(n) ? Math.abs(n.length - w.length) / 4 : Infinity;
        return Math.min((0,diagnostics/* editDistance */.YC)(w, n), contains);
    };
    const ranked = byRecency
        .map((name, recency) => ({ name, recency, score: score(name) }))
        .sort((a, b) => a.score - b.score || a.recency - b.recency);
    return { names: ranked.map((r) => r.name), all: ranked.length };
}

// EXTERNAL MODULE: ./build/bundle/js/flow/commit-rules.js
var commit_rules = __webpack_require__(1587);
;// CONCATENATED MODULE: ./build/bundle/js/engine/commit-preflight.js




/**
 * The repository-dependent half of the commit step's rules (the other half is flow/validate-commit.ts),
 * checked before any agent runs, by `validate` in a repository and at the start of `run`:
 * - the remote must exist, when the repository has remotes at all (with none, the step makes the branch
 *   locally and prints how to push it, as documented);
 * - the branch the template makes must be valid, and must not exist yet or be checked out: the commit
 *   step would refuse to overwrite it after the whole pipeline ran.
 */
async function checkCommitSettings(flow, git, opts = {}) {
    const steps = commitSteps(flow, opts.workflow);
    if (steps.length === 0)
        return [];
    const [remotes, worktrees] = await Promise.all([(0,git_ops/* remoteNames */.RS)(git), (0,git_ops/* checkedOutBranches */.SN)(git)]);
    const problems = [];
    for (const { workflow, step } of steps) {
        const at = ["workflows", workflow, "steps", step.index, "commit"];
        const o = step.options;
        if (remotes.length > 0 && !remotes.includes(o.remote)) {
            problems.push({
                path: [...at, "remote"],
                message: `remote '${o.remote}' is not configured in this repository${(0,diagnostics/* didYouMean */.au)(o.remote, remotes)} (remotes: ${remotes.join(", ")}); set commit.remote to one of them`,
            });
        }
        const values = { ...opts.values, workflow };
        const needed = commit_rules/* PLACEHOLDERS */.je.filter((p) => o.branch.includes(`{${p}}`));
        if (needed.some((p) => values[p] === undefined))
            continue;
        const branch = (0,commit_rules/* expandPlaceholders */.pj)(o.branch, values);
        const fixed = needed.includes("run_id")
            ? ""
            : " (the template has no {run_id}, so every run makes this name)";
        if (!(await (0,git_ops/* isValidBranchName */.eB)(git, branch))) {
            problems.push({
                path: [...at, "branch"],
                message: `makes the branch name '${branch}', which git refuses; change the template`,
            });
            continue;
        }
        const holder = worktrees.get(branch);
        if (holder !== undefined) {
            problems.push({
                path: [...at, "branch"],
                message: `makes the branch '${branch}', which is checked out in ${holder}${fixed}; the commit step would refuse it after the whole run: switch that checkout to another branch, or change the template`,
            });
        }
        else if (await git.revParse(`refs/heads/${branch}`)) {
            problems.push({
                path: [...at, "branch"],
                message: `makes the branch '${branch}', which already exists${fixed}; the commit step would refuse to overwrite it after the whole run: delete the branch, or put {run_id} in the template`,
            });
        }
    }
    return problems;
}
/** Why a new run must not start because of its commit settings (one line each, `FILE: KEY.PATH: ...`), or null. */
async function commitSettingsRefusal(flow, git, opts) {
    const problems = await checkCommitSettings(flow, git, opts);
    if (problems.length === 0)
        return null;
    return problems.map((p) => `${flow.file}: ${(0,diagnostics/* formatKeyPath */.K7)(p.path)}: ${p.message}`).join("\n");
}
function commitSteps(flow, workflow) {
    let names = Object.keys(flow.workflows);
    if (workflow !== undefined && flow.workflows[workflow]) {
        const plan = (0,flow_plan/* planWorkflow */.t5)(flow, workflow);
        names = [plan.workflow, ...plan.triggered.map((w) => w.workflow)];
    }
    return names.flatMap((name) => (flow.workflows[name]?.steps ?? []).flatMap((step) => step.kind === "commit" ? [{ workflow: name, step }] : []));
}

// EXTERNAL MODULE: ./build/bundle/js/engine/local.js + 13 modules
var local = __webpack_require__(2892);
;// CONCATENATED MODULE: ./build/bundle/js/engine/start.js















const FEATURE_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FEATURE_RULE = "lowercase letters and digits in words joined by single hyphens, at most 64 characters (e.g. risk-monitoring)";
/** Raised for bad input before anything is written. */
class RunRefused extends errors/* AgentFlowError */.o {
    constructor(message, hint) {
        super(message, 2, hint);
    }
}
function featureProblem(name) {
    if (name === "")
        return `the feature name is empty; it must use ${FEATURE_RULE}`;
    if (name.length > 64 || !FEATURE_RE.test(name)) {
        return `'${name.length > 70 ? `${name.slice(0, 70)}...` : name}' is not a valid feature name; it must use ${FEATURE_RULE}`;
    }
    return null;
}
/** Why `--request FILE` could not be read, and what to give instead. */
function requestFileProblem(err) {
    const code = err.code;
    const what = "give a file with the request text, or - for standard input";
    if (code === "EISDIR")
        return `is a folder, not a file (${what})`;
    if (code === "ENOENT" || code === "ENOTDIR")
        return `no such file (${what})`;
    if (code === "EACCES" || code === "EPERM")
        return `cannot be read: permission denied (${what})`;
    return `cannot be read: ${err instanceof Error ? err.message : String(err)} (${what})`;
}
async function findRepoRoot(cwd) {
    const root = await new engine_git/* Git */.T(cwd).topLevel();
    if (!root)
        throw new RunRefused(`${cwd} is not inside a git repository; agent-flow runs in a repository (git init, then commit once)`);
    return root;
}
/**
 * Checks every input of `agent-flow run` and returns the run's status, creating the run folder only once
 * everything is valid: a refused run leaves no trace.
 */
async function prepareRun(req) {
    const { prepared, written } = await startRun(req);
    await written;
    return prepared;
}
/**
 * prepareRun(), returning once the run's folder is claimed: a new run's first files (request, head ref,
 * status) are `written` meanwhile, so that the engine can open its workspace and warm its first step's
 * directories at the same time. The engine awaits `written` before anything else writes the run's status
 * or state.
 */
async function startRun(req) {
    const root = await findRepoRoot(req.cwd);
    const git = new engine_git/* Git */.T(root);
    if (req.runId !== undefined) {
        const problem = (0,run_id/* runIdProblem */.w2)(req.runId);
        if (problem)
            throw new RunRefused(problem);
    }
    if (req.retry)
        return { prepared: await resume(root, req), written: Promise.resolve() };
    if (req.feature === undefined)
        throw new RunRefused("--feature NAME is required for a new run (or --run-id ID --retry to resume one)");
    const fp = featureProblem(req.feature);
    if (fp)
        throw new RunRefused(fp);
    const workflow = req.workflow ?? req.flow.defaults.workflow;
    if (!req.flow.workflows[workflow]) {
        const known = Object.keys(req.flow.workflows);
        throw new RunRefused(`no workflow '${workflow}' in ${req.flow.file}${(0,diagnostics/* didYouMean */.au)(workflow, known)} (workflows: ${known.join(", ")})`);
    }
    const { base, baseSha } = await (req.baseRead ?? resolveBase(git, req.baseBranch));
    const runId = req.runId ?? (0,run_id/* newRunId */.F$)();
    const commitProblem = await commitSettingsRefusal(req.flow, git, {
        workflow,
        values: { feature: req.feature, run_id: runId, base: base || baseSha.slice(0, 7) },
    });
    if (commitProblem)
        throw new RunRefused(commitProblem);
    const startedAt = new Date().toISOString();
    const status = {
        schema: run_status/* STATUS_SCHEMA */.N,
        run_id: runId,
        feature: req.feature,
        workflow,
        base_branch: base,
        base_sha: baseSha,
        flow_file: req.flow.file,
        state: "pending",
        started_at: startedAt,
        finished_at: null,
        updated_at: startedAt,
        engine: null,
        head: baseSha,
        result_ref: (0,local/* headRef */.uO)(runId),
        green: false,
        error: null,
        triggers: [],
        steps: [],
        outcome: null,
        issue: req.issue ?? null,
    };
    const dir = (0,store/* runDir */.ff)(root, runId);
    await claimRunDir(root, runId);
    const request = (0,run_request/* cleanRequest */.H)(req.request ?? "");
    const text = request.text.trim() ? `${request.text.trim()}\n` : `Implement the feature '${req.feature}'.\n`;
    // All three at once: none depends on another (a run whose engine dies before its first saved state
    // cannot be resumed, whichever of them exist).
    const files = Promise.all([
        (0,promises_.writeFile)((0,external_node_path_.join)(dir, run_request/* REQUEST_FILE */.x), `Feature: ${req.feature}\nBase Branch: ${base || `none (${(0,run_base/* describeBase */.d)(base, baseSha)})`}\nRun ID: ${runId}\n\n${text}`),
        // Through the run's long-lived `update-ref --stdin` (ref-writer.ts), which the engine's first save of
        // its state then finds started: one git process less before the first step.
        git.updateRefs([[(0,local/* headRef */.uO)(runId), baseSha]]),
        (0,store/* writeStatus */.Kn)(root, status),
    ]);
    const written = files.then(async () => {
        if (!request.note)
            return;
        await (0,store/* appendLog */.pm)(root, runId, "request", request.note);
        req.notice?.(request.note);
    });
    written.catch(() => undefined);
    return { prepared: { root, status, resumed: false, request: request.text }, written };
}
async function resume(root, req) {
    if (req.runId === undefined)
        throw new RunRefused("--retry needs --run-id ID: the run to resume (see 'agent-flow runs')");
    let status;
    try {
        status = await (0,store/* readStatus */.rk)(root, req.runId);
    }
    catch (err) {
        throw new RunRefused(err instanceof store/* StatusError */.Xs ? err.message : `cannot read ${(0,store/* statusFile */.DP)(root, req.runId)}: ${String(err)}`);
    }
    if (status.state === "succeeded")
        throw new RunRefused(`run ${status.run_id} already succeeded; there is nothing to retry`);
    const gate = (0,run_lock/* liveEngineGate */.ef)(root, status, req.force === true, "wait for it or stop it first");
    if (gate && "refused" in gate)
        throw new RunRefused(gate.refused);
    if (gate)
        req.notice?.(gate.assumed);
    const clash = (flag, given, recorded) => {
        if (given !== undefined && given !== recorded)
            throw new RunRefused(`${flag} '${given}' differs from the run's '${recorded}'; a retry keeps what the run started with`);
    };
    clash("--feature", req.feature, status.feature);
    clash("--base", req.baseBranch, status.base_branch);
    clash("workflow", req.workflow, status.workflow);
    if (!req.flow.workflows[status.workflow])
        throw new RunRefused(`the run's workflow '${status.workflow}' is no longer in ${req.flow.file}`);
    return { root, status, resumed: true };
}
/**
 * Starts reading a new run's base (its git processes) at once, for startRun() to take as `baseRead`: the
 * run command starts it before the flow file is parsed, so that git works while the parse keeps this
 * process busy. A refusal (not a repository, no commits, no such branch) is raised where startRun() would
 * raise it, after the checks before it; until then it is no unhandled rejection.
 */
function readBase(cwd, given) {
    const read = findRepoRoot(cwd).then((root) => resolveBase(new Git(root), given));
    read.catch(() => undefined);
    return read;
}
/**
 * The run's base: `--base BRANCH` (that branch's tip), else what is checked out. A detached HEAD (the
 * normal state in CI on pull_request events) is a valid base: the run starts from that commit and has no
 * base branch (""), so the commit step opens no pull request and says how to open one.
 */
async function resolveBase(git, given) {
    if (given === undefined) {
        const [current, head] = await Promise.all([(0,git_ops/* currentBranch */.eR)(git), git.revParse("HEAD")]);
        if (current && head)
            return { base: current, baseSha: head };
        if (!current && head)
            return { base: "", baseSha: head };
        throw new RunRefused(current
            ? `the current branch '${current}' has no commits yet: commit once first, or pass --base BRANCH`
            : "the repository has no commits yet: commit once first");
    }
    const valid = await (0,git_ops/* isValidBranchName */.eB)(git, given);
    const baseSha = valid ? await git.revParse(`refs/heads/${given}`) : undefined;
    if (baseSha)
        return { base: given, baseSha };
    const likely = await likelyBranches(git, given);
    if (likely.all === 0)
        throw new RunRefused(`base branch '${given}' does not exist; the repository has no branches yet: commit once first`);
    const listed = likely.names.slice(0, 8).join(", ");
    const more = likely.all > 8 ? `, and ${likely.all - 8} more (git branch --list)` : "";
    throw new RunRefused(`base branch '${given}' does not exist${(0,diagnostics/* didYouMean */.au)(given, likely.names)} (likely: ${listed}${more}); pass --base with an existing local branch`);
}
/**
 * Creates the run folder with a non-recursive mkdir: of several engines started with the same run id at
 * once, exactly one succeeds; the others are told the run exists and write nothing.
 */
async function claimRunDir(root, runId) {
    const dir = (0,store/* runDir */.ff)(root, runId);
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(dir), { recursive: true });
    try {
        await (0,promises_.mkdir)(dir);
    }
    catch (err) {
        if (err.code === "EEXIST")
            throw new RunRefused(`run ${runId} already exists (${dir}); resume it with --run-id ${runId} --retry, or omit --run-id for a new run`);
        throw err;
    }
}

// EXTERNAL MODULE: ./build/bundle/js/engine/status-view.js
var status_view = __webpack_require__(7352);
// EXTERNAL MODULE: ./build/bundle/js/engine/step-results.js + 11 modules
var step_results = __webpack_require__(8792);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/package-store.js
var package_store = __webpack_require__(6625);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/packages.js
var jobs_packages = __webpack_require__(1408);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/state-package.js
var state_package = __webpack_require__(7969);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/transition.js + 1 modules
var transition = __webpack_require__(8314);
;// CONCATENATED MODULE: ./build/bundle/js/engine/jobs/plan-job.js















/**
 * The run a resume goes on from: the state `resumeState` names, exactly. A run id given alone starts a
 * run with that id, unless the cache already holds state of that run: then the dispatch meant a resume
 * and is refused, saying where the value is, rather than starting the run over or guessing a state.
 */
async function savedRun(input) {
    if (input.resumeState) {
        if (!input.runId)
            throw new jobs_packages/* JobRefused */.qc("input 'resume-state' needs the 'run-id' of the run to resume");
        return (0,state_package/* openState */.Gf)(input, input.runId, input.resumeState.seq, input.resumeState.digest);
    }
    if (input.runId && (await input.store.exists(package_store/* packageKeys */.t.statePrefix(input.runId))))
        throw new jobs_packages/* JobRefused */.qc(`run ${input.runId} has saved state: to resume it, give input 'resume-state' too. Its value is in the summary of the last plan, advance-k or commit job of the dispatch that ran it ("To resume this run from here"), and in that job's 'resume-state' output; take it only from those jobs, never from a run-k leg. To start a new run instead, leave 'run-id' empty`);
    return null;
}
/**
 * The `plan` job: validates, starts a new run or resumes a saved one, and emits the first action. A
 * flow that can take more step executions than the workflow has slots is refused unless the run id is
 * given: then a dispatch that runs out of slots is continued by the next with the same run id.
 */
async function planJob(input) {
    const { flow } = input;
    const credentials = (0,environment/* environmentProblems */.MM)(flow);
    if (credentials.length > 0)
        throw new environment/* EnvironmentRefused */._l(credentials);
    const saved = await savedRun(input);
    if (saved) {
        const clash = (name, given, recorded) => {
            if (given && given !== recorded)
                throw new jobs_packages/* JobRefused */.qc(`input '${name}' is '${given}' but run ${input.runId} has '${recorded}'; a resumed run keeps what it started with (leave the input empty)`);
        };
        clash("feature", input.feature, saved.state.feature);
        clash("workflow", input.workflow, saved.state.workflow);
        clash("base-branch", input.baseBranch, saved.state.base_branch);
        const r = (0,machine/* resume */.U)(saved.state.machine);
        if ("refused" in r)
            throw new jobs_packages/* JobRefused */.qc(`run ${input.runId}: ${r.refused}`);
        saved.state.machine = r.state;
        (0,status_view/* rebuildSteps */.pV)(saved.status, r.state, saved.state.base_sha);
        saved.status.finished_at = null;
        saved.status.error = null;
        await (0,store/* appendLog */.pm)(input.root, input.runId, "run", `resumed from transition ${saved.job.seq}`);
        const { outputs } = await (0,transition/* emitNext */.HU)(input, saved, saved.job.seq + 1, input.repository);
        return {
            outputs,
            status: saved.status,
            notice: `resumed run ${input.runId} from transition ${saved.job.seq}`,
        };
    }
    if (!input.feature)
        throw new jobs_packages/* JobRefused */.qc(input.runId
            ? `run ${input.runId} has no saved state in the cache (never started, or evicted): give input 'feature' to start it anew`
            : "input 'feature' is required to start a run (or give 'run-id' and 'resume-state' to resume one)");
    const workflow = input.workflow || flow.defaults.workflow;
    const plan = (0,flow_plan/* planWorkflow */.t5)(flow, workflow);
    const mplan = (0,machine_plan/* machinePlan */.f)(plan);
    const bound = (0,machine/* stepBound */.Zg)(mplan);
    if (bound > input.slots && !input.runId)
        throw new jobs_packages/* JobRefused */.qc(`workflow '${workflow}' of ${flow.file} can take up to ${bound} step executions (with its triggers at their max), more than the ${input.slots} slots of the workflow, so one dispatch may not finish it. Either dispatch with a run id (e.g. run-id: ${(0,run_id/* newRunId */.F$)()}): the run then stops when the slots are used up, and dispatching again with the same run id resumes it from the saved state (give also the resume-state that the summary of its last advance job shows); or give the workflow more slots (node scripts/workflow.mjs --slots ${bound}); or lower the triggers' max`);
    // Dispatch inputs and issue text are strangers' text: hidden parts are removed before any agent sees it.
    const request = (0,untrusted_text/* sanitiseUntrusted */.zO)(input.request).text;
    const prepared = await prepareRun({
        cwd: input.root,
        flow,
        workflow,
        feature: input.feature || undefined,
        request,
        baseBranch: input.baseBranch || undefined,
        runId: input.runId || undefined,
        retry: false,
        issue: input.issue ?? undefined,
    });
    const status = prepared.status;
    const state = (0,step_results/* newRunState */.PG)(status, request, input.flowText, mplan);
    status.state = "running";
    await (0,store/* appendLog */.pm)(input.root, status.run_id, "run", `run started on GitHub (${bound} step executions at most, ${input.slots} slots)`);
    const run = {
        git: new engine_git/* Git */.T(prepared.root),
        state,
        status,
        job: { schema: "agent-flow/job@1", seq: 0, nonce: "" },
        plan,
        mplan,
    };
    const { outputs } = await (0,transition/* emitNext */.HU)(input, run, 0, input.repository);
    return {
        outputs,
        status,
        notice: bound > input.slots
            ? `this run may need more than one dispatch: when the slots run out, dispatch again with run-id ${status.run_id} and the resume-state in the summary of the run's last advance job`
            : null,
    };
}


/***/ })

};
