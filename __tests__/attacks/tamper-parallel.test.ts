// A hostile agent in a parallel group is caught as a lone one is: the group's directories and the first
// reading of the user's working files are prepared before the step starts (group-warmup.ts), and each
// member's fingerprint is taken while its directory is made ready; neither may open a gap.
import { describe, it } from "vitest";
import { runAttack } from "../helpers/hostile.js";

const G = "git -C '{{REPO}}'";
/** The error names the group's step (and the member running when the change was seen). */
const inGroup = /repository changed while agent (hostile|calm\d) \(idea_to_feature\/parallel#1\) ran/;

describe("a hostile agent among harmless ones in a parallel group", () => {
  it("planting fsmonitor in the user's config is detected before any engine git runs it", () => {
    runAttack({
      calmPeers: 3,
      script: `${G} config core.fsmonitor 'touch {{MARKER}}; false'; mkdir -p src; echo y > src/y.js`,
      expect: {
        detected: new RegExp(`${inGroup.source}[\\s\\S]*changed: \\.git/config`),
        changes: ["config"],
      },
    });
  });

  it("rewriting the user's uncommitted work is detected", () => {
    runAttack({
      calmPeers: 3,
      script: "echo overwritten > '{{REPO}}/README.md'; mkdir -p src; echo y > src/y.js",
      expect: {
        detected: new RegExp(`${inGroup.source}[\\s\\S]*changed: working file README\\.md`),
        changes: ["file README.md"],
      },
    });
  });
});
