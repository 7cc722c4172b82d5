import { UsageError } from "../errors.js";
import { providerError } from "./api-error.js";
import { checkUserErrors, createGql, type GqlOptions, type UserError } from "./shopify-graphql.js";
import type { ApiContext, EventType, Subscription, UpdateInput, WebhookApi } from "./types.js";

// Shopify's shop-specific webhook subscriptions, through the Admin GraphQL API. Its quirks:
// - a subscription has ONE topic. hooks (like Stripe, Square, GitHub) thinks of one subscription
//   with several events, so create makes one subscription per topic and hands back their gids
//   joined by "," as one id; get, update and delete take such an id (or a single gid). When one
//   of the creates fails, the ones made are deleted, so nothing half-made stays at the shop.
// - there is no per-subscription secret: the app's client secret signs every delivery
//   (secretOrigin "app"), so nothing here carries one;
// - a subscription cannot be disabled, only deleted; its topic cannot change, so changing the
//   events deletes and creates subscriptions, and the id update returns may differ.
// - topics are enum values (ORDERS_CREATE); hooks speaks Shopify's delivery vocabulary
//   (orders/create, the X-Shopify-Topic header), mapped through the enum's own descriptions.

const NODE = "id topic uri format createdAt";
const PAGE = 250;
const GID = /^gid:\/\/shopify\/WebhookSubscription\/\d+$/;

interface Node {
  id: string;
  topic: string;
  uri: string;
  createdAt: string | null;
}

interface Topics {
  /** ORDERS_CREATE -> orders/create */
  names: Map<string, string>;
  events: EventType[];
}

interface Payload {
  webhookSubscription?: Node | null;
  deletedWebhookSubscriptionId?: string | null;
  userErrors?: UserError[];
}

