// Every change is policed: kinds of change that `writes:` globs alone let through (issue 7, item 7).
import { describe, expect, it } from "vitest";
import { runAttack } from "../helpers/hostile.js";

describe("hostile agents: changes the scope globs alone would accept", () => {
  it("a symlink to an absolute path outside the repository is refused", () => {
    runAttack({
      script: "ln -s /etc/passwd src/x",
      expect: { refused: /src\/x: symlink to \/etc\/passwd, which leaves the agent's scopes/ },
    });
  });

  it("a symlink into .github/ is refused", () => {
    runAttack({
      script: "ln -s ../.github/workflows/ci.yml src/ci.yml",
      expect: { refused: /src\/ci\.yml: symlink to \.\.\/\.github\/workflows\/ci\.yml/ },
    });
  });

  it("a symlink out of the agent's scopes is accepted when policy.allow_symlinks says so", () => {
    const out = runAttack({
      script: "ln -s ../README.md src/readme",
      policy: ["allow_symlinks: true"],
      expect: "no-effect",
      pushedModes: ["120000"],
    });
    expect(out.ran.code, out.report).toBe(0);
    expect(out.pushed).toEqual([{ mode: "120000", path: "src/readme" }]);
  });

  it("a gitlink (a nested repository, mode 160000) is refused", () => {
    runAttack({
      script:
        "mkdir -p src/sub && cd src/sub && git init -q && git -c user.name=a -c user.email=a@b commit -q --allow-empty -m x",
      expect: { refused: /src\/sub: gitlinks \(submodule entries, mode 160000\) are refused/ },
    });
  });

  it(".gitattributes anywhere is refused (`*.js -diff` hides the diff in the PR view)", () => {
    runAttack({
      script: "printf '*.js -diff\\n' > src/.gitattributes; echo 'steal()' >> src/app.js",
      expect: { refused: /src\/\.gitattributes: changes to \.gitattributes are refused/ },
    });
  });

  it(".gitmodules is refused", () => {
    runAttack({
      script:
        "printf '[submodule \"x\"]\\n\\tpath = src/x\\n\\turl = https://evil.example/x\\n' > src/.gitmodules",
      expect: { refused: /src\/\.gitmodules: changes to \.gitmodules are refused/ },
    });
  });

  it("a new executable file and a new executable bit on a tracked file are refused", () => {
    runAttack({
      script: "printf '#!/bin/sh\\n' > src/run.sh; chmod +x src/run.sh src/app.js",
      expect: {
        refused: /src\/app\.js: new executable bits are refused[\s\S]*src\/run\.sh: new executable bits/,
      },
    });
  });

  it("a new executable file is accepted when policy.allow_executable says so", () => {
    const out = runAttack({
      script: "printf '#!/bin/sh\\n' > src/run.sh; chmod +x src/run.sh",
      policy: ["allow_executable: true"],
      expect: "no-effect",
      pushedModes: ["100755"],
    });
    expect(out.ran.code, out.report).toBe(0);
    expect(out.pushed).toEqual([{ mode: "100755", path: "src/run.sh" }]);
  });

  it("a name with a newline that slips past `protected: [config/prod/**]` is refused", () => {
    runAttack({
      script: "printf 'host: evil\\n' > \"$(printf 'config/prod/db\\n.yml')\"",
      writes: ["config/**"],
      policy: ["protected: [config/prod/**]"],
      expect: { refused: /"config\/prod\/db\\n\.yml": its name contains control characters/ },
    });
  });

  it("pathspec magic in a name does not escape max_changed_bytes", () => {
    runAttack({
      script: "head -c 5000 /dev/zero | tr '\\0' x > ':(top)blob.md'",
      writes: ["*.md"],
      policy: ["max_changed_bytes: 4096"],
      expect: {
        refused:
          /5000 bytes, more than policy\.max_changed_bytes \(4096\); the largest is ":\(top\)blob\.md"/,
      },
    });
  });
});
