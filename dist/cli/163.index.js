export const id = 163;
export const ids = [163];
export const modules = {

/***/ 5163:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadFlowFile: () => (/* binding */ loadFlowFile),
  loadFlowText: () => (/* binding */ loadFlowText)
});

// UNUSED EXPORTS: DEFAULT_FLOW_FILE, MAX_FLOW_BYTES

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./build/bundle/js/flow/diagnostics.js
var flow_diagnostics = __webpack_require__(9142);
// EXTERNAL MODULE: ./build/bundle/js/lib/zod.js
var zod = __webpack_require__(484);
// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 5 modules
var schemas = __webpack_require__(8395);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js + 1 modules
var api = __webpack_require__(3305);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
// EXTERNAL MODULE: ./build/bundle/js/flow/schema.js + 1 modules
var schema = __webpack_require__(9897);
;// CONCATENATED MODULE: ./build/bundle/js/flow/shape-schemas.js



/**
 * The zod schemas of `agents/flow.yaml`, section by section. Sections are parsed one entry at a time (see
 * parse.ts) so that one bad agent does not hide the problems of the others. Only the parser imports this
 * module: what the engine and the other commands need of the flow (types, constants) is in schema.ts,
 * without zod. zod/mini (see lib/zod.ts): checks are arguments of `.check()`, wrappers are functions.
 */
const nameSchema = schemas/* string */.YjP()
    .check(api/* _maxLength */.Eb(64), api/* _regex */.Fk(schema/* NAME_RE */.eF, { message: `must use ${schema/* NAME_RULE */.$h}` }));
const positiveInt = () => schemas/* number */.aig().check(schemas/* int */.Whr(), api/* _positive */.NC());
const intRange = (min, max) => max === undefined
    ? schemas/* number */.aig().check(schemas/* int */.Whr(), api/* _gte */.qm(min))
    : schemas/* number */.aig().check(schemas/* int */.Whr(), api/* _gte */.qm(min), api/* _lte */.Zm(max));
const durationRe = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
/** Seconds, given as a number or as `90s`, `10m`, `1h30m`. */
const durationSchema = schemas/* pipe */.FsL(schemas/* union */.KCZ([positiveInt(), schemas/* string */.YjP()]), schemas/* transform */.pdi((v, payload) => {
    if (typeof v === "number")
        return v;
    const m = durationRe.exec(v.trim());
    const seconds = m && v.trim() !== "" ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
    if (seconds <= 0) {
        payload.issues.push({
            code: "custom",
            input: v,
            message: `'${v}' is not a duration; write seconds (600) or a form like 90s, 10m, 1h30m`,
        });
        return core/* NEVER */.tm;
    }
    return seconds;
}));
const scalar = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY()]);
const withKeyRe = /^[a-z][a-z0-9_]*$/;
const withSchema = schemas/* record */.g1P(schemas/* string */.YjP().check(api/* _regex */.Fk(withKeyRe, {
    message: "is not a valid parameter name (lowercase letters, digits and '_', starting with a letter)",
})), scalar);
const envName = () => schemas/* string */.YjP().check(api/* _regex */.Fk(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    message: "is not a valid environment variable name (letters, digits and '_', not starting with a digit)",
}));
const nonEmpty = () => schemas/* string */.YjP().check(api/* _minLength */.m9(1));
const opt = schemas/* optional */.lqM;
const defaultsSchema = schemas/* strictObject */.rej({
    workflow: opt(nameSchema),
    parallel_max: opt(intRange(1, 256)),
    lock_timeout: opt(durationSchema),
    run_retention: opt(intRange(0)),
    auto_cleanup: opt(schemas/* boolean */.zMY()),
    timeout: opt(durationSchema),
    retries: opt(intRange(0, 10)),
    run_timeout: opt(durationSchema),
    max_cost_usd: opt(schemas/* number */.aig().check(api/* _positive */.NC())),
});
const policySchema = schemas/* strictObject */.rej({
    owners: opt(schemas/* record */.g1P(schemas/* string */.YjP(), nameSchema)),
    protected: opt(schemas/* array */.YOg(schemas/* string */.YjP())),
    allow_github: opt(schemas/* boolean */.zMY()),
    max_changed_files: opt(positiveInt()),
    max_changed_bytes: opt(positiveInt()),
    allow_symlinks: opt(schemas/* boolean */.zMY()),
    allow_executable: opt(schemas/* boolean */.zMY()),
    allow_gitattributes: opt(schemas/* boolean */.zMY()),
    allow_submodules: opt(schemas/* boolean */.zMY()),
});
const commandSchema = schemas/* union */.KCZ([nonEmpty(), schemas/* array */.YOg(schemas/* string */.YjP()).check(api/* _minLength */.m9(1))]);
const agentSchema = schemas/* strictObject */.rej({
    description: opt(schemas/* string */.YjP()),
    preset: opt(schemas/* string */.YjP()),
    /** For a preset agent: the CLI's model, turn limit and extra arguments. */
    model: opt(nonEmpty()),
    max_turns: opt(intRange(1, 10_000)),
    args: opt(schemas/* array */.YOg(schemas/* string */.YjP())),
    run: opt(commandSchema),
    prompt: opt(schemas/* string */.YjP()),
    prompt_file: opt(schemas/* string */.YjP()),
    output: opt(nameSchema),
    writes: opt(schemas/* array */.YOg(schemas/* string */.YjP())),
    reads: opt(schemas/* array */.YOg(schemas/* string */.YjP())),
    timeout: opt(durationSchema),
    retries: opt(intRange(0, 10)),
    env: opt(schemas/* record */.g1P(envName(), scalar)),
    raises: opt(schemas/* array */.YOg(nameSchema)),
    locks: opt(schemas/* array */.YOg(nameSchema)),
    secrets: opt(schemas/* array */.YOg(envName())),
});
const triggerRef = opt(nameSchema);
const agentStepSchema = schemas/* strictObject */.rej({
    name: opt(nameSchema),
    agent: nameSchema,
    with: opt(withSchema),
    on_failure: triggerRef,
    on_success: triggerRef,
});
/** The mapping form of a parallel member: `{ agent: docs, with: { mode: x } }`. */
const parallelMemberObjectSchema = schemas/* strictObject */.rej({ agent: nameSchema, with: opt(withSchema) });
const parallelMemberSchema = schemas/* union */.KCZ([nameSchema, parallelMemberObjectSchema]);
const parallelStepSchema = schemas/* strictObject */.rej({
    name: opt(nameSchema),
    parallel: schemas/* array */.YOg(schemas/* unknown */.L5J()),
    max_parallel: opt(intRange(1, 256)),
    on_failure: triggerRef,
    on_success: triggerRef,
});
const checkStepSchema = schemas/* strictObject */.rej({
    name: opt(nameSchema),
    check: schemas/* union */.KCZ([
        nonEmpty(),
        schemas/* strictObject */.rej({
            run: commandSchema,
            timeout: opt(durationSchema),
            env: opt(schemas/* record */.g1P(schemas/* string */.YjP(), scalar)),
        }),
    ]),
    on_failure: triggerRef,
    on_success: triggerRef,
});
const commitOptionsSchema = schemas/* strictObject */.rej({
    branch: opt(nonEmpty()),
    message: opt(nonEmpty()),
    squash: opt(schemas/* boolean */.zMY()),
    draft: opt(schemas/* boolean */.zMY()),
    labels: opt(schemas/* array */.YOg(nonEmpty())),
    reviewers: opt(schemas/* array */.YOg(nonEmpty())),
    author: opt(schemas/* string */.YjP()),
    remote: opt(nonEmpty()),
    title: opt(nonEmpty()),
});
const commitStepSchema = schemas/* strictObject */.rej({
    name: opt(nameSchema),
    commit: schemas/* union */.KCZ([schemas/* literal */.euz(true), schemas/* null */.chJ(), commitOptionsSchema]),
});
const workflowSchema = schemas/* strictObject */.rej({
    description: opt(schemas/* string */.YjP()),
    steps: schemas/* array */.YOg(schemas/* unknown */.L5J()),
});
const triggerSchema = schemas/* union */.KCZ([
    nameSchema,
    schemas/* strictObject */.rej({
        workflow: nameSchema,
        max: opt(intRange(1, 100)),
        description: opt(schemas/* string */.YjP()),
    }),
]);
const section = () => schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J());
const topSchema = schemas/* strictObject */.rej({
    version: schemas/* literal */.euz(1),
    defaults: opt(section()),
    policy: opt(section()),
    agents: section(),
    workflows: section(),
    triggers: opt(section()),
});
/** Keys each kind of mapping accepts, for did-you-mean on unknown keys. */
const KNOWN_KEYS = {
    top: Object.keys(topSchema.shape),
    defaults: Object.keys(defaultsSchema.shape),
    policy: Object.keys(policySchema.shape),
    agent: Object.keys(agentSchema.shape),
    workflow: Object.keys(workflowSchema.shape),
    /** Keys of a step by its kind (the one of agent, parallel, check, commit it has). */
    steps: {
        agent: Object.keys(agentStepSchema.shape),
        parallel: Object.keys(parallelStepSchema.shape),
        check: Object.keys(checkStepSchema.shape),
        commit: Object.keys(commitStepSchema.shape),
    },
    /** Any step key, for a step whose kind cannot be told. */
    step: ["name", "agent", "parallel", "check", "commit", "with", "max_parallel", "on_failure", "on_success"],
    parallelMember: Object.keys(parallelMemberObjectSchema.shape),
    checkOptions: ["run", "timeout", "env"],
    commit: Object.keys(commitOptionsSchema.shape),
    trigger: ["workflow", "max", "description"],
};

