import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./cli.js";

/**
 * A folder holding a stand-in for an agent CLI named `name` (no model is reachable in tests): it prints
 * a version for `--version`; otherwise it saves the prompt it was given (after `-p`, or on stdin) to
 * `$AGENT_OUTPUT/prompt.txt`, and its arguments to `argv.txt`. Put the folder first on PATH.
 */
export function stubCli(name: string): string {
  const dir = tempDir("agent-flow-stub-");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(
    file,
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo "9.9.9 (stub ${name})"; exit 0; fi
printf '%s\\n' "$@" > "$AGENT_OUTPUT/argv.txt"
prompt=""
while [ $# -gt 0 ]; do
  if [ "$1" = "-p" ] && [ $# -gt 1 ]; then prompt="$2"; fi
  shift
done
if [ -n "$prompt" ]; then printf '%s' "$prompt" > "$AGENT_OUTPUT/prompt.txt"; else cat > "$AGENT_OUTPUT/prompt.txt"; fi
echo '{"type":"result","num_turns":1,"total_cost_usd":0.01,"usage":{"input_tokens":10,"output_tokens":2}}'
`,
  );
  chmodSync(file, 0o755);
  return dir;
}
