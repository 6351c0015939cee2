export const id = 809;
export const ids = [809];
export const modules = {

/***/ 3809:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  installCli: () => (/* binding */ installCli),
  legEnvironment: () => (/* binding */ legEnvironment),
  presetLocksRoot: () => (/* binding */ presetLocksRoot)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./build/bundle/js/engine/environment.js
var environment = __webpack_require__(9185);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/bundle/js/flow/presets/index.js + 5 modules
var presets = __webpack_require__(9368);
;// CONCATENATED MODULE: ./build/bundle/js/flow/presets/install.js
/**
 * What the GitHub engine installs for a preset agent's leg, and where: the pure half of the install
 * (src/action/preset-install.ts runs npm and the cache). A preset's CLI is installed with `npm ci` from
 * a lock file committed here (locks/<preset>/package-lock.json), whose integrity hashes pin every
 * tarball, so a cached copy of the tarballs can be checked and never has to be trusted.
 */



/** The spec of preset `name`'s CLI, with its lock under `locksRoot`; null for a preset npm does not install. */
function presetCli(name, locksRoot) {
    const preset = (0,presets/* findPreset */.t)(name);
    if (preset?.install.manager !== "npm")
        return null;
    return {
        preset: preset.name,
        package: preset.install.package,
        version: preset.install.version,
        program: preset.program,
        lockDir: (0,external_node_path_.join)(locksRoot, preset.name),
    };
}
/** Under the runner's tool cache (`RUNNER_TOOL_CACHE`), else under `tmp`. */
function cliPaths(spec, toolCache, tmp) {
    const root = (0,external_node_path_.join)(toolCache || tmp, "agent-flow", spec.preset, spec.version);
    const prefix = (0,external_node_path_.join)(root, "cli");
    return { root, prefix, npmCache: (0,external_node_path_.join)(root, "npm-cache"), bin: (0,external_node_path_.join)(prefix, "node_modules", ".bin") };
}
/**
 * The Actions cache key of a CLI's tarballs: preset, version, OS, arch and a hash of the lock file (a
 * new lock starts a new entry). It is not a secret and not a guarantee: anyone holding a run's cache
 * token can compute it and save an entry first. What makes a restored entry safe is `npm ci` checking
 * every tarball against the lock's integrity.
 */
function cliCacheKey(spec, platform, arch, lockText) {
    const lock = (0,external_node_crypto_.createHash)("sha256").update(lockText).digest("hex").slice(0, 16);
    return `agent-flow-cli-${spec.preset}-${spec.version}-${platform}-${arch}-${lock}`;
}
/** The agent's environment with `bin` first on PATH: the only change the install makes to it. */
function withCliOnPath(env, bin) {
    return { ...env, PATH: env.PATH ? `${bin}${external_node_path_.delimiter}${env.PATH}` : bin };
}

;// CONCATENATED MODULE: ./build/bundle/js/action/preset-install.js







const message = (err) => (err instanceof Error ? err.message : String(err));
/** The folder holding each preset's lock (src/flow/presets/locks), found above this module or bundle. */
function presetLocksRoot() {
    let dir = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    for (;;) {
        const candidate = [dir, "src", "flow", "presets", "locks"].join("/");
        if ((0,external_node_fs_.existsSync)(candidate))
            return candidate;
        const up = (0,external_node_path_.dirname)(dir);
        if (up === dir)
            throw new Error("the preset lock files (src/flow/presets/locks) are not in the action");
        dir = up;
    }
}
async function installCli(spec, options) {
    const { store, log } = options;
    const warn = options.warn ?? log;
    const paths = cliPaths(spec, options.env.RUNNER_TOOL_CACHE, options.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)());
    const lockText = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(spec.lockDir, "package-lock.json"), "utf8");
    const key = cliCacheKey(spec, options.platform ?? process.platform, options.arch ?? process.arch, lockText);
    // Afresh every time: a self-hosted runner keeps its tool cache, and an earlier job's agent could
    // have written there.
    (0,external_node_fs_.rmSync)(paths.root, { recursive: true, force: true });
    (0,external_node_fs_.mkdirSync)(paths.prefix, { recursive: true });
    for (const f of ["package.json", "package-lock.json"])
        (0,external_node_fs_.copyFileSync)((0,external_node_path_.join)(spec.lockDir, f), (0,external_node_path_.join)(paths.prefix, f));
    let restored = false;
    try {
        restored = (await store.restore(key, paths.npmCache)) !== null;
    }
    catch (err) {
        warn(`${spec.preset}: the cached npm tarballs (${key}) were not restored: ${message(err)}`);
    }
    if (restored)
        log(`${spec.preset}: restored npm's tarball cache from ${key}`);
    let refused = false;
    let result = await npmCi(paths.prefix, paths.npmCache, options.env);
    if (!result.ok && restored) {
        refused = true;
        warn(`${spec.preset}: npm ci from the cached tarballs (${key}) failed, so the cache entry is not used; ` +
            `installing from the registry. If the entry is bad, delete it ` +
            `(gh cache delete ${key}). npm said: ${result.output.slice(-2000)}`);
        (0,external_node_fs_.rmSync)(paths.npmCache, { recursive: true, force: true });
        result = await npmCi(paths.prefix, paths.npmCache, options.env);
    }
    if (!result.ok)
        throw new Error(`installing the ${spec.preset} CLI (${spec.package}@${spec.version}) with npm ci failed: ${result.output.slice(-4000)}`);
    verify(spec, paths.prefix, paths.bin);
    log(`${spec.preset}: ${spec.package}@${spec.version} installed in ${paths.prefix}`);
    let saved = false;
    if (!restored) {
        try {
            await store.save(key, paths.npmCache);
            saved = true;
            log(`${spec.preset}: saved npm's tarball cache as ${key}`);
        }
        catch (err) {
            // Another job saved it meanwhile, or the cache is full: the next run installs from npm again.
            warn(`${spec.preset}: npm's tarball cache was not saved as ${key}: ${message(err)}`);
        }
    }
    return { bin: paths.bin, key, restored, refused, saved };
}
/** The installed package is the pinned one and its program is in `bin`. */
function verify(spec, prefix, bin) {
    const manifest = (0,external_node_path_.join)(prefix, "node_modules", ...spec.package.split("/"), "package.json");
    let version;
    try {
        version = JSON.parse((0,external_node_fs_.readFileSync)(manifest, "utf8")).version;
    }
    catch (err) {
        throw new Error(`npm ci did not install ${spec.package}: ${message(err)}`);
    }
    if (version !== spec.version)
        throw new Error(`npm ci installed ${spec.package}@${String(version)}, not the pinned ${spec.version}`);
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(bin, spec.program)))
        throw new Error(`${spec.package}@${spec.version} has no program '${spec.program}' in ${bin}`);
}
function npmCi(cwd, cache, env) {
    // npm and the packages' install scripts never see the runner's tokens.
    const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !(0,environment/* isGitHubCredential */.p1)(name)));
    const args = ["ci", "--cache", cache, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=warn"];
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)("npm", args, { cwd, env: clean, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        const add = (d) => {
            output = (output + d.toString("utf8")).slice(-100_000);
        };
        child.stdout.on("data", add);
        child.stderr.on("data", add);
        child.once("error", (err) => resolve({ ok: false, output: message(err) }));
        child.once("close", (code) => resolve({ ok: code === 0, output }));
    });
}
/**
 * The environment a leg's agent runs with: for an agent with a preset npm installs, its CLI installed
 * and first on PATH; otherwise (a check, a `run:` agent) `env` unchanged, nothing installed.
 */
async function legEnvironment(flow, leg, options) {
    const agent = leg.kind === "agent" && leg.agent ? flow.agents[leg.agent] : undefined;
    const spec = agent?.preset ? presetCli(agent.preset, options.locksRoot ?? presetLocksRoot()) : null;
    if (!spec)
        return options.env;
    const installed = await installCli(spec, options);
    return withCliOnPath(options.env, installed.bin);
}


/***/ })

};
