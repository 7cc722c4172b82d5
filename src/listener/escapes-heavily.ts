/** Bodies this small are kept as text whatever they hold: their line stays small anyway. */
const SCANNED_FROM = 64 * 1024;

/**
 * Whether a body's JSON string would be more than twice its size: control characters become six
 * (`\u0001`), so 25 MiB of them make a 150 MiB line, held several times over as it is stored and
 * printed. Such a body is kept as base64 (4/3 of its size), byte-exact all the same.
 */
export function escapesHeavily(body: Buffer): boolean {
  if (body.length < SCANNED_FROM) return false;
  let extra = 0;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i] as number;
    // \b \t \n \f \r have two-character escapes, the other control characters six.
    if (byte < 0x20) extra += byte >= 0x08 && byte <= 0x0d && byte !== 0x0b ? 1 : 5;
    else if (byte === 0x22 || byte === 0x5c) extra += 1;
  }
  return extra > body.length;
}
