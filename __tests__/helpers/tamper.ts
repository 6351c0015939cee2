import { expectUnchanged } from "../../src/engine/fingerprint.js";
import { type Fingerprint, TamperDetected } from "../../src/engine/fingerprint-changes.js";
import type { Git } from "../../src/engine/git.js";

/** What the fingerprint comparison reports against `before` now, as "how what" lines ([] for nothing). */
export async function changesSince(g: Git, before: Fingerprint): Promise<string[]> {
  try {
    await expectUnchanged(g, before, "the test");
    return [];
  } catch (err) {
    if (!(err instanceof TamperDetected)) throw err;
    return err.changes.map((c) => `${c.how} ${c.what}`);
  }
}
