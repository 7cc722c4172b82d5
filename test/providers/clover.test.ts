import { describe, expect, it } from "vitest";
import { clover, cloverVerificationCode } from "../../src/providers/clover.js";
import type { VerifyInput } from "../../src/providers/types.js";

// Clover signs nothing, so there is no vector to take: the values below are the samples of
// Clover's "Use webhooks" page (docs.clover.com/docs/webhooks): the X-Clover-Auth header, the
// verification POST and the notification body.
const AUTH_CODE = "0307e264-b33a-4913-88aa-37b10014a0b8";
const VERIFICATION = '{"verificationCode":"5220ecf5-7dea-4396-bOba-a1659c182887"}';
const NOTIFICATION = {
  appId: "DRKVJT2ZRRRSC",
  merchants: {
    XYZVJT2ZRRRSC: [
      { objectId: "O:GHIVJT2ABCRSC", type: "CREATE", ts: 1537970958000 },
      { objectId: "O:ABCVJTABCRRSC", type: "UPDATE", ts: 1536156558000 },
    ],
  },
};

function input(overrides: Partial<VerifyInput> = {}): VerifyInput {
  return {
    body: Buffer.from(JSON.stringify(NOTIFICATION)),
    headers: { "x-clover-auth": AUTH_CODE },
    secrets: [AUTH_CODE],
    ...overrides,
  };
}

describe("clover provider", () => {
  it("sends the auth code as X-Clover-Auth, whatever the body", () => {
    expect(clover.sign({ body: Buffer.from("anything"), secret: AUTH_CODE })).toEqual({
      "X-Clover-Auth": AUTH_CODE,
    });
    expect(clover.sign({ body: Buffer.alloc(0), secret: Buffer.from(AUTH_CODE) })).toEqual({
      "X-Clover-Auth": AUTH_CODE,
    });
    expect(clover.signsBody).toBe(false);
  });

  it("accepts the right code for any body", () => {
    expect(clover.verify(input())).toMatchObject({ valid: true });
    expect(clover.verify(input({ body: Buffer.from("tampered") }))).toMatchObject({ valid: true });
  });

  it("rejects another code, or one differing in one character or in length", () => {
    for (const code of ["wrong", AUTH_CODE.replace(/8$/, "9"), `${AUTH_CODE}0`, ""]) {
      expect(clover.verify(input({ headers: { "x-clover-auth": code } }))).toMatchObject({
        valid: false,
        code: "no_match",
      });
    }
  });

  it("accepts any of several codes (an app moved to a new one)", () => {
    expect(clover.verify(input({ secrets: ["old-code", AUTH_CODE] })).valid).toBe(true);
    expect(clover.verify(input({ secrets: [Buffer.from(AUTH_CODE)] })).valid).toBe(true);
  });

  it("names the missing header, and recognises the verification POST that has none", () => {
    expect(clover.verify(input({ headers: {} }))).toMatchObject({
      valid: false,
      code: "missing_header",
      reason: "missing x-clover-auth header",
    });
    const result = clover.verify(input({ headers: {}, body: Buffer.from(VERIFICATION) }));
    expect(result).toMatchObject({ valid: false, code: "missing_header" });
    expect(result.reason).toContain("5220ecf5-7dea-4396-bOba-a1659c182887");
  });

  it("extracts the verification code, and nothing from other bodies", () => {
    expect(cloverVerificationCode(JSON.parse(VERIFICATION))).toBe(
      "5220ecf5-7dea-4396-bOba-a1659c182887",
    );
    expect(cloverVerificationCode(NOTIFICATION)).toBeUndefined();
    expect(cloverVerificationCode({ verificationCode: "" })).toBeUndefined();
    expect(cloverVerificationCode({ verificationCode: 42 })).toBeUndefined();
    expect(cloverVerificationCode({ verificationCode: "x", merchants: {} })).toBeUndefined();
    expect(cloverVerificationCode(null)).toBeUndefined();
    expect(cloverVerificationCode(["verificationCode"])).toBeUndefined();
  });

  it("reads <KEY>.<TYPE> of the first update as the event type, and has no event id", () => {
    const headers = { "x-clover-auth": AUTH_CODE };
    expect(clover.detect(headers)).toBe(true);
    expect(clover.eventType(headers, NOTIFICATION)).toBe("O.CREATE");
    const inventory = { merchants: { M1: [{ objectId: "IM:ABC", type: "DELETE", ts: 1 }] } };
    expect(clover.eventType(headers, inventory)).toBe("IM.DELETE");
    expect(clover.eventType(headers, { merchants: { M1: [] } })).toBeUndefined();
    expect(clover.eventType(headers, JSON.parse(VERIFICATION))).toBeUndefined();
    expect(clover.eventId(headers, NOTIFICATION)).toBeUndefined();
  });
});
