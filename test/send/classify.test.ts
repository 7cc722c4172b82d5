import { describe, expect, it } from "vitest";
import { classifyError, TIMED_OUT_CODE } from "../../src/sender/classify.js";

/** An error shaped as undici hands it over: a wrapper with Node's error as its cause. */
const wrapped = (code: string, message: string): Error =>
  Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error(message), { code }),
  });

describe("classifyError", () => {
  it("says DNS, reset and unknown OpenSSL failures in words, keeping the raw text as detail", () => {
    expect(
      classifyError(wrapped("ENOTFOUND", "getaddrinfo ENOTFOUND hooks.invalid"), 1000),
    ).toEqual({
      reason: "connection_error",
      message: "unknown host hooks.invalid: DNS found no address",
      detail: "getaddrinfo ENOTFOUND hooks.invalid",
    });
    expect(classifyError(wrapped("ECONNRESET", "read ECONNRESET"), 1000)).toMatchObject({
      reason: "connection_error",
      message: "the server reset the connection before answering",
    });
    const alert =
      "C0:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 40\n";
    expect(classifyError(wrapped("ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", alert), 1000)).toEqual({
      reason: "ssl_error",
      message: "TLS handshake failed (sslv3 alert handshake failure)",
      detail: `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: ${alert.trim()}`,
    });
  });

  it("keeps an unknown error's own text, and a timeout needs no detail", () => {
    expect(classifyError(wrapped("UND_ERR_PRX_TLS", "proxy said no"), 1000)).toEqual({
      reason: "connection_error",
      message: "UND_ERR_PRX_TLS: proxy said no",
      detail: "UND_ERR_PRX_TLS: proxy said no",
    });
    expect(classifyError(Object.assign(new Error("x"), { code: TIMED_OUT_CODE }), 250)).toEqual({
      reason: "http_timeout",
      message: "no response within 250 ms",
    });
  });
});
