export const id = 646;
export const ids = [646];
export const modules = {

/***/ 1115:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ humanAge)
/* harmony export */ });
// Kept apart from table.ts: the run's view needs ages, not string-width (whose Intl.Segmenter costs
// ~20 ms and ~3 MB at load).
/** A duration as people read it: `42s`, `5m03s`, `3h05m`, `59d2h`. */
function humanAge(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m}m${String(s % 60).padStart(2, "0")}s`;
    const h = Math.floor(m / 60);
    if (h < 24)
        return `${h}h${String(m % 60).padStart(2, "0")}m`;
    return `${Math.floor(h / 24)}d${h % 24}h`;
}


/***/ }),

/***/ 9646:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  locksCommand: () => (/* binding */ locksCommand),
  logsCommand: () => (/* binding */ logsCommand),
  rollbackCommand: () => (/* binding */ rollbackCommand),
  runsCommand: () => (/* binding */ runsCommand),
  statusCommand: () => (/* binding */ statusCommand),
  triggerCommand: () => (/* binding */ triggerCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle/js/engine/git.js + 1 modules
var git = __webpack_require__(7932);
// EXTERNAL MODULE: ./build/bundle/js/engine/log-cap.js
var log_cap = __webpack_require__(991);
// EXTERNAL MODULE: ./build/bundle/js/github/open-client.js
var open_client = __webpack_require__(9037);
// EXTERNAL MODULE: ./build/bundle/js/github/pulls.js + 3 modules
var pulls = __webpack_require__(4911);
// EXTERNAL MODULE: ./build/bundle/js/github/remote.js
var github_remote = __webpack_require__(9099);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/run/branch-record.js
var branch_record = __webpack_require__(6073);
// EXTERNAL MODULE: ./build/bundle/js/run/run-lock.js
var run_lock = __webpack_require__(8148);
// EXTERNAL MODULE: ./build/bundle/js/run/store.js + 1 modules
var store = __webpack_require__(6525);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-objects.js
var git_objects = __webpack_require__(1789);
// EXTERNAL MODULE: ./build/bundle/js/engine/git-ops.js
var git_ops = __webpack_require__(9305);
// EXTERNAL MODULE: ./build/bundle/js/engine/publish.js + 1 modules
var publish = __webpack_require__(7082);
;// CONCATENATED MODULE: ./build/bundle/js/engine/rollback.js












class RollbackRefused extends errors/* AgentFlowError */.o {
}
/** Whether `sha` is a commit this run made: its message carries the run's `Run-Id:` trailer. */
async function madeByRun(git, sha, runId) {
    return (await (0,git_objects/* trailerValues */.uv)(git, sha, "Run-Id"))?.includes(runId) === true;
}
/**
 * The branch records in the run folder (branch_info.json, pipeline_status.json) are files an agent could
 * have written: they only name candidates. What is deleted is decided by git: a branch whose tip carries
 * this run's `Run-Id:` trailer, on a remote that is configured in the repository.
 */
async function candidates(root, runId, status) {
    const info = await (0,branch_record/* readBranchRecord */.CK)((0,store/* runDir */.ff)(root, runId));
    const str = (v) => (typeof v === "string" && v !== "" ? v : null);
    const branches = [info?.branch ?? null, str(status.branch)].filter((b) => b !== null);
    return { branches: [...new Set(branches)], remote: info?.remote ?? null };
}
async function remoteTipIsRun(git, remote, branch, runId) {
    const listed = await (0,git_ops/* remoteBranchTip */.SW)(git, remote, branch);
    return listed.reachable && listed.sha ? madeByRun(git, listed.sha, runId) : false;
}
/**
 * Deletes the remote branch if its tip is this run's (with a lease on that tip, so a push that lands
 * meanwhile is kept); otherwise says what remains and how to remove it.
 */
async function deleteRemoteBranch(git, remote, branch, runId, log) {
    const by = `git push ${remote} --delete ${branch}`;
    const listed = await (0,git_ops/* remoteBranchTip */.SW)(git, remote, branch);
    if (!listed.reachable)
        return `${remote}/${branch}: could not reach ${remote} (${listed.error}); if the branch is there, delete it with: ${by}`;
    const sha = listed.sha;
    if (!sha)
        return null;
    if (!(await madeByRun(git, sha, runId)))
        return `${remote}/${branch} (at ${sha.slice(0, 12)}) was kept: its tip was not made by this run (someone pushed to it since, or it is not this run's branch). Check it (git fetch ${remote} ${branch} && git log FETCH_HEAD), and if it is to go, delete it with: ${by}`;
    const r = await (0,git_ops/* deleteRemoteBranch */.SE)(git, remote, branch, sha);
    if (r.ok || r.missing) {
        log(`deleted ${remote}/${branch}`);
        return null;
    }
    const why = r.stale ? "it moved while rollback ran" : r.error;
    return `${remote}/${branch} (at ${sha.slice(0, 12)}) could not be deleted: ${why}; delete it with: ${by}`;
}
/** The run's snapshots under docs/status/.snapshots/, `latest` first if it points to one of them. */
async function removeSnapshots(root, runId, log) {
    const statusDir = (0,external_node_path_.join)(root, store/* STATUS_DIR */.pz);
    const own = new RegExp(`^${runId}-[0-9a-f]{6}$`);
    const target = await (0,promises_.readlink)((0,external_node_path_.join)(root, store/* LATEST */.k0)).catch(() => "");
    const m = /^\.snapshots\/([^/]+)$/.exec(target);
    if (m && own.test(m[1])) {
        await (0,promises_.rm)((0,external_node_path_.join)(root, store/* LATEST */.k0), { force: true });
        log(`removed ${store/* LATEST */.k0}, which pointed to this run`);
    }
    const current = await (0,promises_.readlink)((0,external_node_path_.join)(root, store/* LATEST */.k0)).catch(() => "");
    const snapshots = (0,external_node_path_.join)(statusDir, ".snapshots");
    for (const name of await (0,promises_.readdir)(snapshots).catch(() => [])) {
        if (!own.test(name))
            continue;
        // Only folders the engine made: a link planted in their place is removed as a link, never followed.
        const info = await (0,promises_.lstat)((0,external_node_path_.join)(snapshots, name)).catch(() => undefined);
        if (!info)
            continue;
        if (current === `.snapshots/${name}`) {
            log(`kept ${store/* STATUS_DIR */.pz}/.snapshots/${name}: ${store/* LATEST */.k0} points to it`);
            continue;
        }
        await (0,promises_.rm)((0,external_node_path_.join)(snapshots, name), { recursive: info.isDirectory(), force: true });
        log(`removed ${store/* STATUS_DIR */.pz}/.snapshots/${name}`);
    }
}
/**
 * The guide's rollback: removes everything a run made (its branch here and on the remote, optionally its
 * pull request, its private refs, trigger files, run folder and snapshot). Refuses a run that is still
 * running. Whatever cannot be removed on the remote (the branch moved, the remote is unreachable) does
 * not stop the local rollback: it is returned in `remaining`, with the command that removes it.
 */