const LIST = `query hooksWebhookSubscriptions($after: String) {
  webhookSubscriptions(first: ${PAGE}, after: $after) {
    edges { cursor node { ${NODE} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const GET = `query hooksWebhookSubscription($id: ID!) { webhookSubscription(id: $id) { ${NODE} } }`;
const TOPICS = `query hooksWebhookTopics { __type(name: "WebhookSubscriptionTopic") { enumValues { name description } } }`;
const CREATE = `mutation hooksWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { ${NODE} }
    userErrors { field message }
  }
}`;
const UPDATE = `mutation hooksWebhookSubscriptionUpdate($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) {
    webhookSubscription { ${NODE} }
    userErrors { field message }
  }
}`;
const DELETE = `mutation hooksWebhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}`;

export function createShopifyApi(context: ApiContext, options: GqlOptions = {}): WebhookApi {
  const gql = createGql(context, options);
  let topics: Promise<Topics> | undefined;
  const loadTopics = () => (topics ??= fetchTopics());

  async function fetchTopics(): Promise<Topics> {
    type Answer = { __type: { enumValues: { name: string; description: string | null }[] } | null };
    const values = (await gql<Answer>(TOPICS)).__type?.enumValues ?? [];
    const names = new Map(values.map((value) => [value.name, topicName(value)]));
    const events = values.map((value) => ({
      name: topicName(value),
      description:
        value.description?.replace(/^The webhook topic for `[^`]+` events\.\s*/, "") || null,
    }));
    return { names, events };
  }

  async function fetchNode(gid: string): Promise<Node> {
    const node = (await gql<{ webhookSubscription: Node | null }>(GET, { id: gid }))
      .webhookSubscription;
    if (node === null)
      throw providerError("shopify", 404, `webhookSubscription ${gid} does not exist`);
    return node;
  }

  async function createOne(topic: string, uri: string): Promise<Node> {
    const variables = { topic, webhookSubscription: { uri, format: "JSON" } };
    const payload = (await gql<{ webhookSubscriptionCreate: Payload | null }>(CREATE, variables))
      .webhookSubscriptionCreate;
    checkUserErrors(topic, payload);
    return node(payload?.webhookSubscription);
  }

  async function deleteOne(gid: string): Promise<void> {
    const payload = (await gql<{ webhookSubscriptionDelete: Payload | null }>(DELETE, { id: gid }))
      .webhookSubscriptionDelete;
    checkUserErrors(gid, payload);
  }

  /** Creates one subscription per topic; on a failure removes what it made, then fails. */
  async function createAll(topicEnums: string[], uri: string): Promise<Node[]> {
    const made: Node[] = [];
    try {
      for (const topic of topicEnums) made.push(await createOne(topic, uri));
      return made;
    } catch (error) {
      await Promise.allSettled(made.map((created) => deleteOne(created.id)));
      throw error;
    }
  }

  async function toSubscription(nodes: Node[]): Promise<Subscription> {
    const { names } = await loadTopics();
    const created = nodes.map((one) => one.createdAt).filter((at): at is string => at !== null);
    return {
      id: nodes.map((one) => one.id).join(","),
      url: nodes[0]?.uri ?? "",
      events: nodes.map((one) => names.get(one.topic) ?? guessTopicName(one.topic)),
      // Shopify has no disabled subscriptions: one that exists is delivered to.
      enabled: true,
      createdAt: created.sort()[0] ?? null,
      provider: "shopify",
    };
  }

  return {
    provider: "shopify",

    async list() {
      type Answer = {
        webhookSubscriptions: {
          edges: { node: Node }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      const out: Subscription[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Answer["webhookSubscriptions"] = (await gql<Answer>(LIST, { after }))
          .webhookSubscriptions;
        for (const edge of page.edges) out.push(await toSubscription([edge.node]));
        if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return out;
        after = page.pageInfo.endCursor;
      }
    },

    async get(id) {
      const nodes: Node[] = [];
      for (const gid of splitId(id)) nodes.push(await fetchNode(gid));
      return toSubscription(nodes);
    },

    async events() {
      return (await loadTopics()).events;
    },

    async create(input) {
      if (input.events.length === 0) {
        throw new UsageError(
          "shopify: a subscription is for named topics; give them with --event (hooks webhooks events --provider shopify lists them)",
        );
      }
      const wanted = [...new Set(input.events.map(topicEnum))];
      return toSubscription(await createAll(wanted, input.url));
    },

    async update(id: string, input: UpdateInput) {
      if (input.enabled === false) {
        throw new UsageError("shopify: a webhook subscription cannot be disabled, only deleted");
      }
      const nodes: Node[] = [];
      for (const gid of splitId(id)) nodes.push(await fetchNode(gid));
      const uri = input.url ?? nodes[0]?.uri ?? "";
      let kept = nodes;
      if (input.url !== undefined) {
        kept = [];
        for (const one of nodes) {
          if (one.uri === uri) {
            kept.push(one);
            continue;
          }
          const variables = { id: one.id, webhookSubscription: { uri } };
          const payload = (
            await gql<{ webhookSubscriptionUpdate: Payload | null }>(UPDATE, variables)
          ).webhookSubscriptionUpdate;
          checkUserErrors(one.id, payload);
          kept.push(node(payload?.webhookSubscription));
        }
      }
      if (input.events !== undefined && input.events.length > 0) {
        // The topic of a subscription cannot change: new topics get subscriptions of their own,
        // dropped ones are deleted (after the new ones exist, so a failure leaves the old set).
        const wanted = new Set(input.events.map(topicEnum));
        const have = new Set(kept.map((one) => one.topic));
        const added = await createAll(
          [...wanted].filter((topic) => !have.has(topic)),
          uri,
        );
        const dropped = kept.filter((one) => !wanted.has(one.topic));
        for (const one of dropped) await deleteOne(one.id);
        kept = [...kept.filter((one) => wanted.has(one.topic)), ...added];
      }
      return toSubscription(kept);
    },

    async delete(id) {
      const failures: unknown[] = [];
      for (const gid of splitId(id))
        await deleteOne(gid).catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    },
  };
}

/** `orders/create` -> `ORDERS_CREATE`, as Shopify's own library maps them; an enum value stays. */
export function topicEnum(name: string): string {
  if (/^[A-Z0-9_]+$/.test(name)) return name;
  if (!/^[a-z0-9_]+([/.][a-z0-9_]+)+$/.test(name)) {
    throw new UsageError(`shopify: "${name}" is not a topic such as orders/create`);
  }
  return name.toUpperCase().replace(/[/.]/g, "_");
}

/**
 * The enum's descriptions name the delivery topic ("The webhook topic for `orders/create`
 * events."): the only sure way back, since `CUSTOMERS_DATA_REQUEST` is `customers/data_request`
 * but `APP_SUBSCRIPTIONS_UPDATE` is `app_subscriptions/update`.
 */
function topicName(value: { name: string; description: string | null }): string {
  return (
    /`([a-z0-9_]+(?:[/.][a-z0-9_]+)+)`/.exec(value.description ?? "")?.[1] ??
    guessTopicName(value.name)
  );
}

/** A value the enum did not describe: its last word is taken as the action. */
function guessTopicName(value: string): string {
  return value.toLowerCase().replace(/_([a-z0-9]+)$/, "/$1");
}

function splitId(id: string): string[] {
  const gids = id.split(",").map((part) => part.trim());
  return gids.map((gid) => {
    if (/^\d+$/.test(gid)) return `gid://shopify/WebhookSubscription/${gid}`;
    if (!GID.test(gid)) {
      throw new UsageError(
        `shopify: "${gid}" is not a webhook subscription id (gid://shopify/WebhookSubscription/<n>)`,
      );
    }
    return gid;
  });
}

function node(value: Node | null | undefined): Node {
  if (value === null || value === undefined) {
    throw providerError("shopify", 502, "the mutation answered no webhookSubscription");
  }
  return value;
}
