// Tampering with the user's repository is detected: a same-user agent or check can write the user's
// checkout directly (no sandbox stops it), but the run then fails at once, names what changed, and
// pushes nothing; everything else of the user's repository stays byte-identical.
import { describe, it } from "vitest";
import { runAttack } from "../helpers/hostile.js";

const G = "git -C '{{REPO}}'";

describe("hostile agents and checks writing the user's repository", () => {
  it("an agent changing the user's config (the author of later commits) is detected", () => {
    runAttack({
      script: `${G} config user.email evil@example.com; mkdir -p src; echo y > src/y.js`,
      expect: {
        detected: /repository changed while agent hostile \(.*\) ran[\s\S]*changed: \.git\/config/,
        changes: ["config"],
      },
    });
  });

  it("an agent planting fsmonitor in the user's config is detected before any engine git runs it", () => {
    runAttack({
      script: `${G} config core.fsmonitor 'touch {{MARKER}}; false'; mkdir -p src; echo y > src/y.js`,
      expect: { detected: /changed: \.git\/config/, changes: ["config"] },
    });
  });

  it("an agent planting a filter driver and an attribute selecting it is detected before any engine git runs it", () => {
    // The engine's git switches off the filter drivers it found in the config when its process started;
    // one added during the run would run in the after-agent `git status` on the modified README.
    runAttack({
      script: `${G} config filter.evil.clean 'touch {{MARKER}}; cat'; echo '* filter=evil' > '{{REPO}}/.git/info/attributes'; sed -i 's/^./X/' '{{REPO}}/README.md'; mkdir -p src; echo y > src/y.js`,
      expect: {
        detected: /changed: \.git\/config/,
        changes: ["config", "info/attributes", "file README.md"],
      },
    });
  });

  it("an agent planting a pre-push hook is detected, and nothing is pushed (the hook never runs)", () => {
    runAttack({
      script: `printf '#!/bin/sh\\ntouch {{MARKER}}\\n' > '{{REPO}}/.git/hooks/pre-push'; chmod +x '{{REPO}}/.git/hooks/pre-push'; mkdir -p src; echo y > src/y.js`,
      expect: { detected: /added: \.git\/hooks\/pre-push/, changes: ["hooks/pre-push"] },
    });
  });

  it("an agent moving the user's main and adding a tag is detected", () => {
    runAttack({
      script: `c=$(${G} commit-tree -m evil "$(${G} rev-parse 'main^{tree}')"); ${G} update-ref refs/heads/main "$c"; ${G} tag evil "$c"`,
      expect: {
        detected: /changed: ref refs\/heads\/main[\s\S]*added: ref refs\/tags\/evil/,
        changes: ["ref refs/heads/main", "ref refs/tags/evil"],
      },
    });
  });

  it("a check rewriting the user's uncommitted work is detected", () => {
    runAttack({
      asCheck: true,
      script: "echo overwritten > '{{REPO}}/README.md'",
      expect: {
        detected: /repository changed while check .* ran[\s\S]*changed: working file README\.md/,
        changes: ["file README.md"],
      },
    });
  });

  it("an agent staging a file in the user's index and editing info/exclude is detected", () => {
    runAttack({
      script: `echo x > '{{REPO}}/notes.txt'; ${G} add notes.txt; echo 'src/' >> '{{REPO}}/.git/info/exclude'`,
      expect: {
        detected: /changed: \.git-dir\/index|changed: \.git\/index/,
        changes: ["index", "info/exclude", "file notes.txt"],
      },
    });
  });
});
