import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BLOB_HOST, blobStorage } from "./blob-storage.js";

/**
 * A local stand-in for GitHub's cache service v2, for tests that run the real `@actions/cache` client.
 *
 * Two services in one HTTP server, as on GitHub:
 * - the twirp JSON API at ACTIONS_RESULTS_URL (`/twirp/github.actions.results.api.v1.CacheService/*`):
 *   CreateCacheEntry, FinalizeCacheEntryUpload, GetCacheEntryDownloadURL, authorised by the runtime
 *   token (a JWT whose `ac` claim lists the cache scopes the job may read and write);
 * - the Azure blob storage its signed URLs point at (blob-storage.ts). They name a `*.blob.core.windows.net` host
 *   (the client downloads with the Azure SDK only from such hosts), so the client reaches this server as
 *   its HTTP proxy: `env()` sets HTTP_PROXY, and NO_PROXY for the twirp address.
 *
 * What it enforces, as the service does: a valid signed token; a key and a 64-hex version; an entry is
 * one (key, version, scope) and immutable (409 already_exists); finalize needs the reservation and the
 * uploaded size; lookups search the token's readable scopes in order, each by exact key, then key prefix,
 * then each restore key as a prefix, newest first, matching the version; blob calls need a valid
 * signature with the right permission. Where GitHub's behaviour is not documented it is modelled, and
 * said so where it is.
 */

export interface CacheScope {
  /** e.g. `refs/heads/main`. */
  scope: string;
  /** Bits: 1 read, 2 write. */
  permission: number;
}

export interface Fault {
  /** A request label (see `calls`): a twirp method name, or `blob:PUT`, `blob:PUT block`, `blob:GET`... */
  on: string;
  /** Answer with this status (a twirp "internal" error or a storage "InternalError")... */
  status?: number;
  /** ...or drop the connection, as a network reset would. */
  reset?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface CacheServer {
  /** ACTIONS_RESULTS_URL. */
  url: string;
  /** A runtime token for a job of the run; by default read and write on `refs/heads/main`. */
  token(scopes?: CacheScope[]): string;
  /** The variables the runner sets for the cache, plus the proxy that routes blob traffic here. */
  env(scopes?: CacheScope[]): Record<string, string>;
  /** Finalized entries, oldest first. */
  entries(): { key: string; version: string; scope: string; size: number }[];
  /** Every request, labelled, with the status answered (0 for a reset). */
  calls: { label: string; status: number }[];
  fail(fault: Fault): void;
  close(): Promise<void>;
}

const SERVICE = "/twirp/github.actions.results.api.v1.CacheService/";

interface Entry {
  id: number;
  key: string;
  version: string;
  scope: string;
  blob: string;
  finalized: boolean;
  size: number;
  /** Order of finalization: "newest" means highest. */
  seq: number;
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString("base64url");

export async function startCacheServer(): Promise<CacheServer> {
  const secret = randomBytes(32);
  const entries: Entry[] = [];
  const faults: Fault[] = [];
  const calls: { label: string; status: number }[] = [];
  let nextId = 1;
  let nextSeq = 1;
  const storage = blobStorage(secret, (blob) => entries.find((e) => e.blob === blob)?.finalized);

  function mintToken(scopes: CacheScope[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const claims = {
      scp: "Actions.Results:1:1",
      // As GitHub's runtime token carries it: a JSON string, capitalised fields.
      ac: JSON.stringify(scopes.map((s) => ({ Scope: s.scope, Permission: s.permission }))),
      nbf: now - 60,
      exp: now + 3600,
    };
    const body = `${header}.${b64url(JSON.stringify(claims))}`;
    return `${body}.${b64url(createHmac("sha256", secret).update(body).digest())}`;
  }

  function scopesOf(req: IncomingMessage): CacheScope[] {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
    const parts = m?.[1]?.split(".") ?? [];
    if (parts.length !== 3) throw new TwirpError(401, "unauthenticated", "missing or malformed bearer token");
    const [header, payload, signature] = parts as [string, string, string];
    const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new TwirpError(401, "unauthenticated", "invalid token signature");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      exp: number;
      ac: string;
    };
    if (claims.exp * 1000 < Date.now()) throw new TwirpError(401, "unauthenticated", "token expired");
    const ac = JSON.parse(claims.ac) as { Scope: string; Permission: number }[];
    return ac.map((s) => ({ scope: s.Scope, permission: s.Permission }));
  }

  function field(body: Record<string, unknown>, name: string): string {
    const v = body[name];
    if (typeof v !== "string" || v === "")
      throw new TwirpError(400, "invalid_argument", `${name} is required`);
    return v;
  }

  function keyAndVersion(body: Record<string, unknown>): { key: string; version: string } {
    const key = field(body, "key");
    if (key.length > 512 || key.includes(","))
      throw new TwirpError(400, "invalid_argument", "key is longer than 512 characters or has a comma");
    const version = field(body, "version");
    if (!/^[0-9a-f]{64}$/.test(version))
      throw new TwirpError(400, "invalid_argument", "version is not a sha256");
    return { key, version };
  }

  function writeScope(scopes: CacheScope[]): string {
    const s = scopes.find((x) => (x.permission & 2) !== 0);
    if (!s)
      throw new TwirpError(403, "permission_denied", "cache write denied: the token has no writable scope");
    return s.scope;
  }

  const twirp: Record<string, (body: Record<string, unknown>, scopes: CacheScope[]) => object> = {
    CreateCacheEntry(body, scopes) {
      const { key, version } = keyAndVersion(body);
      const scope = writeScope(scopes);
      if (entries.some((e) => e.key === key && e.version === version && e.scope === scope))
        throw new TwirpError(
          409,
          "already_exists",
          "cache entry with the same key, version, and scope already exists",
        );
      const blob = randomBytes(16).toString("hex");
      entries.push({ id: nextId++, key, version, scope, blob, finalized: false, size: 0, seq: 0 });
      return { ok: true, signed_upload_url: storage.signedUrl(blob, "cw") };
    },
    FinalizeCacheEntryUpload(body, scopes) {
      const { key, version } = keyAndVersion(body);
      const size = Number(body.size_bytes);
      if (!Number.isSafeInteger(size) || size <= 0)
        throw new TwirpError(400, "invalid_argument", "size_bytes is required");
      const scope = writeScope(scopes);
      const e = entries.find(
        (x) => x.key === key && x.version === version && x.scope === scope && !x.finalized,
      );
      if (!e) throw new TwirpError(404, "not_found", "no cache entry reserved for this key and version");
      const uploaded = storage.data(e.blob);
      if (!uploaded) throw new TwirpError(412, "failed_precondition", "the cache archive was not uploaded");
      if (uploaded.length !== size)
        throw new TwirpError(
          400,
          "invalid_argument",
          `size_bytes ${size} differs from the upload (${uploaded.length})`,
        );
      Object.assign(e, { finalized: true, size, seq: nextSeq++ });
      return { ok: true, entry_id: String(e.id) };
    },
    GetCacheEntryDownloadURL(body, scopes) {
      const { key, version } = keyAndVersion(body);
      const restoreKeys = body.restore_keys ?? [];
      if (!Array.isArray(restoreKeys) || restoreKeys.some((k) => typeof k !== "string"))
        throw new TwirpError(400, "invalid_argument", "restore_keys must be a list of strings");
      const readable = scopes.filter((s) => (s.permission & 1) !== 0);
      if (readable.length === 0)
        throw new TwirpError(403, "permission_denied", "cache read denied: the token has no readable scope");
      for (const { scope } of readable) {
        const here = entries
          .filter((e) => e.finalized && e.scope === scope && e.version === version)
          .sort((a, b) => b.seq - a.seq);
        const hit =
          here.find((e) => e.key === key) ??
          here.find((e) => e.key.startsWith(key)) ??
          (restoreKeys as string[]).map((p) => here.find((e) => e.key.startsWith(p))).find((e) => e);
        if (hit)
          return { ok: true, signed_download_url: storage.signedUrl(hit.blob, "r"), matched_key: hit.key };
      }
      return { ok: false, signed_download_url: "", matched_key: "" };
    },
  };

  function serveTwirp(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): number {
    const reply = (status: number, payload: object): number => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
      return status;
    };
    try {
      const method = url.pathname.startsWith(SERVICE) ? url.pathname.slice(SERVICE.length) : "";
      const handler = Object.hasOwn(twirp, method) ? twirp[method] : undefined;
      if (req.method !== "POST" || !handler)
        throw new TwirpError(404, "bad_route", `no handler for ${req.method} ${url.pathname}`);
      if (!String(req.headers["content-type"]).startsWith("application/json"))
        throw new TwirpError(400, "malformed", "this emulator speaks twirp JSON only");
      const scopes = scopesOf(req);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        throw new TwirpError(400, "malformed", "the body is not JSON");
      }
      if (typeof parsed !== "object" || parsed === null)
        throw new TwirpError(400, "malformed", "not an object");
      return reply(200, handler(parsed as Record<string, unknown>, scopes));
    } catch (e) {
      if (e instanceof TwirpError) return reply(e.status, { code: e.code, msg: e.message });
      return reply(500, { code: "internal", msg: String(e) });
    }
  }

