/**
 * Bounded logs. An agent can print without end (a 315 MB agent.log was seen), so what the engine writes
 * to one log file is capped: the first half of the budget is written as it comes, the last half is kept
 * in memory as a ring and written at the end, after one marker line saying how much was dropped.
 * Readers (`agent-flow logs`) read a bounded tail, never the whole file.
 */
import * as fs from "node:fs";

/** Per log file (an agent's agent.log, a check's log): about this many bytes, whatever the output. */
export const DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024;
/** Every attempt keeps at least this much of its end, even in a log already at its cap. */
const MIN_TAIL_BYTES = 64 * 1024;

export class CappedLog {
  private headLeft: number;
  private readonly tailMax: number;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;

  /** `fd` is open for appending; `used` is what the file already holds (earlier attempts). */
  constructor(
    private readonly fd: number,
    used: number,
    private readonly maxBytes: number = DEFAULT_MAX_LOG_BYTES,
  ) {
    const budget = Math.max(0, maxBytes - used);
    this.headLeft = Math.floor(budget / 2);
    this.tailMax = Math.max(MIN_TAIL_BYTES, budget - this.headLeft);
  }

  write(chunk: Buffer): void {
    if (this.headLeft > 0) {
      const head = chunk.subarray(0, this.headLeft);
      this.headLeft -= head.length;
      fs.writeSync(this.fd, head);
      chunk = chunk.subarray(head.length);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tail.length > 0 && this.tailBytes - (this.tail[0] as Buffer).length >= this.tailMax) {
      const first = this.tail.shift() as Buffer;
      this.tailBytes -= first.length;
      this.dropped += first.length;
    }
  }

  /** Writes the marker (when anything was dropped) and the kept tail. */
  flush(): void {
    let tail = Buffer.concat(this.tail);
    if (tail.length > this.tailMax) {
      this.dropped += tail.length - this.tailMax;
      tail = tail.subarray(tail.length - this.tailMax);
    }
    this.tail = [];
    this.tailBytes = 0;
    if (this.dropped > 0)
      fs.writeSync(
        this.fd,
        `\n==> agent-flow: ${this.dropped} bytes of output dropped here (the log keeps its first and last part; cap ${this.maxBytes} bytes per log)\n`,
      );
    this.dropped = 0;
    if (tail.length > 0) fs.writeSync(this.fd, tail);
  }
}

/** The default number of bytes `agent-flow logs` prints from the end of a log. */
export const LOGS_TAIL_BYTES = 256 * 1024;

/**
 * The last `maxBytes` of a file (from the start of a line when cut), with a first line saying what was
 * left out, and the file's size to follow it from. A missing file reads as empty.
 */
export async function readLogTail(
  file: string,
  maxBytes = LOGS_TAIL_BYTES,
): Promise<{ text: string; size: number }> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, "r");
  } catch {
    return { text: "", size: 0 };
  }
  try {
    const size = (await handle.stat()).size;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    let body = buf.subarray(0, bytesRead);
    if (start === 0) return { text: body.toString("utf8"), size: start + bytesRead };
    const nl = body.indexOf(0x0a);
    const skipped = start + (nl >= 0 ? nl + 1 : 0);
    if (nl >= 0) body = body.subarray(nl + 1);
    return {
      text: `==> agent-flow: the first ${skipped} bytes of ${file} are not shown (open the file to read them)\n${body.toString("utf8")}`,
      size: start + bytesRead,
    };
  } finally {
    await handle.close();
  }
}
