import type { VerifyFlags } from "../commands/verify-flags.js";
import { renderVerify } from "../render/verify.js";
import { verifyFromFlags } from "./verify-from-flags.js";

/** `hooks verify`, shared by the commander action and the fast path. */
export async function verifyAndRender(flags: VerifyFlags): Promise<void> {
  renderVerify(await verifyFromFlags(flags, flags.profile), { json: Boolean(flags.json) });
}