;// CONCATENATED MODULE: ./build/bundle/js/flow/parse-shape.js
// Helpers of the flow parser: shaping an entry key by key, the keys a mapping accepts (for did-you-mean),
// and reading a value at a key path of the YAML data.

/** The keys of a strict object that shape on their own, and the ones that do not. */
function shapeByKey(schema, raw) {
    const value = {};
    const failed = new Set();
    if (!isMapping(raw))
        return { value: value, failed };
    for (const [key, field] of Object.entries(schema.shape)) {
        if (!(key in raw))
            continue;
        const r = field.safeParse(raw[key]);
        if (r.success)
            value[key] = r.data;
        else
            failed.add(key);
    }
    return { value: value, failed };
}
const STEP_KINDS = ["agent", "parallel", "check", "commit"];
/** Keys the mapping at `path` accepts; `data` is the whole document (a step's keys depend on its kind). */
function knownKeysAt(path, data) {
    const [section, , sub, , inner] = path;
    if (path.length === 0)
        return KNOWN_KEYS.top;
    if (section === "defaults")
        return KNOWN_KEYS.defaults;
    if (section === "policy")
        return KNOWN_KEYS.policy;
    if (section === "agents")
        return KNOWN_KEYS.agent;
    if (section === "triggers")
        return KNOWN_KEYS.trigger;
    if (section === "workflows" && sub === "steps") {
        if (path.length === 4) {
            const step = valueAt(data, path);
            const kinds = isMapping(step) ? STEP_KINDS.filter((k) => k in step) : [];
            const [kind] = kinds;
            return kinds.length === 1 && kind ? KNOWN_KEYS.steps[kind] : KNOWN_KEYS.step;
        }
        if (inner === "commit")
            return KNOWN_KEYS.commit;
        if (inner === "check")
            return KNOWN_KEYS.checkOptions;
        if (inner === "parallel")
            return KNOWN_KEYS.parallelMember;
        return KNOWN_KEYS.step;
    }
    if (section === "workflows")
        return KNOWN_KEYS.workflow;
    return [];
}
const isMapping = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
/** The value at a key path of the parsed YAML data (undefined where the path leaves it). */
function valueAt(data, path) {
    let cur = data;
    for (const part of path) {
        if (cur === null || typeof cur !== "object")
            return undefined;
        cur = cur[part];
    }
    return cur;
}
const toStrings = (rec) => Object.fromEntries(Object.entries(rec ?? {}).map(([k, v]) => [k, String(v)]));

;// CONCATENATED MODULE: ./build/bundle/js/flow/parse-step.js
// Parsing one step of a workflow (agent, parallel, check, commit) and giving unnamed steps their ids.




