export const id = 494;
export const ids = [494];
export const modules = {

/***/ 494:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

var node_module__WEBPACK_IMPORTED_MODULE_0___namespace_cache;
__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   exitWhenIdle: () => (/* binding */ exitWhenIdle)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8995);

/**
 * How a `run` command's process ends. Once its event loop has nothing left to do (everything the run
 * wrote is on disk: its status, `latest`, the pool's indexes; the background removal of its scratch
 * folder done; every ref'd child, timer and file request finished), Node would still close every handle
 * one by one, free the heap and join its threads: 6-30 ms on a loaded machine (strace: the handles'
 * close() calls, then ~6 ms without a system call, then the threads' exits), of which nothing reaches
 * the disk. At that moment, and only then (Node's 'beforeExit'), the process exits at once instead, with
 * the code it would have had. The 'exit' handlers still run (the spares' kill, the locks' release); the
 * long-lived helpers (the run's `git update-ref --stdin`, the helper shells) read end of input when the
 * kernel closes their pipes and end by themselves, as they did after the handles' close before.
 *
 * Where Node keeps a compile cache that only a normal exit would write (22.1-22.9: enableCompileCache()
 * without flushCompileCache()), the process ends as before.
 */
function exitWhenIdle() {
    const m = /*#__PURE__*/ (node_module__WEBPACK_IMPORTED_MODULE_0___namespace_cache || (node_module__WEBPACK_IMPORTED_MODULE_0___namespace_cache = __webpack_require__.t(node_module__WEBPACK_IMPORTED_MODULE_0__, 2)));
    if (typeof m.enableCompileCache === "function" && typeof m.flushCompileCache !== "function")
        return;
    process.on("beforeExit", () => {
        // Another 'beforeExit' listener (e.g. the hand-back of a workspace a refused run never took, see
        // early-workspace.ts) may just have started work: then the loop is not idle, and Node emits
        // 'beforeExit' again once that work is done.
        if (process.getActiveResourcesInfo().length > 0)
            return;
        try {
            m.flushCompileCache?.();
        }
        catch {
            // a cache miss next time, nothing more
        }
        // stdout and stderr are written synchronously for files, pipes and terminals on Linux and macOS;
        // anything still queued (another platform) is left to the normal exit.
        if (process.stdout.writableLength > 0 || process.stderr.writableLength > 0)
            return;
        process.exit();
    });
}


/***/ })

};
