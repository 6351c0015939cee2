import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PackageStore } from "../../src/engine/jobs/package-store.js";

/**
 * A PackageStore on a folder, standing in for @actions/cache in tests of the job functions: a folder per
 * key, keys immutable, a prefix restore takes the newest entry (by the order of saving), as the cache does.
 */
export class DirStore implements PackageStore {
  private order = 0;
  readonly saved: string[] = [];

  constructor(readonly dir: string) {}

  private entry(key: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`bad cache key ${key}`);
    return join(this.dir, key);
  }

  async save(key: string, from: string): Promise<void> {
    const to = this.entry(key);
    if (await stat(to).catch(() => null)) throw new Error(`cache key ${key} exists; keys are immutable`);
    await mkdir(join(to, "data"), { recursive: true });
    await cp(from, join(to, "data"), { recursive: true, verbatimSymlinks: true });
    await writeFile(join(to, "order"), String(Date.now() * 1000 + this.order++));
    this.saved.push(key);
  }

  async restore(key: string, prefixes: string[], into: string): Promise<string | null> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let found: string | null = names.includes(key) ? key : null;
    if (!found) {
      const candidates = names.filter((n) => prefixes.some((p) => n.startsWith(p)));
      let best = -1;
      for (const n of candidates) {
        const order = Number(await readFile(join(this.dir, n, "order"), "utf8"));
        if (order > best) {
          best = order;
          found = n;
        }
      }
    }
    if (!found) return null;
    await mkdir(into, { recursive: true });
    await cp(join(this.dir, found, "data"), into, { recursive: true, verbatimSymlinks: true });
    return found;
  }

  /** Replaces an entry's files (an attacker with the cache token). */
  async forge(key: string, from: string): Promise<void> {
    await rm(this.entry(key), { recursive: true, force: true });
    await this.save(key, from);
  }
}