function parseStep(raw, path, index, check, diagnostics, source) {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        const hint = typeof raw === "string" ? ` (write '- agent: ${raw}')` : "";
        diagnostics.push(source.diagnostic(path, `a step must be a mapping with one of ${STEP_KINDS.join(", ")}${hint}`));
        return undefined;
    }
    const kinds = STEP_KINDS.filter((k) => k in raw);
    if (kinds.length === 0) {
        // `agnet: dev` is a typo of a kind, not a step without one: say so at the key
        const stepKeys = KNOWN_KEYS.step;
        const typos = Object.keys(raw).filter((k) => !stepKeys.includes(k) && (0,flow_diagnostics/* didYouMean */.au)(k, STEP_KINDS));
        for (const key of typos) {
            diagnostics.push(source.diagnostic([...path, key], `unknown key '${key}'${(0,flow_diagnostics/* didYouMean */.au)(key, STEP_KINDS)}`, "key"));
        }
        if (typos.length > 0)
            return undefined;
    }
    if (kinds.length !== 1) {
        const message = kinds.length === 0
            ? `a step needs exactly one of ${STEP_KINDS.map((k) => `'${k}'`).join(", ")}`
            : `a step may have only one of ${kinds.map((k) => `'${k}'`).join(", ")}; split it into ${kinds.length} steps`;
        diagnostics.push(source.diagnostic(path, message));
        return undefined;
    }
    const base = { id: "", index };
    /**
     * The step shaped by `schema`; when some of its keys are bad (reported already), the step built from
     * the others, so that their problems are found too. Undefined only when its kind's own key is bad.
     */
    const shaped = (schema, kind) => {
        const s = check(schema, raw, path);
        if (s)
            return s;
        const { value } = shapeByKey(schema, raw);
        const inner = raw[kind];
        // commit options are shaped key by key as well: one bad option must not hide the others
        if (kind === "commit" && !(kind in value) && isMapping(inner))
            value.commit = shapeByKey(commitOptionsSchema, inner).value;
        return kind in value ? value : undefined;
    };
    switch (kinds[0]) {
        case "agent": {
            const s = shaped(agentStepSchema, "agent");
            if (!s)
                return undefined;
            return {
                ...base,
                kind: "agent",
                id: s.name ?? "",
                call: { agent: s.agent, with: toStrings(s.with) },
                on_failure: s.on_failure,
                on_success: s.on_success,
            };
        }
        case "parallel": {
            const s = shaped(parallelStepSchema, "parallel");
            if (!s)
                return undefined;
            const calls = [];
            s.parallel.forEach((m, i) => {
                // a mapping can only mean the mapping form, so check it against that alone: its unknown keys
                // then get their own message instead of "expected an agent name or a mapping"
                const member = isMapping(m)
                    ? check(parallelMemberObjectSchema, m, [...path, "parallel", i])
                    : check(parallelMemberSchema, m, [...path, "parallel", i], "an agent name or a mapping with 'agent' (and optional 'with')");
                if (member === undefined)
                    return;
                calls.push(typeof member === "string"
                    ? { agent: member, with: {} }
                    : { agent: member.agent, with: toStrings(member.with) });
            });
            if (calls.length !== s.parallel.length)
                return undefined;
            return {
                ...base,
                kind: "parallel",
                id: s.name ?? "",
                calls,
                max_parallel: s.max_parallel,
                on_failure: s.on_failure,
                on_success: s.on_success,
            };
        }
        case "check": {
            const s = shaped(checkStepSchema, "check");
            if (!s)
                return undefined;
            const c = typeof s.check === "string" ? { run: s.check } : s.check;
            return {
                ...base,
                kind: "check",
                id: s.name ?? "",
                run: c.run,
                timeout: "timeout" in c ? c.timeout : undefined,
                env: toStrings("env" in c ? c.env : undefined),
                on_failure: s.on_failure,
                on_success: s.on_success,
            };
        }
        default: {
            const s = shaped(commitStepSchema, "commit");
            if (!s)
                return undefined;
            const o = s.commit === true || s.commit === null ? {} : s.commit;
            return {
                ...base,
                kind: "commit",
                id: s.name ?? "",
                options: {
                    branch: o.branch ?? schema/* DEFAULT_BRANCH_TEMPLATE */.oU,
                    message: o.message,
                    squash: o.squash ?? true,
                    draft: o.draft ?? false,
                    labels: o.labels ?? [],
                    reviewers: o.reviewers ?? [],
                    author: o.author,
                    remote: o.remote ?? "origin",
                    title: o.title,
                },
            };
        }
    }
}
/** Steps without a `name` get one from what they run; repeats get `-2`, `-3` so ids stay unique. */
function assignIds(steps) {
    const explicit = new Set(steps.map((s) => s.id).filter(Boolean));
    const used = new Set();
    return steps.map((s) => {
        if (s.id) {
            used.add(s.id);
            return s;
        }
        const stem = s.kind === "agent" ? s.call.agent : s.kind;
        let id = stem;
        for (let n = 2; used.has(id) || explicit.has(id); n++)
            id = `${stem}-${n}`;
        used.add(id);
        return { ...s, id };
    });
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/zod-messages.js

/** What a union at a given key accepts, said the way a person would write it. */
const UNION_HINTS = {
    run: "a command string or a list of arguments",
    check: "a command string or a mapping with 'run' (and optional 'timeout', 'env')",
    commit: "true, nothing, or a mapping of commit options",
    parallel: "an agent name or a mapping with 'agent' (and optional 'with')",
    trigger: "a workflow name, 'commit', or a mapping with 'workflow' and 'max'",
    timeout: "a duration in seconds (600) or a form like 90s, 10m, 1h30m",
    lock_timeout: "a duration in seconds (60) or a form like 90s, 10m",
    value: "a string, a number or true/false",
};
function describe(value) {
    if (value === null || value === undefined)
        return "nothing";
    if (Array.isArray(value))
        return "a list";
    if (typeof value === "object")
        return "a mapping";
    if (typeof value === "string")
        return `the string '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
    if (typeof value === "boolean")
        return `${value}`;
    return `the ${typeof value} ${String(value)}`;
}
const EXPECTED = {
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    record: "a mapping",
};
/**
 * Turns zod issues into sentences. `unionHint` names what a union at this place accepts (zod's own
 * union message lists every branch's failure, which reads as noise).
 */
function shapeProblems(error, base, data, knownKeys, unionHint) {
    const out = [];
    for (const issue of error.issues) {
        const path = [...base, ...issue.path];
        const input = zod_messages_valueAt(data, issue.path);
        if (issue.code === "unrecognized_keys") {
            const known = knownKeys(path);
            for (const key of issue.keys) {
                const hint = (0,flow_diagnostics/* didYouMean */.au)(key, known) || ` (known keys: ${known.join(", ")})`;
                out.push({ path: [...path, key], at: "key", message: `unknown key '${key}'${hint}` });
            }
            continue;
        }
        if (issue.code === "invalid_key") {
            // zod puts the offending key last in the path and the reason in the nested issue
            const key = String(path[path.length - 1] ?? "");
            const reason = issue.issues[0]?.message ?? "is not a valid key here";
            out.push({ path, at: "key", message: `'${key}' ${reason}` });
            continue;
        }
        out.push({ path, at: "value", message: messageFor(issue, input, path, unionHint) });
    }
    return out;
}
function messageFor(issue, input, path, unionHint) {
    const last = path.length > 0 ? String(path[path.length - 1]) : "";
    switch (issue.code) {
        case "invalid_type":
            if (input === undefined)
                return `is required (${EXPECTED[issue.expected] ?? issue.expected})`;
            return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(input)}`;
        case "invalid_union": {
            const hint = UNION_HINTS[last] ?? unionHint ?? "a different kind of value";
            return `expected ${hint}, got ${describe(input)}`;
        }
        case "invalid_value":
            if (input === undefined && issue.values.length === 1 && last !== "" && Number.isNaN(Number(last)))
                return `is required; add '${last}: ${String(issue.values[0])}'`;
            return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, got ${describe(input)}`;
        case "too_small":
            if (issue.origin === "array")
                return `must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? "" : "s"}`;
            if (issue.origin === "string")
                return "must not be empty";
            return issue.inclusive === false
                ? `must be greater than ${issue.minimum}, got ${describe(input)}`
                : `must be at least ${issue.minimum}, got ${describe(input)}`;
        case "too_big":
            if (issue.origin === "string")
                return `must be at most ${issue.maximum} characters long`;
            return issue.inclusive === false
                ? `must be less than ${issue.maximum}, got ${describe(input)}`
                : `must be at most ${issue.maximum}, got ${describe(input)}`;
        case "invalid_format":
            return `${describe(input)} ${issue.message}`;
        default:
            return issue.message;
    }
}
function zod_messages_valueAt(data, path) {
    let cur = data;
    for (const part of path) {
        if (cur === null || typeof cur !== "object")
            return undefined;
        cur = cur[part];
    }
    return cur;
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/parse.js






const NAME_KIND = { agents: "agent", workflows: "workflow", triggers: "trigger" };
/** Shapes the document with zod, entry by entry, collecting every problem. */
function parseFlow(source) {
    const diagnostics = [];
    const check = (schema, value, path, hint) => {
        const result = schema.safeParse(value, { reportInput: true });
        if (result.success)
            return result.data;
        const known = (at) => knownKeysAt(at, source.data);
        for (const p of shapeProblems(result.error, path, value, known, hint)) {
            diagnostics.push(source.diagnostic(p.path, p.message, p.at));
        }
        return undefined;
    };
    const data = (source.data ?? {});
    check(topSchema, data, []);
    const section = (key) => {
        const v = data[key];
        return isMapping(v) ? v : {};
    };
    /** An entry's name, checked where it is written (the key), not at its value. */
    const checkName = (kind, name) => {
        if (nameSchema.safeParse(name).success)
            return true;
        diagnostics.push(source.diagnostic([kind, name], `'${name}' is not a valid ${NAME_KIND[kind] ?? "entry"} name; use ${schema/* NAME_RULE */.$h}`, "key"));
        return false;
    };
    const defaults = {
        ...schema/* BUILTIN_DEFAULTS */.hz,
        ...(check(defaultsSchema, section("defaults"), ["defaults"]) ?? {}),
    };
    const rawPolicy = check(policySchema, section("policy"), ["policy"]) ?? {};
    const policy = {
        owners: rawPolicy.owners ?? {},
        protected: rawPolicy.protected ?? [],
        allow_github: rawPolicy.allow_github ?? false,
        max_changed_files: rawPolicy.max_changed_files ?? 500,
        max_changed_bytes: rawPolicy.max_changed_bytes ?? 10 * 1024 * 1024,
        allow_symlinks: rawPolicy.allow_symlinks ?? false,
        allow_executable: rawPolicy.allow_executable ?? false,
        allow_gitattributes: rawPolicy.allow_gitattributes ?? false,
        allow_submodules: rawPolicy.allow_submodules ?? false,
    };
    const declared = {
        agents: new Set(Object.keys(section("agents"))),
        workflows: new Set(Object.keys(section("workflows"))),
        triggers: new Set(Object.keys(section("triggers"))),
    };
    const sections = { agents: isMapping(data.agents), workflows: isMapping(data.workflows) };
    const agents = {};
    const broken = new Map();
    for (const [name, raw] of Object.entries(section("agents"))) {
        const nameOk = checkName("agents", name);
        let a = check(agentSchema, raw ?? {}, ["agents", name]);
        if (!a && isMapping(raw)) {
            // one bad key must not hide the problems of the others: keep what shapes (the flow is invalid anyway)
            const partial = shapeByKey(agentSchema, raw);
            broken.set(name, partial.failed);
            a = partial.value;
        }
        if (!a || !nameOk)
            continue;
        agents[name] = {
            name,
            description: a.description,
            preset: a.preset,
            model: a.model,
            max_turns: a.max_turns,
            args: a.args ?? [],
            run: a.run,
            prompt: a.prompt,
            prompt_file: a.prompt_file,
            output: a.output ?? name,
            writes: a.writes ?? [],
            reads: a.reads ?? [],
            timeout: a.timeout ?? defaults.timeout,
            retries: a.retries ?? defaults.retries,
            env: toStrings(a.env),
            raises: a.raises ?? [],
            locks: a.locks ?? [],
            secrets: a.secrets ?? [],
        };
    }
    const workflows = {};
    const stepCounts = new Map();
    for (const [name, raw] of Object.entries(section("workflows"))) {
        const nameOk = checkName("workflows", name);
        const w = check(workflowSchema, raw ?? {}, ["workflows", name]);
        if (!w || !nameOk)
            continue;
        const steps = [];
        w.steps.forEach((rawStep, index) => {
            const step = parseStep(rawStep, ["workflows", name, "steps", index], index, check, diagnostics, source);
            if (step)
                steps.push(step);
        });
        // a step that did not shape is left out, and the others are still checked (the flow is invalid anyway)
        stepCounts.set(name, w.steps.length);
        workflows[name] = { name, description: w.description, steps: assignIds(steps) };
    }
    const triggers = {};
    for (const [name, raw] of Object.entries(section("triggers"))) {
        const nameOk = checkName("triggers", name);
        const t = check(triggerSchema, raw, ["triggers", name], "a workflow name, 'commit', or a mapping with 'workflow' and 'max'");
        if (t === undefined || !nameOk)
            continue;
        triggers[name] =
            typeof t === "string"
                ? { name, target: t }
                : { name, target: t.workflow, max: t.max, description: t.description };
    }
    const flow = { file: source.file, version: 1, defaults, policy, agents, workflows, triggers };
    return { parsed: { flow, declared, sections, broken, stepCounts }, diagnostics };
}

// EXTERNAL MODULE: ./build/bundle/js/flow/env-variables.js
var env_variables = __webpack_require__(3997);
;// CONCATENATED MODULE: ./build/bundle/js/flow/settings.js



/**
 * The guide's environment variables override the flow's `defaults`. Each is read with the schema of
 * the key it overrides, so it accepts the same forms (`AGENT_LOCK_TIMEOUT=10m` as `lock_timeout: 10m`)
 * and is refused with the same words. A bad value is an error, not a silent fallback:
 * `AGENT_PARALLEL_MAX=abc` running with 4 would hide a typo in a CI config.
 */

// environment variables are text: these spellings are the booleans a shell script or CI input uses
const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);
/** The text of a variable as the YAML value it stands for: `7` a number, `true`/`yes` a boolean. */
function asFlowValue(key, text) {
    if (key === "auto_cleanup") {
        const lower = text.toLowerCase();
        return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
    }
    return /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}
function applyEnvironment(defaults, env) {
    const next = { ...defaults };
    const diagnostics = [];
    for (const [name, key] of Object.entries(env_variables/* VARIABLES */.u)) {
        const raw = env[name];
        // Empty means "not given", as with action inputs: `AGENT_PARALLEL_MAX=` in a shell profile is not a value.
        if (raw === undefined || raw.trim() === "")
            continue;
        const value = asFlowValue(key, raw.trim());
        const schema = defaultsSchema.shape[key];
        const result = schema.safeParse(value, { reportInput: true });
        if (result.success) {
            next[key] = result.data;
            continue;
        }
        for (const p of shapeProblems(result.error, [key], value, () => [])) {
            const message = `${p.message} (it overrides defaults.${key})`;
            diagnostics.push({ file: "environment", line: 0, col: 0, path: name, message });
        }
    }
    return { defaults: next, diagnostics };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./build/bundle/js/flow/source.js


/**
 * A parsed flow file that can still answer "where is this key?", so every later check reports
 * `file:line:col` even though it works on plain data.
 */
class FlowSource {
    file;
    root;
    lines;
    data;
    constructor(file, root, lines, data) {
        this.file = file;
        this.root = root;
        this.lines = lines;
        this.data = data;
    }
    /** Parses `text`; problems that make the document unusable come back as diagnostics instead. */
    static parse(file, text) {
        const lines = new dist/* LineCounter */.HN();
        // uniqueKeys costs the yaml library a scan of the mapping per key (quadratic in a 1,000-agent flow);
        // duplicates are found below with one Set per mapping instead
        const docs = (0,dist/* parseAllDocuments */.hR)(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
        const diagnostics = [];
        const at = (offset, path, message) => {
            const pos = lines.linePos(offset);
            diagnostics.push({ file, line: pos.line, col: pos.col, path: (0,flow_diagnostics/* formatKeyPath */.K7)(path), message });
        };
        const list = Array.isArray(docs) ? docs : [];
        const doc = list[0];
        const empty = new FlowSource(file, null, lines, undefined);
        if (!doc) {
            diagnostics.push({
                file,
                line: 1,
                col: 1,
                path: "",
                message: "the file is empty; run 'agent-flow init' for a starting flow",
            });
            return { source: empty, diagnostics };
        }
        for (const extra of list.slice(1)) {
            at(extra.range[0], [], "the file holds more than one YAML document; keep a single flow per file");
        }
        // after a tab used as indentation, the parser's other complaints about that line are its echoes
        const tabLines = new Set();
        for (const err of list.flatMap((d) => d.errors)) {
            const line = lines.linePos(err.pos[0]).line;
            if (tabLines.has(line))
                continue;
            if (err.code === "TAB_AS_INDENT")
                tabLines.add(line);
            at(err.pos[0], [], yamlErrorMessage(err.code, err.message));
        }
        const syntaxErrors = diagnostics.length > 0;
        // Duplicate keys are reported even next to syntax errors (as the parser itself would); the other
        // checks only on a document that parsed.
        const duplicates = [];
        const others = [];
        const report = (into, offset, path, message) => {
            const pos = lines.linePos(offset);
            into.push({ file, line: pos.line, col: pos.col, path: (0,flow_diagnostics/* formatKeyPath */.K7)(path()), message });
        };
        (0,dist/* visit */.YR)(doc, {
            Map(_key, map) {
                const seen = new Set();
                for (const pair of map.items) {
                    if (!(0,dist/* isScalar */.jn)(pair.key))
                        continue;
                    const name = String(pair.key.value);
                    if (!seen.has(name)) {
                        seen.add(name);
                        continue;
                    }
                    report(duplicates, pair.key.range?.[0] ?? 0, () => [], `duplicate key '${name}': each key may appear only once in a mapping; merge the two entries`);
                }
            },
            // Anchors, aliases and merge keys make one value appear at several paths, so a location would
            // point at the wrong line; the flow stays plain so that what you read is what runs.
            Node(_key, node, path) {
                const keyPath = () => pathOf(path, node);
                if ((0,dist/* isAlias */.Vj)(node)) {
                    report(others, node.range?.[0] ?? 0, keyPath, `alias '*${node.source}' is not supported in a flow file; write the value out in full`);
                }
                else if (node.anchor) {
                    report(others, node.range?.[0] ?? 0, keyPath, `anchor '&${node.anchor}' is not supported in a flow file; write the value out in full`);
                }
                // `- !src/generated/**` is a tag on an empty value, not a string starting with '!'
                if (node.tag && !node.tag.startsWith("tag:yaml.org,2002:")) {
                    const start = node.range?.[0] ?? 0;
                    const tagAt = text.lastIndexOf(node.tag, start);
                    const from = tagAt >= 0 ? tagAt : start;
                    const written = (0,dist/* isScalar */.jn)(node) ? text.slice(from, node.range?.[1] ?? start).trim() : node.tag;
                    const scope = path.some((p) => (0,dist/* isPair */.tO)(p) && (0,dist/* isScalar */.jn)(p.key) && SCOPE_KEYS.has(String(p.key.value)));
                    const hint = scope
                        ? "quote it (negated scopes are not supported)"
                        : "quote it if it is text (a flow file does not use tags)";
                    report(others, from, keyPath, `'${written}' is read as a YAML tag; ${hint}`);
                }
            },
            Pair(_key, pair, path) {
                if ((0,dist/* isScalar */.jn)(pair.key) && pair.key.value === "<<") {
                    report(others, pair.key.range?.[0] ?? 0, () => pathOf(path, pair), "merge keys ('<<') are not supported in a flow file; write the keys out in full");
                }
                else if (pair.key !== null && !(0,dist/* isScalar */.jn)(pair.key)) {
                    const offset = (0,dist/* isNode */.Ll)(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
                    report(others, offset, () => pathOf(path, pair), "keys must be plain strings");
                }
            },
        });
        diagnostics.push(...duplicates);
        if (!syntaxErrors)
            diagnostics.push(...others);
        if (diagnostics.length > 0)
            return { source: empty, diagnostics };
        const root = doc.contents;
        const source = new FlowSource(file, root, lines, doc.toJS());
        if (!(0,dist/* isMap */.jh)(root)) {
            const what = root === null ? "empty" : (0,dist/* isSeq */.oP)(root) ? "a list" : "a single value";
            diagnostics.push({
                file,
                line: root?.range ? lines.linePos(root.range[0]).line : 1,
                col: root?.range ? lines.linePos(root.range[0]).col : 1,
                path: "",
                message: `the flow file must be a mapping with 'version', 'agents' and 'workflows', but it is ${what}`,
            });
        }
        return { source, diagnostics };
    }
    /**
     * Line and column of `path`: the key itself when `at` is "key" (for unknown or misplaced keys),
     * else its value. A path that does not fully exist resolves to its deepest existing ancestor.
     */
    locate(path, at = "value") {
        let node = this.root;
        let best = this.root && (0,dist/* isNode */.Ll)(this.root) ? this.root.range?.[0] : undefined;
        for (const [i, part] of path.entries()) {
            const last = i === path.length - 1;
            if ((0,dist/* isMap */.jh)(node)) {
                const pair = node.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(part));
                if (!pair)
                    break;
                const keyStart = (0,dist/* isNode */.Ll)(pair.key) ? pair.key.range?.[0] : undefined;
                const valueStart = (0,dist/* isNode */.Ll)(pair.value) ? pair.value.range?.[0] : undefined;
                best = last && at === "key" ? keyStart : (valueStart ?? keyStart);
                node = pair.value;
            }
            else if ((0,dist/* isSeq */.oP)(node) && typeof part === "number") {
                const item = node.items[part];
                if (!(0,dist/* isNode */.Ll)(item))
                    break;
                best = item.range?.[0];
                node = item;
            }
            else
                break;
        }
        if (best === undefined)
            return { line: 1, col: 1 };
        return this.lines.linePos(best);
    }
    diagnostic(path, message, at = "value") {
        const pos = this.locate(path, at);
        return { file: this.file, line: pos.line, col: pos.col, path: (0,flow_diagnostics/* formatKeyPath */.K7)(path), message };
    }
}
function pathOf(ancestors, self) {
    const out = [];
    const chain = [...ancestors, self];
    for (let i = 1; i < chain.length; i++) {
        const parent = chain[i - 1];
        const child = chain[i];
        if ((0,dist/* isPair */.tO)(child) && (0,dist/* isScalar */.jn)(child.key))
            out.push(String(child.key.value));
        else if ((0,dist/* isSeq */.oP)(parent))
            out.push(parent.items.indexOf(child));
    }
    return out;
}
/** Keys whose values are scopes (globs), where a leading '!' was meant as a negation. */
const SCOPE_KEYS = new Set(["writes", "reads", "protected", "owners"]);
function yamlErrorMessage(code, raw) {
    const text = raw.replace(/\s+at line \d+, column \d+.*$/s, "").trim();
    if (code === "TAB_AS_INDENT")
        return "tabs are not allowed for indentation in YAML; indent with spaces";
    return `YAML syntax error: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/command-rules.js
const NUL = "\u0000";
/**
 * What makes a `run` (agent) or `check` command unable to start: an empty program name, a command of
 * spaces only, a NUL character (no argument can hold one). An empty argument after the program is fine.
 */
function commandProblems(run, path) {
    if (typeof run === "string") {
        if (run.trim() === "")
            return [{ path, message: "is empty or only spaces; write the command to run, e.g. npm test" }];
        if (run.includes(NUL))
            return [{ path, message: "contains a NUL character, which no command can hold" }];
        return [];
    }
    const out = [];
    const [program] = run;
    if (program !== undefined && program.trim() === "") {
        out.push({
            path: [...path, 0],
            message: "the program name (the first item) is empty; write the program to run, e.g. [npm, test]",
        });
    }
    else if (program !== undefined && program !== program.trim()) {
        out.push({
            path: [...path, 0],
            message: `the program name '${program}' starts or ends with spaces, which no program's name does; remove them`,
        });
    }
    run.forEach((arg, i) => {
        if (arg.includes(NUL))
            out.push({ path: [...path, i], message: "contains a NUL character, which no argument can hold" });
    });
    return out;
}
/** Environment values (`env:`, and `with:`, seen as AGENT_<KEY>) that no process environment can hold. */
function envProblems(env, path) {
    return Object.entries(env).flatMap(([key, value]) => value.includes(NUL)
        ? [
            {
                path: [...path, key],
                message: "contains a NUL character, which an environment variable cannot hold",
            },
        ]
        : []);
}

