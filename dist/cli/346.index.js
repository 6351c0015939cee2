export const id = 346;
export const ids = [346];
export const modules = {

/***/ 6346:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  autoCleanup: () => (/* binding */ autoCleanup),
  cleanupCommand: () => (/* binding */ cleanupCommand),
  formatBytes: () => (/* binding */ formatBytes),
  formatCleanup: () => (/* binding */ formatCleanup)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/lib/locks/index.js + 5 modules
var lib_locks = __webpack_require__(9388);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/run/run-id.js
var run_id = __webpack_require__(9110);
;// CONCATENATED MODULE: ./build/bundle/js/run/retention.js


/** How many days finished runs are kept: the guide's AGENT_RUN_RETENTION, `--retention`, the `retention` input. */
const RETENTION_RULE = "a whole number of days, 0 or more (0 keeps only the latest and running runs)";
/** A century: anything longer is a typo (milliseconds for days?), not a wish. */
const MAX_RETENTION_DAYS = 36_500;
class RetentionError extends errors/* AgentFlowError */.o {
    constructor(message) {
        super(message, 2);
    }
}
/**
 * Reads a retention given as text by `source` ("--retention", "AGENT_RUN_RETENTION", "input retention").
 * Empty is refused rather than taken as "not given": `AGENT_RUN_RETENTION=` in a scheduled job would
 * otherwise silently fall back to another value for a command that deletes things.
 */
function parseRetention(text, source) {
    const t = text.trim();
    const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
    if (t === "")
        throw new RetentionError(`${source} is empty; it must be ${RETENTION_RULE}`);
    if (!/^\d{1,6}$/.test(t) || Number(t) > MAX_RETENTION_DAYS)
        throw new RetentionError(`${source}=${JSON.stringify(shown)} is not a retention; it must be ${RETENTION_RULE}, at most ${MAX_RETENTION_DAYS}`);
    return Number(t);
}
/** The UTC time a run id was created at (its first 15 characters), or null for text that is not a run id. */
function runIdTime(runId) {
    if (!run_id/* RUN_ID_RE */.mT.test(runId))
        return null;
    const n = (a, b) => Number(runId.slice(a, b));
    const t = Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(9, 11), n(11, 13), n(13, 15));
    return Number.isNaN(t) ? null : t;
}
/** The instant before which a finished run is past the retention. */
const retentionCutoff = (days, now) => now - days * 86_400_000;

// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/lib/pool.js
var pool = __webpack_require__(4571);
// EXTERNAL MODULE: ./build/bundle/js/run/branch-record.js
var branch_record = __webpack_require__(6073);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/bundle/js/engine/cleanup-files.js
// Measuring and removing the folders cleanup removes: thousands of small run folders.



/** How many records are read at once: enough to keep the disk busy, few enough for open files. */
const READ_WIDTH = 32;
/** How many folders are walked at once: removing is bound by the disk's latency, not the CPU. */
const REMOVE_WIDTH = 16;
const gone = (err) => err.code === "ENOENT";
/**
 * Bytes under `path` (links counted as themselves and never followed), removing each entry once it is
 * counted when `remove` is set (one lstat per entry, where measuring then rm would take two). A folder
 * that gained an entry meanwhile is removed whole at the end.
 */
async function measureTree(path, remove) {
    const st = await (0,promises_.lstat)(path).catch(() => undefined);
    if (!st)
        return 0;
    if (!st.isDirectory()) {
        if (remove)
            await (0,promises_.unlink)(path).catch((err) => (gone(err) ? undefined : Promise.reject(err)));
        return st.size;
    }
    let total = st.size;
    for (const name of await (0,promises_.readdir)(path).catch(() => []))
        total += await measureTree((0,external_node_path_.join)(path, name), remove);
    if (remove)
        await (0,promises_.rmdir)(path).catch(() => (0,promises_.rm)(path, { recursive: true, force: true }));
    return total;
}
/**
 * measureTree over many paths, several at a time: on a slow disk each unlink waits for it, and rm -rf's
 * one-at-a-time order is what makes it slow. Returns each path's bytes, in order.
 */
