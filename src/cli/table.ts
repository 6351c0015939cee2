import stringWidth from "string-width";

export { humanAge } from "./age.js";

/** Columns a string takes on a terminal: wide (CJK, emoji) characters count two, combining marks none. */
export const displayWidth = (text: string): number => stringWidth(text);

const segmenter = new Intl.Segmenter();

/** `text` cut to at most `width` columns, with an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  if (stringWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** `text` cut to `width` columns and padded with spaces to exactly that width. */
export function cell(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + " ".repeat(Math.max(0, width - stringWidth(cut)));
}

/**
 * Rows as aligned columns sized to their content, two spaces apart. A column may have a cap
 * (`max[i]`), past which its values are cut with an ellipsis; the last column is never padded.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  max: readonly (number | undefined)[] = [],
): string[] {
  const widths = headers.map((h, i) => {
    const content = Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? "")));
    return Math.min(content, max[i] ?? content);
  });
  const line = (r: readonly string[]) =>
    r
      .map((v, i) => (i === r.length - 1 ? truncate(v, widths[i] as number) : cell(v, widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}
