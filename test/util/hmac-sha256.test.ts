import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmac, hmacSha256Small, SMALL_HMAC_BYTES } from "../../src/util/crypto.js";

describe("hmac sha256 (JavaScript path for small messages)", () => {
  it("matches RFC 4231 test cases 1, 2 and 6 (key longer than a block)", () => {
    // https://www.rfc-editor.org/rfc/rfc4231#section-4.2, 4.3 and 4.7
    const one = hmacSha256Small(Buffer.alloc(20, 0x0b), ["Hi There"]);
    expect(one?.toString("hex")).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
    const two = hmacSha256Small("Jefe", ["what do ya want ", "for nothing?"]);
    expect(two?.toString("hex")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    const six = hmacSha256Small(Buffer.alloc(131, 0xaa), [
      "Test Using Larger Than Block-Size Key - Hash Key First",
    ]);
    expect(six?.toString("hex")).toBe(
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    );
  });

  it("agrees with node:crypto for every padding boundary, key length and part type", () => {
    for (const keyLength of [0, 1, 32, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      for (let length = 0; length <= SMALL_HMAC_BYTES; length += length < 140 ? 1 : 29) {
        const body = randomBytes(length);
        const prefix = `msg_é.${length}.`;
        const expected = createHmac("sha256", key).update(prefix).update(body).digest("hex");
        expect(hmac("sha256", key, prefix, body).toString("hex")).toBe(expected);
        const text = key.toString("latin1");
        expect(hmac("sha256", text, prefix, body).toString("hex")).toBe(
          createHmac("sha256", text).update(prefix).update(body).digest("hex"),
        );
      }
    }
  });

  it("leaves bigger messages to node:crypto, with the same result", () => {
    const key = randomBytes(32);
    const body = randomBytes(SMALL_HMAC_BYTES + 1);
    expect(hmacSha256Small(key, [body])).toBeUndefined();
    expect(hmac("sha256", key, body).toString("hex")).toBe(
      createHmac("sha256", key).update(body).digest("hex"),
    );
  });

  it("notices a key Buffer that changed after its pad states were cached", () => {
    const key = Buffer.from("first key");
    const before = hmac("sha256", key, "m").toString("hex");
    key.write("other");
    const after = hmac("sha256", key, "m").toString("hex");
    expect(after).not.toBe(before);
    expect(after).toBe(createHmac("sha256", key).update("m").digest("hex"));
  });
});