// EXTERNAL MODULE: ./build/bundle/js/flow/presets/index.js + 5 modules
var presets = __webpack_require__(9368);
// EXTERNAL MODULE: ./build/bundle/js/flow/scopes.js + 3 modules
var flow_scopes = __webpack_require__(9974);
;// CONCATENATED MODULE: ./build/bundle/js/flow/scope-relations.js
// Two relations between write scopes besides overlap (scopes.ts), on the same model of picomatch:
//
// - A file/folder clash: one glob may write a file `p` while the other may write a file below `p/`.
//   Git cannot hold both in one tree, so two agents of one parallel group may not have such scopes.
//   It is decided exactly: `a` clashes with `b` iff `a/**` (a path of `a`, then one or more segments)
//   overlaps `b` while `a` and `b` themselves do not overlap; the witness is verified with picomatch.
// - Cover: every path one glob matches is matched by another (`**/*.pem` covers `config/*.pem`). It is
//   decided by matching the inner glob's structure against the outer one's, segment by segment and
//   token by token (a `**` of the outer glob absorbs any segments, a `*` any characters, a class must
//   contain the other's class). This is sound: when it says "covered", every path is. It may miss a cover
//   that only a union of alternatives or a counting argument shows (`?*` covers `*`); such a scope is left
//   to the check of the files an agent actually changes.

