// Which GitHub repository a git remote URL points to.

export interface RepoRef {
  owner: string;
  repo: string;
}

const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const REPO_RE = /^[A-Za-z0-9._-]+$/;

/**
 * owner/repo of a GitHub remote URL, or null when the URL points elsewhere. Accepts
 * https://[user[:token]@]HOST/o/r(.git)(/), git@HOST:o/r(.git), ssh://[user@]HOST[:port]/o/r(.git) and
 * git://HOST/o/r(.git), where HOST is github.com or the host of `serverUrl` (GHES, e.g.
 * https://github.example.com, path prefix allowed).
 */
export function parseGitHubRemote(url: string, serverUrl?: string): RepoRef | null {
  let server: URL;
  try {
    server = new URL(serverUrl?.trim() || "https://github.com");
  } catch {
    return null;
  }
  const host = server.hostname.toLowerCase();
  const prefix = server.pathname.replace(/\/+$/, "");
  const text = url.trim();
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // scp-like: git@github.com:o/r.git (no scheme, a colon before the path)
    if ((scp[1] as string).toLowerCase() !== host) return null;
    path = scp[2] as string;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return null;
    }
    if (!["https:", "http:", "ssh:", "git:", "git+ssh:", "ssh+git:"].includes(parsed.protocol)) return null;
    if (parsed.hostname.toLowerCase() !== host) return null;
    if (
      (parsed.protocol === "https:" || parsed.protocol === "http:") &&
      server.port &&
      parsed.port !== server.port
    ) {
      return null;
    }
    path = decodeURIComponent(parsed.pathname);
    if (prefix && (parsed.protocol === "https:" || parsed.protocol === "http:")) {
      if (!path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) return null;
      path = path.slice(prefix.length);
    }
  }
  const parts = path
    .replace(/^\/+/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .split("/");
  if (parts.length !== 2) return null;
  const [owner, repo] = parts as [string, string];
  if (!OWNER_RE.test(owner) || !REPO_RE.test(repo) || repo === "." || repo === "..") return null;
  return { owner, repo };
}

/**
 * The one redaction of credentials in URLs: `scheme://user:token@host/...` becomes `scheme://host/...`,
 * wherever it appears in `text` (a remote URL, git's stderr, an error message). Applied before anything
 * is stored or logged, so a token in a remote URL (`https://x-access-token:...@github.com/...`) never
 * reaches branch_info.json, the `latest` snapshot or pipeline.log.
 */
export function redactUrls(text: string): string {
  // userinfo is everything between "//" and the last "@" before the host's end (a token may hold "@"
  // percent-encoded, never raw "/" "?" "#" or whitespace).
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*(?:@[^/?#\s@]*)*@/gi, "$1");
}
