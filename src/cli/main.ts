import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { DEFAULT_FLOW_FILE } from "../flow/default-file.js";
import { didYouMean } from "../flow/diagnostics.js";
import { ENV_VARIABLES } from "../flow/env-variables.js";
import { AgentFlowError } from "../lib/errors.js";
import type { CleanupFlags } from "./cleanup-command.js";
import { askFlowWorker } from "./flow-worker.js";
import { type CliIO, EXIT, UsageError } from "./output.js";
import type { RunFlags } from "./run-command.js";
import { VERSION } from "./version.js";

// Each command's module (and with it zod, yaml, the engine, octokit) is loaded only when that command
// runs: `--help`, `--version` and a usage error evaluate commander alone (issue 12's cold start). The
// build emits each as a chunk file beside the bundle (scripts/build.mjs), compiled only when imported.
const commands = {
  flow: () => import("./flow-commands.js"),
  // finding the default flow file only: a run does not load validate's, plan's and init's code
  flowFile: () => import("./flow-file.js"),
  run: () => import("./run-command.js"),
  doctor: () => import("./doctor-command.js"),
  // git alone (a small chunk): a run finds its repository before its own code is loaded
  git: () => import("../engine/git.js"),
  cleanup: () => import("./cleanup-command.js"),
  inspect: () => import("./inspect-commands.js"),
};

// no commander default: the default is resolved from the repository root (see preAction below)
const flowOption = () =>
  new Option("--flow <file>", "the flow file (default: agents/flow.yaml at the repository root)").env(
    "AGENT_FLOW_FILE",
  );

