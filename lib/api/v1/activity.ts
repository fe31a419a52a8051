import { z } from "zod";
import { type ActivityEvent, encodeActivityCursor, readActivityEvents } from "../../audit/activity";
import { actorLabel, SECRET_SCANNING_ACTOR, WEBHOOKS_ACTOR } from "../../audit/describe";
import { db } from "../../db/client";
import { isStorableInstant } from "../../db/instant";
import { RECORD_ID } from "../../db/record-id";
import { ApiError } from "../errors";
import { defineOperation } from "../operation";
import { parseQuery } from "../query";
import { apiSchemaRegistry, limitParameter } from "../schemas";
import { cursorParameter } from "./key-schemas";

const AFTER_MESSAGE =
  "The after query parameter must be an event id or an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z.";

export const listActivityQuerySchema = z.object({
  limit: limitParameter("events"),
  cursor: cursorParameter,
  keyId: z
    .string()
    .regex(RECORD_ID, "The keyId query parameter must be a key's id.")
    .optional()
    .meta({ description: "Only events about this key." }),
  after: z
    .string()
    .max(64, AFTER_MESSAGE)
    .refine((value) => RECORD_ID.test(value) || isStorableInstant(new Date(value)), AFTER_MESSAGE)
    .optional()
    .meta({
      description: "Only events newer than this event id or instant: pass the newest id you have to pull what is new.",
    }),
});

export const activityEventSchema = z
  .object({
    id: z.string(),
    occurredAt: z.iso.datetime(),
    action: z.string().meta({ example: "api_key.rolled" }),
    actor: z.object({
      type: z.enum(["user", "api_key", "system"]),
      name: z.string().nullable().meta({ description: "Null when the member has left the organization." }),
      email: z.string().nullable().optional(),
      keyId: z.string().optional(),
      prefix: z.string().optional(),
    }),
    key: z.object({ id: z.string().nullable(), name: z.string(), prefix: z.string() }),
    details: z.unknown().meta({ description: "What changed, by action (never a secret)." }),
  })
  .meta({ description: "One change to an API key: who made it, when, to which key." });

export const activityListResponseSchema = z
  .object({
    data: z.array(activityEventSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass it as cursor to get the next page; null on the last page." }),
  })
  .meta({ description: "A page of events, newest first." });

activityEventSchema.register(apiSchemaRegistry, { id: "ActivityEvent" });
activityListResponseSchema.register(apiSchemaRegistry, { id: "ActivityListResponse" });

function actorOf(event: ActivityEvent): z.infer<typeof activityEventSchema>["actor"] {
  if (event.actorKeyId !== null) {
    return { type: "api_key", name: actorLabel(event), keyId: event.actorKeyId, prefix: event.actorKeyPrefix ?? "" };
  }
  if (event.actorId !== null) return { type: "user", name: event.actorName, email: event.actorEmail };
  const label = actorLabel(event);
  return { type: label === SECRET_SCANNING_ACTOR || label === WEBHOOKS_ACTOR ? "system" : "user", name: label };
}

/** An event id of this organization, or an instant, as the lower bound of the pull. */
async function afterBound(organizationId: string, after: string) {
  if (!RECORD_ID.test(after)) return { createdAt: new Date(after) };
  const event = await db.auditEvent.findFirst({ where: { id: after, organizationId }, select: { createdAt: true } });
  if (!event) throw new ApiError("bad_request", "The after query parameter names no event of your organization.");
  return { createdAt: event.createdAt, id: after };
}

export const listActivity = defineOperation({
  method: "GET",
  path: "/activity",
  operationId: "listActivity",
  summary: "The audit log of API keys, newest first",
  description:
    "Who created, changed, rolled and revoked keys, as Settings → API shows it. For a SIEM: remember the newest " +
    "`id` you stored and pass it as `after` next time; page with `cursor` within one pull.",
  permission: "activity:read",
  query: listActivityQuerySchema,
  success: { status: 200, schema: "ActivityListResponse", description: "A page of events." },
  errors: ["400"],
  async handler(request, { org }) {
    const query = parseQuery(listActivityQuerySchema, request.nextUrl.searchParams);
    const after = query.after === undefined ? undefined : await afterBound(org.id, query.after);
    const events = await readActivityEvents(
      org.id,
      { keyId: query.keyId, cursor: query.cursor && { createdAt: query.cursor.at, id: query.cursor.id }, after },
      query.limit + 1,
    );
    const page = events.slice(0, query.limit);
    const last = page.at(-1);
    return {
      data: page.map((event) => ({
        id: event.id,
        occurredAt: event.createdAt.toISOString(),
        action: event.action,
        actor: actorOf(event),
        key: { id: event.apiKeyId, name: event.keyName, prefix: event.keyPrefix },
        details: event.details ?? null,
      })),
      nextCursor:
        events.length > query.limit && last ? encodeActivityCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  },
});
