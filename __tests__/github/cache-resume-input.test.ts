import { describe, expect, it } from "vitest";
import { readInputs } from "../../src/action/inputs.js";
import { formatResumeState, parseResumeState } from "../../src/engine/jobs/resume-state.js";

const RUN = "20260101-000000-0badc0de";
const DIGEST = "ab".repeat(32);
const inputs = (given: Record<string, string>) => () => readInputs((n) => given[n] ?? "");

describe("the resume-state input", () => {
  it("is the <seq>-<sha256> a saving job printed, and needs the run id", () => {
    expect(formatResumeState({ seq: 7, digest: DIGEST })).toBe(`0007-${DIGEST}`);
    expect(parseResumeState(`0007-${DIGEST}`)).toEqual({ seq: 7, digest: DIGEST });
    expect(
      inputs({ command: "plan", "run-id": RUN, "resume-state": `0007-${DIGEST}` })().resumeState,
    ).toEqual({
      seq: 7,
      digest: DIGEST,
    });
    expect(inputs({ command: "plan" })().resumeState).toBeNull();
    expect(inputs({ command: "plan", "run-id": RUN, "resume-state": "7" })).toThrow(
      /input 'resume-state' is '7'; expected <transition>-<sha256>.*never of a run-k leg/,
    );
    expect(inputs({ command: "plan", "resume-state": `0007-${DIGEST}` })).toThrow(
      /input 'resume-state' needs 'run-id'/,
    );
    expect(inputs({ command: "status", "run-id": RUN })).toThrow(
      /input 'resume-state' is required for command 'status'/,
    );
  });
});