async function measureTrees(paths, remove) {
    const out = new Array(paths.length).fill(0);
    await (0,pool/* inBatches */.o)(paths.map((p, i) => [p, i]), REMOVE_WIDTH, async ([p, i]) => {
        out[i] = await measureTree(p, remove);
    });
    return out;
}
/** Bytes under `path`, links counted as themselves and never followed. */
function diskBytes(path) {
    return measureTree(path, false);
}

// EXTERNAL MODULE: ./build/bundle/js/engine/git-ops.js
var git_ops = __webpack_require__(9305);
;// CONCATENATED MODULE: ./build/bundle/js/engine/cleanup-branches.js
// The run branches cleanup may delete. The run's records (branch_info.json, the status) only name
// candidates; git decides: the tip carries the run's `Run-Id:` trailer, no worktree has it checked out,
// and its pull request was never opened or is known closed.





/** The branches the runs' records name, with what they say about the pull request; records read in parallel. */
async function namedBranches(root, runs) {
    const byRun = new Map();
    await (0,pool/* inBatches */.o)(runs.filter((r) => r.status !== null), READ_WIDTH, async ({ id, status }) => {
        const info = await (0,branch_record/* readBranchRecord */.CK)((0,store/* runDir */.ff)(root, id));
        const str = (v) => (typeof v === "string" && v !== "" ? v : null);
        const pull = {
            number: info?.pr_number ?? null,
            url: info?.pr_url ?? str(status?.pr_url),
            remote: info?.remote ?? null,
        };
        const names = new Set([info?.branch ?? null, str(status?.branch)]);
        byRun.set(id, [...names].filter((b) => b !== null).map((branch) => ({ id, branch, pull })));
    });
    return runs.flatMap(({ id }) => byRun.get(id) ?? []);
}
/** The local run branches of `runs` that may go, each with the tip it may be deleted at. */
async function runBranches(o, runs, report) {
    const named = await namedBranches(o.root, runs);
    if (named.length === 0)
        return [];
    const tips = await (0,git_ops/* branchTipsWithTrailer */.GX)(o.git, "Run-Id");
    const checkedOut = await (0,git_ops/* checkedOutBranches */.SN)(o.git);
    const chosen = [];
    for (const { id, branch, pull } of named) {
        const tip = tips.get(branch);
        if (!tip)
            continue;
        const keep = (why) => {
            report.kept.push({ run_id: id, reason: `branch ${branch} kept: ${why}` });
        };
        if (!tip.trailers.includes(id)) {
            keep(`its tip ${tip.sha.slice(0, 12)} was not made by run ${id} (no 'Run-Id: ${id}' trailer)`);
            continue;
        }
        if (checkedOut.has(branch)) {
            keep("it is checked out");
            continue;
        }
        if (pull.number !== null || pull.url !== null) {
            const open = o.pullRequestOpen ? await o.pullRequestOpen(branch, pull) : null;
            if (open !== false) {
                const which = pull.url ?? `#${pull.number}`;
                keep(open
                    ? `its pull request ${which} is open`
                    : `its pull request ${which} may be open (set AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN to check)`);
                continue;
            }
        }
        chosen.push({ ref: `refs/heads/${branch}`, sha: tip.sha });
        report.removed.push({ kind: "branch", target: branch, run_id: id, bytes: 0 });
    }
    return chosen;
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/cleanup-marker.js
// The end of every `agent-flow run` sweeps runs past the retention (AGENT_AUTO_CLEANUP). A full sweep reads
// every run's status and every private ref: thousands of files in a repository that has seen thousands
// of runs, for nothing in the common case. A sweep therefore records when the next one can first find
// something to remove: the soonest instant a run it saw as fresh passes the retention. Runs that end
// later pass it later still. A run kept only because `latest` points to it or a live engine holds its
// lock may be removable at the next run's end, so such a run makes the next sweep due at once.
// `agent-flow cleanup` always sweeps.




const SWEEP_MARKER = (0,external_node_path_.join)(store/* STATUS_DIR */.pz, ".cleanup.json");
const DAY_MS = 86_400_000;
function readMarker(root) {
    try {
        const m = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(root, SWEEP_MARKER), "utf8"));
        if (typeof m?.retention_days === "number" &&
            typeof m.swept_at === "string" &&
            typeof m.next_due === "string")
            return m;
    }
    catch { }
    return null;
}
/**
 * Whether a sweep with `days` of retention may find something now: yes unless the last sweep, made with
 * the same retention and not in the future (a clock set back), said the first removal is later.
 */
