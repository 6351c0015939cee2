import { afterAll } from "vitest";
import { cleanupTempDirs } from "../helpers/cli.js";

// Every test file leaves the temp folder as it found it.
afterAll(cleanupTempDirs);
