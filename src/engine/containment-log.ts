import { appendLog } from "../run/store.js";
import { describeContainment, probeContainment } from "./containment.js";

/**
 * Says in the run's log how its processes are contained: a warning (shown to the user too) when auto
 * fell back to the weaker process-tree mode, else one line in pipeline.log.
 */
export async function logContainment(
  root: string,
  runId: string,
  warn: (text: string) => Promise<void>,
): Promise<void> {
  await probeContainment(); // started early by the run command: no process start blocks here
  const c = describeContainment();
  if (c.warn) await warn(c.text);
  else await appendLog(root, runId, "run", c.text).catch(() => undefined);
}