function sweepDue(root, days, now) {
    const m = readMarker(root);
    if (m === null || m.retention_days !== days)
        return true;
    const swept = Date.parse(m.swept_at);
    const due = Date.parse(m.next_due);
    if (Number.isNaN(swept) || Number.isNaN(due) || swept > now)
        return true;
    return now >= due;
}
/** Records a finished sweep: the next one is due at `nextDue` (ms), at the latest a retention from now. */
async function recordSweep(root, days, now, nextDue) {
    const marker = {
        retention_days: days,
        swept_at: new Date(now).toISOString(),
        next_due: new Date(Math.min(nextDue, now + days * DAY_MS)).toISOString(),
    };
    const file = (0,external_node_path_.join)(root, SWEEP_MARKER);
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(file), { recursive: true });
    await (0,store/* writeFileAtomic */.Zf)(file, `${JSON.stringify(marker, null, 2)}\n`);
}

// EXTERNAL MODULE: ./build/bundle/js/engine/agent-dir.js
var agent_dir = __webpack_require__(2243);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./build/bundle/js/engine/detached-remove.js
// Removing a folder without waiting for it. The end of every run sweeps the pools of repositories that
// are gone (cleanup-pool.ts); each is a few checked-out worktrees, tens of thousands of files, and
// unlinking them took the run's process seconds after its last log line. The folder is renamed aside
// in one step (nothing can use it under its old name any more) and a detached `rm -rf` removes it
// after the run has exited.





/** The prefix of a folder being removed in the background, next to where it was. */
const REMOVING_PREFIX = ".removing-";
/**
 * Renames `dir` to a `.removing-*` sibling and leaves its removal to a detached `rm -rf` that keeps no
 * handle of this process (rm, like removeNoFollow, never follows a link). When the rename fails, or rm
 * cannot be started, the folder is removed here and now. A removal that dies half-way leaves the renamed
 * folder with its owner record: cleanup sees it as an orphan pool again and removes it then.
 */
async function removeDetached(dir) {
    const aside = (0,external_node_path_.join)((0,external_node_path_.dirname)(dir), `${REMOVING_PREFIX}${(0,external_node_path_.basename)(dir)}-${(0,external_node_crypto_.randomBytes)(4).toString("hex")}`);
    try {
        await (0,promises_.rename)(dir, aside);
    }
    catch {
        await (0,agent_dir/* removeNoFollow */.lR)(dir);
        return;
    }
    const started = await new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)("rm", ["-rf", "--", aside], { detached: true, stdio: "ignore" });
        child.once("error", () => resolve(false));
        child.once("spawn", () => {
            child.unref();
            resolve(true);
        });
    });
    if (!started)
        await (0,agent_dir/* removeNoFollow */.lR)(aside);
}

// EXTERNAL MODULE: ./build/bundle/js/engine/pool-location.js
var pool_location = __webpack_require__(1382);
// EXTERNAL MODULE: ./build/bundle/js/engine/worktree-pool.js + 2 modules
var worktree_pool = __webpack_require__(5213);
;// CONCATENATED MODULE: ./build/bundle/js/engine/cleanup-pool.js
// The parts of cleanup that are not one run's: pooled worktrees beyond the pool's size, the pools of
// repositories that are gone, and stale locks. Slots and locks go through the lock protocol of
// src/run/locks.ts, never around it.








/** A slot claim's bound, as worktree-pool.ts sets it: a run may hold its directories for hours. */
const CLAIM_STALE_MS = 30 * 86_400_000;
/**
 * Removes free slots `wN` of the repository's worktree pool beyond poolKeep() (POOL_KEEP, or as many as
 * a recent run held at once), highest N first (a run claims the lowest free N, so those are the ones left
 * over from a wide parallel group). A slot is removed only while cleanup holds its claim: a run using it
 * is never touched.
 */
