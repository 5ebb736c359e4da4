/**
 * Invite links: `cityaudit://join?server=<url>&code=<code>` for the native
 * app, and `https://HOST[/PREFIX]/app/join?code=<code>` (the QR code's
 * content, opened in the browser app), whose server is everything before
 * `/app/join`, as core reads them. People paste them from a chat, so stray
 * spaces and a copied trailing full stop are tolerated.
 */

export interface JoinLink {
  server: string;
  code: string;
}

const PREFIX = /^cityaudit:(?:\/\/)?join\/?\?/i;
/** The browser form: the server, then `/app/join?`. */
const WEB = /^(https?:\/\/[^?#]+?)\/app\/join\?/;

/** The server and code of an invite link, or null when it is not one. */
export function parseJoinLink(input: string): JoinLink | null {
  const text = input.trim().replace(/[.,;]+$/, "");
  const prefix = PREFIX.exec(text);
  const web = prefix ? null : WEB.exec(text);
  const found = prefix ?? web;
  if (!found) return null;
  const params = new URLSearchParams(text.slice(found[0].length));
  const server = (web ? (web[1] as string) : (params.get("server") ?? "")).trim();
  const code = (params.get("code") ?? "").trim();
  if (!isServerUrl(server) || code === "") return null;
  return { server, code };
}

/** True when the text looks like an invite link (so the form can say it is broken). */
export function looksLikeJoinLink(input: string): boolean {
  return /^\s*cityaudit:/i.test(input) || /^\s*https?:\/\/\S*\/app\/join\b/i.test(input);
}

/** Where the browser app lives under its server: `/app/`. */
const APP_PATH = /^(.*?)\/app(?:\/.*)?$/;

/**
 * The invite a page of the browser app was opened with
 * (`https://HOST[/PREFIX]/app/join?code=…`), as the link to join with, or null
 * on any other page. The link is rebuilt from the server and code alone, so a
 * fragment or another parameter does not reach the code.
 */
export function inviteOfPage(page: URL): (JoinLink & { link: string }) | null {
  const path = /^(.*)\/app\/join\/?$/.exec(page.pathname);
  const code = (page.searchParams.get("code") ?? "").trim();
  if (!path || code === "") return null;
  const server = page.origin + (path[1] as string);
  if (!isServerUrl(server)) return null;
  return { server, code, link: `${server}/app/join?code=${encodeURIComponent(code)}` };
}

/** The browser app's home address (`[/PREFIX]/app/`) for a page under it, to leave `/app/join?…` once joined. */
export function appHomeOf(page: URL): string {
  const path = APP_PATH.exec(page.pathname);
  return `${path ? path[1] : ""}/app/`;
}

/** True for an absolute http(s) address. */
export function isServerUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.host !== "";
  } catch {
    return false;
  }
}

/** A typed server address made absolute: "audit.example.org" -> "https://audit.example.org". */
export function normaliseServer(text: string): string {
  const trimmed = text.trim().replace(/\/+$/, "");
  if (trimmed === "") return "";
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}
