export const id = 997;
export const ids = [997];
export const modules = {

/***/ 3997:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ ENV_VARIABLES),
/* harmony export */   u: () => (/* binding */ VARIABLES)
/* harmony export */ });
/**
 * The guide's environment variables and the `defaults` key each overrides (read in settings.ts). Apart
 * from settings.ts so that the CLI's help names them without loading the flow schema (zod).
 */
const VARIABLES = {
    AGENT_PARALLEL_MAX: "parallel_max",
    AGENT_LOCK_TIMEOUT: "lock_timeout",
    AGENT_RUN_RETENTION: "run_retention",
    AGENT_AUTO_CLEANUP: "auto_cleanup",
};
const ENV_VARIABLES = Object.keys(VARIABLES);


/***/ })

};