async function removePoolSurplus(git, dryRun, record) {
    const pool = (0,pool_location/* poolDirFor */.RC)(await (0,promises_.realpath)(await git.commonDir()));
    const slots = (await (0,promises_.readdir)(pool).catch(() => []))
        .map((n) => /^w(\d+)$/.exec(n))
        .filter((m) => m !== null)
        .map((m) => Number(m[1]))
        .sort((a, b) => b - a);
    let surplus = slots.length - (await (0,worktree_pool/* poolKeep */.mp)(pool));
    for (const n of slots) {
        if (surplus <= 0)
            break;
        let claim;
        try {
            claim = await (0,lib_locks/* acquireLock */.IZ)(pool, `worktree-w${n}`, { run_id: "cleanup", agent: "cleanup" }, { timeoutMs: 0, staleAfterMs: CLAIM_STALE_MS, heartbeatMs: 0 });
        }
        catch (err) {
            if (err instanceof lib_locks/* LockTimeoutError */.XB)
                continue; // in use by a run
            throw err;
        }
        try {
            const dir = (0,external_node_path_.join)(pool, `w${n}`);
            const bytes = (await diskBytes(dir)) + (await diskBytes(`${dir}.modules`)) + (await diskBytes(`${dir}.index`));
            record({ kind: "worktree", target: dir, run_id: null, bytes });
            surplus -= 1;
            if (!dryRun) {
                await (0,agent_dir/* removeNoFollow */.lR)(dir);
                await (0,agent_dir/* removeNoFollow */.lR)(`${dir}.modules`);
                await (0,promises_.rm)(`${dir}.index`, { force: true });
                await (0,promises_.rm)(`${dir}.clean`, { force: true });
            }
        }
        finally {
            await claim.release();
        }
    }
}
/**
 * Removes the worktree pools of repositories that no longer exist (their recorded git dir is gone): a
 * pool lives outside the repository (pool-location.ts), so deleting a repository leaves it behind.
 * `detached` (the end of a run): each is renamed aside and removed by a process of its own, unmeasured
 * (bytes 0), so that the run's process does not wait for another repository's leftovers.
 */
async function removeOrphanPools(dryRun, record, detached = false) {
    for (const dir of await (0,pool_location/* orphanPools */.Wp)()) {
        // A slot claimed by a live engine: the pool is in use, whatever this process sees of its repository
        // (one it cannot see, e.g. from another mount namespace). Never removed under a run.
        if ((await (0,lib_locks/* listLocks */.dB)(dir)).some((l) => !l.stale))
            continue;
        if (detached && !dryRun) {
            await removeDetached(dir);
            record({ kind: "worktree", target: dir, run_id: null, bytes: 0 });
            continue;
        }
        record({ kind: "worktree", target: dir, run_id: null, bytes: await diskBytes(dir) });
        if (!dryRun)
            await (0,agent_dir/* removeNoFollow */.lR)(dir);
    }
}
/**
 * Removes the locks that are stale (their holder's process is gone, or silent past its bound), each only
 * while it is still the lock that was judged (its token): a lock taken meanwhile by a live process stays.
 * A lock file that cannot be read carries no token and is left to the next waiter, which reclaims it.
 */
async function removeStaleLocks(root, locks, record, dryRun) {
    for (const lock of locks) {
        if (!lock.stale || !lock.token || lock.unreadable)
            continue;
        const target = (0,external_node_path_.relative)(root, lock.file);
        if (!dryRun && (0,lib_locks/* breakLock */.NP)(root, lock.resource, lock.token) === null)
            continue;
        record({ kind: "lock", target, run_id: lock.run_id || null, bytes: 0 });
    }
}

// EXTERNAL MODULE: ./build/bundle/js/run/run-lock.js
var run_lock = __webpack_require__(8148);
;// CONCATENATED MODULE: ./build/bundle/js/engine/cleanup-runs.js
// Which runs cleanup may remove: decided from the runs' own records (the status's `finished_at`, the run
// id's date for private refs whose run folder is gone), never from file times, which a fresh checkout or
// a copy resets.











