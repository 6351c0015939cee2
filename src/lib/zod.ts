import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * Imported (for its effect) before any schema is built: the code uses zod/mini, configured here. Its
 * schemas are plain objects without the ~50 chainable methods that zod's classic API puts on every
 * instance, so building the flow's and the run status's schemas at start costs about half (issue 12's
 * cold start). jitless: zod would otherwise compile a parser per object schema (a `new Function`) on its
 * first parse, which costs more than the few parses a command makes. English messages for the issues we
 * do not word ourselves (zod/mini ships no locale; en.js alone, not the index of every language).
 *
 * Modules import `* as z from "zod/mini"` and use its members directly: the bundler then keeps only what
 * they use (re-exporting the namespace from here would keep all of zod, every locale included).
 */
config({ ...en(), jitless: true });
