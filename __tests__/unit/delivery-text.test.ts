import { describe, expect, it } from "vitest";
import { parseTestCounts } from "../../src/engine/check-run.js";
import { redactUrls } from "../../src/github/remote.js";
import { commandAsWritten } from "../../src/run/pr-body.js";

// Output as the runners print it (non-TTY), two invocations where a check runs two suites.
const VITEST = `
 RUN  v4.1.12 /repo

 ✓ __tests__/a.test.ts (3 tests) 4ms
 ✓ __tests__/b.test.ts (2 tests) 3ms

 Test Files  2 passed (2)
      Tests  5 passed (5)
   Start at  10:00:00
   Duration  312ms

 RUN  v4.1.12 /repo

 ❯ e2e/c.test.ts (4 tests | 1 failed) 9ms
   × fails

 Test Files  1 failed (1)
      Tests  1 failed | 3 passed (4)
`;
const NODE_TEST_TAP = `TAP version 13
# Subtest: adds
ok 1 - adds
# tests 2
# suites 0
# pass 2
# fail 0
TAP version 13
not ok 1 - subtracts
# tests 3
# pass 2
# fail 1
`;
const NODE_TEST_SPEC = "✔ adds (0.5ms)\nℹ tests 4\nℹ pass 4\nℹ fail 0\nℹ duration_ms 40\n";
const JEST =
  "PASS src/a.test.js\nTest Suites: 1 failed, 2 passed, 3 total\nTests:       1 failed, 7 passed, 8 total\n";
const PYTEST = "tests/test_a.py ..F\n========== 1 failed, 2 passed in 0.12s ==========\n";
const MOCHA = "  3 passing (12ms)\n  1 failing\n";

describe("parseTestCounts sums each invocation's final total", () => {
  it.each([
    ["vitest, two runs (Test Files lines are files, not tests)", VITEST, { pass: 8, fail: 1 }],
    ["node:test TAP, two runs", NODE_TEST_TAP, { pass: 4, fail: 1 }],
    ["node:test spec", NODE_TEST_SPEC, { pass: 4, fail: 0 }],
    ["jest (Test Suites are not tests)", JEST, { pass: 7, fail: 1 }],
    ["pytest", PYTEST, { pass: 2, fail: 1 }],
    ["mocha", MOCHA, { pass: 3, fail: 1 }],
    [
      "another runner's plain lines",
      "suite a: 3 passed\nsuite b: 2 passed, 1 failed\n",
      { pass: 5, fail: 1 },
    ],
    [
      "coloured vitest output",
      "\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[32m6 passed\x1b[39m\x1b[22m (6)\n",
      { pass: 6, fail: 0 },
    ],
  ])("%s", (_name, output, expected) => {
    expect(parseTestCounts(output)).toEqual(expected);
  });

  it("returns null when the output has no counts", () => {
    expect(parseTestCounts("all good\n")).toBeNull();
  });
});

describe("redactUrls", () => {
  it("strips userinfo from every URL in a text, and leaves other text alone", () => {
    expect(
      redactUrls(
        "fatal: unable to access 'https://x-access-token:ghs_SECRET@github.com/o/r.git/': 403; also http://u:p@h:8080/x and git@github.com:o/r.git",
      ),
    ).toBe(
      "fatal: unable to access 'https://github.com/o/r.git/': 403; also http://h:8080/x and git@github.com:o/r.git",
    );
    expect(redactUrls("https://github.com/o/r.git")).toBe("https://github.com/o/r.git");
  });
});

describe("commandAsWritten", () => {
  it("shows a check as the flow wrote it", () => {
    expect(commandAsWritten(["sh", "-c", "npm test"])).toBe("npm test");
    expect(commandAsWritten(["npx", "vitest", "run", "a b.ts"])).toBe("npx vitest run 'a b.ts'");
  });
});
