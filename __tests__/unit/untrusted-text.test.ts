import { describe, expect, it } from "vitest";
import { REQUEST_MAX_BYTES, sanitiseUntrusted, slugFeature } from "../../src/lib/untrusted-text.js";

describe("sanitiseUntrusted", () => {
  it("removes HTML comments, an unclosed one to the end", () => {
    const r = sanitiseUntrusted("keep <!-- hidden\ninstructions --> this <!-- and all of this");
    expect(r.text).toBe("keep  this ");
    expect(r.removed.comments).toBe(2);
  });

  it("removes invisible, bidirectional and control characters, keeping tabs, newlines and real text", () => {
    const hostile = "a\u202eb\u2066c\u200bd\ufeffe\u00adf\u0007g\u{e0041}h\ti\r\nj é 日本";
    const r = sanitiseUntrusted(hostile);
    expect(r.text).toBe("abcdefgh\ti\nj é 日本");
    expect(r.removed.hidden).toBe(7);
  });

  it("caps the size in UTF-8 bytes without splitting a character", () => {
    expect(REQUEST_MAX_BYTES).toBe(65536);
    const r = sanitiseUntrusted("é".repeat(10), 5);
    expect(r.text).toBe("éé");
    expect(r.removed.truncatedBytes).toBe(16);
    expect(sanitiseUntrusted("x".repeat(10 * 1024 * 1024)).text).toHaveLength(REQUEST_MAX_BYTES);
  });

  it("leaves plain text alone", () => {
    expect(sanitiseUntrusted("Add a risk monitor.\n\n- one\n- two")).toEqual({
      text: "Add a risk monitor.\n\n- one\n- two",
      removed: { comments: 0, hidden: 0, truncatedBytes: 0 },
    });
  });
});

describe("slugFeature", () => {
  it("makes a lower-case ASCII slug of a title", () => {
    expect(slugFeature("Risk Monitoring: Phase 2!")).toBe("risk-monitoring-phase-2");
    expect(slugFeature("Café crème")).toBe("cafe-creme");
  });

  it("keeps nothing a shell or a path could act on", () => {
    expect(slugFeature("$(touch /tmp/pwned) `rm -rf ~` ../../etc")).toBe("touch-tmp-pwned-rm-rf-etc");
    expect(slugFeature("a\u202e<!-- x -->b")).toBe("ab");
  });

  it("caps at 48 characters without a trailing hyphen, and never returns empty", () => {
    const s = slugFeature(`${"word ".repeat(20)}`);
    expect(s.length).toBeLessThanOrEqual(48);
    expect(s).not.toMatch(/-$/);
    expect(slugFeature("!!! ???")).toBe("feature");
    expect(slugFeature("")).toBe("feature");
  });
});
