import { cp, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PackageStore } from "../../src/engine/jobs/package-store.js";

/**
 * A PackageStore on a folder, standing in for @actions/cache in tests of the job functions: a folder per
 * key, keys immutable, restores by exact key only, as the GitHub engine's cache transport does.
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

  async restore(key: string, into: string): Promise<string | null> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    if (!names.includes(key)) return null;
    await mkdir(into, { recursive: true });
    await cp(join(this.dir, key, "data"), into, { recursive: true, verbatimSymlinks: true });
    return key;
  }

  async exists(prefix: string): Promise<boolean> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.some((n) => n.startsWith(prefix));
  }

  /** Replaces an entry's files (an attacker with the cache token). */
  async forge(key: string, from: string): Promise<void> {
    await rm(this.entry(key), { recursive: true, force: true });
    await this.save(key, from);
  }
}
