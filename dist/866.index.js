export const id = 866;
export const ids = [866];
export const modules = {

/***/ 6866:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cacheStore: () => (/* binding */ cacheStore)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/cache/lib/cache.js + 35 modules
var cache = __webpack_require__(142);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 304 modules
var esm = __webpack_require__(9790);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(8697);
// EXTERNAL MODULE: ./build/bundle/js/engine/jobs/packages.js
var jobs_packages = __webpack_require__(1408);
;// CONCATENATED MODULE: ./build/bundle/js/action/safe-extract.js








const DEFAULT_LIMITS = { entries: 25_000, bytes: 4 * 1024 ** 3 };
/**
 * An archive that must not be unpacked; the message names the cache key and the members. A package
 * refusal: advance records a refused leg package as that agent's failure.
 */
class ArchiveRefused extends jobs_packages/* PackageRefused */.Nc {
}
/** Stops a stream once more than `max` bytes went through it (a decompression bomb). */
function capped(max, what) {
    let seen = 0;
    return new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            seen += chunk.length;
            if (seen > max)
                done(new ArchiveRefused(`${what} decompresses to more than ${max} bytes; refused`));
            else
                done(null, chunk);
        },
    });
}
/** Decompresses `archive` into the plain tar file `out`, at most `max` bytes of it. */
async function decompress(archive, compression, out, max, what) {
    if (compression === "gzip") {
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(archive), (0,external_node_zlib_.createGunzip)(), capped(max, what), (0,external_node_fs_.createWriteStream)(out));
        return;
    }
    // The save ran the runner's zstd (`zstdmt`); so does this. Node 20's zlib has no zstd.
    const child = (0,external_node_child_process_.spawn)("zstd", ["-d", "-c", "-q", archive], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
        stderr += d.toString();
    });
    const exited = new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => resolve(code ?? 1));
    });
    try {
        await (0,external_node_stream_promises_.pipeline)(child.stdout, capped(max, what), (0,external_node_fs_.createWriteStream)(out));
    }
    catch (e) {
        child.kill();
        await exited.catch(() => undefined);
        throw e;
    }
    const code = await exited;
    if (code !== 0)
        throw new Error(`zstd could not decompress ${what}: ${stderr.trim() || `exit ${code}`}`);
}
const ALLOWED = new Set(["File", "OldFile", "Directory"]);
/** Why one member may not be unpacked, or null. `top` is the one folder every member must be in. */
function memberProblem(name, type, top) {
    if (!ALLOWED.has(type))
        return `is a ${type === "SymbolicLink" ? "symbolic link" : type === "Link" ? "hard link" : type}, not a regular file or folder`;
    if (name.includes("\0"))
        return "has a NUL in its name";
    if (name.startsWith("/") || /^[A-Za-z]:/.test(name))
        return "is an absolute path";
    const parts = name.replace(/\/+$/, "").split("/");
    if (parts.some((p) => p === ".." || p === "." || p === ""))
        return "has a '..', '.' or empty part";
    if (parts[0] !== top)
        return `is outside the archive's one folder '${top}/'`;
    return null;
}
/**
 * Lists the plain tar `tarFile` and refuses it unless every member is a regular file or folder inside
 * `top/`, with a relative name free of `..`, no name twice, and the totals within `limits`.
 */
