import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CacheServer, startCacheServer } from "../helpers/cache-server.js";

// The emulated cache service stands in for GitHub in the transport's tests: it must refuse what the
// service refuses, or a wrong use of the client would pass. These calls are made by hand, as the client
// and the Azure SDK make them (the transport's tests drive the real client).

let server: CacheServer;
const VERSION = "a".repeat(64);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends `url` to the server as a proxy request, which is how blob traffic reaches it. */
function send(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer | string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      server.url,
      { method, path: url, headers: { host: new URL(url).host, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

async function twirp(method: string, body: object, token = server.token()) {
  const answer = await send(
    "POST",
    `${server.url}twirp/github.actions.results.api.v1.CacheService/${method}`,
    { "content-type": "application/json", authorization: `Bearer ${token}` },
    JSON.stringify(body),
  );
  return { status: answer.status, json: JSON.parse(answer.body.toString("utf8")) as Record<string, unknown> };
}

beforeAll(async () => {
  server = await startCacheServer();
});

afterAll(async () => {
  await server?.close();
});

describe("the emulated cache service refuses what GitHub's refuses", () => {
  it("needs a token it signed", async () => {
    const [header, payload, sig] = server.token().split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    claims.ac = JSON.stringify([{ Scope: "refs/heads/other", Permission: 3 }]);
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
    for (const token of ["not-a-jwt", forged]) {
      expect(await twirp("GetCacheEntryDownloadURL", { key: "k", version: VERSION }, token)).toMatchObject({
        status: 401,
        json: { code: "unauthenticated" },
      });
    }
  });

  it("needs a key and a sha256 version, and a writable scope to save", async () => {
    expect(await twirp("CreateCacheEntry", { key: "k" })).toMatchObject({
      status: 400,
      json: { code: "invalid_argument" },
    });
    expect(await twirp("CreateCacheEntry", { key: "k", version: "1" })).toMatchObject({ status: 400 });
    expect(await twirp("CreateCacheEntry", { version: VERSION })).toMatchObject({ status: 400 });
    const readOnly = server.token([{ scope: "refs/heads/main", permission: 1 }]);
    expect(await twirp("CreateCacheEntry", { key: "k", version: VERSION }, readOnly)).toMatchObject({
      status: 403,
      json: { msg: expect.stringMatching(/^cache write denied:/) },
    });
    expect(
      await twirp("FinalizeCacheEntryUpload", { key: "never", version: VERSION, size_bytes: "3" }),
    ).toMatchObject({
      status: 404,
      json: { code: "not_found" },
    });
  });

  it("takes an upload in blocks, checks its size, keeps it immutable and serves ranges", async () => {
    const created = await twirp("CreateCacheEntry", { key: "blocks", version: VERSION });
    expect(created.json.ok).toBe(true);
    const upload = String(created.json.signed_upload_url);
    const ids = ["MDAwMDA=", "MDAwMDE="];
    for (const [i, id] of ids.entries()) {
      const put = await send(
        "PUT",
        `${upload}&comp=block&blockid=${encodeURIComponent(id)}`,
        {},
        `part${i}-`,
      );
      expect(put.status).toBe(201);
    }
    const list = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join("")}</BlockList>`;
    expect((await send("PUT", `${upload}&comp=blocklist`, {}, list)).status).toBe(201);
    expect(
      await twirp("FinalizeCacheEntryUpload", { key: "blocks", version: VERSION, size_bytes: "5" }),
    ).toMatchObject({
      status: 400,
    });
    expect(
      await twirp("FinalizeCacheEntryUpload", { key: "blocks", version: VERSION, size_bytes: "12" }),
    ).toMatchObject({
      status: 200,
      json: { ok: true, entry_id: expect.stringMatching(/^\d+$/) },
    });
    expect(await twirp("CreateCacheEntry", { key: "blocks", version: VERSION })).toMatchObject({
      status: 409,
      json: { code: "already_exists" },
    });
    expect((await send("PUT", upload, { "x-ms-blob-type": "BlockBlob" }, "overwritten")).status).toBe(403);

    const other = await twirp("GetCacheEntryDownloadURL", { key: "blocks", version: "b".repeat(64) });
    expect(other.json.ok).toBe(false);
    const found = await twirp("GetCacheEntryDownloadURL", {
      key: "blocks",
      restore_keys: [],
      version: VERSION,
    });
    expect(found.json).toMatchObject({ ok: true, matched_key: "blocks" });
    const download = String(found.json.signed_download_url);
    const ranged = await send("GET", download, { "x-ms-range": "bytes=6-11" });
    expect(ranged).toMatchObject({ status: 206, headers: { "content-range": "bytes 6-11/12" } });
    expect(ranged.body.toString()).toBe("part1-");
    expect((await send("PUT", download, { "x-ms-blob-type": "BlockBlob" }, "x")).status).toBe(403);
    const tampered = download.replace(/sig=[^&]+/, "sig=AAAA");
    const refused = await send("GET", tampered);
    expect(refused).toMatchObject({ status: 403, headers: { "x-ms-error-code": "AuthenticationFailed" } });
  });
});
