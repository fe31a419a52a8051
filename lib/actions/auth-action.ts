import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { can, type Permission } from "../auth/permissions";
import { currentViewer, type Viewer } from "../auth/session";
import { DomainError } from "../domain-error";
import { componentLogger } from "../log";
import { API_SETTINGS_PATH } from "../routes";

const log = componentLogger("action");

/**
 * The one way a server action runs: session → membership (read from the database on every
 * call) → permission → zod-validated input → handler → revalidate → one log line. Every
 * `"use server"` export is a public POST endpoint, so nothing about the caller is taken from the
 * client: the organization and user come from the session's membership, never from the input.
 */

export type ActionErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_input"
  | "not_found"
  | "limit_reached"
  | "policy_violation"
  | "internal_error";

export interface ActionFailure {
  ok: false;
  code: ActionErrorCode;
  /** A sentence for the user that says what to do next. Never an internal error message. */
  error: string;
  fieldErrors?: Record<string, string[]>;
}

export type ActionResult<Data extends object = object> = ({ ok: true } & Data) | ActionFailure;

export interface ActionContext<Input> {
  viewer: Viewer;
  organizationId: string;
  userId: string;
  input: Input;
}

export interface ActionDefinition<Schema extends z.ZodType, Data extends object> {
  /** For logs only. */
  name: string;
  permission: Permission;
  input: Schema;
  /** Pages that show what the action changes, revalidated after it succeeds. */
  revalidate: readonly string[];
  /** Pages that depend on the input (a record's own page), revalidated after `revalidate`'s. */
  revalidateFor?(input: z.output<Schema>, data: Data): readonly string[];
  /** Returns what the client gets on success; throws DomainError for a refusal the user can act on. */
  handler(context: ActionContext<z.output<Schema>>): Promise<Data>;
}

/** What an action needs from Next. Injectable, so tests run the same path on a real database. */
export interface ActionRuntime {
  loadViewer(): Promise<Viewer | null>;
  revalidatePath(path: string): void;
}

export const nextRuntime: ActionRuntime = {
  loadViewer: currentViewer,
  revalidatePath: (path) => revalidatePath(path),
};

export const PERMISSION_DENIED: Record<Permission, string> = {
  "api_keys:manage": "You don't have permission to manage API keys. Ask an admin of your organization for help.",
  "policies:manage": "Only owners of your organization can change its key policies. Ask an owner for help.",
};

export function actionFailure(code: ActionErrorCode, error: string): ActionFailure {
  return { ok: false, code, error };
}

export type ServerAction<Schema extends z.ZodType, Data extends object> = ((
  input: z.input<Schema>,
) => Promise<ActionResult<Data>>) & { definition: ActionDefinition<Schema, Data> };

/**
 * A server action from its definition: export the result from a `"use server"` file, one verb
 * per file. `definition` lets tests run the same path with their own runtime.
 */
export function defineAction<Schema extends z.ZodType, Data extends object>(
  definition: ActionDefinition<Schema, Data>,
): ServerAction<Schema, Data> {
  const action = async (input: z.input<Schema>) => runAuthorized(nextRuntime, definition, input);
  return Object.assign(action, { definition });
}

/**
 * A Settings → API action: for members who may manage keys (api_keys:manage), and the page
 * re-rendered after it, so every key action states only its name, input and what it does.
 */
export function defineKeyAction<Schema extends z.ZodType, Data extends object>(
  name: string,
  input: Schema,
  handler: ActionDefinition<Schema, Data>["handler"],
): ServerAction<Schema, Data> {
  return defineAction({ name, permission: "api_keys:manage", input, revalidate: [API_SETTINGS_PATH], handler });
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(z.flattenError(error).fieldErrors)) {
    if (Array.isArray(messages) && messages.length > 0) fieldErrors[field] = messages as string[];
  }
  return fieldErrors;
}

export async function runAuthorized<Schema extends z.ZodType, Data extends object>(
  runtime: ActionRuntime,
  action: ActionDefinition<Schema, Data>,
  rawInput: unknown,
): Promise<ActionResult<Data>> {
  let viewer: Viewer | null = null;
  const outcome = (result: ActionResult<Data>) => {
    log.info(
      {
        action: action.name,
        organizationId: viewer?.organization.id,
        userId: viewer?.userId,
        outcome: result.ok ? "ok" : result.code,
      },
      "server action",
    );
    return result;
  };
  try {
    viewer = await runtime.loadViewer();
    if (!viewer) {
      return outcome(actionFailure("unauthenticated", "Your session has ended. Sign in again to continue."));
    }
    if (!can(viewer.role, action.permission)) {
      return outcome(actionFailure("forbidden", PERMISSION_DENIED[action.permission]));
    }
    const parsed = action.input.safeParse(rawInput);
    if (!parsed.success) {
      return outcome({
        ...actionFailure("invalid_input", "Check the highlighted field and try again."),
        fieldErrors: fieldErrorsOf(parsed.error),
      });
    }
    const data = await action.handler({
      viewer,
      organizationId: viewer.organization.id,
      userId: viewer.userId,
      input: parsed.data,
    });
    for (const path of [...action.revalidate, ...(action.revalidateFor?.(parsed.data, data) ?? [])]) {
      runtime.revalidatePath(path);
    }
    return outcome({ ok: true, ...data });
  } catch (error) {
    unstable_rethrow(error); // Next's own control flow (redirects, dynamic rendering) is not a failure
    if (error instanceof DomainError) {
      const failure = actionFailure(error.code, error.message);
      return outcome(error.field ? { ...failure, fieldErrors: { [error.field]: [error.message] } } : failure);
    }
    // The log gets the context and the stack; the client gets a sentence, never the error.
    log.error(
      { action: action.name, organizationId: viewer?.organization.id, userId: viewer?.userId, err: error },
      "server action failed",
    );
    return outcome(actionFailure("internal_error", "Something went wrong on our side. Try again in a moment."));
  }
}
