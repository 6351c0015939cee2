import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync } from "node:fs";
import { access, appendFile, constants } from "node:fs/promises";
import { EOL } from "node:os";

/**
 * The workflow commands the action's driver speaks to the runner: inputs, outputs, log lines,
 * annotations, groups and the job summary, written exactly as @actions/core writes them (a test
 * compares the two, __tests__/unit/runner-commands.test.ts).
 *
 * Why not @actions/core itself: it imports its OIDC client, hence @actions/http-client and all of undici
 * (~1 MB of source), at every start. That was most of the module evaluation of `validate`, which runs
 * on every push (issue 12's cold start). The commands that talk to GitHub or to the cache still load
 * @actions/core, in their own chunks.
 */

/** Where an annotation points (the names of @actions/core's AnnotationProperties). */
export interface Annotation {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** `::name key=value,...::message` on stdout; properties without a value are left out. */
function command(
  name: string,
  message: string,
  props: Record<string, string | number | undefined> = {},
): void {
  const list = Object.entries(props)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  process.stdout.write(
    `::${name}${list.length > 0 ? ` ${list.join(",")}` : ""}::${escapeData(message)}${EOL}`,
  );
}

function annotate(level: "error" | "warning" | "notice", message: string, a: Annotation = {}): void {
  command(level, message, {
    title: a.title,
    file: a.file,
    line: a.startLine,
    endLine: a.endLine,
    col: a.startColumn,
    endColumn: a.endColumn,
  });
}

/** The input `name` (INPUT_NAME, spaces as underscores), trimmed; "" when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "").trim();
}

/** Appends `name<<DELIMITER` ... to $GITHUB_OUTPUT (or, without it, the old `::set-output` command). */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT || "";
  if (!file) {
    process.stdout.write(EOL);
    command("set-output", value, { name });
    return;
  }
  // A delimiter nobody can predict, so that a value cannot end the block early and set other outputs.
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`output '${name}' contains the delimiter "${delimiter}"`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, "utf8");
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}
export const error = (message: string, a?: Annotation): void => annotate("error", message, a);
export const warning = (message: string, a?: Annotation): void => annotate("warning", message, a);
export const notice = (message: string, a?: Annotation): void => annotate("notice", message, a);
export const startGroup = (name: string): void => command("group", name);
export const endGroup = (): void => command("endgroup", "");

/** An error annotation, and the step fails when the process exits. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Appends markdown to the job summary ($GITHUB_STEP_SUMMARY). */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file)
    throw new Error(
      "Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.",
    );
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
    );
  }
  await appendFile(file, markdown, "utf8");
}
