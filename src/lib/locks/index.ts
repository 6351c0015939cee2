// Advisory locks of the local engine: `<root>/.locks/<resource>.lock`. The protocol and why two
// processes never both hold a lock are in claims.ts; this module is the public face.

export { HEARTBEAT_MS, STALE_AFTER_MS } from "../liveness.js";
export { type AcquireOptions, acquireLock, LockTimeoutError } from "./acquire.js";
export { type LockHandle, releaseAllHeldSync } from "./heartbeat.js";
export { breakLock, type LockStatus, listLocks, readLock } from "./listing.js";
export { LOCKS_DIR, type LockInfo, lockResourceProblem, UNPARSEABLE_GRACE_MS } from "./lock-file.js";