/** A file/folder clash between two globs that do not overlap, or null (see the top of the file). */
function scopesClash(a, b) {
    // a path of `a/**` starts with a's literal prefix, as every path of `b` starts with b's: when neither
    // prefix extends the other, no path of one can sit below a path of the other (the usual case, cheaply)
    const pa = (0,flow_scopes/* parse */.qg)(a).prefix;
    const pb = (0,flow_scopes/* parse */.qg)(b).prefix;
    if (!pa.startsWith(pb) && !pb.startsWith(pa))
        return null;
    return clashOneWay(a, b, 0) ?? clashOneWay(b, a, 1);
}
function clashOneWay(outer, inner, fileSide) {
    const inside = (0,flow_scopes/* scopesOverlap */.Nl)(`${outer}/**`, inner);
    if (inside === null)
        return null;
    const segs = inside.split("/");
    const isFile = (0,flow_scopes/* matcher */.jN)(outer);
    for (let k = segs.length - 1; k >= 1; k--) {
        const file = segs.slice(0, k).join("/");
        if (isFile(file))
            return { file, inside, fileSide };
    }
    // `inside` is matched by `outer` itself: the globs overlap, which the caller reports as such
    return null;
}
/** True when every path `inner` matches is matched by `outer` (sound, see the top of the file). */
function scopeCovers(outer, inner) {
    const po = (0,flow_scopes/* parse */.qg)(outer);
    const pi = (0,flow_scopes/* parse */.qg)(inner);
    return pi.alts.every((ai) => po.alts.some((ao) => segsCover(ao.segs, ai.segs)));
}
function segsCover(o, i) {
    const memo = new Map();
    const go = (p, q) => {
        if (q === i.length)
            return o.slice(p).every((s) => s.globstar);
        if (p === o.length)
            return false;
        const key = p * (i.length + 1) + q;
        const known = memo.get(key);
        if (known !== undefined)
            return known;
        memo.set(key, false);
        const so = o[p];
        const si = i[q];
        let res;
        if (so.globstar)
            res = go(p + 1, q) || go(p, q + 1);
        else if (si.globstar)
            res = false;
        else
            res = segmentCovers(so, si) && go(p + 1, q + 1);
        memo.set(key, res);
        return res;
    };
    return go(0, 0);
}
function segmentCovers(o, i) {
    if (o.literal !== null && i.literal !== null)
        return o.literal === i.literal;
    return i.variants.every((vi) => o.variants.some((vo) => tokensCover(vo, vi)));
}
function tokensCover(o, i) {
    // picomatch's guards after some dots refuse a few names the model cannot express as a set: no claim
    if (o.some((t) => !t.star && t.guard !== 0))
        return false;
    const memo = new Map();
    const go = (p, q) => {
        if (q === i.length)
            return o.slice(p).every((t) => t.star);
        if (p === o.length)
            return false;
        const key = p * (i.length + 1) + q;
        const known = memo.get(key);
        if (known !== undefined)
            return known;
        memo.set(key, false);
        const to = o[p];
        const ti = i[q];
        let res;
        if (to.star)
            res = go(p + 1, q) || go(p, q + 1);
        else if (ti.star)
            res = false;
        else
            res = classCovers(to, ti) && go(p + 1, q + 1);
        memo.set(key, res);
        return res;
    };
    return go(0, 0);
}
const SLASH = 47;
const TOP = 0xffff;
/** The characters a token accepts, as sorted disjoint intervals ("/" never is one). */
function charSet(t) {
    const sorted = [...t.ranges].map(([lo, hi]) => [lo, hi]).sort((x, y) => x[0] - y[0]);
    const merged = [];
    for (const [lo, hi] of sorted) {
        const last = merged.at(-1);
        if (last && lo <= last[1] + 1)
            last[1] = Math.max(last[1], hi);
        else
            merged.push([lo, hi]);
    }
    const set = t.neg ? complement(merged) : merged;
    return minus(set, SLASH);
}
function complement(set) {
    const out = [];
    let next = 0;
    for (const [lo, hi] of set) {
        if (lo > next)
            out.push([next, lo - 1]);
        next = Math.max(next, hi + 1);
    }
    if (next <= TOP)
        out.push([next, TOP]);
    return out;
}
function minus(set, c) {
    return set.flatMap(([lo, hi]) => {
        if (c < lo || c > hi)
            return [[lo, hi]];
        const parts = [];
        if (lo < c)
            parts.push([lo, c - 1]);
        if (c < hi)
            parts.push([c + 1, hi]);
        return parts;
    });
}
function classCovers(o, i) {
    const outer = charSet(o);
    return charSet(i).every(([lo, hi]) => outer.some(([a, b]) => a <= lo && hi <= b));
}