async function checkArchive(tarFile, top, limits, what) {
    const problems = [];
    const seen = new Set();
    let entries = 0;
    let bytes = 0;
    await (0,index_min/* list */.p_)({
        file: tarFile,
        strict: true,
        onReadEntry: (e) => {
            entries++;
            bytes += e.size ?? 0;
            const name = e.path;
            const problem = memberProblem(name, String(e.type), top);
            const norm = name.replace(/\/+$/, "");
            if (problem)
                problems.push(`${JSON.stringify(name)} ${problem}`);
            else if (seen.has(norm))
                problems.push(`${JSON.stringify(name)} appears twice`);
            seen.add(norm);
            e.resume();
        },
    });
    if (entries > limits.entries)
        problems.push(`it has ${entries} members, more than ${limits.entries}`);
    if (bytes > limits.bytes)
        problems.push(`its files total ${bytes} bytes, more than ${limits.bytes}`);
    if (entries === 0)
        problems.push("it is empty");
    if (problems.length > 0)
        throw new ArchiveRefused(`${what} is refused, nothing was unpacked: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}`);
}
/** Extracts the checked tar into `into`, which must be a new or empty folder. */
async function extractChecked(tarFile, into, what) {
    await (0,promises_.mkdir)(into, { recursive: true });
    if ((await (0,promises_.readdir)(into)).length > 0)
        throw new Error(`cannot unpack ${what} into ${into}: not empty`);
    await (0,index_min/* extract */.o6)({
        file: tarFile,
        cwd: into,
        strict: true,
        preservePaths: false,
        preserveOwner: false,
        // checkArchive refused everything else; this keeps a second line if the two ever disagree.
        filter: (_path, entry) => "type" in entry && ALLOWED.has(String(entry.type)),
        onwarn: (_code, message) => {
            throw new ArchiveRefused(`${what}: ${message}`);
        },
    });
}

;// CONCATENATED MODULE: ./build/bundle/js/action/checked-restore.js










/**
 * The restore half of the cache transport, without `@actions/cache`'s restoreCache (which extracts with
 * `tar -P`, honouring absolute names and `..`): it asks the cache service (v2 twirp) for the entry of one
 * exact key, downloads the archive, and unpacks it through safe-extract.ts into a fresh folder.
 */
/** A failure worth another attempt (a 5xx, a 429, a reset); anything else is thrown as is. */
class TransientFailure extends Error {
}
/** A failure retrying cannot mend: a refused token or scope, a bad request. */
class PermanentFailure extends Error {
}
const SERVICE = "twirp/github.actions.results.api.v1.CacheService/";
// @actions/cache's version salt (cacheUtils.js, versionSalt).
const VERSION_SALT = "1.0";
let compressionFound = null;
/** As @actions/cache's getCompressionMethod: zstd when `zstd --quiet --version` says anything. */
function compressionMethod() {
    if (compressionFound)
        return compressionFound;
    const r = (0,external_node_child_process_.spawnSync)("zstd", ["--quiet", "--version"], { encoding: "utf8" });
    const said = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
    compressionFound = r.error || said === "" ? "gzip" : "zstd-without-long";
    return compressionFound;
}
/** The entry version @actions/cache computes for `paths` (cacheUtils.js, getCacheVersion; not Windows). */
function cacheVersion(paths, compression) {
    return (0,external_node_crypto_.createHash)("sha256")
        .update([...paths, compression, VERSION_SALT].join("|"))
        .digest("hex");
}
const isTransientStatus = (s) => s >= 500 || s === 429 || s === 408;
/**
 * Asks the service for an entry of `version` under `key` (the service also takes a longer key that
 * starts with it) or starting with one of `restoreKeys`: the key it matched and the signed URL, or null.
 */
async function lookup(http, key, version, restoreKeys) {
    const base = process.env.ACTIONS_RESULTS_URL ?? "";
    const url = new URL(`${SERVICE}GetCacheEntryDownloadURL`, base.endsWith("/") ? base : `${base}/`).href;
    let status;
    let body;
    try {
        const res = await http.post(url, JSON.stringify({ key, restore_keys: restoreKeys, version }), {
            "Content-Type": "application/json",
            Accept: "application/json",
            Authorization: `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN ?? ""}`,
        });
        status = res.message.statusCode ?? 0;
        body = await res.readBody();
    }
    catch (e) {
        throw new TransientFailure(`the cache service did not answer: ${e.message}`);
    }
    if (status !== 200) {
        const why = `the cache service answered ${status} to GetCacheEntryDownloadURL: ${body.slice(0, 300)}`;
        throw isTransientStatus(status) ? new TransientFailure(why) : new PermanentFailure(why);
    }
    let answer;
    try {
        answer = JSON.parse(body);
    }
    catch {
        throw new TransientFailure("the cache service's answer is not JSON");
    }
    if (!answer.ok)
        return null;
    const matched = answer.matched_key ?? answer.matchedKey ?? "";
    const signed = answer.signed_download_url ?? answer.signedDownloadUrl ?? "";
    if (!signed)
        throw new TransientFailure(`the cache service gave no download URL for ${key}`);
    core/* setSecret */.Pq(signed);
    return { matched, signed };
}
const client = () => new lib/* HttpClient */.Qq("agent-flow", [], { socketTimeout: 120_000, allowRetries: false });
/** Whether an entry saved with the one path `entry` has a key starting with `prefix`. Downloads nothing. */
async function entryExists(prefix, entry) {
    const found = await lookup(client(), prefix, cacheVersion([entry], compressionMethod()), [prefix]);
    return found !== null;
}
/**
 * Downloads the archive at the signed URL into `file`, at most `max` bytes, with the Azure SDK as the
 * client does (it honours the runner's proxy settings and retries transfers itself).
 */
