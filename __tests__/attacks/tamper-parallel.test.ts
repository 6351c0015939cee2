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

// The comparison of the user's working files runs beside the agent's snapshot (agent-run.ts): a tamper
// it finds must win over whatever the snapshot or the agent's exit says, or a retry would follow.
describe("a tamper found beside the snapshot comes first", () => {
  it("over a snapshot refused by the caps", () => {
    runAttack({
      policy: ["max_changed_files: 1"],
      script:
        "echo overwritten > '{{REPO}}/README.md'; mkdir -p src; for i in 1 2 3; do echo $i > src/f$i.js; done",
      expect: {
        detected: /repository changed while agent hostile[\s\S]*changed: working file README\.md/,
        changes: ["file README.md"],
      },
    });
  });

  it("over the agent's own failure", () => {
    runAttack({
      script: "echo overwritten > '{{REPO}}/README.md'; exit 3",
      expect: {
        detected: /repository changed while agent hostile[\s\S]*changed: working file README\.md/,
        changes: ["file README.md"],
      },
    });
  });
});
