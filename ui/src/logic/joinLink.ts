/**
 * Invite links: `cityaudit://join?server=<url>&code=<code>`, as shown in a
 * QR code. People paste them from a chat, so stray spaces and a copied
 * trailing full stop are tolerated.
 */

export interface JoinLink {
  server: string;
  code: string;
}

const PREFIX = /^cityaudit:(?:\/\/)?join\/?\?/i;

/** The server and code of an invite link, or null when it is not one. */
export function parseJoinLink(input: string): JoinLink | null {
  const text = input.trim().replace(/[.,;]+$/, "");
  const prefix = PREFIX.exec(text);
  if (!prefix) return null;
  const params = new URLSearchParams(text.slice(prefix[0].length));
  const server = (params.get("server") ?? "").trim();
  const code = (params.get("code") ?? "").trim();
  if (!isServerUrl(server) || code === "") return null;
  return { server, code };
}

/** True when the text looks like an invite link (so the form can say it is broken). */
export function looksLikeJoinLink(input: string): boolean {
  return /^\s*cityaudit:/i.test(input);
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