async function download(signed, file, max, key) {
    const blob = new esm/* BlobClient */.jl(signed);
    try {
        const size = (await blob.getProperties()).contentLength ?? 0;
        if (size > max)
            throw new PermanentFailure(`cache entry ${key} is ${size} bytes, more than ${max}; refused`);
        const res = await blob.download(0, undefined, { maxRetryRequests: 5 });
        if (!res.readableStreamBody)
            throw new TransientFailure(`downloading cache key ${key} gave no body`);
        await (0,external_node_stream_promises_.pipeline)(res.readableStreamBody, capped(max, `cache entry ${key}`), (0,external_node_fs_.createWriteStream)(file));
    }
    catch (e) {
        if (e instanceof PermanentFailure || e instanceof TransientFailure || e instanceof ArchiveRefused)
            throw e;
        // A fresh lookup gives a fresh URL, so even a 403 (an expired signature) is worth retrying.
        throw new TransientFailure(`downloading cache key ${key} failed: ${e.message}`);
    }
}
/**
 * Restores the entry saved under exactly `key` into `target` (absent or an empty folder): its
 * `entry/` folder becomes `target`. Returns false on a miss. An archive holding anything but regular
 * files and folders under `entry/` throws ArchiveRefused, naming the key, before anything is unpacked.
 */