async function rollbackRun(args) {
    const { root, git, runId, log } = args;
    const status = await (0,store/* readStatus */.rk)(root, runId);
    const gate = (0,run_lock/* liveEngineGate */.ef)(root, status, args.force === true, "cancel it first");
    if (gate && "refused" in gate)
        throw new RollbackRefused(gate.refused);
    if (gate)
        log(`warning: ${gate.assumed}`);
    const remaining = [];
    const named = await candidates(root, runId, status);
    const branches = [];
    for (const name of named.branches) {
        if (!(await (0,git_ops/* isValidBranchName */.eB)(git, name)))
            continue;
        const tip = await git.revParse(`refs/heads/${name}`);
        branches.push({ name, tip, own: tip ? await madeByRun(git, tip, runId) : false });
    }
    const held = await (0,git_ops/* checkedOutBranches */.SN)(git);
    for (const b of branches) {
        if (b.own && held.has(b.name))
            throw new RollbackRefused(`branch '${b.name}' is checked out; switch to another branch first (git checkout ${status.base_branch || "-"}); nothing was removed`);
    }
    // The remote is only ever one configured in this repository, never a URL taken from the records.
    const remote = named.remote;
    const remoteUrl = remote ? ((await (0,git_ops/* remoteUrl */.gX)(git, remote)) ?? "") : "";
    for (const { name: branch, tip, own } of branches) {
        // A pull request is closed only for a branch shown to be this run's, here or on the remote.
        const ours = own ||
            (args.closePr &&
                remoteUrl !== "" &&
                remote !== null &&
                (await remoteTipIsRun(git, remote, branch, runId)));
        if (args.closePr && remoteUrl && !ours) {
            log(`left the pull requests of ${branch} alone: the branch was not made by run ${runId}`);
        }
        else if (args.closePr && remoteUrl) {
            const repo = (0,github_remote/* parseGitHubRemote */.d)(remoteUrl, args.env.GITHUB_SERVER_URL);
            const token = (0,publish/* githubToken */.bU)(args.env);
            if (!repo || !token)
                throw new RollbackRefused(`--close-pr needs a GitHub remote and a token (${publish/* TOKEN_VARIABLES */.Yr}); nothing was removed`);
            const closed = await (0,pulls/* closePullRequest */.d6)(await (0,open_client/* openGitHubClient */.L)({ token, baseUrl: args.env.GITHUB_API_URL || undefined }), repo, branch, `Rolled back: agent-flow run ${runId}.`);
            log(closed ? `closed pull request #${closed}` : "no open pull request to close");
        }
        if (remote && remoteUrl) {
            const left = await deleteRemoteBranch(git, remote, branch, runId, log);
            if (left)
                remaining.push(left);
        }
        else if (remote) {
            remaining.push(`the run recorded remote '${remote}', which is not configured here; if it holds branch ${branch}, delete it there`);
        }
        if (tip && own) {
            await (0,git_ops/* deleteRef */.jq)(git, `refs/heads/${branch}`, tip);
            log(`deleted branch ${branch}`);
        }
        else if (tip) {
            log(`kept branch ${branch}: its tip ${tip.slice(0, 12)} was not made by run ${runId} (no 'Run-Id: ${runId}' trailer)`);
        }
    }
    const refs = await (0,git_ops/* refsUnder */.h9)(git, `refs/agent-flow/${runId}/`);
    await (0,git_ops/* deleteRefs */.mU)(git, refs);
    log(`deleted ${refs.length} private ref(s)`);
    await removeSnapshots(root, runId, log);
    await (0,promises_.rm)((0,store/* triggerDir */.yD)(root, runId), { recursive: true, force: true });
    await (0,promises_.rm)((0,store/* runDir */.ff)(root, runId), { recursive: true, force: true });
    log(`removed ${(0,external_node_path_.join)("docs/status/runs", runId)}`);
    return { remaining };
}

