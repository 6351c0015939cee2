import { register } from "node:module";

/**
 * `@actions/workflow-parser` imports its schema as `import x from "./x.json"` with no import attribute,
 * which Node 20 refuses ("needs an import attribute of type json"; Node 22 accepts it). This load hook
 * gives `.json` modules the `json` format, the attribute they lack. Register it before importing the
 * parser (dynamic `import()`), once per worker.
 */
const hook = `
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json") && !context.importAttributes?.type)
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  return nextLoad(url, context);
}
`;

let registered = false;

export function registerJsonImports(): void {
  if (registered) return;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  registered = true;
}
