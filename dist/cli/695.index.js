export const id = 695;
export const ids = [695,997];
export const modules = {

/***/ 8695:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8179);
/* harmony import */ var _flow_default_file_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(5034);
/* harmony import */ var _flow_diagnostics_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9142);
/* harmony import */ var _flow_env_variables_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3997);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1490);
/* harmony import */ var _flow_worker_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5886);
/* harmony import */ var _output_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5299);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3404);










// Each command's module (and with it zod, yaml, the engine, octokit) is loaded only when that command
// runs: `--help`, `--version` and a usage error evaluate commander alone (issue 12's cold start). The
// build emits each as a chunk file beside the bundle (scripts/build.mjs), compiled only when imported.
const commands = {
    flow: () => Promise.all(/* import() */[__webpack_require__.e(368), __webpack_require__.e(605), __webpack_require__.e(815), __webpack_require__.e(932), __webpack_require__.e(508), __webpack_require__.e(163), __webpack_require__.e(857)]).then(__webpack_require__.bind(__webpack_require__, 8857)),
    // finding the default flow file only: a run does not load validate's, plan's and init's code
    flowFile: () => Promise.all(/* import() */[__webpack_require__.e(932), __webpack_require__.e(849)]).then(__webpack_require__.bind(__webpack_require__, 4849)),
    run: () => Promise.all(/* import() */[__webpack_require__.e(368), __webpack_require__.e(605), __webpack_require__.e(932), __webpack_require__.e(508), __webpack_require__.e(867), __webpack_require__.e(536), __webpack_require__.e(346), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 9949)),
    doctor: () => Promise.all(/* import() */[__webpack_require__.e(368), __webpack_require__.e(932), __webpack_require__.e(867), __webpack_require__.e(45)]).then(__webpack_require__.bind(__webpack_require__, 4434)),
    // git alone (a small chunk): a run finds its repository before its own code is loaded
    git: () => __webpack_require__.e(/* import() */ 932).then(__webpack_require__.bind(__webpack_require__, 7932)),
    cleanup: () => Promise.all(/* import() */[__webpack_require__.e(368), __webpack_require__.e(605), __webpack_require__.e(932), __webpack_require__.e(508), __webpack_require__.e(867), __webpack_require__.e(536), __webpack_require__.e(346)]).then(__webpack_require__.bind(__webpack_require__, 6346)),
    inspect: () => Promise.all(/* import() */[__webpack_require__.e(368), __webpack_require__.e(605), __webpack_require__.e(932), __webpack_require__.e(508), __webpack_require__.e(867), __webpack_require__.e(536), __webpack_require__.e(918), __webpack_require__.e(646)]).then(__webpack_require__.bind(__webpack_require__, 9646)),
};
// no commander default: the default is resolved from the repository root (see preAction below)
const flowOption = () => new commander__WEBPACK_IMPORTED_MODULE_2__/* .Option */ .c$("--flow <file>", "the flow file (default: agents/flow.yaml at the repository root)").env("AGENT_FLOW_FILE");
/** Builds the command tree; each action stores its exit code instead of exiting mid-function. */
function program(io, setCode) {
    const root = new commander__WEBPACK_IMPORTED_MODULE_2__/* .Command */ .uB("agent-flow")
        .description("Take a feature idea to a pull request by running a pipeline of AI coding agents.")
        .version(_version_js__WEBPACK_IMPORTED_MODULE_7__/* .VERSION */ .x, "-V, --version")
        .exitOverride()
        .configureOutput({ writeOut: io.out, writeErr: io.err })
        .showHelpAfterError("(add --help for usage)")
        .addHelpText("after", `\nEnvironment:\n  ${_flow_env_variables_js__WEBPACK_IMPORTED_MODULE_3__/* .ENV_VARIABLES */ .W.join(", ")} override the flow's defaults.\n\nExit codes: 0 success, 1 failure (invalid flow, failed run), 2 usage error.`)
        .hook("preAction", async (_root, command) => {
        if (command.name() === "run") {
            // A run's code loads while git finds the repository (issue 12: run start): the discovery's git
            // process starts first, so that its answer (every later git call of the run needs it, and so
            // does the default flow file) is there long before that code has been evaluated; the flow file
            // is then read and checked on the worker thread meanwhile (flow-worker.ts). Not for a flow file
            // that is named and missing: that ends the run at once.
            const named = command.getOptionValue("flow");
            const git = named === undefined || (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, named))
                ? await commands.git().then(({ Git }) => new Git(io.cwd), () => undefined)
                : undefined;
            void git?.prepare();
            void commands.run().catch(() => undefined);
            if (git && named === undefined)
                // as defaultFlowPath() finds it (the same git answer, asked once per process)
                command.setOptionValue("flow", (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)((await git.topLevel()) ?? io.cwd, _flow_default_file_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_FLOW_FILE */ .c));
        }
        // run from a subdirectory, every command still finds the repository's flow
        const hasFlow = command.options.some((o) => o.long === "--flow");
        if (hasFlow && !command.getOptionValue("flow"))
            command.setOptionValue("flow", await (await commands.flowFile()).defaultFlowPath(io));
        // (a missing flow file ends the run at once: the worker is not waited for)
        const flowFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, command.getOptionValue("flow") ?? "");
        if (command.name() === "run" && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(flowFile))
            (0,_flow_worker_js__WEBPACK_IMPORTED_MODULE_5__/* .askFlowWorker */ .SU)(flowFile, io.env);
    });
    root
        .command("init")
        .description("write the guide's pipeline as a commented flow file and ignore run state in .gitignore")
        .addOption(flowOption())
        .option("--force", "overwrite an existing flow file", false)
        .action(async (opts) => setCode(await (await commands.flow()).initCommand(io, opts)));
    root
        .command("validate")
        .description("check a flow file and report every problem as file:line:col")
        .addOption(flowOption())
        .addOption(new commander__WEBPACK_IMPORTED_MODULE_2__/* .Option */ .c$("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
        .addHelpText("after", "\nExit codes: 0 valid, 1 invalid, 2 usage error.\nThe github format prints workflow-command annotations.")
        .action(async (opts) => setCode(await (await commands.flow()).validateCommand(io, opts)));
    root
        .command("plan")
        .description("print the ordered stages of a workflow, as the engines will run them")
        .argument("[workflow]", "workflow to plan (default: the flow's defaults.workflow)")
        .addOption(flowOption())
        .addOption(new commander__WEBPACK_IMPORTED_MODULE_2__/* .Option */ .c$("--format <format>", "output format").choices(["json", "mermaid"]).default("json"))
        .action(async (workflow, opts) => setCode(await (await commands.flow()).planCommand(io, workflow, opts)));
    root
        .command("run")
        .description("run a workflow of the flow on this repository, each agent in its own worktree")
        .argument("[workflow]", "workflow to run (default: the flow's defaults.workflow)")
        .addOption(flowOption())
        .option("--feature <name>", "feature name, a slug such as risk-monitoring (required for a new run)")
        .option("--request <file>", "file with the feature request text, or - for standard input")
        .option("--base <branch>", "branch the run starts from (default: the current branch)")
        .option("--run-id <id>", "run id (YYYYMMDD-HHMMSS-xxxxxxxx): a new run's id, or the run to resume with --retry")
        .option("--retry", "resume a failed, cancelled or interrupted run: finished steps are not run again", false)
        .option("--force", "with --retry: assume the run's engine is gone even if it still counts as alive (says what it assumes)", false)
        .option("--parallel-max <n>", "most agents at once in a parallel group (overrides AGENT_PARALLEL_MAX)")
        .option("--issue <number>", "the issue the run comes from: the pull request says 'Closes #N'")
        .option("--quiet", "print only the final result", false)
        .option("--json", "print one JSON object per event, for scripts", false)
        .addHelpText("after", "\nThe run folder is docs/status/runs/<RUN_ID>/. Agents work in worktrees; their accepted changes are\n" +
        "commits on refs/agent-flow/<RUN_ID>/. Your checkout is never switched or edited: only the commit step\n" +
        "makes a branch (feature/<feature>-<RUN_ID> by default), pushes it and opens the pull request.\n" +
        "Exit codes: 0 succeeded, 1 failed, 2 usage error or refused input, 130 cancelled.")
        .action(async (workflow, opts) => setCode(await (await commands.run()).runCommand(io, workflow, opts)));
    root
        .command("doctor")
        .description("show what the flow's agents need (CLIs, versions, secrets, commands) and whether the sandbox holds here")
        .argument("[workflow]", "workflow whose agents must be ready (default: the flow's defaults.workflow)")
        .addOption(flowOption())
        .option("--json", "print JSON", false)
        .addHelpText("after", "\nExit codes: 0 ready, 1 something the workflow needs is missing, 2 usage error.")
        .action(async (workflow, opts) => setCode(await (await commands.doctor()).doctorCommand(io, workflow, opts)));
    root
        .command("rollback")
        .description("remove a run: its branch (local and remote), private refs, trigger files and run folder")
        .argument("<run-id>", "the run")
        .option("--close-pr", "also close its pull request (needs AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN)", false)
        .option("--force", "assume the run's engine is gone even if it still counts as alive (says what it assumes)", false)
        .action(async (id, opts) => setCode(await (await commands.inspect()).rollbackCommand(io, id, opts)));
    root
        .command("cleanup")
        .description("remove finished runs older than the retention: run folders, snapshots, private refs, trigger files, run branches without an open PR, surplus pooled worktrees, stale locks")
        .addOption(flowOption())
        .option("--retention <days>", "keep finished runs this many days (default: AGENT_RUN_RETENTION, else the flow's run_retention, else 7)")
        .option("--dry-run", "say what would be removed, remove nothing", false)
        .option("--json", "print the report as JSON", false)
        .action(async (opts) => setCode(await (await commands.cleanup()).cleanupCommand(io, opts)));
    root
        .command("status")
        .description("show a run's steps and agents with state and duration")
        .argument("[run-id]", "a run id, or latest (default: the latest successful run, else the newest)")
        .option("--json", "print pipeline_status.json", false)
        .action(async (id, opts) => setCode(await (await commands.inspect()).statusCommand(io, id, opts)));
    root
        .command("logs")
        .description("print a run's pipeline.log, or one agent's log")
        .argument("<run-id>", "a run id, or latest")
        .argument("[agent]", "an agent name: print its agent.log instead")
        .option("-f, --follow", "keep printing as the log grows, until the run ends", false)
        .action(async (id, agent, opts) => setCode(await (await commands.inspect()).logsCommand(io, id, agent, opts)));
    root
        .command("runs")
        .description("list runs with state, feature and age; a running run says why its engine counts as alive or stale")
        .option("--json", "print JSON", false)
        .action(async (opts) => setCode(await (await commands.inspect()).runsCommand(io, opts)));
    root
        .command("locks")
        .description("list advisory locks under .locks/ with holder, age and why each counts as alive or stale (heartbeat, pid)")
        .option("--json", "print JSON", false)
        .action(async (opts) => setCode(await (await commands.inspect()).locksCommand(io, opts)));
    root
        .command("trigger")
        .description("raise a trigger for a run by hand (writes .triggers/runs/<RUN_ID>/<NAME>)")
        .argument("<run-id>", "the run")
        .argument("<name>", "a trigger declared in the flow, e.g. tests_failed")
        .addOption(flowOption())
        .action(async (id, name, opts) => {
        const flow = await (await commands.flow()).loadValidFlow(io, opts.flow);
        if (!flow)
            return setCode(_output_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.failed);
        if (!flow.triggers[name]) {
            const known = Object.keys(flow.triggers);
            throw new _output_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`no trigger '${name}' in ${flow.file}${(0,_flow_diagnostics_js__WEBPACK_IMPORTED_MODULE_9__/* .didYouMean */ .au)(name, known)} (triggers: ${known.join(", ") || "none"})`);
        }
        setCode(await (await commands.inspect()).triggerCommand(io, id, name));
    });
    for (const cmd of root.commands)
        cmd
            .exitOverride()
            .configureOutput({ writeOut: io.out, writeErr: io.err })
            .showHelpAfterError("(add --help for usage)");
    return root;
}
/** Runs the CLI with `args` (without node and script) and returns the exit code. */
async function main(args, io) {
    let code = _output_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.ok;
    try {
        await program(io, (c) => {
            code = c;
        }).parseAsync(args, { from: "user" });
        return code;
    }
    catch (err) {
        if (err instanceof commander__WEBPACK_IMPORTED_MODULE_2__/* .CommanderError */ .b7) {
            if (err.code === "commander.helpDisplayed" || err.code === "commander.version")
                return _output_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.ok;
            return _output_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.usage;
        }
        // Every refusal and expected failure carries its exit code and hint (lib/errors.ts); anything else is a bug.
        if (err instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AgentFlowError */ .o) {
            io.err(`error: ${err.message}\n${err.hint ? `${err.hint}\n` : ""}`);
            return err.exitCode;
        }
        io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        if (io.env.AGENT_FLOW_DEBUG && err instanceof Error && err.stack)
            io.err(`${err.stack}\n`);
        return _output_js__WEBPACK_IMPORTED_MODULE_6__/* .EXIT */ .dc.failed;
    }
}


/***/ }),

/***/ 5034:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ DEFAULT_FLOW_FILE)
/* harmony export */ });
/** The flow file a command reads when none is named, relative to the repository's root. */
const DEFAULT_FLOW_FILE = "agents/flow.yaml";


/***/ }),

/***/ 3997:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ ENV_VARIABLES),
/* harmony export */   u: () => (/* binding */ VARIABLES)
/* harmony export */ });
/**
 * The guide's environment variables and the `defaults` key each overrides (read in settings.ts). Apart
 * from settings.ts so that the CLI's help names them without loading the flow schema (zod).
 */
const VARIABLES = {
    AGENT_PARALLEL_MAX: "parallel_max",
    AGENT_LOCK_TIMEOUT: "lock_timeout",
    AGENT_RUN_RETENTION: "run_retention",
    AGENT_AUTO_CLEANUP: "auto_cleanup",
};
const ENV_VARIABLES = Object.keys(VARIABLES);


/***/ })

};
