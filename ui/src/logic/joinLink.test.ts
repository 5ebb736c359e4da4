import { describe, expect, it } from "vitest";
import { isServerUrl, looksLikeJoinLink, normaliseServer, parseJoinLink } from "./joinLink";

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
});
