import { readFile } from "node:fs/promises";
import { type Diagnostic, sortDiagnostics } from "./diagnostics.js";
import { parseFlow } from "./parse.js";
import type { Flow } from "./schema.js";
import { applyEnvironment } from "./settings.js";
import { FlowSource } from "./source.js";
import { validateFlow } from "./validate.js";

export const DEFAULT_FLOW_FILE = "agents/flow.yaml";

export interface LoadResult {
  /** Present only when there are no diagnostics: a flow with errors runs nothing. */
  flow?: Flow;
  diagnostics: Diagnostic[];
}

/** Parse, shape and check a flow held in memory; `file` is only used to name locations. */
export function loadFlowText(file: string, text: string, env: NodeJS.ProcessEnv = {}): LoadResult {
  const { source, diagnostics } = FlowSource.parse(file, text);
  if (diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics) };
  const { parsed, diagnostics: shape } = parseFlow(source);
  const graph = validateFlow(parsed, source);
  const envResult = applyEnvironment(parsed.flow.defaults, env);
  const all = [...shape, ...graph, ...envResult.diagnostics];
  if (all.length > 0) return { diagnostics: sortDiagnostics(all) };
  return { flow: { ...parsed.flow, defaults: envResult.defaults }, diagnostics: [] };
}

export async function loadFlowFile(file: string, env: NodeJS.ProcessEnv = {}): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? "no such file; run 'agent-flow init' to create one, or pass --flow FILE"
        : code === "EISDIR"
          ? "is a directory; pass the path of the flow file"
          : `cannot be read (${code ?? String(err)})`;
    return { diagnostics: [{ file, line: 0, col: 0, path: "", message }] };
  }
  return loadFlowText(file, text, env);
}
