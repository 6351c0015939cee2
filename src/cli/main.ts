import { Command, CommanderError, Option } from "commander";
import { DEFAULT_FLOW_FILE } from "../flow/load.js";
import { ENV_VARIABLES } from "../flow/settings.js";
import { initCommand, planCommand, validateCommand } from "./flow-commands.js";
import { type CliIO, EXIT, UsageError } from "./output.js";
import { VERSION } from "./version.js";

const flowOption = () =>
  new Option("--flow <file>", "the flow file").default(DEFAULT_FLOW_FILE).env("AGENT_FLOW_FILE");

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
    );

  root
    .command("init")
    .description("write the guide's pipeline as a commented flow file and ignore run state in .gitignore")
    .addOption(flowOption())
    .option("--force", "overwrite an existing flow file", false)
    .action(async (opts: { flow: string; force: boolean }) => setCode(await initCommand(io, opts)));

  root
    .command("validate")
    .description("check a flow file and report every problem as file:line:col")
    .addOption(flowOption())
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "github"]).default("text"))
    .addHelpText("after", "\nExit codes: 0 valid, 1 invalid, 2 usage error.\nThe github format prints workflow-command annotations.")
    .action(async (opts: { flow: string; format: string }) => setCode(await validateCommand(io, opts)));

  root
    .command("plan")
    .description("print the ordered stages of a workflow, as the engines will run them")
    .argument("[workflow]", "workflow to plan (default: the flow's defaults.workflow)")
    .addOption(flowOption())
    .addOption(new Option("--format <format>", "output format").choices(["json", "mermaid"]).default("json"))
    .action(async (workflow: string | undefined, opts: { flow: string; format: string }) =>
      setCode(await planCommand(io, workflow, opts)),
    );

  for (const cmd of root.commands) cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError("(add --help for usage)");
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
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.AGENT_FLOW_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return EXIT.failed;
  }
}