/** Builds the command tree; each action stores its exit code instead of exiting mid-function. */
function program(io: CliIO, setCode: (code: number) => void): Command {
  const root = new Command("agent-flow")
    .description("Take a feature idea to a pull request by running a pipeline of AI coding agents.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      `\nEnvironment:\n  ${ENV_VARIABLES.join(", ")} override the flow's defaults.\n\nExit codes: 0 success, 1 failure (invalid flow, failed run), 2 usage error.`,
    )
    .hook("preAction", async (_root, command) => {
      if (command.name() === "run") {
        // A run's code loads while git finds the repository (issue 12: run start): the discovery's git
        // process starts first, so that its answer (every later git call of the run needs it, and so
        // does the default flow file) is there long before that code has been evaluated; the flow file
        // is then read and checked on the worker thread meanwhile (flow-worker.ts). Not for a flow file
        // that is named and missing: that ends the run at once.
        const named: string | undefined = command.getOptionValue("flow");
        const git =
          named === undefined || existsSync(resolve(io.cwd, named))
            ? await commands.git().then(
                ({ Git }) => new Git(io.cwd),
                () => undefined,
              )
            : undefined;
        void git?.prepare();
        void commands.run().catch(() => undefined);
        if (git && named === undefined)
          // as defaultFlowPath() finds it (the same git answer, asked once per process)
          command.setOptionValue("flow", resolve((await git.topLevel()) ?? io.cwd, DEFAULT_FLOW_FILE));
      }
      // run from a subdirectory, every command still finds the repository's flow
      const hasFlow = command.options.some((o) => o.long === "--flow");
      if (hasFlow && !command.getOptionValue("flow"))
        command.setOptionValue("flow", await (await commands.flowFile()).defaultFlowPath(io));
      // (a missing flow file ends the run at once: the worker is not waited for)
      const flowFile = resolve(io.cwd, command.getOptionValue("flow") ?? "");
      if (command.name() === "run" && existsSync(flowFile)) askFlowWorker(flowFile, io.env);
    });

  root
    .command("init")
    .description("write the guide's pipeline as a commented flow file and ignore run state in .gitignore")
    .addOption(flowOption())
    .option("--force", "overwrite an existing flow file", false)
    .action(async (opts: { flow: string; force: boolean }) =>
      setCode(await (await commands.flow()).initCommand(io, opts)),
    );

  root
    .command("validate")
    .description("check a flow file and report every problem as file:line:col")
    .addOption(flowOption())
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"),
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 valid, 1 invalid, 2 usage error.\nThe github format prints workflow-command annotations.",
    )
    .action(async (opts: { flow: string; format: string }) =>
      setCode(await (await commands.flow()).validateCommand(io, opts)),
    );

  root
    .command("plan")
    .description("print the ordered stages of a workflow, as the engines will run them")
    .argument("[workflow]", "workflow to plan (default: the flow's defaults.workflow)")
    .addOption(flowOption())
    .addOption(new Option("--format <format>", "output format").choices(["json", "mermaid"]).default("json"))
    .action(async (workflow: string | undefined, opts: { flow: string; format: string }) =>
      setCode(await (await commands.flow()).planCommand(io, workflow, opts)),
    );

  root
    .command("run")
    .description("run a workflow of the flow on this repository, each agent in its own worktree")
    .argument("[workflow]", "workflow to run (default: the flow's defaults.workflow)")
    .addOption(flowOption())
    .option("--feature <name>", "feature name, a slug such as risk-monitoring (required for a new run)")
    .option("--request <file>", "file with the feature request text, or - for standard input")
    .option("--base <branch>", "branch the run starts from (default: the current branch)")
    .option(
      "--run-id <id>",
      "run id (YYYYMMDD-HHMMSS-xxxxxxxx): a new run's id, or the run to resume with --retry",
    )
    .option(
      "--retry",
      "resume a failed, cancelled or interrupted run: finished steps are not run again",
      false,
    )
    .option(
      "--force",
      "with --retry: assume the run's engine is gone even if it still counts as alive (says what it assumes)",
      false,
    )
    .option("--parallel-max <n>", "most agents at once in a parallel group (overrides AGENT_PARALLEL_MAX)")
    .option("--issue <number>", "the issue the run comes from: the pull request says 'Closes #N'")
    .option("--quiet", "print only the final result", false)
    .option("--json", "print one JSON object per event, for scripts", false)
    .addHelpText(
      "after",
      "\nThe run folder is docs/status/runs/<RUN_ID>/. Agents work in worktrees; their accepted changes are\n" +
        "commits on refs/agent-flow/<RUN_ID>/. Your checkout is never switched or edited: only the commit step\n" +
        "makes a branch (feature/<feature>-<RUN_ID> by default), pushes it and opens the pull request.\n" +
        "Exit codes: 0 succeeded, 1 failed, 2 usage error or refused input, 130 cancelled.",
    )
    .action(async (workflow: string | undefined, opts: RunFlags) =>
      setCode(await (await commands.run()).runCommand(io, workflow, opts)),
    );

  root
    .command("doctor")
    .description(
      "show what the flow's agents need (CLIs, versions, secrets, commands) and whether the sandbox holds here",
    )
    .argument("[workflow]", "workflow whose agents must be ready (default: the flow's defaults.workflow)")
    .addOption(flowOption())
    .option("--json", "print JSON", false)
    .addHelpText("after", "\nExit codes: 0 ready, 1 something the workflow needs is missing, 2 usage error.")
    .action(async (workflow: string | undefined, opts: { flow: string; json: boolean }) =>
      setCode(await (await commands.doctor()).doctorCommand(io, workflow, opts)),
    );

  root
    .command("rollback")
    .description("remove a run: its branch (local and remote), private refs, trigger files and run folder")
    .argument("<run-id>", "the run")
    .option(
      "--close-pr",
      "also close its pull request (needs AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN)",
      false,
    )
    .option(
      "--force",
      "assume the run's engine is gone even if it still counts as alive (says what it assumes)",
      false,
    )
    .action(async (id: string, opts: { closePr: boolean; force: boolean }) =>
      setCode(await (await commands.inspect()).rollbackCommand(io, id, opts)),
    );

  root
    .command("cleanup")
    .description(
      "remove finished runs older than the retention: run folders, snapshots, private refs, trigger files, run branches without an open PR, surplus pooled worktrees, stale locks",
    )
    .addOption(flowOption())
    .option(
      "--retention <days>",
      "keep finished runs this many days (default: AGENT_RUN_RETENTION, else the flow's run_retention, else 7)",
    )
    .option("--dry-run", "say what would be removed, remove nothing", false)
    .option("--json", "print the report as JSON", false)
    .action(async (opts: CleanupFlags) => setCode(await (await commands.cleanup()).cleanupCommand(io, opts)));

  root
    .command("status")
    .description("show a run's steps and agents with state and duration")
    .argument("[run-id]", "a run id, or latest (default: the latest successful run, else the newest)")
    .option("--json", "print pipeline_status.json", false)
    .action(async (id: string | undefined, opts: { json: boolean }) =>
      setCode(await (await commands.inspect()).statusCommand(io, id, opts)),
    );

  root
    .command("logs")
    .description("print a run's pipeline.log, or one agent's log")
    .argument("<run-id>", "a run id, or latest")
    .argument("[agent]", "an agent name: print its agent.log instead")
    .option("-f, --follow", "keep printing as the log grows, until the run ends", false)
    .action(async (id: string, agent: string | undefined, opts: { follow: boolean }) =>
      setCode(await (await commands.inspect()).logsCommand(io, id, agent, opts)),
    );

  root
    .command("runs")
    .description(
      "list runs with state, feature and age; a running run says why its engine counts as alive or stale",
    )
    .option("--json", "print JSON", false)
    .action(async (opts: { json: boolean }) =>
      setCode(await (await commands.inspect()).runsCommand(io, opts)),
    );

  root
    .command("locks")
    .description(
      "list advisory locks under .locks/ with holder, age and why each counts as alive or stale (heartbeat, pid)",
    )
    .option("--json", "print JSON", false)
    .action(async (opts: { json: boolean }) =>
      setCode(await (await commands.inspect()).locksCommand(io, opts)),
    );

  root
    .command("trigger")
    .description("raise a trigger for a run by hand (writes .triggers/runs/<RUN_ID>/<NAME>)")
    .argument("<run-id>", "the run")
    .argument("<name>", "a trigger declared in the flow, e.g. tests_failed")
    .addOption(flowOption())
    .action(async (id: string, name: string, opts: { flow: string }) => {
      const flow = await (await commands.flow()).loadValidFlow(io, opts.flow);
      if (!flow) return setCode(EXIT.failed);
      if (!flow.triggers[name]) {
        const known = Object.keys(flow.triggers);
        throw new UsageError(
          `no trigger '${name}' in ${flow.file}${didYouMean(name, known)} (triggers: ${known.join(", ") || "none"})`,
        );
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
export async function main(args: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program(io, (c) => {
      code = c;
    }).parseAsync(args, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT.ok;
      return EXIT.usage;
    }
    // Every refusal and expected failure carries its exit code and hint (lib/errors.ts); anything else is a bug.
    if (err instanceof AgentFlowError) {
      io.err(`error: ${err.message}\n${err.hint ? `${err.hint}\n` : ""}`);
      return err.exitCode;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.AGENT_FLOW_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return EXIT.failed;
  }
}
