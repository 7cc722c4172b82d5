import { describe, expect, it } from "vitest";
import { eventName } from "../../src/providers/event-name.js";
import { github } from "../../src/providers/github.js";
import { slack } from "../../src/providers/slack.js";
import type { Provider } from "../../src/providers/types.js";

describe("eventName", () => {
  it("is GitHub's event header plus the body's action", () => {
    const headers = { "x-github-event": "pull_request" };
    expect(eventName(github, headers, { action: "opened" })).toBe("pull_request.opened");
    expect(eventName(github, { "x-github-event": "push" }, {})).toBe("push");
  });

  it("names Slack's message events by their subscription, other events by their type", () => {
    const message = (channelType: string) => ({
      type: "event_callback",
      event: { type: "message", channel_type: channelType },
    });
    expect(eventName(slack, {}, message("channel"))).toBe("message.channels");
    expect(eventName(slack, {}, message("im"))).toBe("message.im");
    expect(eventName(slack, {}, message("mpim"))).toBe("message.mpim");
    expect(eventName(slack, {}, message("group"))).toBe("message.groups");
    expect(eventName(slack, {}, message("__proto__"))).toBe("message");
    const mention = { event: { type: "app_mention", channel_type: "channel" } };
    expect(eventName(slack, {}, mention)).toBe("app_mention");
  });

  it("is undefined when a provider's reader throws on what a sender posted", () => {
    const throwing = {
      ...github,
      eventType: () => {
        throw new Error("odd body");
      },
    } as Provider;
    expect(eventName(throwing, {}, null)).toBeUndefined();
  });
});