const FINISHED = new Set(["succeeded", "failed", "cancelled"]);
/** The run a snapshot folder `<RUN_ID>-xxxxxx` belongs to, or undefined for any other name. */
const snapshotRun = (name) => /^(\d{8}-\d{6}-[0-9a-f]{8})-[0-9a-f]{6}$/.exec(name)?.[1];
/** Every ref under refs/agent-flow/, with its value, by run id: one git call for all runs. */
async function privateRefs(git) {
    const byRun = new Map();
    for (const r of await (0,git_ops/* refValuesUnder */.Gx)(git, "refs/agent-flow/")) {
        const id = r.ref.split("/")[2] ?? "";
        if ((0,run_id/* runIdProblem */.w2)(id) !== null)
            continue;
        const list = byRun.get(id) ?? [];
        list.push(r);
        byRun.set(id, list);
    }
    return byRun;
}
/** The run `latest` points to: the snapshot link's target name, or a legacy folder's own status. */
async function latestRunId(root) {
    const target = await (0,promises_.readlink)((0,external_node_path_.join)(root, store/* LATEST */.k0)).catch(() => null);
    if (target !== null) {
        const m = /^\.snapshots\/(.*)$/.exec(target);
        return m ? (snapshotRun(m[1]) ?? null) : null;
    }
    const text = await (0,promises_.readFile)((0,external_node_path_.join)(root, store/* LATEST */.k0, "pipeline_status.json"), "utf8").catch(() => null);
    try {
        const id = text === null ? null : JSON.parse(text)?.run_id;
        return typeof id === "string" ? id : null;
    }
    catch {
        return null; // a damaged legacy folder names no run: nothing is protected by it, nothing removed for it
    }
}
/** Each run folder's status, read several at a time: a status that cannot be read is its error. */
async function readStatuses(root, ids) {
    const out = new Map();
    await (0,pool/* inBatches */.o)(ids, READ_WIDTH, async (id) => {
        out.set(id, await (0,store/* readStatus */.rk)(root, id).catch((err) => err instanceof Error ? err : new Error(String(err))));
    });
    return out;
}
/**
 * Which runs are past the retention and may go; the rest are counted as fresh or kept with a reason.
 * `due.next` is lowered to the soonest instant a run left here may become removable (cleanup-marker.ts).
 */
async function chooseRuns(o, refs, report, due = { next: Number.POSITIVE_INFINITY }) {
    const now = o.now ?? Date.now();
    const cutoff = retentionCutoff(o.retentionDays, now);
    const passes = (t) => {
        due.next = Math.min(due.next, t + o.retentionDays * DAY_MS);
    };
    const latest = await latestRunId(o.root);
    const folders = await (0,store/* listRunIds */.g$)(o.root);
    const ids = [...new Set([...folders, ...refs.keys()])].sort();
    const statuses = await readStatuses(o.root, folders);
    const out = [];
    for (const id of ids) {
        const keep = (reason) => {
            report.kept.push({ run_id: id, reason });
        };
        const read = statuses.get(id);
        if (read instanceof Error) {
            keep(`its status cannot be read (${read.message}); remove it with: agent-flow rollback ${id}`);
            continue;
        }
        const status = read ?? null;
        // Private refs whose run folder is gone: the run id's date is the only record left.
        const finished = status === null
            ? runIdTime(id)
            : FINISHED.has(status.state) && status.finished_at
                ? Date.parse(status.finished_at)
                : null;
        if (finished !== null && finished >= cutoff) {
            report.fresh += 1;
            passes(finished);
            continue;
        }
        if (status !== null && finished === null) {
            // Not finished: running, or an engine that died (resume or roll it back).
            if (Date.parse(status.started_at) >= cutoff) {
                report.fresh += 1;
                passes(Date.parse(status.started_at));
            }
            else
                keep(`not finished (${status.state}); resume it (agent-flow run --run-id ${id} --retry) or roll it back`);
            continue;
        }
        const lock = (0,lib_locks/* readLock */.mF)(o.root, (0,run_lock/* runLockResource */.jX)(id));
        if (lock !== null && !lock.unreadable && !lock.stale) {
            // Removable once that engine ends: the next sweep looks again.
            keep(`an engine holds its run lock (${lock.liveness})`);
            due.next = now;
            continue;
        }
        if (id === latest) {
            // Removable once the next run moves `latest`.
            keep(`${store/* LATEST */.k0} points to it`);
            due.next = now;
            continue;
        }
        out.push({ id, status });
    }
    return out;
}
/** The runs' snapshots (`.snapshots/<RUN_ID>-xxxxxx`); `latest`'s own target never, whatever its name. */
async function snapshotsOf(root, ids) {
    const dir = (0,external_node_path_.join)(root, store/* STATUS_DIR */.pz, ".snapshots");
    const current = await (0,promises_.readlink)((0,external_node_path_.join)(root, store/* LATEST */.k0)).catch(() => "");
    const byRun = new Map();
    for (const name of await (0,promises_.readdir)(dir).catch(() => [])) {
        const id = snapshotRun(name);
        if (id === undefined || !ids.has(id) || current === `.snapshots/${name}`)
            continue;
        const list = byRun.get(id) ?? [];
        list.push(name);
        byRun.set(id, list);
    }
    return byRun;
}

