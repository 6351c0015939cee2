import { constants, type Stats } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { type Diagnostic, sortDiagnostics } from "./diagnostics.js";
import { parseFlow } from "./parse.js";
import type { Flow } from "./schema.js";
import { applyEnvironment } from "./settings.js";
import { FlowSource } from "./source.js";
import { validateFlow } from "./validate.js";

export { DEFAULT_FLOW_FILE } from "./default-file.js";
/** A flow is a few kilobytes; the cap keeps a mistaken path (a log, a dump) from stalling validate. */
export const MAX_FLOW_BYTES = 1024 * 1024;

export interface LoadResult {
  /** Present only when there are no diagnostics: a flow with errors runs nothing. */
  flow?: Flow;
  diagnostics: Diagnostic[];
  /** The parsed file, to locate problems found later (e.g. against the repository); absent when unparsable. */
  source?: FlowSource;
  /** The text parsed (a run pins its hash: a second read could see a newer file). */
  text?: string;
}

/** Parse, shape and check a flow held in memory; `file` is only used to name locations. */
export function loadFlowText(file: string, text: string, env: NodeJS.ProcessEnv = {}): LoadResult {
  const { source, diagnostics } = FlowSource.parse(file, text);
  if (diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics) };
  const { parsed, diagnostics: shape } = parseFlow(source);
  const graph = validateFlow(parsed, source, env);
  const envResult = applyEnvironment(parsed.flow.defaults, env);
  const all = [...shape, ...graph, ...envResult.diagnostics];
  if (all.length > 0) return { diagnostics: sortDiagnostics(all), source };
  return { flow: { ...parsed.flow, defaults: envResult.defaults }, diagnostics: [], source, text };
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a regular file";
}

const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

/**
 * Reads the flow file, refusing what is not a regular file or is larger than MAX_FLOW_BYTES before
 * reading a byte: a FIFO would block the read forever, and a huge file would take minutes to parse.
 */
async function readFlowFile(file: string): Promise<{ text: string } | { message: string }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK: opening a FIFO without a writer must return at once, so that fstat can refuse it
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? "no such file; run 'agent-flow init' to create one, or pass --flow FILE"
        : code === "EISDIR"
          ? "is a directory; pass the path of the flow file"
          : `cannot be read (${code ?? String(err)})`;
    return { message };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      const link = await lstat(file).then(
        (l) => l.isSymbolicLink(),
        () => false,
      );
      const what = `${link ? "is a symbolic link to " : "is "}${kindOf(st)}`;
      const hint = st.isDirectory()
        ? "pass the path of the flow file"
        : "the flow must be a regular file; pass the path of one";
      return { message: `${what}; ${hint}` };
    }
    if (st.size > MAX_FLOW_BYTES) {
      return {
        message: `is ${st.size} bytes (${mib(st.size)}), more than the ${mib(MAX_FLOW_BYTES)} a flow file may have; is this the right file?`,
      };
    }
    // read at most one byte past the cap, in case the file grew since fstat
    const buffer = Buffer.alloc(MAX_FLOW_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_FLOW_BYTES)
      return { message: `grew past the ${mib(MAX_FLOW_BYTES)} a flow file may have while it was read` };
    return { text: buffer.subarray(0, length).toString("utf8") };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { message: `cannot be read (${code ?? String(err)})` };
  } finally {
    await handle.close();
  }
}

export async function loadFlowFile(file: string, env: NodeJS.ProcessEnv = {}): Promise<LoadResult> {
  const read = await readFlowFile(file);
  if ("message" in read) return { diagnostics: [{ file, line: 0, col: 0, path: "", message: read.message }] };
  return loadFlowText(file, read.text, env);
}
