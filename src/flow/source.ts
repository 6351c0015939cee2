import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  visit,
} from "yaml";
import type { Diagnostic, KeyPath } from "./diagnostics.js";
import { formatKeyPath } from "./diagnostics.js";

/**
 * A parsed flow file that can still answer "where is this key?", so every later check reports
 * `file:line:col` even though it works on plain data.
 */
export class FlowSource {
  private constructor(
    readonly file: string,
    private readonly root: Node | null,
    private readonly lines: LineCounter,
    readonly data: unknown,
  ) {}

  /** Parses `text`; problems that make the document unusable come back as diagnostics instead. */
  static parse(file: string, text: string): { source: FlowSource; diagnostics: Diagnostic[] } {
    const lines = new LineCounter();
    // uniqueKeys costs the yaml library a scan of the mapping per key (quadratic in a 1,000-agent flow);
    // duplicates are found below with one Set per mapping instead
    const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
    const diagnostics: Diagnostic[] = [];
    const at = (offset: number, path: KeyPath, message: string): void => {
      const pos = lines.linePos(offset);
      diagnostics.push({ file, line: pos.line, col: pos.col, path: formatKeyPath(path), message });
    };
    const list = Array.isArray(docs) ? docs : [];
    const doc = list[0];
    const empty = new FlowSource(file, null, lines, undefined);
    if (!doc) {
      diagnostics.push({
        file,
        line: 1,
        col: 1,
        path: "",
        message: "the file is empty; run 'agent-flow init' for a starting flow",
      });
      return { source: empty, diagnostics };
    }
    for (const extra of list.slice(1)) {
      at(extra.range[0], [], "the file holds more than one YAML document; keep a single flow per file");
    }
    // after a tab used as indentation, the parser's other complaints about that line are its echoes
    const tabLines = new Set<number>();
    for (const err of list.flatMap((d) => d.errors)) {
      const line = lines.linePos(err.pos[0]).line;
      if (tabLines.has(line)) continue;
      if (err.code === "TAB_AS_INDENT") tabLines.add(line);
      at(err.pos[0], [], yamlErrorMessage(err.code, err.message));
    }
    const syntaxErrors = diagnostics.length > 0;

    // Duplicate keys are reported even next to syntax errors (as the parser itself would); the other
    // checks only on a document that parsed.
    const duplicates: Diagnostic[] = [];
    const others: Diagnostic[] = [];
    const report = (into: Diagnostic[], offset: number, path: () => KeyPath, message: string): void => {
      const pos = lines.linePos(offset);
      into.push({ file, line: pos.line, col: pos.col, path: formatKeyPath(path()), message });
    };
    visit(doc, {
      Map(_key, map) {
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          if (!seen.has(name)) {
            seen.add(name);
            continue;
          }
          report(
            duplicates,
            pair.key.range?.[0] ?? 0,
            () => [],
            `duplicate key '${name}': each key may appear only once in a mapping; merge the two entries`,
          );
        }
      },
      // Anchors, aliases and merge keys make one value appear at several paths, so a location would
      // point at the wrong line; the flow stays plain so that what you read is what runs.
      Node(_key, node, path) {
        const keyPath = () => pathOf(path, node);
        if (isAlias(node)) {
          report(
            others,
            node.range?.[0] ?? 0,
            keyPath,
            `alias '*${node.source}' is not supported in a flow file; write the value out in full`,
          );
        } else if (node.anchor) {
          report(
            others,
            node.range?.[0] ?? 0,
            keyPath,
            `anchor '&${node.anchor}' is not supported in a flow file; write the value out in full`,
          );
        }
        // `- !src/generated/**` is a tag on an empty value, not a string starting with '!'
        if (node.tag && !node.tag.startsWith("tag:yaml.org,2002:")) {
          const start = node.range?.[0] ?? 0;
          const tagAt = text.lastIndexOf(node.tag, start);
          const from = tagAt >= 0 ? tagAt : start;
          const written = isScalar(node) ? text.slice(from, node.range?.[1] ?? start).trim() : node.tag;
          const scope = path.some((p) => isPair(p) && isScalar(p.key) && SCOPE_KEYS.has(String(p.key.value)));
          const hint = scope
            ? "quote it (negated scopes are not supported)"
            : "quote it if it is text (a flow file does not use tags)";
          report(others, from, keyPath, `'${written}' is read as a YAML tag; ${hint}`);
        }
      },
      Pair(_key, pair, path) {
        if (isScalar(pair.key) && pair.key.value === "<<") {
          report(
            others,
            pair.key.range?.[0] ?? 0,
            () => pathOf(path, pair),
            "merge keys ('<<') are not supported in a flow file; write the keys out in full",
          );
        } else if (pair.key !== null && !isScalar(pair.key)) {
          const offset = isNode(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
          report(others, offset, () => pathOf(path, pair), "keys must be plain strings");
        }
      },
    });
    diagnostics.push(...duplicates);
    if (!syntaxErrors) diagnostics.push(...others);
    if (diagnostics.length > 0) return { source: empty, diagnostics };

    const root = doc.contents;
    const source = new FlowSource(file, root, lines, doc.toJS());
    if (!isMap(root)) {
      const what = root === null ? "empty" : isSeq(root) ? "a list" : "a single value";
      diagnostics.push({
        file,
        line: root?.range ? lines.linePos(root.range[0]).line : 1,
        col: root?.range ? lines.linePos(root.range[0]).col : 1,
        path: "",
        message: `the flow file must be a mapping with 'version', 'agents' and 'workflows', but it is ${what}`,
      });
    }
    return { source, diagnostics };
  }

  /**
   * Line and column of `path`: the key itself when `at` is "key" (for unknown or misplaced keys),
   * else its value. A path that does not fully exist resolves to its deepest existing ancestor.
   */
  locate(path: KeyPath, at: "key" | "value" = "value"): { line: number; col: number } {
    let node: unknown = this.root;
    let best: number | undefined = this.root && isNode(this.root) ? this.root.range?.[0] : undefined;
    for (const [i, part] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        const keyStart = isNode(pair.key) ? pair.key.range?.[0] : undefined;
        const valueStart = isNode(pair.value) ? pair.value.range?.[0] : undefined;
        best = last && at === "key" ? keyStart : (valueStart ?? keyStart);
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number") {
        const item = node.items[part];
        if (!isNode(item)) break;
        best = item.range?.[0];
        node = item;
      } else break;
    }
    if (best === undefined) return { line: 1, col: 1 };
    return this.lines.linePos(best);
  }

  diagnostic(path: KeyPath, message: string, at: "key" | "value" = "value"): Diagnostic {
    const pos = this.locate(path, at);
    return { file: this.file, line: pos.line, col: pos.col, path: formatKeyPath(path), message };
  }
}

function pathOf(ancestors: readonly unknown[], self: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  const chain = [...ancestors, self];
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1];
    const child = chain[i];
    if (isPair(child) && isScalar(child.key)) out.push(String(child.key.value));
    else if (isSeq(parent)) out.push(parent.items.indexOf(child as never));
  }
  return out;
}

/** Keys whose values are scopes (globs), where a leading '!' was meant as a negation. */
const SCOPE_KEYS = new Set(["writes", "reads", "protected", "owners"]);

function yamlErrorMessage(code: string, raw: string): string {
  const text = raw.replace(/\s+at line \d+, column \d+.*$/s, "").trim();
  if (code === "TAB_AS_INDENT") return "tabs are not allowed for indentation in YAML; indent with spaces";
  return `YAML syntax error: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