;// CONCATENATED MODULE: ./build/bundle/js/engine/cleanup.js
// `agent-flow cleanup`: removes what finished runs older than the retention left behind. Which runs may
// go is decided in cleanup-runs.ts, which of their branches in cleanup-branches.ts; the pool's surplus
// worktrees and stale locks in cleanup-pool.ts.
//
// Never removed: a run that is not finished or whose run lock is held by a live engine (a resume of a
// failed run holds it before it rewrites the status), the run `latest` points to, anything newer than
// the retention, and a branch whose tip is not the run's own commit or whose pull request may be open.











/** Removes (or, on a dry run, lists) what finished runs past the retention left; see the header. */
async function cleanupRuns(o) {
    const now = o.now ?? Date.now();
    const report = {
        retention_days: o.retentionDays,
        cutoff: new Date(retentionCutoff(o.retentionDays, now)).toISOString(),
        dry_run: o.dryRun,
        removed: [],
        kept: [],
        fresh: 0,
        bytes: 0,
    };
    if (!o.whenDue || sweepDue(o.root, o.retentionDays, now)) {
        const due = { next: Number.POSITIVE_INFINITY };
        await removeRuns({ ...o, now }, report, due);
        if (!o.dryRun)
            await recordSweep(o.root, o.retentionDays, now, due.next);
    }
    // Three independent looks (this repository's pool, other repositories' pools, this repository's
    // locks) at once: at a run's end, where each is a few trips through libuv's pool in a row. Reported in
    // this order whatever order they end in.
    const parts = [[], [], []];
    const into = (part) => (item) => {
        part.push(item);
    };
    const [surplus, orphans, locks] = parts;
    const done = await Promise.allSettled([
        removePoolSurplus(o.git, o.dryRun, into(surplus)),
        removeOrphanPools(o.dryRun, into(orphans), o.whenDue === true),
        (0,lib_locks/* listLocks */.dB)(o.root).then((found) => removeStaleLocks(o.root, found, into(locks), o.dryRun)),
    ]);
    for (const item of parts.flat()) {
        report.removed.push(item);
        report.bytes += item.bytes;
    }
    const failed = done.find((d) => d.status === "rejected");
    if (failed)
        throw failed.reason;
    return report;
}
/** The runs past the retention: their folders, snapshots, triggers, private refs and branches. */
async function removeRuns(o, report, due) {
    const refs = await privateRefs(o.git);
    const runs = await chooseRuns(o, refs, report, due);
    const snapshots = await snapshotsOf(o.root, new Set(runs.map((r) => r.id)));
    // What each run left, in the report's order; a path that is not there is not listed.
    const left = runs.map(({ id }) => ({
        id,
        paths: [
            { kind: "run-folder", rel: (0,external_node_path_.join)(store/* RUNS_DIR */.z4, id) },
            ...(snapshots.get(id) ?? []).map((s) => ({
                kind: "snapshot",
                rel: (0,external_node_path_.join)(store/* STATUS_DIR */.pz, ".snapshots", s),
            })),
            { kind: "triggers", rel: (0,external_node_path_.join)(".triggers", "runs", id) },
        ],
    }));
    const present = new Set(left
        .flatMap((r) => r.paths.map((p) => p.rel))
        .filter((rel) => (0,external_node_fs_.lstatSync)((0,external_node_path_.join)(o.root, rel), { throwIfNoEntry: false }) !== undefined));
    const items = [];
    for (const { id, paths } of left) {
        for (const { kind, rel } of paths) {
            if (!present.has(rel))
                continue;
            const item = { kind, target: rel, run_id: id, bytes: 0 };
            items.push(item);
            report.removed.push(item);
        }
        if (refs.has(id))
            report.removed.push({ kind: "refs", target: `refs/agent-flow/${id}/*`, run_id: id, bytes: 0 });
    }
    const branches = await runBranches(o, runs, report);
    if (!o.dryRun) {
        // The refs go first, each only at the value just listed: if one moved, git refuses and nothing goes.
        await (0,git_ops/* deleteRefsAt */.Lh)(o.git, runs.flatMap(({ id }) => refs.get(id) ?? []));
        await (0,git_ops/* deleteRefsAt */.Lh)(o.git, branches);
    }
    // One walk per folder counts its bytes and, unless this is a dry run, removes it.
    const bytes = await measureTrees(items.map((i) => (0,external_node_path_.join)(o.root, i.target)), !o.dryRun);
    items.forEach((item, i) => {
        item.bytes = bytes[i] ?? 0;
        report.bytes += item.bytes;
    });
}

