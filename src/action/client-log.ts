/**
 * What `@actions/cache` logged during one call. The client swallows its errors (saveCache returns -1,
 * restoreCache returns undefined, as on a miss) and reports them only through @actions/core, which
 * writes workflow commands to stdout. So the transport watches stdout for the length of a call, and
 * passes everything on: the runner needs those lines (they carry ::add-mask:: for the signed URLs).
 */
export interface ClientLog {
  /** Warnings, errors and "Failed to ..." lines, decoded. */
  failures: string[];
  /** The HTTP statuses in the client's "Failed request: (NNN)" messages, at any level. */
  statuses: number[];
}

// @actions/core escapes command data this way (command.ts, escapeData).
const unescapeData = (s: string): string =>
  s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");

function parse(text: string): ClientLog {
  const log: ClientLog = { failures: [], statuses: [] };
  for (const line of text.split(/\r?\n/)) {
    const cmd = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    const level = cmd ? cmd[1] : "info";
    const message = cmd ? unescapeData(cmd[2] ?? "") : line;
    for (const m of message.matchAll(/Failed request: \((\d{3})\)/g)) log.statuses.push(Number(m[1]));
    if (level === "warning" || level === "error" || (level === "info" && /^Failed to /.test(message)))
      log.failures.push(message);
  }
  return log;
}

/** Starts watching stdout; `stop()` restores it and returns what the client said meanwhile. */
export function watchClientLog(): { stop(): ClientLog } {
  const write = process.stdout.write;
  let text = "";
  const watching = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk === "string") text += chunk;
    else if (chunk instanceof Uint8Array) text += Buffer.from(chunk).toString("utf8");
    return (write as (...args: unknown[]) => boolean).apply(process.stdout, [chunk, ...rest]);
  };
  process.stdout.write = watching as typeof process.stdout.write;
  return {
    stop() {
      process.stdout.write = write;
      return parse(text);
    },
  };
}