// EXTERNAL MODULE: ./build/bundle/js/engine/start.js + 1 modules
var start = __webpack_require__(1536);
// EXTERNAL MODULE: ./build/bundle/js/engine/triggers.js
var triggers = __webpack_require__(6099);
// EXTERNAL MODULE: ./build/bundle/js/flow/schema.js + 1 modules
var schema = __webpack_require__(9897);
// EXTERNAL MODULE: ./build/bundle/js/lib/locks/index.js + 5 modules
var lib_locks = __webpack_require__(9388);
// EXTERNAL MODULE: ./build/bundle/js/run/quote.js
var quote = __webpack_require__(1251);
// EXTERNAL MODULE: ./build/bundle/js/run/run-id.js
var run_id = __webpack_require__(9110);
// EXTERNAL MODULE: ./build/bundle/js/run/usage.js
var usage = __webpack_require__(580);
// EXTERNAL MODULE: ./build/bundle/js/cli/table.js + 7 modules
var table = __webpack_require__(8918);
;// CONCATENATED MODULE: ./build/bundle/js/cli/inspect-format.js


/** Age of an ISO time, as `runs` and `locks` print it; empty for a missing or unreadable time. */
function ageSince(iso, nowMs = Date.now()) {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? "" : (0,table/* humanAge */.DZ)(nowMs - t);
}
// A feature name is a slug up to 64 characters; past this many the column is cut with an ellipsis.
const FEATURE_MAX = 40;
function runsTable(rows) {
    return (0,table/* formatTable */.ku)(["RUN ID", "STATE", "FEATURE", "AGE", "ENGINE"], rows.map((r) => [
        r.run_id,
        r.state,
        (0,quote/* quoteName */.A)(r.feature),
        r.age,
        r.liveness ? (0,quote/* quoteName */.A)(r.liveness) : "",
    ]), [undefined, undefined, FEATURE_MAX]);
}
function locksTable(locks) {
    return (0,table/* formatTable */.ku)(["RESOURCE", "RUN", "AGENT", "HOLDER", "AGE", "STATE"], locks.map((l) => l.unreadable !== undefined
        ? [
            (0,quote/* quoteName */.A)(l.resource),
            "",
            "",
            "",
            (0,table/* humanAge */.DZ)(l.ageMs),
            `UNREADABLE ${(0,quote/* quoteName */.A)(l.file)}: ${l.unreadable}; ${l.liveness}`,
        ]
        : [
            (0,quote/* quoteName */.A)(l.resource),
            (0,quote/* quoteName */.A)(l.run_id),
            (0,quote/* quoteName */.A)(l.agent),
            `pid ${l.pid}@${(0,quote/* quoteName */.A)(l.host)}`,
            (0,table/* humanAge */.DZ)(l.ageMs),
            (0,quote/* quoteName */.A)(l.liveness.replace(/^stale:/, "STALE:")),
        ]));
}