// EXTERNAL MODULE: ./build/bundle/js/github/open-client.js
var open_client = __webpack_require__(9037);
// EXTERNAL MODULE: ./build/bundle/js/github/pulls.js + 3 modules
var pulls = __webpack_require__(4911);
// EXTERNAL MODULE: ./build/bundle/js/github/remote.js
var remote = __webpack_require__(9099);
// EXTERNAL MODULE: ./build/bundle/js/engine/publish.js + 1 modules
var publish = __webpack_require__(7082);
;// CONCATENATED MODULE: ./build/bundle/js/engine/cleanup-pulls.js





/**
 * Asks GitHub whether a run branch's pull request is open, for cleanup: through the remote the run
 * pushed to (only one configured in this repository, never a URL from the run's records) and the token
 * the commit step uses. Null when that cannot be known: no token, no GitHub remote, GitHub unreachable.
 */
function pullRequestChecker(git, env) {
    const token = (0,publish/* githubToken */.bU)(env);
    return async (branch, pull) => {
        if (!token || pull.remote === null)
            return null;
        const url = await (0,git_ops/* remoteUrl */.gX)(git, pull.remote);
        const repo = url ? (0,remote/* parseGitHubRemote */.d)(url, env.GITHUB_SERVER_URL) : null;
        if (!repo)
            return null;
        try {
            const client = await (0,open_client/* openGitHubClient */.L)({ token, baseUrl: env.GITHUB_API_URL || undefined, retries: 1 });
            return (await (0,pulls/* findOpenPullRequest */.aF)(client, repo, branch)) !== null;
        }
        catch {
            return null;
        }
    };
}

// EXTERNAL MODULE: ./build/bundle/js/engine/git.js + 1 modules
var engine_git = __webpack_require__(7932);
// EXTERNAL MODULE: ./build/bundle/js/engine/start.js + 1 modules
var start = __webpack_require__(1536);
// EXTERNAL MODULE: ./build/bundle/js/flow/schema.js + 1 modules
var schema = __webpack_require__(9897);
// EXTERNAL MODULE: ./build/bundle/js/cli/output.js
var output = __webpack_require__(5299);
;// CONCATENATED MODULE: ./build/bundle/js/cli/cleanup-command.js








/** 1536 -> "1.5 KiB". */
function formatBytes(n) {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let v = n;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
    }
    return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}
