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