// EXTERNAL MODULE: ./build/bundle/js/cli/output.js
var output = __webpack_require__(5299);
// EXTERNAL MODULE: ./build/bundle/js/cli/view.js
var view = __webpack_require__(8111);
;// CONCATENATED MODULE: ./build/bundle/js/cli/inspect-commands.js


















async function root(io) {
    try {
        return await (0,start/* findRepoRoot */.Gn)(io.cwd);
    }
    catch (err) {
        throw new output/* UsageError */.eb(err instanceof start/* RunRefused */.AA ? err.message : String(err));
    }
}
async function load(repo, runId) {
    try {
        return await (0,store/* readStatus */.rk)(repo, runId);
    }
    catch (err) {
        // A damaged status is a failure (exit 1) naming the file; a wrong or unknown run id is a usage error.
        if (err instanceof store/* StatusError */.Xs && err.damaged)
            throw new Error(err.message);
        throw new output/* UsageError */.eb(err instanceof store/* StatusError */.Xs ? err.message : String(err));
    }
}
/** `latest` resolves to the run the latest snapshot was taken from. */
async function resolveRunId(repo, id) {
    if (id !== undefined && id !== "latest")
        return id;
    const target = await (0,promises_.readlink)((0,external_node_path_.join)(repo, store/* LATEST */.k0)).catch(() => undefined);
    const fromLink = target ? /(\d{8}-\d{6}-[0-9a-f]{8})/.exec((0,external_node_path_.basename)(target))?.[1] : undefined;
    if (fromLink)
        return fromLink;
    if (id === "latest")
        throw new output/* UsageError */.eb("there is no successful run yet (docs/status/latest does not exist)");
    const ids = await (0,store/* listRunIds */.g$)(repo);
    const newest = ids[ids.length - 1];
    if (!newest)
        throw new output/* UsageError */.eb("there are no runs in docs/status/runs/ yet; start one with 'agent-flow run --feature NAME'");
    return newest;
}
const shownState = (repo, s) => ((0,store/* isStale */.QO)(s, repo) ? "stale" : s.state);
async function statusCommand(io, id, opts) {
    const repo = await root(io);
    const s = await load(repo, await resolveRunId(repo, id));
    if (opts.json) {
        const live = (0,run_lock/* runLiveness */.xV)(repo, s);
        io.out(`${JSON.stringify({ ...s, stale: live?.alive === false, liveness: live?.reason ?? null }, null, 2)}\n`);
        return output/* EXIT */.dc.ok;
    }
    const lines = [...(0,view/* renderRun */.eJ)(s), ...(0,usage/* usageLines */.p$)(s)].map(quote/* safeText */.H);
    const live = (0,run_lock/* runLiveness */.xV)(repo, s);
    if (live?.alive === false)
        lines.push(`  ${live.reason}; resume with: agent-flow run --run-id ${s.run_id} --retry`);
    else if (live)
        lines.push(`  engine ${live.reason}`);
    if (s.error)
        lines.push(`  error: ${(0,quote/* safeText */.H)(s.error).split("\n").join("\n    ")}`);
    if (s.outcome)
        lines.push(`  ${(0,quote/* safeText */.H)(s.outcome)}`);
    lines.push(`  folder: ${(0,store/* runDir */.ff)(repo, s.run_id)}`);
    io.out(`${lines.join("\n")}\n`);
    return output/* EXIT */.dc.ok;
}
async function runsCommand(io, opts) {
    const repo = await root(io);
    const rows = [];
    for (const id of await (0,store/* listRunIds */.g$)(repo)) {
        let s;
        try {
            s = await (0,store/* readStatus */.rk)(repo, id);
        }
        catch (err) {
            // One damaged run must not hide the others: it is listed as such and named on stderr.
            const damaged = err instanceof store/* StatusError */.Xs && err.damaged;
            io.err(`warning: ${err instanceof Error ? err.message : String(err)}\n`);
            const state = damaged ? "damaged" : "no status";
            rows.push({ run_id: id, state, feature: "", workflow: "", started_at: "", age: "", liveness: null });
            continue;
        }
        rows.push({
            run_id: id,
            state: shownState(repo, s),
            feature: s.feature,
            workflow: s.workflow,
            started_at: s.started_at,
            age: ageSince(s.started_at),
            liveness: (0,run_lock/* runLiveness */.xV)(repo, s)?.reason ?? null,
        });
    }
    if (opts.json) {
        io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return output/* EXIT */.dc.ok;
    }
    if (rows.length === 0) {
        io.out("no runs yet; start one with 'agent-flow run --feature NAME'\n");
        return output/* EXIT */.dc.ok;
    }
    io.out(`${runsTable(rows).join("\n")}\n`);
    return output/* EXIT */.dc.ok;
}
async function locksCommand(io, opts) {
    const repo = await root(io);
    const locks = await (0,lib_locks/* listLocks */.dB)(repo);
    if (opts.json) {
        io.out(`${JSON.stringify(locks, null, 2)}\n`);
        return output/* EXIT */.dc.ok;
    }
    if (locks.length === 0) {
        io.out("no locks held\n");
        return output/* EXIT */.dc.ok;
    }
    io.out(`${locksTable(locks).join("\n")}\n`);
    return output/* EXIT */.dc.ok;
}
async function logsCommand(io, runId, agent, opts) {
    const repo = await root(io);
    const s = await load(repo, await resolveRunId(repo, runId));
    let file = (0,store/* logFile */.N9)(repo, s.run_id);
    if (agent !== undefined) {
        const rec = s.steps.flatMap((x) => x.agents).find((a) => a.agent === agent || a.output === agent);
        if (!rec) {
            const known = [...new Set(s.steps.flatMap((x) => x.agents.map((a) => a.agent)))];
            throw new output/* UsageError */.eb(`agent '${agent}' has not run in ${s.run_id} (agents so far: ${known.join(", ") || "none"})`);
        }
        file = (0,external_node_path_.join)((0,store/* runDir */.ff)(repo, s.run_id), rec.output, "agent.log");
    }
    // A bounded tail: a log can be large, and it is printed, not loaded whole. An agent's log is its own
    // text: on a terminal its control sequences are shown, not obeyed.
    const { text, size } = await (0,log_cap/* readLogTail */.Ty)(file);
    io.out(io.isTTY ? (0,quote/* safeText */.H)(text) : text);
    if (!opts.follow)
        return output/* EXIT */.dc.ok;
    let offset = size;
    for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const size = (await (0,promises_.stat)(file).catch(() => ({ size: offset }))).size;
        if (size > offset) {
            const chunk = await new Promise((resolveChunk, reject) => {
                const parts = [];
                (0,external_node_fs_.createReadStream)(file, { start: offset, end: size - 1 })
                    .on("data", (d) => parts.push(d))
                    .on("end", () => resolveChunk(Buffer.concat(parts).toString("utf8")))
                    .on("error", reject);
            });
            io.out(io.isTTY ? (0,quote/* safeText */.H)(chunk) : chunk);
            offset = size;
        }
        let now;
        try {
            now = await (0,store/* readStatus */.rk)(repo, s.run_id);
        }
        catch (err) {
            // Writes are atomic, so a status that stops reading is damaged for good: say so and stop following.
            io.err(`error: ${err instanceof Error ? err.message : String(err)}; no longer following\n`);
            return output/* EXIT */.dc.failed;
        }
        if (now.state !== "running" && now.state !== "pending")
            return output/* EXIT */.dc.ok;
        if ((0,store/* isStale */.QO)(now, repo))
            return output/* EXIT */.dc.ok;
    }
}
async function triggerCommand(io, runId, name) {
    const problem = (0,run_id/* runIdProblem */.w2)(runId);
    if (problem)
        throw new output/* UsageError */.eb(problem);
    if (!schema/* NAME_RE */.eF.test(name))
        throw new output/* UsageError */.eb(`'${name}' is not a trigger name (lowercase letters, digits, '-' and '_')`);
    const repo = await root(io);
    const s = await load(repo, runId);
    if (s.state === "succeeded")
        throw new output/* UsageError */.eb(`run ${runId} already succeeded; a trigger acts only on a running, failed or cancelled run`);
    await (0,triggers/* writeTriggerFile */.E)(repo, runId, name);
    const file = (0,external_node_path_.join)((0,store/* triggerDir */.yD)(repo, runId), name);
    const when = s.state === "running" && !(0,store/* isStale */.QO)(s, repo)
        ? "the engine runs its workflow after the current step, then goes on"
        : `it takes effect when the run resumes: agent-flow run --run-id ${runId} --retry`;
    io.out(`wrote ${file}; ${when}\n`);
    return output/* EXIT */.dc.ok;
}
async function rollbackCommand(io, runId, opts) {
    const problem = (0,run_id/* runIdProblem */.w2)(runId);
    if (problem)
        throw new output/* UsageError */.eb(problem);
    const repo = await root(io);
    await load(repo, runId);
    try {
        const { remaining } = await rollbackRun({
            root: repo,
            git: new git.Git(repo),
            runId,
            closePr: opts.closePr,
            force: opts.force === true,
            env: io.env,
            log: (t) => io.out(`${t}\n`),
        });
        if (remaining.length > 0) {
            io.err(`run ${runId} rolled back locally; still on the remote:\n${remaining.map((r) => `  ${r}`).join("\n")}\n`);
            return output/* EXIT */.dc.failed;
        }
    }
    catch (err) {
        if (err instanceof RollbackRefused) {
            io.err(`error: ${err.message}\n`);
            return output/* EXIT */.dc.failed;
        }
        throw err;
    }
    io.out(`rolled back run ${runId}\n`);
    return output/* EXIT */.dc.ok;
}