async function checkedRestore(key, target, options) {
    const limits = options.limits ?? DEFAULT_LIMITS;
    const compression = compressionMethod();
    const http = client();
    // No restore keys; and GitHub also matches the key as a prefix: an entry under a longer key is not
    // the one asked for, and is not taken.
    const found = await lookup(http, key, cacheVersion([options.entry], compression), []);
    if (found === null || found.matched !== key)
        return false;
    const { signed } = found;
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.scratchRoot, "agent-flow-restore-"));
    try {
        const archive = (0,external_node_path_.join)(work, "archive");
        const tarFile = (0,external_node_path_.join)(work, "archive.tar");
        const what = `cache entry ${key}`;
        await download(signed, archive, limits.bytes, key);
        // Headers and padding add at most ~1.5 KiB per member to the files' own bytes.
        await decompress(archive, compression, tarFile, limits.bytes + limits.entries * 1536 + 1024 ** 2, what);
        await checkArchive(tarFile, options.entry, limits, what);
        const unpacked = (0,external_node_path_.join)(work, "unpacked");
        await extractChecked(tarFile, unpacked, what);
        const top = (0,external_node_path_.join)(unpacked, options.entry);
        if (!(await (0,promises_.stat)(top).catch(() => null))?.isDirectory())
            throw new PermanentFailure(`${what} holds no agent-flow package (no ${options.entry}/ folder)`);
        // The caller checked that target is absent or an empty folder.
        await (0,promises_.rmdir)(target).catch(() => undefined);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        await (0,promises_.rename)(top, target).catch(async (e) => {
            if (e.code !== "EXDEV")
                throw e;
            await (0,promises_.cp)(top, target, { recursive: true });
        });
        return true;
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/action/client-log.js
// @actions/core escapes command data this way (command.ts, escapeData).
const unescapeData = (s) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
function parse(text) {
    const log = { failures: [], statuses: [] };
    for (const line of text.split(/\r?\n/)) {
        const cmd = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
        const level = cmd ? cmd[1] : "info";
        const message = cmd ? unescapeData(cmd[2] ?? "") : line;
        for (const m of message.matchAll(/Failed request: \((\d{3})\)/g))
            log.statuses.push(Number(m[1]));
        if (level === "warning" || level === "error" || (level === "info" && /^Failed to /.test(message)))
            log.failures.push(message);
    }
    return log;
}
/** Starts watching stdout; `stop()` restores it and returns what the client said meanwhile. */
function watchClientLog() {
    const write = process.stdout.write;
    let text = "";
    const watching = (chunk, ...rest) => {
        if (typeof chunk === "string")
            text += chunk;
        else if (chunk instanceof Uint8Array)
            text += Buffer.from(chunk).toString("utf8");
        return write.apply(process.stdout, [chunk, ...rest]);
    };
    process.stdout.write = watching;
    return {
        stop() {
            process.stdout.write = write;
            return parse(text);
        },
    };
}

;// CONCATENATED MODULE: ./build/bundle/js/action/cache-transport.js






/**
 * The GitHub engine's PackageStore: packages move between jobs through the Actions cache (service v2).
 * Saves go through the real `@actions/cache` client (v6); restores do not: its restoreCache extracts
 * with `tar -P`, and an entry may have been saved by a hostile leg holding the run's cache token. A
 * restore asks the service for one exact key and unpacks the archive itself, checked member by member
 * (checked-restore.ts, safe-extract.ts). See docs/github-engine.md, "State between jobs".
 *
 * How the client is driven on save, and why:
 * - Path form. The client hashes the path strings it is given into the entry's `version`, globs them
 *   against the process's cwd, tars them relative to GITHUB_WORKSPACE (cwd when unset) and extracts
 *   them there again. So each save runs in a fresh stage folder under RUNNER_TEMP, made cwd and
 *   GITHUB_WORKSPACE for the call, where the package is `package`: the version is always
 *   sha256("package|<compression>|1.0"), the archive holds `package/...` and nothing else, which is
 *   what a restore accepts. The compression (zstd if the runner has it, else gzip) is part of the
 *   version: a runner without zstd does not see entries saved with it.
 * - Errors. The client logs its failures instead of throwing them (client-log.ts): they are read from
 *   its log. A restore's lookup, download and unpacking throw their own errors, so a failed restore
 *   is never taken for a miss.
 * - Since cwd, GITHUB_WORKSPACE and stdout are process-wide, calls run one at a time, and nothing else
 *   in the process should rely on cwd while one is in flight.
 * - Retries. On save, the client's twirp calls retry HTTP 500/502/503/504 themselves, and the Azure SDK
 *   retries blob transfers; what they do not retry (a reset twirp call, a 429, a failed tar, spent
 *   retries) is retried here, the whole operation, with exponential back-off. A restore's lookup and
 *   download are retried here the same way (5xx, 429, resets, a broken download). A 4xx answer (bad
 *   token, refused scope, taken key) and a refused archive are not retried.
 */
/** The one path given to the client, on save and on restore. */
const ENTRY = "package";
function cacheStore(options = {}) {
    const stageRoot = checkEnvironment();
    const attempts = options.attempts ?? 4;
    const backoffMs = options.backoffMs ?? 5000;
    const limits = options.limits ?? DEFAULT_LIMITS;
    async function withRetries(what, once) {
        const failures = [];
        for (let attempt = 1;; attempt++) {
            const result = await once();
            if (!(result instanceof Failed))
                return result;
            failures.push(...result.failures);
            if (result.permanent || attempt >= attempts) {
                const why = failures.length > 0 ? failures.join("; ") : "the cache client reported no reason";
                const tries = attempt > 1 ? ` after ${attempt} attempts` : "";
                throw new Error(`${what} failed${tries}: ${why}`);
            }
            await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
        }
    }
    return {
        save: (key, dir) => oneAtATime(async () => {
            const source = (0,external_node_path_.resolve)(dir);
            if (!(0,external_node_fs_.statSync)(source, { throwIfNoEntry: false })?.isDirectory())
                throw new Error(`cannot save cache key ${key}: ${source} is not a folder`);
            let retried = false;
            return withRetries(`saving ${source} as cache key ${key}`, () => inStage(stageRoot, async (stage) => {
                (0,external_node_fs_.cpSync)(source, (0,external_node_path_.join)(stage, ENTRY), { recursive: true, verbatimSymlinks: true });
                const { value: id, log } = await logged(() => cache/* saveCache */.Io([ENTRY], key));
                if (id !== -1)
                    return undefined;
                if (log.statuses.includes(409))
                    throw taken(key, retried);
                retried = true;
                return Failed.of(log);
            }));
        }),
        restore: (key, dir) => oneAtATime(async () => {
            const target = (0,external_node_path_.resolve)(dir);
            const existing = (0,external_node_fs_.statSync)(target, { throwIfNoEntry: false });
            if (existing && (!existing.isDirectory() || (0,external_node_fs_.readdirSync)(target).length > 0))
                throw new Error(`cannot restore cache key ${key} into ${target}: it exists and is not an empty folder`);
            return withRetries(`restoring cache key ${key}`, async () => {
                try {
                    const hit = await checkedRestore(key, target, { entry: ENTRY, scratchRoot: stageRoot, limits });
                    return hit ? key : null;
                }
                catch (e) {
                    if (e instanceof TransientFailure)
                        return new Failed([e.message], false);
                    if (e instanceof PermanentFailure)
                        return new Failed([e.message], true);
                    throw e;
                }
            });
        }),
        exists: (prefix) => oneAtATime(() => withRetries(`looking up cache keys starting with ${prefix}`, async () => {
            try {
                return await entryExists(prefix, ENTRY);
            }
            catch (e) {
                if (e instanceof TransientFailure)
                    return new Failed([e.message], false);
                if (e instanceof PermanentFailure)
                    return new Failed([e.message], true);
                throw e;
            }
        })),
    };
}
/** An attempt that failed; `permanent` when retrying cannot help (a 4xx, a refused scope). */
class Failed {
    failures;
    permanent;
    constructor(failures, permanent) {
        this.failures = failures;
        this.permanent = permanent;
    }
    static of(log) {
        const text = log.failures.join("\n");
        return new Failed(log.failures, log.statuses.some((s) => s >= 400 && s < 500 && s !== 408 && s !== 429) ||
            /cache (read|write) denied|storage quota/i.test(text));
    }
}
function taken(key, retried) {
    // A failed attempt may have reserved the key (an upload that broke) or even saved it (an answer lost).
    const ours = retried ? " (perhaps by this job's earlier, failed attempt)" : "";
    return new Error(`cache key ${key} is taken: an entry with this key exists, or a save of it has started${ours}. ` +
        "Cache keys are immutable; a package is saved once, under a key no other job uses.");
}
function unavailable() {
    const v2 = process.env.ACTIONS_CACHE_SERVICE_V2 !== undefined;
    const needed = v2 ? "ACTIONS_RESULTS_URL" : "ACTIONS_CACHE_SERVICE_V2 and ACTIONS_RESULTS_URL";
    return new Error(`the Actions cache is not available: ${needed} not set. agent-flow's GitHub engine keeps its state ` +
        "in the Actions cache, so the action's plan, run, advance and commit commands must run inside " +
        "GitHub Actions, where the runner sets these (or against a local emulation of the cache service).");
}
/** Checks what the runner sets for the cache; returns the folder for stages. */
function checkEnvironment() {
    if (!cache/* isFeatureAvailable */.w3())
        throw unavailable();
    for (const name of ["ACTIONS_RUNTIME_TOKEN", "RUNNER_TEMP"]) {
        if (!process.env[name])
            throw new Error(`${name} is not set: the action must run inside GitHub Actions, where the runner sets it`);
    }
    // The runner's cache-mode for untrusted events: the client would skip the call and say nothing useful.
    const mode = (process.env.ACTIONS_CACHE_MODE ?? "").trim().toLowerCase();
    if (mode === "none" || mode === "read" || mode === "write-only")
        throw new Error(`ACTIONS_CACHE_MODE is '${mode}': this workflow run may not both save and restore caches, ` +
            "which the GitHub engine needs between its jobs");
    return process.env.RUNNER_TEMP;
}
let queue = Promise.resolve();
function oneAtATime(fn) {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
}
/** Runs `fn` in a fresh stage folder, made cwd and GITHUB_WORKSPACE for its length, then removed. */
async function inStage(root, fn) {
    const stage = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(root, "agent-flow-cache-"));
    const cwd = process.cwd();
    const workspace = process.env.GITHUB_WORKSPACE;
    process.chdir(stage);
    process.env.GITHUB_WORKSPACE = stage;
    try {
        return await fn(stage);
    }
    finally {
        process.chdir(cwd);
        if (workspace === undefined)
            Reflect.deleteProperty(process.env, "GITHUB_WORKSPACE");
        else
            process.env.GITHUB_WORKSPACE = workspace;
        (0,external_node_fs_.rmSync)(stage, { recursive: true, force: true });
    }
}
async function logged(call) {
    const watch = watchClientLog();
    try {
        const value = await call();
        return { value, log: watch.stop() };
    }
    catch (e) {
        watch.stop();
        throw e;
    }
}


