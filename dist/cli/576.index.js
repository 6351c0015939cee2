export const id = 576;
export const ids = [576];
export const modules = {

/***/ 576:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   startRunGit: () => (/* binding */ startRunGit)
/* harmony export */ });
/* harmony import */ var _engine_git_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7932);
/* harmony import */ var _engine_git_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1690);
/* harmony import */ var _engine_git_shell_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5711);



/** Helper shells a sequential run keeps busy at once (git-shell.ts's default). */
const RUN_SHELLS = 4;
/**
 * A run's first git work, started by the CLI's entry before the CLI's code loads (issue 12: run start):
 * the repository's discovery (every later git call of the run, and the default flow file, need its
 * answer) and the helper shells that start the run's git commands (git-shell.ts). They are forked now,
 * while this process is small. The flow worker (flow-worker.ts) is started just before: it is still
 * booting while they are forked (a helper shell forked beside the worker once it is busy loading the
 * flow's code took 100+ ms instead of a few: a fork while another thread of the process allocates costs
 * that thread's copy-on-write faults), and its answer, not git's, is what the run waits for.
 */
function startRunGit(cwd) {
    void new _engine_git_js__WEBPACK_IMPORTED_MODULE_0__.Git(cwd).prepare();
    (0,_engine_git_shell_js__WEBPACK_IMPORTED_MODULE_2__/* .startShells */ .i8)(RUN_SHELLS, () => (0,_engine_git_env_js__WEBPACK_IMPORTED_MODULE_1__/* .gitEnv */ .gE)(undefined));
}


/***/ })

};