/** The report as lines for a person: one line per thing removed (or to remove), then what was kept. */
function formatCleanup(r) {
    const verb = r.dry_run ? "would remove" : "removed";
    const lines = r.removed.map((i) => `  ${verb} ${i.kind} ${i.target}${i.bytes > 0 ? ` (${formatBytes(i.bytes)})` : ""}`);
    for (const k of r.kept)
        lines.push(`  kept ${k.run_id}: ${k.reason}`);
    const runs = new Set(r.removed.filter((i) => i.kind === "run-folder" || i.kind === "refs").map((i) => i.run_id));
    const head = `cleanup (retention ${r.retention_days} day${r.retention_days === 1 ? "" : "s"}, finished before ${r.cutoff}): ` +
        (r.removed.length === 0
            ? "nothing to remove"
            : `${verb} ${r.removed.length} item${r.removed.length === 1 ? "" : "s"} of ${runs.size} run${runs.size === 1 ? "" : "s"}, ` +
                `${r.dry_run ? "would free" : "freed"} ${formatBytes(r.bytes)}`) +
        `; ${r.fresh} run${r.fresh === 1 ? "" : "s"} within the retention`;
    return `${[head, ...lines].join("\n")}\n`;
}
/** --retention, else AGENT_RUN_RETENTION (set but empty is refused), else the flow's run_retention, else 7. */
async function retentionDays(io, flags) {
    if (flags.retention !== undefined)
        return parseRetention(flags.retention, "--retention");
    const env = io.env.AGENT_RUN_RETENTION;
    if (env !== undefined)
        return parseRetention(env, "AGENT_RUN_RETENTION");
    if (!(0,external_node_fs_.existsSync)(flags.flow))
        return schema/* BUILTIN_DEFAULTS */.hz.run_retention;
    // the flow's parser (yaml) only here: a run, which imports this module for its auto-cleanup, has its
    // flow checked on a worker thread (flow-worker.ts) and need not load it
    const { loadFlowFile } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(163)]).then(__webpack_require__.bind(__webpack_require__, 5163));
    const loaded = await loadFlowFile(flags.flow, io.env);
    return loaded.flow?.defaults.run_retention ?? schema/* BUILTIN_DEFAULTS */.hz.run_retention;
}
async function cleanupCommand(io, flags) {
    let days;
    try {
        days = await retentionDays(io, flags);
    }
    catch (err) {
        if (err instanceof RetentionError)
            throw new output/* UsageError */.eb(err.message);
        throw err;
    }
    let root;
    try {
        root = await (0,start/* findRepoRoot */.Gn)(io.cwd);
    }
    catch (err) {
        throw new output/* UsageError */.eb(err instanceof start/* RunRefused */.AA ? err.message : String(err));
    }
    const git = new engine_git.Git(root);
    const report = await cleanupRuns({
        root,
        git,
        retentionDays: days,
        dryRun: flags.dryRun,
        pullRequestOpen: pullRequestChecker(git, io.env),
    });
    io.out(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatCleanup(report));
    return output/* EXIT */.dc.ok;
}
/**
 * AGENT_AUTO_CLEANUP (the flow's `auto_cleanup`): the end of a finished `agent-flow run`. A failure here
 * is a warning: the run's own outcome stands.
 */
async function autoCleanup(io, root, defaults, mode) {
    if (!defaults.auto_cleanup)
        return;
    try {
        const git = new engine_git.Git(root);
        const report = await cleanupRuns({
            root,
            git,
            retentionDays: defaults.run_retention,
            dryRun: false,
            whenDue: true,
            pullRequestOpen: pullRequestChecker(git, io.env),
        });
        // Silent when there was nothing to remove: most runs end so, and their output stays as it was.
        if (report.removed.length === 0)
            return;
        if (mode === "json")
            io.out(`${JSON.stringify({ type: "cleanup", ...report })}\n`);
        else if (mode === "text")
            io.err(`${formatCleanup(report).split("\n")[0]}\n`);
    }
    catch (err) {
        io.err(`warning: auto cleanup (AGENT_AUTO_CLEANUP) failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
}


/***/ })

};
