/**
 * The environment and `-c` settings of every git process the engine runs (see Git in git.ts). The engine's
 * git must run no code that a repository, an agent or a stray variable can plant, and must not be
 * redirected to another repository:
 * - hooks off (`core.hooksPath=/dev/null`: no hook file can exist under it), fsmonitor off, no replace
 *   objects or grafts, no system config, no automatic gc;
 * - filter drivers neutralised: a `.gitattributes` written by an agent could otherwise switch the user's
 *   own drivers (e.g. LFS) on for any path; textconv and external diff are never asked for;
 * - literal pathspecs: a file named `:(top)x` is that file, not magic;
 * - inherited variables that pick a repository, an index, an object store or config are dropped, so the
 *   git dir and work tree are always the ones the engine computed.
 * The user's global config is kept: the commit step's author may come from `user.name`/`user.email`
 * (when the flow and AGENT_FLOW_AUTHOR name none), pushes need its credential helpers, and its ignore
 * file decides what counts as ignored. Agents cannot reach it through git (their `.git` is their own); a
 * same-user process writing it directly is outside what a process can prevent (see the README).
 */

const DROPPED = new Set([
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
  "GIT_CONFIG",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
  "GIT_CONFIG_SYSTEM",
  "GIT_EXTERNAL_DIFF",
  "GIT_DIFF_OPTS",
  "GIT_REPLACE_REF_BASE",
  "GIT_SHALLOW_FILE",
  "GIT_QUARANTINE_PATH",
  "GIT_PREFIX",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_CEILING_DIRECTORIES",
  "GIT_GLOB_PATHSPECS",
  "GIT_NOGLOB_PATHSPECS",
  "GIT_ICASE_PATHSPECS",
  "GIT_ATTR_SOURCE",
]);

/** Variables set on every engine git process (after the inherited ones are filtered). */
export const PINNED_ENV: NodeJS.ProcessEnv = {
  LC_ALL: "C",
  GIT_TERMINAL_PROMPT: "0",
  GIT_PAGER: "cat",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_ATTR_NOSYSTEM: "1",
  GIT_NO_REPLACE_OBJECTS: "1",
  GIT_GRAFT_FILE: "/dev/null",
  GIT_LITERAL_PATHSPECS: "1",
  GIT_NO_LAZY_FETCH: "1",
};

/** `-c` settings before every engine git command. */
export const PINNED_CONFIG: readonly string[] = [
  "core.hooksPath=/dev/null",
  "core.fsmonitor=false",
  "core.useReplaceRefs=false",
  "diff.external=",
  "gc.auto=0",
  "maintenance.auto=false",
  "submodule.recurse=false",
];

/** The inherited environment without the variables that would redirect or reconfigure git. */
export function gitEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (DROPPED.has(k) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...PINNED_ENV, ...extra };
}

/** `-c` arguments turning off every filter driver named in `names` (from `git config --get-regexp`). */
export function filterOverrides(names: Iterable<string>): string[] {
  const args: string[] = [];
  for (const n of names)
    for (const key of ["clean", "smudge", "process"]) args.push("-c", `filter.${n}.${key}=`);
  for (const n of names) args.push("-c", `filter.${n}.required=false`);
  return args;
}

/** Filter driver names from `git config -z --name-only --get-regexp ^filter\.` output. */
export function filterNames(out: string): string[] {
  const names = new Set<string>();
  for (const key of out.split("\0")) {
    const m = /^filter\.(.+)\.[^.]+$/s.exec(key.trim());
    if (m?.[1]) names.add(m[1]);
  }
  return [...names];
}
