export const id = 716;
export const ids = [716];
export const modules = {

/***/ 3716:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderLive: () => (/* binding */ renderLive)
/* harmony export */ });
/* harmony import */ var _table_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8918);
/* harmony import */ var _view_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8111);


/** The live view's lines, each cut to the terminal's width so that one line is one row to redraw. */
function renderLive(s, columns, nowMs = Date.now(), upcoming = []) {
    return (0,_view_js__WEBPACK_IMPORTED_MODULE_1__/* .renderRun */ .eJ)(s, nowMs, upcoming).map((l) => (0,_table_js__WEBPACK_IMPORTED_MODULE_0__/* .truncate */ .xv)(l, Math.max(1, columns - 1)));
}


/***/ })

};
