import { describe, expect, it } from "vitest";
import { PROCESS_MARK } from "../../src/engine/containment.js";
import { isGitHubCredential, processEnvironment } from "../../src/engine/environment.js";

const engine = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/u",
  LC_ALL: "C.UTF-8",
  GITHUB_TOKEN: "ghs_builderTOKENvalue",
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://x.invalid/id",
  "INPUT_GITHUB-TOKEN": "ghp_inputTOKENvalue",
  MODEL_KEY: "sk-model",
  RANDOM_THING: "kept out",
};

describe("the environment builder", () => {
  it("passes the allowlist, the vars and declared secrets, and a fresh marker", () => {
    const env = processEnvironment(engine, {
      runId: "r1",
      vars: { AGENT_NAME: "a" },
      secrets: ["MODEL_KEY"],
    });
    expect(Object.keys(env).sort()).toEqual(
      ["AGENT_NAME", "HOME", "LC_ALL", "MODEL_KEY", "PATH", PROCESS_MARK].sort(),
    );
    expect(env[PROCESS_MARK]).toMatch(/^r1\/[0-9a-f-]{36}$/);
    const again = processEnvironment(engine, { runId: "r1", vars: {} });
    expect(again[PROCESS_MARK]).not.toBe(env[PROCESS_MARK]);
    expect(again.MODEL_KEY).toBeUndefined();
  });

  it("refuses GitHub credentials by name, whatever the caller asks, and by value", () => {
    expect(() => processEnvironment(engine, { runId: "r", vars: { GH_TOKEN: "x" } })).toThrow(/GH_TOKEN/);
    expect(() => processEnvironment(engine, { runId: "r", vars: {}, secrets: ["GITHUB_TOKEN"] })).toThrow(
      /GITHUB_TOKEN/,
    );
    expect(() =>
      processEnvironment(engine, { runId: "r", vars: { NOTE: "token=ghs_builderTOKENvalue" } }),
    ).toThrow(/NOTE.*holds a GitHub credential/);
    for (const name of [
      "GITHUB_TOKEN",
      "gh_token",
      "ACTIONS_RUNTIME_TOKEN",
      "INPUT_TOKEN",
      "AGENT_FLOW_GITHUB_TOKEN",
    ])
      expect(isGitHubCredential(name)).toBe(true);
    expect(isGitHubCredential("ANTHROPIC_API_KEY")).toBe(false);
  });
});
