import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The Azure blob storage behind the emulated cache service (cache-server.ts): the calls that
 * @azure/storage-blob's BlockBlobClient makes with a signed (SAS) URL. Upload: Put Blob (one PUT,
 * which the client uses up to 128 MiB), or Put Block and Put Block List. Download: Get Blob Properties
 * (HEAD) and Get Blob, with `x-ms-range` for the 4 MiB pieces the SDK fetches. A signature covers the
 * permissions, the expiry and the blob; a wrong one is refused as Azure refuses it.
 */

export const BLOB_HOST = "agentflowcache.blob.core.windows.net";
const CONTAINER = "actions-cache";

interface Blob {
  data?: Buffer;
  blocks: Map<string, Buffer>;
  etag: string;
  modified: string;
}

/** `isFinalized(name)`: undefined for a blob no entry owns, else whether its entry is finalized. */
export function blobStorage(secret: Buffer, isFinalized: (name: string) => boolean | undefined) {
  const blobs = new Map<string, Blob>();
  const sign = (text: string): string => createHmac("sha256", secret).update(text).digest("base64");

  function signedUrl(blob: string, permissions: string): string {
    const se = new Date(Date.now() + 3600_000).toISOString();
    const q = new URLSearchParams({ sv: "2024-11-04", sr: "b", sp: permissions, se });
    q.set("sig", sign(`${permissions}\n${se}\n/${CONTAINER}/${blob}`));
    return `http://${BLOB_HOST}/${CONTAINER}/${blob}?${q}`;
  }

  function storageError(res: ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { "content-type": "application/xml", "x-ms-error-code": code });
    res.end(
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
  }

  function blobHeaders(b: Blob): Record<string, string> {
    return { etag: b.etag, "last-modified": b.modified, "x-ms-request-id": randomBytes(8).toString("hex") };
  }

  function touched(b: Blob): void {
    b.etag = `"0x${randomBytes(8).toString("hex").toUpperCase()}"`;
    b.modified = new Date().toUTCString();
  }

  function serveBlob(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): number {
    const name = url.pathname.slice(`/${CONTAINER}/`.length);
    const sp = url.searchParams.get("sp") ?? "";
    const se = url.searchParams.get("se") ?? "";
    const sig = url.searchParams.get("sig") ?? "";
    const writing = req.method === "PUT";
    if (sig !== sign(`${sp}\n${se}\n/${CONTAINER}/${name}`) || Date.parse(se) < Date.now()) {
      storageError(res, 403, "AuthenticationFailed", "signature did not match");
      return 403;
    }
    const finalized = isFinalized(name);
    // Modelled: an upload URL is good until its entry is finalized; the archive is immutable afterwards.
    if (writing ? !sp.includes("w") || finalized : !sp.includes("r")) {
      storageError(
        res,
        403,
        "AuthorizationPermissionMismatch",
        "this signature does not permit the operation",
      );
      return 403;
    }
    const blob: Blob = blobs.get(name) ?? { blocks: new Map(), etag: "", modified: "" };
    const comp = url.searchParams.get("comp");
    if (writing) {
      if (comp === "block") {
        const id = url.searchParams.get("blockid") ?? "";
        if (!id || Buffer.from(id, "base64").length === 0) {
          storageError(res, 400, "InvalidQueryParameterValue", "blockid");
          return 400;
        }
        blob.blocks.set(id, body);
      } else if (comp === "blocklist") {
        const ids = [...body.toString("utf8").matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
          (m) => m[2] ?? "",
        );
        const parts = ids.map((id) => blob.blocks.get(id));
        if (parts.some((p) => p === undefined)) {
          storageError(res, 400, "InvalidBlockList", "a listed block was not uploaded");
          return 400;
        }
        blob.data = Buffer.concat(parts as Buffer[]);
        blob.blocks.clear();
      } else if (comp === null) {
        if (req.headers["x-ms-blob-type"] !== "BlockBlob") {
          storageError(res, 400, "MissingRequiredHeader", "x-ms-blob-type");
          return 400;
        }
        blob.data = body;
      } else {
        storageError(res, 400, "InvalidQueryParameterValue", `comp=${comp}`);
        return 400;
      }
      touched(blob);
      blobs.set(name, blob);
      res.writeHead(201, { ...blobHeaders(blob), "x-ms-request-server-encrypted": "true" });
      res.end();
      return 201;
    }
    const data = blob.data;
    if (!data || !finalized) {
      storageError(res, 404, "BlobNotFound", "the specified blob does not exist");
      return 404;
    }
    const common = { ...blobHeaders(blob), "accept-ranges": "bytes", "x-ms-blob-type": "BlockBlob" };
    const range = String(req.headers["x-ms-range"] ?? req.headers.range ?? "");
    const m = /^bytes=(\d+)-(\d*)$/.exec(range);
    if (range && !m) {
      storageError(res, 400, "InvalidHeaderValue", "x-ms-range");
      return 400;
    }
    const start = m ? Number(m[1]) : 0;
    const end = m?.[2] ? Math.min(Number(m[2]), data.length - 1) : data.length - 1;
    if (start > end) {
      storageError(res, 416, "InvalidRange", "the range is not satisfiable");
      return 416;
    }
    const part = data.subarray(start, end + 1);
    const status = m ? 206 : 200;
    res.writeHead(status, {
      ...common,
      "content-type": "application/octet-stream",
      "content-length": String(part.length),
      ...(m ? { "content-range": `bytes ${start}-${end}/${data.length}` } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : part);
    return status;
  }

  return { signedUrl, serve: serveBlob, error: storageError, data: (name: string) => blobs.get(name)?.data };
}
