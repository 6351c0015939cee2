import type { KeyPath } from "./diagnostics.js";

/** A problem with a command or an environment value, located inside the entry that holds it. */
export interface ValueProblem {
  path: KeyPath;
  message: string;
}

const NUL = "\u0000";

/**
 * What makes a `run` (agent) or `check` command unable to start: an empty program name, a command of
 * spaces only, a NUL character (no argument can hold one). An empty argument after the program is fine.
 */
export function commandProblems(run: string | string[], path: KeyPath): ValueProblem[] {
  if (typeof run === "string") {
    if (run.trim() === "")
      return [{ path, message: "is empty or only spaces; write the command to run, e.g. npm test" }];
    if (run.includes(NUL)) return [{ path, message: "contains a NUL character, which no command can hold" }];
    return [];
  }
  const out: ValueProblem[] = [];
  const [program] = run;
  if (program !== undefined && program.trim() === "") {
    out.push({
      path: [...path, 0],
      message: "the program name (the first item) is empty; write the program to run, e.g. [npm, test]",
    });
  } else if (program !== undefined && program !== program.trim()) {
    out.push({
      path: [...path, 0],
      message: `the program name '${program}' starts or ends with spaces, which no program's name does; remove them`,
    });
  }
  run.forEach((arg, i) => {
    if (arg.includes(NUL))
      out.push({ path: [...path, i], message: "contains a NUL character, which no argument can hold" });
  });
  return out;
}

/** Environment values (`env:`, and `with:`, seen as AGENT_<KEY>) that no process environment can hold. */
export function envProblems(env: Record<string, string>, path: KeyPath): ValueProblem[] {
  return Object.entries(env).flatMap(([key, value]) =>
    value.includes(NUL)
      ? [
          {
            path: [...path, key],
            message: "contains a NUL character, which an environment variable cannot hold",
          },
        ]
      : [],
  );
}