  function labelOf(req: IncomingMessage, url: URL, blob: boolean): string {
    if (!blob) return url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
    const comp = url.searchParams.get("comp");
    const ranged = req.headers["x-ms-range"] || req.headers.range ? " range" : "";
    return `blob:${req.method}${comp ? ` ${comp}` : ""}${ranged}`;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      // A proxied request carries the absolute URL; a direct one, a path.
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const blob = url.hostname === BLOB_HOST;
      const label = labelOf(req, url, blob);
      const fault = faults.find((f) => f.on === label && (f.times ?? 1) > 0);
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        calls.push({ label, status: fault.reset ? 0 : (fault.status ?? 500) });
        if (fault.reset) req.socket.destroy();
        else if (blob) storage.error(res, fault.status ?? 500, "InternalError", "injected fault");
        else {
          res.writeHead(fault.status ?? 500, { "content-type": "application/json" });
          res.end(JSON.stringify({ code: "internal", msg: "injected fault" }));
        }
        return;
      }
      const body = Buffer.concat(chunks);
      calls.push({
        label,
        status: blob ? storage.serve(req, res, url, body) : serveTwirp(req, res, url, body),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  const main: CacheScope[] = [{ scope: "refs/heads/main", permission: 3 }];

  return {
    url,
    token: (scopes = main) => mintToken(scopes),
    env: (scopes = main) => ({
      ACTIONS_RESULTS_URL: url,
      ACTIONS_RUNTIME_TOKEN: mintToken(scopes),
      ACTIONS_CACHE_SERVICE_V2: "True",
      HTTP_PROXY: url,
      http_proxy: url,
      NO_PROXY: "127.0.0.1,localhost",
      no_proxy: "127.0.0.1,localhost",
    }),
    entries: () =>
      entries
        .filter((e) => e.finalized)
        .sort((a, b) => a.seq - b.seq)
        .map(({ key, version, scope, size }) => ({ key, version, scope, size })),
    calls,
    fail: (fault) => faults.push({ ...fault }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
