/**
 * Scripted model servers speaking the three providers' APIs, for driving the real agent CLIs with no
 * LLM. Every server plays the same script: its first answer asks for three writes at once, then it
 * says "Done." once it has the tools' results.
 *   1. `src/hello.txt` inside the worktree (the agent's scope);
 *   2. `report.md` in the agent's output folder, at the path the prompt names as `REPORT_TO=<path>`;
 *   3. the path the prompt names as `ESCAPE_TO=<path>`, outside the worktree (the user's checkout):
 *      the CLI's sandbox must refuse it.
 * Each request is answered with 100 input and 20 output tokens, so the usage a CLI reports is known.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const HELLO = "written by the scripted model\n";
export const REPORT = "report from the scripted model\n";
export const ESCAPED = "escaped the sandbox\n";
export const TOKENS = { input: 100, output: 20 };

export interface ScriptedServer {
  url: string;
  /** What came back from the CLI's tools, as text, in order: where refusals show. */
  toolResults: string[];
  /** Paths of every request, for diagnosing a CLI that called something unexpected. */
  requests: string[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Handler = (path: string, body: Json, text: string, res: ServerResponse, results: string[]) => void;

/** The targets the prompt names, read from anywhere in the request. */
function targets(text: string): { report: string; outside: string } | null {
  const report = /REPORT_TO=([^\s"\\]+)/.exec(text)?.[1];
  const outside = /ESCAPE_TO=([^\s"\\]+)/.exec(text)?.[1];
  return report && outside ? { report, outside } : null;
}

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function sse(res: ServerResponse, events: Json[], named: boolean): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const e of events)
    res.write(`${named ? `event: ${String(e.type)}\n` : ""}data: ${JSON.stringify(e)}\n\n`);
  res.end();
}

async function serve(handler: Handler): Promise<ScriptedServer> {
  const toolResults: string[] = [];
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      requests.push(`${req.method} ${req.url}`);
      let body: Json = {};
      try {
        body = text ? (JSON.parse(text) as Json) : {};
      } catch {
        return json(res, { error: { message: "scripted server: body is not JSON" } }, 400);
      }
      try {
        handler(req.url ?? "", body, text, res, toolResults);
      } catch (err) {
        json(res, { error: { message: `scripted server: ${String(err)}` } }, 500);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    toolResults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** Anthropic Messages API (`POST /v1/messages`, streamed), as Claude Code calls it. */
export function anthropicServer(): Promise<ScriptedServer> {
  return serve((path, body, text, res, results) => {
    if (!path.startsWith("/v1/messages"))
      return json(res, { type: "error", error: { type: "not_found_error" } }, 404);
    const messages = arr(body.messages);
    const returned = messages.flatMap((m) => arr(m.content)).filter((c) => c.type === "tool_result");
    const cwd = /Primary working directory: ([^\s"\\]+)/.exec(text)?.[1];
    const t = targets(text);
    let blocks: Json[];
    if (arr(body.tools).length > 0 && returned.length === 0 && cwd && t) {
      const write = (id: string, file_path: string, content: string): Json => ({
        type: "tool_use",
        id,
        name: "Write",
        input: { file_path, content },
      });
      blocks = [
        write("toolu_1", `${cwd}/src/hello.txt`, HELLO),
        write("toolu_2", t.report, REPORT),
        write("toolu_3", t.outside, ESCAPED),
      ];
    } else {
      for (const r of returned) results.push(JSON.stringify(r.content));
      blocks = [{ type: "text", text: "Done." }];
    }
    const stop = blocks[0]?.type === "tool_use" ? "tool_use" : "end_turn";
    const usage = { input_tokens: TOKENS.input, output_tokens: TOKENS.output };
    const message = { id: `msg_${Date.now()}`, type: "message", role: "assistant", model: body.model };
    if (body.stream !== true) return json(res, { ...message, content: blocks, stop_reason: stop, usage });
    const events: Json[] = [
      {
        type: "message_start",
        message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
      },
    ];
    blocks.forEach((b, index) => {
      if (b.type === "text") {
        events.push(
          { type: "content_block_start", index, content_block: { type: "text", text: "" } },
          { type: "content_block_delta", index, delta: { type: "text_delta", text: b.text } },
        );
      } else {
        events.push(
          { type: "content_block_start", index, content_block: { ...b, input: {} } },
          {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json: JSON.stringify(b.input) },
          },
        );
      }
      events.push({ type: "content_block_stop", index });
    });
    events.push(
      {
        type: "message_delta",
        delta: { stop_reason: stop, stop_sequence: null },
        usage: { output_tokens: TOKENS.output },
      },
      { type: "message_stop" },
    );
    sse(res, events, true);
  });
}

/** OpenAI Responses API (`POST /v1/responses`, streamed), which Codex speaks (`wire_api = "responses"`). */
export function responsesServer(): Promise<ScriptedServer> {
  return serve((path, body, text, res, results) => {
    if (path !== "/v1/responses") return json(res, { error: { message: "not found" } }, 404);
    const returned = arr(body.input).filter((i) => i.type === "function_call_output");
    const t = targets(text);
    const call = (n: number, cmd: string): Json => ({
      type: "function_call",
      id: `fc_${n}`,
      call_id: `call_${n}`,
      name: "exec_command",
      arguments: JSON.stringify({ cmd }),
      status: "completed",
    });
    let items: Json[];
    if (returned.length === 0 && t) {
      items = [
        call(1, `mkdir -p src && printf '${HELLO.trimEnd()}\\n' > src/hello.txt`),
        call(2, `printf '${REPORT.trimEnd()}\\n' > '${t.report}'`),
        call(3, `printf '${ESCAPED.trimEnd()}\\n' > '${t.outside}'`),
      ];
    } else {
      for (const r of returned) results.push(String(r.output));
      items = [
        {
          type: "message",
          id: "msg_1",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "Done.", annotations: [] }],
        },
      ];
    }
    const usage = {
      input_tokens: TOKENS.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: TOKENS.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: TOKENS.input + TOKENS.output,
    };
    const id = `resp_${Date.now()}`;
    sse(
      res,
      [
        { type: "response.created", response: { id, object: "response", status: "in_progress", output: [] } },
        ...items.flatMap((item, output_index) => [
          { type: "response.output_item.added", output_index, item },
          { type: "response.output_item.done", output_index, item },
        ]),
        {
          type: "response.completed",
          response: { id, object: "response", status: "completed", output: items, usage },
        },
      ],
      true,
    );
  });
}

/** Gemini API (`models/<m>:streamGenerateContent?alt=sse` and `:generateContent`), as Gemini CLI calls it. */
export function geminiServer(): Promise<ScriptedServer> {
  return serve((path, body, text, res, results) => {
    if (!path.includes("/models/")) return json(res, { error: { message: "not found" } }, 404);
    const parts = arr(body.contents).flatMap((c) => arr(c.parts));
    const returned = parts.filter((p) => p.functionResponse);
    const tools = arr(body.tools).flatMap((t) => arr(t.functionDeclarations).map((f) => f.name));
    const t = targets(text);
    let answer: Json[];
    const config = body.generationConfig as Json | undefined;
    if (config?.responseJsonSchema) {
      // a utility call (e.g. the model router): answer in the shape it asked for
      answer = [{ text: JSON.stringify({ complexity_reasoning: "scripted", complexity_score: 10 }) }];
    } else if (tools.includes("write_file") && returned.length === 0 && t) {
      const write = (file_path: string, content: string): Json => ({
        functionCall: { name: "write_file", args: { file_path, content } },
      });
      answer = [write("src/hello.txt", HELLO), write(t.report, REPORT), write(t.outside, ESCAPED)];
    } else {
      for (const r of returned) results.push(JSON.stringify(r.functionResponse));
      answer = [{ text: "Done." }];
    }
    const chunk = {
      candidates: [{ content: { role: "model", parts: answer }, finishReason: "STOP", index: 0 }],
      usageMetadata: {
        promptTokenCount: TOKENS.input,
        candidatesTokenCount: TOKENS.output,
        totalTokenCount: TOKENS.input + TOKENS.output,
      },
      modelVersion: "scripted",
    };
    if (path.includes(":streamGenerateContent")) return sse(res, [chunk], false);
    if (path.includes(":countTokens")) return json(res, { totalTokens: TOKENS.input });
    json(res, chunk);
  });
}
