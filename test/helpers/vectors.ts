/**
 * Standard Webhooks' official vector, from standard-webhooks/standard-webhooks,
 * libraries/javascript/src/webhook.test.ts ("sign function works"), for the end-to-end tests that
 * run `hooks verify` on it.
 */
export const STANDARD_VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: "1614265330",
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  body: '{"test": 2432232314}',
} as const;

/** `hooks verify` arguments that check STANDARD_VECTOR's body (in `payload`) as of its timestamp. */
export function standardVerifyArgs(
  payload: string,
  signature: string = STANDARD_VECTOR.signature,
): string[] {
  const { secret, id, timestamp } = STANDARD_VECTOR;
  return [
    "verify",
    "--provider",
    "standard",
    "--secret",
    secret,
    "--payload",
    payload,
    "--header",
    `webhook-id: ${id}`,
    "--header",
    `webhook-timestamp: ${timestamp}`,
    "--signature",
    signature,
    "--now",
    timestamp,
  ];
}

/**
 * octokit/webhooks-methods.js, test/verify.test.ts as of v5.0.0 (commit fead92425bbf), when its
 * toNormalizedJsonString said "GitHub sends its JSON with an indentation of 2 spaces and a line
 * break at the end": pretty-printed bodies with a trailing newline. (Later versions moved to
 * compact bodies, whose vectors test/providers/github.test.ts has too.) The sha1 values are from
 * the same file at commit fb84879fbd2e, before v5 dropped sha1.
 */
export const OCTOKIT_PRETTY_VECTORS = [
  {
    name: "verify(secret, eventPayload, signatureSHA256) returns true for correct signature",
    secret: "mysecret",
    body: `${JSON.stringify({ foo: "bar" }, null, 2)}\n`,
    sha256: "sha256=e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f",
    sha1: "sha1=640c0ea7402a3f74e1767338fa2dba243b1f2d9c",
  },
  {
    // "returns true if eventPayload contains special characters (#71)": GitHub writes the escapes'
    // hex digits in upper case (\u001B), which JSON.stringify writes in lower case.
    name: "special characters (#71)",
    secret: "development",
    body: '{\n  "foo": "Foo\\n\\u001B[34mbar: ♥♥♥♥♥♥♥♥\\nthis-is-lost\\u001B[0m\\u001B[2K"\n}\n',
    sha256: "sha256=9dacf9003316b09be07df56d86a2d0d6872e42a1e6c72c3bad9ff915a7c5603e",
    sha1: "sha1=82a91c5aacc9cdc2eea893bc828bd03d218df79c",
  },
  {
    // The same test, an escaped backslash ({ foo: "\\u001b" }) that must stay as it is.
    name: "special characters (#71), escaped sequence",
    secret: "development",
    body: '{\n  "foo": "\\\\u001b"\n}\n',
    sha256: "sha256=87316067e2011fae39998b18c46a14d83b3e7c3ffdd88fb2ee5afb7d11288e60",
    sha1: "sha1=bdae4705bdd827d026bb227817ca025b5b3a6756",
  },
] as const;

/**
 * square/square-python-sdk, tests/integration/test_webhooks_helper.py: the official body, key,
 * URL and signature (the same as square-nodejs-sdk's), and the body of
 * test_signature_validation_body_formatted, the same JSON re-indented (Python's triple-quoted
 * string, exactly), which must fail.
 */
export const SQUARE_VECTOR = {
  body: '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}',
  signature: "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
  key: "Ibxx_5AKakO-3qeNVR61Dw",
  url: "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
  formattedBody: `
        {
            "merchant_id": "MLEFBHHSJGVHD",
            "type": "webhooks.test_notification",
            "event_id": "ac3ac95b-f97d-458c-a6e6-18981597e05f",
            "created_at": "2022-07-13T20:30:59.037339943Z",
            "data": {
              "type": "webhooks",
              "id": "bc368e64-01aa-407e-b46e-3231809b1129"
            }
        }
        `,
} as const;