/***/ }),

/***/ 8111:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eJ: () => (/* binding */ renderRun),
/* harmony export */   wf: () => (/* binding */ cliReporter)
/* harmony export */ });
/* unused harmony export elapsed */
/* harmony import */ var _engine_events_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7023);
/* harmony import */ var _run_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1251);
/* harmony import */ var _age_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1115);



const ICON = {
    pending: "·",
    running: "▶",
    succeeded: "✔",
    failed: "✖",
    cancelled: "■",
};
function elapsed(from, to, nowMs = Date.now()) {
    if (!from)
        return "";
    const ms = (to ? Date.parse(to) : nowMs) - Date.parse(from);
    const s = Math.max(0, Math.round(ms / 100) / 10);
    return s < 60 ? `${s.toFixed(1)}s` : (0,_age_js__WEBPACK_IMPORTED_MODULE_2__/* .humanAge */ .D)(ms);
}
/**
 * The run as lines: one per step execution and one per agent, with state and elapsed time, then the
 * main workflow's steps still to come (`upcoming`: its step ids in order), so a long run shows how far
 * along it is.
 */
function renderRun(s, nowMs = Date.now(), upcoming = []) {
    // State and time first: on a narrow terminal the header is cut from the right.
    const lines = [
        `run ${s.run_id}  ${s.state}  ${elapsed(s.started_at, s.finished_at, nowMs)}  feature ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(s.feature)}  workflow ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(s.workflow)}`,
    ];
    const width = Math.max(24, ...s.steps.map((x) => x.key.length + 1));
    for (const step of s.steps) {
        const only = step.kind === "agent" ? step.agents[0] : undefined;
        const tries = only && only.attempts > 1 ? ` (attempt ${only.attempts})` : "";
        lines.push(`  ${ICON[step.state]} ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(step.key).padEnd(width)} ${step.state.padEnd(9)} ${elapsed(step.started_at, step.finished_at, nowMs)}${tries}`);
        if (step.kind === "parallel") {
            for (const a of step.agents) {
                const tries = a.attempts > 1 ? ` (attempt ${a.attempts})` : "";
                lines.push(`      ${ICON[a.state]} ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteName */ .A)(a.agent).padEnd(width - 4)} ${a.state.padEnd(9)} ${elapsed(a.started_at, a.finished_at, nowMs)}${tries}`);
            }
        }
    }
    const started = s.steps.filter((x) => x.workflow === s.workflow).map((x) => x.id);
    const last = started.length > 0 ? upcoming.lastIndexOf(started[started.length - 1]) : -1;
    if (s.state === "running" || s.state === "pending") {
        for (const id of upcoming.slice(last + 1))
            lines.push(`  ${ICON.pending} ${`${s.workflow}/${id}`.padEnd(width)} pending`);
    }
    return lines;
}
/**
 * The CLI's reporter: a redrawn live view on a terminal, timestamped lines otherwise. The live view's
 * code (string-width, for the terminal's columns) is loaded only on a terminal.
 */