/***/ }),

/***/ 1408:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   An: () => (/* binding */ writeJsonFile),
/* harmony export */   EL: () => (/* binding */ copyTree),
/* harmony export */   FW: () => (/* binding */ scratch),
/* harmony export */   JE: () => (/* binding */ readJsonFile),
/* harmony export */   Nc: () => (/* binding */ PackageRefused),
/* harmony export */   i9: () => (/* binding */ packageFiles),
/* harmony export */   jK: () => (/* binding */ packageDigest),
/* harmony export */   qc: () => (/* binding */ JobRefused)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1490);





/** A package that must not be used: forged, incomplete or not what the previous job saved. */
class PackageRefused extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2);
    }
}
/** A job the GitHub engine will not do (bad inputs, or a run in another state); nothing was saved. */
class JobRefused extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AgentFlowError */ .o {
    constructor(message) {
        super(message, 2);
    }
}
/** A package may hold at most this many entries (a leg's output folder is the agent's to fill). */
const MAX_ENTRIES = 20_000;
/**
 * The files of a package, sorted, each a path relative to `dir`. Refuses anything but folders and
 * regular files: a link in a restored package could make the next copy write outside it.
 */
async function packageFiles(dir) {
    const files = [];
    let count = 0;
    const walk = async (d) => {
        const entries = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(d, { withFileTypes: true })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
        for (const e of entries) {
            const p = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(d, e.name);
            if (++count > MAX_ENTRIES)
                throw new PackageRefused(`${dir} holds more than ${MAX_ENTRIES} entries; refused`);
            if (e.isDirectory())
                await walk(p);
            else if (e.isFile())
                files.push((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(dir, p));
            else
                throw new PackageRefused(`${JSON.stringify((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(dir, p))} in a package is not a regular file`);
        }
    };
    await walk(dir);
    return files;
}
/**
 * sha256 over a package's files in a fixed order (path, size, content per file): the job that saves a
 * package outputs it, the job that restores it checks it, so a package swapped in the cache is refused.
 */
async function packageDigest(dir) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256");
    for (const f of await packageFiles(dir)) {
        const data = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, f));
        hash.update(`${f}\0${data.length}\0`);
        hash.update(data);
    }
    return hash.digest("hex");
}
/** A fresh scratch folder for one package. */
function scratch(prefix) {
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), `agent-flow-${prefix}-`));
}
async function readJsonFile(file, what) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, "utf8");
    }
    catch {
        throw new PackageRefused(`${what} is missing`);
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw new PackageRefused(`${what} is not valid JSON`);
    }
}
const writeJsonFile = (file, value) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file, `${JSON.stringify(value, null, 2)}\n`);
/** Copies a folder of regular files (checked by packageFiles) to `to`, replacing what is there. */
async function copyTree(from, to, skip = () => false) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(to, { recursive: true, force: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(to, { recursive: true });
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(from).catch(() => null);
    if (!st?.isDirectory())
        return;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(from, to, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => !skip((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(from, src)),
    });
}


/***/ })

};