// EXTERNAL MODULE: ./build/bundle/js/flow/commit-rules.js
var commit_rules = __webpack_require__(1587);
;// CONCATENATED MODULE: ./build/bundle/js/flow/validate-commit.js


/**
 * What can be known about a commit step before any agent runs, without a repository: its templates'
 * placeholders, the branch name they make (tried with sample values of the right form), the author and
 * the reviewers. The repository-dependent rest (remote, existing branch) is engine/commit-preflight.ts.
 */
function checkCommitStep(step, workflow, at, report, env, envDiagnostics) {
    const o = step.options;
    const path = [...at, "commit"];
    const templates = { branch: o.branch, message: o.message, title: o.title };
    let placeholdersOk = true;
    for (const [key, template] of Object.entries(templates)) {
        if (template === undefined)
            continue;
        for (const message of (0,commit_rules/* unknownPlaceholders */.hX)(template)) {
            report([...path, key], message);
            if (key === "branch")
                placeholdersOk = false;
        }
    }
    if (placeholdersOk) {
        const name = (0,commit_rules/* expandPlaceholders */.pj)(o.branch, { ...commit_rules/* SAMPLE_VALUES */.ST, workflow });
        const problem = (0,commit_rules/* branchNameProblem */.hq)(name);
        if (problem) {
            const shown = name === o.branch ? `'${name}'` : `'${name}' (with sample values)`;
            report([...path, "branch"], `makes the branch name ${shown}, which git refuses: it ${problem}; change the template`);
        }
    }
    if (o.author !== undefined) {
        if (!(0,commit_rules/* parseAuthor */.RV)(o.author))
            report([...path, "author"], `'${o.author}' ${commit_rules/* AUTHOR_RULE */.T7}`);
    }
    else {
        const fromEnv = env.AGENT_FLOW_AUTHOR;
        if (fromEnv?.trim() && !(0,commit_rules/* parseAuthor */.RV)(fromEnv)) {
            const message = `'${fromEnv}' ${commit_rules/* AUTHOR_RULE */.T7} (the commit step at ${(0,flow_diagnostics/* formatKeyPath */.K7)(at)} uses it, as it sets no author)`;
            if (!envDiagnostics.some((d) => d.path === "AGENT_FLOW_AUTHOR"))
                envDiagnostics.push({ file: "environment", line: 0, col: 0, path: "AGENT_FLOW_AUTHOR", message });
        }
    }
    o.reviewers.forEach((raw, i) => {
        const entry = raw.trim().replace(/^@/, "");
        const parts = entry.split("/");
        if (entry === "" || parts.length > 2 || parts.some((p) => p === "" || /\s/.test(p))) {
            report([...path, "reviewers", i], `'${raw}' is not a reviewer: write a GitHub user ('octocat') or a team ('org/team')`);
        }
    });
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/validate-scopes.js
// The flow checks about write scopes: each agent's scopes parsed once, single-writer paths, and agents
// of one parallel group that could write the same file.



function writeScopes(flow) {
    const all = new Map();
    const valid = new Map();
    for (const agent of Object.values(flow.agents)) {
        const list = agent.writes.map((glob, index) => ({ glob, index, problem: (0,flow_scopes/* checkScopeSyntax */.Iw)(glob) }));
        all.set(agent.name, list);
        valid.set(agent.name, list.filter((w) => w.problem === null));
    }
    return { all, valid };
}
/**
 * A single-writer path may be written by one agent only: its owner. That is the agent `policy.owners`
 * names; else, for the built-in `src/**` and `tests/**`, the agent whose scope is the path itself (the
 * first one in the file if several are). Without either there is no owner, and each further writer is
 * reported against the first one, naming its scope: neither is called the owner.
 */
function checkSingleWriter({ flow, declared }, scopes, report) {
    const owned = new Map(Object.entries(flow.policy.owners));
    for (const glob of schema/* DEFAULT_SINGLE_WRITER */.HO)
        if (!owned.has(glob))
            owned.set(glob, undefined);
    for (const [area, declaredOwner] of owned) {
        if ((0,flow_scopes/* checkScopeSyntax */.Iw)(area))
            continue;
        // an owner that is not an agent is reported by checkPolicy; blaming the real writers would mislead
        if (declaredOwner !== undefined && !declared.agents.has(declaredOwner))
            continue;
        const writers = [];
        for (const agent of Object.values(flow.agents)) {
            for (const { glob, index } of scopes.valid.get(agent.name) ?? []) {
                const witness = (0,flow_scopes/* scopesOverlap */.Nl)(glob, area);
                if (witness)
                    writers.push({ agent: agent.name, glob, index, witness });
            }
        }
        const owner = declaredOwner ?? writers.find((w) => w.glob === area)?.agent;
        const first = writers[0];
        for (const w of writers) {
            const at = ["agents", w.agent, "writes", w.index];
            if (owner !== undefined) {
                if (w.agent === owner)
                    continue;
                if (w.glob === area) {
                    report(at, declaredOwner
                        ? `'${owner}' owns '${area}' under policy.owners; only one agent may write it (remove it here, or change the owner)`
                        : `'${owner}' already writes '${area}'; only one agent may write it (name one owner under policy.owners)`);
                }
                else {
                    const fix = declaredOwner
                        ? "narrow the scope"
                        : "narrow the scope, or name one owner under policy.owners";
                    report(at, `'${w.glob}' reaches into '${area}' (e.g. '${w.witness}'), which only '${owner}' may write (single writer); ${fix}`);
                }
            }
            else if (first && w.agent !== first.agent) {
                report(at, `'${w.glob}' reaches into '${area}' (e.g. '${w.witness}'), which '${first.agent}' writes too ('${first.glob}'); only one agent may write '${area}' (single writer): narrow the scopes, or name one owner under policy.owners`);
            }
        }
    }
}
/** Agents that run at the same time must not be able to write the same file. */
function checkGroupOverlap(flow, scopes, members, path, report) {
    const agents = [...new Set(members)]
        .map((m) => flow.agents[m])
        .filter((a) => a !== undefined)
        .map((a) => ({ name: a.name, writes: (scopes.valid.get(a.name) ?? []).map((w) => w.glob) }));
    for (let i = 0; i < agents.length; i++) {
        for (let j = i + 1; j < agents.length; j++) {
            const a = agents[i];
            const b = agents[j];
            if (!a || !b)
                continue;
            const at = [...path, members.indexOf(b.name)];
            for (const ga of a.writes) {
                for (const gb of b.writes) {
                    const witness = (0,flow_scopes/* scopesOverlap */.Nl)(ga, gb);
                    if (witness) {
                        report(at, `'${a.name}' ('${ga}') and '${b.name}' ('${gb}') may both write '${witness}'; agents in one parallel group must write disjoint paths`);
                        continue;
                    }
                    // a file one agent writes where the other needs a folder: the combined tree cannot hold both
                    const clash = scopesClash(ga, gb);
                    if (!clash)
                        continue;
                    const [fa, fg, ia, ig] = clash.fileSide === 0 ? [a.name, ga, b.name, gb] : [b.name, gb, a.name, ga];
                    report(at, `'${fa}' ('${fg}') may write the file '${clash.file}' and '${ia}' ('${ig}') the file '${clash.inside}', which needs '${clash.file}' to be a folder; agents in one parallel group must write paths that cannot clash as file and folder`);
                }
            }
        }
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/validate-triggers.js


function checkTriggers({ flow, declared, sections }, report, source) {
    const targets = [...declared.workflows, schema/* COMMIT_TARGET */._q];
    const hasCommit = Object.values(flow.workflows).some((w) => w.steps.some((s) => s.kind === "commit"));
    for (const t of Object.values(flow.triggers)) {
        const at = ["triggers", t.name];
        const path = typeof source.data.triggers?.[t.name] === "string"
            ? at
            : [...at, "workflow"];
        if (t.target === schema/* COMMIT_TARGET */._q) {
            if (!hasCommit)
                report(path, "targets 'commit', but no workflow has a commit step; add '- commit: {}' as a last step");
        }
        else if (sections.workflows && !declared.workflows.has(t.target)) {
            report(path, `unknown workflow '${t.target}'${(0,flow_diagnostics/* didYouMean */.au)(t.target, targets)}`);
        }
    }
    const explicit = source.data.defaults?.workflow;
    if (typeof explicit === "string" && sections.workflows && !declared.workflows.has(explicit)) {
        report(["defaults", "workflow"], `unknown workflow '${explicit}'${(0,flow_diagnostics/* didYouMean */.au)(explicit, declared.workflows)}`);
    }
    // `agent-flow run` and `plan` start the default workflow when none is named: it has to exist
    const fallback = schema/* BUILTIN_DEFAULTS */.hz.workflow;
    if (explicit === undefined &&
        sections.workflows &&
        declared.workflows.size > 0 &&
        !declared.workflows.has(fallback)) {
        report(["workflows"], `no workflow '${fallback}' (the default); add it, or set defaults.workflow`);
    }
    for (const cycle of unboundedCycles(flow)) {
        const [first] = cycle;
        if (!first)
            continue;
        const chain = cycle.map((e) => `${e.from} -(${e.trigger})-> ${e.to}`).join(", ");
        report(["triggers", first.trigger], `trigger cycle without a bound: ${chain}; set 'max' on one of its triggers`);
    }
}
/** Cycles in "workflow raises trigger -> workflow" made only of triggers without `max`. */
function unboundedCycles(flow) {
    const edges = new Map();
    for (const wf of Object.values(flow.workflows)) {
        const raised = new Set();
        for (const step of wf.steps) {
            if (step.on_failure)
                raised.add(step.on_failure);
            if (step.on_success)
                raised.add(step.on_success);
            const calls = step.kind === "agent" ? [step.call] : step.kind === "parallel" ? step.calls : [];
            for (const c of calls)
                for (const r of flow.agents[c.agent]?.raises ?? [])
                    raised.add(r);
        }
        const list = [];
        for (const name of raised) {
            const t = flow.triggers[name];
            if (t && t.max === undefined && flow.workflows[t.target])
                list.push({ from: wf.name, trigger: name, to: t.target });
        }
        edges.set(wf.name, list);
    }
    const cycles = [];
    const state = new Map();
    const stack = [];
    const visit = (node) => {
        state.set(node, "open");
        for (const e of edges.get(node) ?? []) {
            const s = state.get(e.to);
            if (s === "open") {
                const start = stack.findIndex((x) => x.from === e.to);
                cycles.push([...(start >= 0 ? stack.slice(start) : []), e]);
            }
            else if (s === undefined) {
                stack.push(e);
                visit(e.to);
                stack.pop();
            }
        }
        state.set(node, "done");
    };
    for (const name of edges.keys())
        if (!state.has(name))
            visit(name);
    return cycles;
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/validate.js










/** The most jobs one GitHub Actions matrix may generate. */
const MATRIX_LIMIT = 256;
/** Output folder names the engine itself writes in the run directory. */
const RESERVED_OUTPUTS = new Set(["test_results", "latest", "runs"]);
/** Graph checks over a shaped flow: the rules that make the single writer and bounded triggers real. */
function validateFlow(parsed, source, env = {}) {
    const out = [];
    const report = (path, message, at = "value") => out.push(source.diagnostic(path, message, at));
    const scopes = writeScopes(parsed.flow);
    checkAgents(parsed, scopes, report);
    checkPolicy(parsed, report);
    checkSingleWriter(parsed, scopes, report);
    checkWorkflows(parsed, scopes, report, env, out, source.data);
    checkTriggers(parsed, report, source);
    return out;
}
/** `unknown trigger 'x'`, with a did-you-mean or, failing one, where to declare it. */
function unknownTrigger(name, declared) {
    const hint = (0,flow_diagnostics/* didYouMean */.au)(name, declared.triggers) || "; declare it under 'triggers'";
    return `unknown trigger '${name}'${hint}`;
}
function checkAgents({ flow, declared, sections, broken }, scopes, report) {
    if (sections.agents && declared.agents.size === 0)
        report(["agents"], "declares no agents; a flow needs at least one");
    const outputs = new Map();
    const protectedGlobs = flow.policy.protected.filter((g) => (0,flow_scopes/* checkScopeSyntax */.Iw)(g) === null);
    for (const agent of Object.values(flow.agents)) {
        const at = ["agents", agent.name];
        // keys whose shape failed were reported already; the checks that need them stay quiet
        const bad = broken.get(agent.name) ?? new Set();
        if (bad.has("run") || bad.has("preset")) {
            // nothing to add: 'needs run or preset' would blame the key that is only malformed
        }
        else if (agent.run === undefined && agent.preset === undefined) {
            report(at, `needs 'run' (a command) or 'preset' (one of ${(0,presets/* presetNames */.gC)().join(", ")})`);
        }
        else if (agent.run !== undefined && agent.preset !== undefined) {
            report([...at, "preset"], "give either 'run' or 'preset', not both", "key");
        }
        if (agent.preset !== undefined && !(0,presets/* presetNames */.gC)().includes(agent.preset)) {
            const hint = (0,flow_diagnostics/* didYouMean */.au)(agent.preset, (0,presets/* presetNames */.gC)()) || ` (known: ${(0,presets/* presetNames */.gC)().join(", ")})`;
            report([...at, "preset"], `unknown preset '${agent.preset}'${hint}`);
        }
        for (const p of (0,presets/* presetKeyProblems */.Dx)(agent))
            report([...at, p.key], p.message, "key");
        if (agent.run !== undefined)
            for (const p of commandProblems(agent.run, [...at, "run"]))
                report(p.path, p.message);
        for (const p of envProblems(agent.env, [...at, "env"]))
            report(p.path, p.message);
        if (agent.preset !== undefined &&
            agent.prompt === undefined &&
            agent.prompt_file === undefined &&
            !bad.has("prompt") &&
            !bad.has("prompt_file")) {
            report(at, "a preset agent needs 'prompt' or 'prompt_file' to tell it what to do");
        }
        if (agent.prompt !== undefined && agent.prompt.trim() === "")
            report([...at, "prompt"], "is empty; write what the agent should do");
        if (agent.prompt !== undefined && agent.prompt_file !== undefined) {
            report([...at, "prompt_file"], "give either 'prompt' or 'prompt_file', not both", "key");
        }
        if (agent.prompt_file !== undefined) {
            const problem = (0,flow_scopes/* checkScopeSyntax */.Iw)(agent.prompt_file);
            if (problem || /[*?[{]/.test(agent.prompt_file)) {
                report([...at, "prompt_file"], problem?.message ?? "must be a plain file path, not a glob");
            }
        }
        // with a malformed output its folder name is unknown: neither reserved nor shared can be told
        if (!bad.has("output"))
            checkOutput(agent.name, agent.output, outputs, report);
        for (const { glob, index: i, problem } of scopes.all.get(agent.name) ?? []) {
            if (problem) {
                report([...at, "writes", i], problem.message);
                continue;
            }
            // `.github/**` is refused on any overlap, since an agent that may write workflows could give
            // itself the write token.
            const witness = flow.policy.allow_github ? null : (0,flow_scopes/* scopesOverlap */.Nl)(glob, schema/* GITHUB_PATHS */.Xp);
            if (witness) {
                report([...at, "writes", i], `'${glob}' may write '${witness}': workflow files under .github/ are protected; narrow the scope, or set policy.allow_github: true`);
                continue;
            }
            // policy.protected: a scope that lies wholly inside a protected pattern can write nothing, so it
            // is a mistake; one that only overlaps it (`src/**` and `**/*.pem`) is fine, and the protected
            // files among those an agent changes are refused at run time.
            const inside = protectedGlobs.find((p) => scopeCovers(p, glob));
            if (inside !== undefined) {
                const example = (0,flow_scopes/* scopesOverlap */.Nl)(glob, inside) ?? glob;
                report([...at, "writes", i], `'${glob}' lies inside the protected '${inside}': every path it matches (e.g. '${example}') is protected, so the agent could change none of them; remove the scope, or the pattern from policy.protected`);
            }
        }
        agent.reads.forEach((glob, i) => {
            const problem = (0,flow_scopes/* checkScopeSyntax */.Iw)(glob);
            if (problem)
                report([...at, "reads", i], problem.message);
        });
        agent.raises.forEach((t, i) => {
            if (!declared.triggers.has(t))
                report([...at, "raises", i], unknownTrigger(t, declared));
        });
    }
}
function checkOutput(agent, output, seen, report) {
    const at = ["agents", agent];
    if (RESERVED_OUTPUTS.has(output)) {
        report([...at, "output"], `output folder '${output}' is reserved for the engine; set 'output' to another name`);
    }
    const other = seen.get(output);
    if (other)
        report(at, `writes its output to '${output}/', the same folder as agent '${other}'; set a distinct 'output'`);
    else
        seen.set(output, agent);
}
function checkPolicy({ flow, declared, sections }, report) {
    for (const [glob, owner] of Object.entries(flow.policy.owners)) {
        const problem = (0,flow_scopes/* checkScopeSyntax */.Iw)(glob);
        if (problem)
            report(["policy", "owners", glob], problem.message, "key");
        if (sections.agents && !declared.agents.has(owner)) {
            report(["policy", "owners", glob], `unknown agent '${owner}'${(0,flow_diagnostics/* didYouMean */.au)(owner, declared.agents)}`);
        }
    }
    flow.policy.protected.forEach((glob, i) => {
        const problem = (0,flow_scopes/* checkScopeSyntax */.Iw)(glob);
        if (problem)
            report(["policy", "protected", i], problem.message);
    });
}
function checkWorkflows({ flow, declared, sections, stepCounts }, scopes, report, env, out, data) {
    if (sections.workflows && declared.workflows.size === 0)
        report(["workflows"], "declares no workflows; a flow needs at least one");
    if (declared.workflows.has(schema/* COMMIT_TARGET */._q)) {
        report(["workflows", schema/* COMMIT_TARGET */._q], `'${schema/* COMMIT_TARGET */._q}' is reserved as a trigger target; rename the workflow`, "key");
    }
    const agentRef = (name, path) => {
        // with no agents section at all, zod's "is required" says it; every reference would repeat it
        if (sections.agents && !declared.agents.has(name))
            report(path, `unknown agent '${name}'${(0,flow_diagnostics/* didYouMean */.au)(name, declared.agents)}`);
    };
    const triggerRef = (name, path) => {
        if (name !== undefined && !declared.triggers.has(name))
            report(path, unknownTrigger(name, declared));
    };
    for (const wf of Object.values(flow.workflows)) {
        const at = ["workflows", wf.name];
        // steps that did not shape are missing from wf.steps; positions count them all
        const count = stepCounts.get(wf.name) ?? wf.steps.length;
        if (count === 0)
            report([...at, "steps"], "has no steps; list at least one");
        const ids = new Map();
        for (const step of wf.steps) {
            const sp = [...at, "steps", step.index];
            const prev = ids.get(step.id);
            if (prev !== undefined)
                report([...sp, "name"], `step name '${step.id}' is already used by step ${prev + 1}; names must be unique in a workflow`);
            else
                ids.set(step.id, step.index);
            triggerRef(step.on_failure, [...sp, "on_failure"]);
            triggerRef(step.on_success, [...sp, "on_success"]);
            if (step.kind === "agent") {
                agentRef(step.call.agent, [...sp, "agent"]);
                for (const p of envProblems(step.call.with, [...sp, "with"]))
                    report(p.path, p.message);
            }
            if (step.kind === "check") {
                // `check: npm test` or `check: { run: ... }`: point at the command where it is written
                const short = typeof valueAt(data, [...sp, "check"]) === "string";
                for (const p of commandProblems(step.run, short ? [...sp, "check"] : [...sp, "check", "run"]))
                    report(p.path, p.message);
                for (const p of envProblems(step.env, [...sp, "check", "env"]))
                    report(p.path, p.message);
            }
            if (step.kind === "commit") {
                if (step.index !== count - 1)
                    report(sp, "the commit step must be the last step of its workflow");
                checkCommitStep(step, wf.name, sp, report, env, out);
            }
            if (step.kind !== "parallel")
                continue;
            if (step.calls.length === 0)
                report([...sp, "parallel"], "is an empty parallel group; list at least one agent");
            if (step.calls.length > MATRIX_LIMIT) {
                report([...sp, "parallel"], `has ${step.calls.length} agents, more than the ${MATRIX_LIMIT} jobs a GitHub matrix allows; split the group`);
            }
            const seen = new Set();
            step.calls.forEach((call, i) => {
                agentRef(call.agent, [...sp, "parallel", i]);
                for (const p of envProblems(call.with, [...sp, "parallel", i, "with"]))
                    report(p.path, p.message);
                if (seen.has(call.agent))
                    report([...sp, "parallel", i], `agent '${call.agent}' appears twice in one parallel group`);
                seen.add(call.agent);
            });
            checkGroupOverlap(flow, scopes, step.calls.map((c) => c.agent), [...sp, "parallel"], report);
        }
    }
}

;// CONCATENATED MODULE: ./build/bundle/js/flow/load.js








/** A flow is a few kilobytes; the cap keeps a mistaken path (a log, a dump) from stalling validate. */
const MAX_FLOW_BYTES = 1024 * 1024;
/** Parse, shape and check a flow held in memory; `file` is only used to name locations. */
function loadFlowText(file, text, env = {}) {
    const { source, diagnostics } = FlowSource.parse(file, text);
    if (diagnostics.length > 0)
        return { diagnostics: (0,flow_diagnostics/* sortDiagnostics */.Ds)(diagnostics) };
    const { parsed, diagnostics: shape } = parseFlow(source);
    const graph = validateFlow(parsed, source, env);
    const envResult = applyEnvironment(parsed.flow.defaults, env);
    const all = [...shape, ...graph, ...envResult.diagnostics];
    if (all.length > 0)
        return { diagnostics: (0,flow_diagnostics/* sortDiagnostics */.Ds)(all), source };
    return { flow: { ...parsed.flow, defaults: envResult.defaults }, diagnostics: [], source, text };
}
function kindOf(st) {
    if (st.isDirectory())
        return "a directory";
    if (st.isFIFO())
        return "a FIFO (named pipe)";
    if (st.isSocket())
        return "a socket";
    if (st.isCharacterDevice())
        return "a character device";
    if (st.isBlockDevice())
        return "a block device";
    return "not a regular file";
}
const mib = (n) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
/**
 * Reads the flow file, refusing what is not a regular file or is larger than MAX_FLOW_BYTES before
 * reading a byte: a FIFO would block the read forever, and a huge file would take minutes to parse.
 */
async function readFlowFile(file) {
    let handle;
    try {
        // O_NONBLOCK: opening a FIFO without a writer must return at once, so that fstat can refuse it
        handle = await (0,promises_.open)(file, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (err) {
        const code = err.code;
        const message = code === "ENOENT"
            ? "no such file; run 'agent-flow init' to create one, or pass --flow FILE"
            : code === "EISDIR"
                ? "is a directory; pass the path of the flow file"
                : `cannot be read (${code ?? String(err)})`;
        return { message };
    }
    try {
        const st = await handle.stat();
        if (!st.isFile()) {
            const link = await (0,promises_.lstat)(file).then((l) => l.isSymbolicLink(), () => false);
            const what = `${link ? "is a symbolic link to " : "is "}${kindOf(st)}`;
            const hint = st.isDirectory()
                ? "pass the path of the flow file"
                : "the flow must be a regular file; pass the path of one";
            return { message: `${what}; ${hint}` };
        }
        if (st.size > MAX_FLOW_BYTES) {
            return {
                message: `is ${st.size} bytes (${mib(st.size)}), more than the ${mib(MAX_FLOW_BYTES)} a flow file may have; is this the right file?`,
            };
        }
        // read at most one byte past the cap, in case the file grew since fstat
        const buffer = Buffer.alloc(MAX_FLOW_BYTES + 1);
        let length = 0;
        while (length < buffer.length) {
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
            if (bytesRead === 0)
                break;
            length += bytesRead;
        }
        if (length > MAX_FLOW_BYTES)
            return { message: `grew past the ${mib(MAX_FLOW_BYTES)} a flow file may have while it was read` };
        return { text: buffer.subarray(0, length).toString("utf8") };
    }
    catch (err) {
        const code = err.code;
        return { message: `cannot be read (${code ?? String(err)})` };
    }
    finally {
        await handle.close();
    }
}
async function loadFlowFile(file, env = {}) {
    const read = await readFlowFile(file);
    if ("message" in read)
        return { diagnostics: [{ file, line: 0, col: 0, path: "", message: read.message }] };
    return loadFlowText(file, read.text, env);
}


/***/ })

};