async function cliReporter(io, mode, upcoming = []) {
    const renderLive = mode === "live" ? (await Promise.all(/* import() */[__webpack_require__.e(918), __webpack_require__.e(716)]).then(__webpack_require__.bind(__webpack_require__, 3716))).renderLive : undefined;
    let last;
    let drawn = 0;
    let timer;
    let stopped = false;
    let resized = false;
    const draw = () => {
        if (!last || !renderLive)
            return;
        const lines = renderLive(last, io.columns?.() ?? 80, Date.now(), upcoming);
        // After a resize the terminal may have re-wrapped what was drawn, so the rows to go back over are
        // unknown: start from a cleared screen instead.
        const clear = resized ? "\x1b[H\x1b[2J" : drawn > 0 ? `\x1b[${drawn}F\x1b[J` : "";
        resized = false;
        io.out(`${clear}${lines.join("\n")}\n`);
        drawn = lines.length;
    };
    const onResize = () => {
        resized = true;
        draw();
    };
    let unsubscribe;
    if (mode === "live") {
        timer = setInterval(draw, 500);
        timer.unref();
        unsubscribe = io.onResize?.(onResize);
    }
    return {
        update(event, status) {
            last = status;
            if (mode === "live") {
                if (event.type === "message") {
                    drawn = 0;
                    io.out(`${event.level}: ${(0,_run_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .safeText */ .H)(event.text)}\n`);
                }
                draw();
            }
            else if (mode === "plain") {
                const line = (0,_engine_events_js__WEBPACK_IMPORTED_MODULE_0__/* .describeEvent */ .g)(event, status);
                // The summary the run command prints next says the same as the run-finished line: print it once.
                if (line && event.type !== "run-finished")
                    io.out(`${new Date().toISOString()} [${line.scope}] ${line.text}\n`);
            }
            else if (mode === "json") {
                const step = "key" in event ? status.steps.find((s) => s.key === event.key) : undefined;
                io.out(`${JSON.stringify({ at: new Date().toISOString(), run_id: status.run_id, state: status.state, ...event, step })}\n`);
            }
        },
        stop() {
            if (stopped)
                return;
            stopped = true;
            if (timer)
                clearInterval(timer);
            unsubscribe?.();
            if (mode === "live")
                draw();
        },
    };
}


/***/ })

};
