#!/usr/bin/env node
// Writes __tests__/fixtures/github-openapi-subset.json: the operations agent-flow calls, cut from GitHub's
// official REST description (npm package @octokit/openapi, file generated/api.github.com.json), with every
// $ref inlined and documentation-only keywords dropped. The fake GitHub server in
// __tests__/helpers/github-api.ts validates each request against it.
//
// The full package is ~385 MB unpacked (ten descriptions, dereferenced copies included), too much to
// install on every CI run for ~60 KB of it, so it is not a devDependency. To regenerate or check:
//
//   npm install --no-save @octokit/openapi@23.0.2   # or a newer version, then commit the result
//   node scripts/openapi-subset.mjs                # rewrite the fixture
//   node scripts/openapi-subset.mjs --check        # exit 1 if the fixture differs from the package
//
// OCTOKIT_OPENAPI_DIR=/path/to/node_modules/@octokit/openapi reads the package from elsewhere.
//
// Add an operation here when src/github/ starts calling a new endpoint.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const OPERATIONS = [
  "pulls/list",
  "pulls/create",
  "pulls/get",
  "pulls/update",
  "pulls/list-reviews",
  "pulls/request-reviewers",
  "issues/add-labels",
  "issues/create-comment",
  "issues/list-comments",
  "issues/update-comment",
  "repos/get-collaborator-permission-level",
  "repos/list-branches",
  "git/delete-ref",
  "actions/get-actions-cache-list",
  "actions/delete-actions-cache-by-id",
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(root, "__tests__", "fixtures", "github-openapi-subset.json");

// JSON Schema / OpenAPI 3.0 keywords that matter for validation; everything else (description, example,
// x-github, ...) is dropped to keep the fixture small and its diffs readable.
const SCHEMA_KEYWORDS = new Set([
  "type",
  "nullable",
  "enum",
  "format",
  "pattern",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "required",
  "default",
]);

function deref(spec, value, seen = []) {
  if (value && typeof value === "object" && typeof value.$ref === "string") {
    const ref = value.$ref;
    if (seen.includes(ref)) throw new Error(`recursive $ref ${ref}`);
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return deref(spec, target, [...seen, ref]);
  }
  return value;
}

function cleanSchema(spec, raw, seen = []) {
  const ref = raw && typeof raw === "object" && typeof raw.$ref === "string" ? raw.$ref : null;
  const s = deref(spec, raw, seen);
  const path = ref ? [...seen, ref] : seen;
  if (!s || typeof s !== "object") return s;
  const out = {};
  for (const [key, value] of Object.entries(s)) {
    if (SCHEMA_KEYWORDS.has(key)) out[key] = value;
    else if (key === "properties")
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, cleanSchema(spec, sub, path)]),
      );
    else if (key === "items" || key === "not") out[key] = cleanSchema(spec, value, path);
    else if (key === "additionalProperties")
      out[key] = typeof value === "object" ? cleanSchema(spec, value, path) : value;
    else if (key === "oneOf" || key === "anyOf" || key === "allOf")
      out[key] = value.map((sub) => cleanSchema(spec, sub, path));
  }
  return out;
}

function jsonSchemaOf(spec, content) {
  const media = content?.["application/json"] ?? content?.["application/scim+json"];
  return media?.schema ? cleanSchema(spec, media.schema) : null;
}

/** The subset, as a plain object, from a loaded @octokit/openapi description. */
export function buildSubset(spec, version) {
  const paths = {};
  const found = new Set();
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, rawOp] of Object.entries(item)) {
      if (!rawOp || typeof rawOp !== "object" || !OPERATIONS.includes(rawOp.operationId)) continue;
      found.add(rawOp.operationId);
      const params = [...(item.parameters ?? []), ...(rawOp.parameters ?? [])].map((p) => deref(spec, p));
      const requestBody = rawOp.requestBody ? deref(spec, rawOp.requestBody) : null;
      const responses = {};
      for (const [status, raw] of Object.entries(rawOp.responses ?? {})) {
        responses[status] = { schema: jsonSchemaOf(spec, deref(spec, raw).content) };
      }
      paths[template] ??= {};
      paths[template][method] = {
        operationId: rawOp.operationId,
        summary: rawOp.summary,
        parameters: params.map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: cleanSchema(spec, p.schema ?? {}),
        })),
        requestBody: requestBody
          ? { required: requestBody.required === true, schema: jsonSchemaOf(spec, requestBody.content) }
          : null,
        responses,
      };
    }
  }
  const missing = OPERATIONS.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`operations not in the description: ${missing.join(", ")}`);
  const sorted = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((k) => [k, paths[k]]),
  );
  return {
    source: `@octokit/openapi@${version}`,
    description: "generated/api.github.com.json",
    generated_by: "scripts/openapi-subset.mjs",
    openapi: spec.openapi,
    operations: OPERATIONS,
    paths: sorted,
  };
}

/**
 * Pretty-printed down to each operation's fields, compact below that: one line per parameter, request
 * body and response schema keeps the file small (~175 KB instead of ~550 KB) and its diffs readable.
 */
export function serialise(subset) {
  const write = (value, indent, depth) => {
    if (depth >= 5 || value === null || typeof value !== "object") return JSON.stringify(value);
    const pad = `${indent}  `;
    const entries = Array.isArray(value)
      ? value.map((v) => write(v, pad, depth + 1))
      : Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${write(v, pad, depth + 1)}`);
    if (entries.length === 0) return Array.isArray(value) ? "[]" : "{}";
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    return `${open}\n${pad}${entries.join(`,\n${pad}`)}\n${indent}${close}`;
  };
  return `${write(subset, "", 0)}\n`;
}

/**
 * Loads @octokit/openapi from `dir` (its package folder), $OCTOKIT_OPENAPI_DIR, or node_modules; null when
 * it is not there.
 */
export function loadDescription(dir = process.env.OCTOKIT_OPENAPI_DIR) {
  let pkgFile;
  if (dir) pkgFile = join(resolve(dir), "package.json");
  else {
    try {
      pkgFile = createRequire(join(root, "package.json")).resolve("@octokit/openapi/package.json");
    } catch {
      return null;
    }
  }
  const version = JSON.parse(readFileSync(pkgFile, "utf8")).version;
  const spec = JSON.parse(readFileSync(join(dirname(pkgFile), "generated", "api.github.com.json"), "utf8"));
  return { spec, version };
}

function main() {
  const loaded = loadDescription();
  if (!loaded) {
    console.error(
      "@octokit/openapi is not installed; run `npm install --no-save @octokit/openapi@23.0.2` first",
    );
    process.exit(1);
  }
  const text = serialise(buildSubset(loaded.spec, loaded.version));
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(OUTPUT, "utf8");
    } catch {}
    if (current !== text) {
      console.error(
        `${OUTPUT} differs from @octokit/openapi@${loaded.version}; run node scripts/openapi-subset.mjs`,
      );
      process.exit(1);
    }
    console.log(`${OUTPUT} matches @octokit/openapi@${loaded.version}`);
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT} from @octokit/openapi@${loaded.version} (${text.length} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
