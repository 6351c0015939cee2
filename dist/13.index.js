export const id = 13;
export const ids = [13];
export const modules = {

/***/ 9013:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  legJob: () => (/* binding */ legJob)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/engine/agent-run.js + 7 modules
var agent_run = __webpack_require__(331);
// EXTERNAL MODULE: ./build/bundle/js/engine/check-run.js
var check_run = __webpack_require__(4760);
// EXTERNAL MODULE: ./build/bundle/js/engine/environment.js
var environment = __webpack_require__(9185);
// EXTERNAL MODULE: ./build/bundle/js/engine/events.js
var events = __webpack_require__(7023);
// EXTERNAL MODULE: ./build/bundle/js/engine/fingerprint-changes.js
var fingerprint_changes = __webpack_require__(9408);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-ops.js
var git_ops = __webpack_require__(9305);
// EXTERNAL MODULE: ./build/bundle/js/engine/machine.js
var machine = __webpack_require__(8621);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/engine/containment.js + 1 modules
var containment = __webpack_require__(5799);
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
;// CONCATENATED MODULE: ./build/bundle/js/engine/jobs/leg-job.js

















const message = (err) => (err instanceof Error ? err.message : String(err));
/**
 * A `run-k` leg: one agent call (or the check) of the pending action, in this job's own checkout, with
 * the same runAgent/runCheck, environment contract, scopes and policing as `agent-flow run`. Its result
 * is a leg package in the cache; nothing it reports is trusted until `advance` verifies it. Locks are
 * not taken here: on GitHub they are the leg's job concurrency group.
 */
async function legJob(input) {
    const { leg } = input;
    const run = await (0,state_package/* openState */.Gf)(input, input.runId, input.seq, input.digest);
    if (!run)
        throw new jobs_packages/* JobRefused */.qc(`no state of run ${input.runId}`);
    const action = run.state.machine.pending?.action;
    if (!action || (action.kind !== "agents" && action.kind !== "check"))
        throw new jobs_packages/* JobRefused */.qc(`run ${input.runId} at transition ${input.seq} has no agent call or check pending`);
    const key = (0,machine/* stepKey */.Ug)(action.step);
    if (leg.seq !== input.seq || leg.step !== key || leg.nonce !== run.job.nonce)
        throw new jobs_packages/* JobRefused */.qc(`leg ${JSON.stringify(leg.name)} is not part of transition ${input.seq} of run ${input.runId} (${key})`);
    const stage = run.mplan.workflows[action.step.workflow]?.[action.step.index - 1];
    if (!stage)
        throw new jobs_packages/* JobRefused */.qc(`no step ${key} in the plan`);
    const rec = run.status.steps.find((s) => s.key === key);
    if (!rec)
        throw new jobs_packages/* JobRefused */.qc(`the run's view has no step ${key}`);
    const workspace = await engine_workspace/* RunWorkspace */.H.open(run.git, input.runId);
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
            const line = (0,events/* describeEvent */.g)(e, run.status);
            if (line)
                input.log?.(`[${line.scope}] ${line.text}`);
        },
        retryDelayMs: input.retryDelayMs ?? { min: 1000, max: 30_000 },
        locks: "groups",
    };
    const dir = await (0,jobs_packages/* scratch */.FW)("leg");
    try {
        let result;
        let outputFrom;
        if (action.kind === "agents" && leg.kind === "agent") {
            const planned = stage.agents[leg.index];
            const view = rec.agents[leg.index];
            if (!planned || !view || planned.agent !== leg.agent || !action.calls.includes(leg.index))
                throw new jobs_packages/* JobRefused */.qc(`${key}: agent #${leg.index} (${leg.agent}) is not called by this action`);
            const problems = (0,environment/* environmentProblems */.MM)(input.flow);
            if (problems.length > 0)
                throw new environment/* EnvironmentRefused */._l(problems);
            // Only this agent's secrets reach this leg, and only its CLI is installed: only they must be there.
            const missing = needProblems(input.flow, [planned.agent], input.env, input.root);
            if (missing.length > 0)
                throw new PrerequisitesMissing(input.flow.file, missing);
            view.attempts = 0;
            try {
                await (0,agent_run/* runAgent */.JN)(ctx, key, { agent: planned.agent, with: planned.with }, action.base, view);
            }
            catch (err) {
                if (err instanceof fingerprint_changes/* TamperDetected */.m9)
                    throw err;
                Object.assign(view, { state: "failed", error: message(err), commit: null, changed_files: [] });
            }
            const r = (0,step_results/* agentResult */.nq)(leg.index, planned, view);
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
                await run.git.updateRef(leg_package/* LEG_BUNDLE_REF */.cI, r.commit);
                await (0,git_ops/* createBundle */.t2)(run.git, (0,external_node_path_.join)(dir, leg_package/* LEG_FILES */.pz.bundle), [leg_package/* LEG_BUNDLE_REF */.cI], action.base);
            }
            outputFrom = (0,external_node_path_.join)((0,store/* runDir */.ff)(input.root, input.runId), planned.output);
        }
        else if (action.kind === "check" && leg.kind === "check") {
            const step = input.flow.workflows[action.step.workflow]?.steps.find((s) => s.id === action.step.id);
            if (step?.kind !== "check")
                throw new jobs_packages/* JobRefused */.qc(`${key} is not a check of ${input.flow.file}`);
            let summary;
            try {
                summary = await (0,check_run/* runCheck */.k)(ctx, key, step, action.base, action.step.n);
            }
            catch (err) {
                if (err instanceof fingerprint_changes/* TamperDetected */.m9)
                    throw err;
                summary = (0,step_results/* failedCheck */.WU)(stage, key, message(err));
            }
            result = { schema: "agent-flow/leg@1", kind: "check", seq: input.seq, step: key, index: 0, summary };
            outputFrom = (0,external_node_path_.join)((0,store/* runDir */.ff)(input.root, input.runId), "test_results");
        }
        else {
            throw new jobs_packages/* JobRefused */.qc(`leg ${JSON.stringify(leg.name)} is a ${leg.kind}, but ${key} is a ${action.kind} step`);
        }
        await (0,jobs_packages/* writeJsonFile */.An)((0,external_node_path_.join)(dir, leg_package/* LEG_FILES */.pz.result), result);
        await (0,jobs_packages/* copyTree */.EL)(outputFrom, (0,external_node_path_.join)(dir, leg_package/* LEG_FILES */.pz.output));
        const legKey = package_store/* packageKeys */.t.leg(input.runId, input.seq, leg.index, leg.nonce);
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
        await (0,promises_.rm)(dir, { recursive: true, force: true });
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
