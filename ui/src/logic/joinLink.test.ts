import { describe, expect, it } from "vitest";
import {
  appHomeOf,
  inviteOfPage,
  isServerUrl,
  looksLikeJoinLink,
  normaliseServer,
  parseJoinLink,
} from "./joinLink";

describe("invite links", () => {
  it("reads the server and code of a QR link", () => {
    expect(
      parseJoinLink("cityaudit://join?server=https%3A%2F%2Faudit.example.org&code=K7Q-2MX"),
    ).toEqual({
      server: "https://audit.example.org",
      code: "K7Q-2MX",
    });
  });

  it("accepts an unencoded server, any parameter order and a pasted full stop", () => {
    expect(parseJoinLink("  cityaudit://join?code=abc123&server=http://10.0.0.2:8080.  ")).toEqual({
      server: "http://10.0.0.2:8080",
      code: "abc123",
    });
    expect(parseJoinLink("CITYAUDIT://JOIN/?server=https://a.org&code=X")).toEqual({
      server: "https://a.org",
      code: "X",
    });
  });

  it("refuses links without a code, without a usable server, or of another kind", () => {
    expect(parseJoinLink("cityaudit://join?server=https://a.org")).toBeNull();
    expect(parseJoinLink("cityaudit://join?server=https://a.org&code=%20")).toBeNull();
    expect(parseJoinLink("cityaudit://join?server=ftp://a.org&code=X")).toBeNull();
    expect(parseJoinLink("cityaudit://join?server=a.org&code=X")).toBeNull();
    expect(parseJoinLink("https://a.org/join?server=https://a.org&code=X")).toBeNull();
    expect(parseJoinLink("cityaudit://leave?server=https://a.org&code=X")).toBeNull();
    expect(parseJoinLink("")).toBeNull();
  });

  it("tells a broken invite link from other text", () => {
    expect(looksLikeJoinLink("cityaudit://join?server=")).toBe(true);
    expect(looksLikeJoinLink("hello")).toBe(false);
  });

  it("accepts only absolute http(s) server addresses", () => {
    expect(isServerUrl("https://audit.example.org")).toBe(true);
    expect(isServerUrl("http://127.0.0.1:3000")).toBe(true);
    expect(isServerUrl("audit.example.org")).toBe(false);
    expect(isServerUrl("javascript:alert(1)")).toBe(false);
  });

  it("completes a typed server address with https://", () => {
    expect(normaliseServer(" audit.example.org/ ")).toBe("https://audit.example.org");
    expect(normaliseServer("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(normaliseServer("")).toBe("");
  });

  it("reads the browser link of a QR code: the server is everything before /app/join", () => {
    expect(parseJoinLink("https://audit.example.org/app/join?code=K7QX-M2PA")).toEqual({
      server: "https://audit.example.org",
      code: "K7QX-M2PA",
    });
    expect(parseJoinLink(" http://10.0.0.2:8787/city/app/join?code=K7QX-M2PA. ")).toEqual({
      server: "http://10.0.0.2:8787/city",
      code: "K7QX-M2PA",
    });
    expect(parseJoinLink("https://audit.example.org/app/join?server=https://b.org")).toBeNull();
    expect(parseJoinLink("ftp://audit.example.org/app/join?code=X")).toBeNull();
    expect(looksLikeJoinLink("https://audit.example.org/app/join?cod")).toBe(true);
    expect(looksLikeJoinLink("https://audit.example.org/")).toBe(false);
  });
});

describe("the page the browser app was opened with", () => {
  const page = (href: string) => new URL(href);

  it("gives the invite of /app/join?code=…, with the server and the link core reads", () => {
    expect(inviteOfPage(page("https://audit.example.org/app/join?code=K7QX-M2PA"))).toEqual({
      server: "https://audit.example.org",
      code: "K7QX-M2PA",
      link: "https://audit.example.org/app/join?code=K7QX-M2PA",
    });
  });

  it("keeps a path prefix before /app/ in the server, and drops other parameters and the fragment", () => {
    const invite = inviteOfPage(
      page("http://10.0.0.2:8787/city/app/join/?utm=qr&code=%20K7QX-M2PA%20#/checklist"),
    );
    expect(invite).toEqual({
      server: "http://10.0.0.2:8787/city",
      code: "K7QX-M2PA",
      link: "http://10.0.0.2:8787/city/app/join?code=K7QX-M2PA",
    });
    expect(parseJoinLink(invite!.link)).toEqual({ server: invite!.server, code: invite!.code });
  });

  it("has no invite on other pages or without a code", () => {
    expect(inviteOfPage(page("https://audit.example.org/app/"))).toBeNull();
    expect(inviteOfPage(page("https://audit.example.org/app/join"))).toBeNull();
    expect(inviteOfPage(page("https://audit.example.org/app/join?code="))).toBeNull();
    expect(inviteOfPage(page("https://audit.example.org/join?code=X"))).toBeNull();
    expect(inviteOfPage(page("https://audit.example.org/app/joined?code=X"))).toBeNull();
  });

  it("leaves /app/join for the app's home, prefix kept", () => {
    expect(appHomeOf(page("https://audit.example.org/app/join?code=X"))).toBe("/app/");
    expect(appHomeOf(page("https://audit.example.org/city/app/join?code=X"))).toBe("/city/app/");
    expect(appHomeOf(page("https://audit.example.org/app/"))).toBe("/app/");
  });
});
