"use client";

import { WebhookIcon } from "lucide-react";
import { Fragment, useEffect, useRef, useState } from "react";
import {
  ActionDialogFooter,
  ActionForm,
  Field,
  FormError,
  KeyDialogHeader,
} from "@/components/api-keys/forms/key-dialog-parts";
import type { KeyAction } from "@/components/api-keys/forms/use-key-action";
import { Input } from "@/components/ui/input";
import type { addWebhookEndpointAction } from "@/lib/actions/add-webhook-endpoint";
import type { EventChoice } from "./endpoint-state";

const URL_FIELD = "webhook-url";
const EVENTS_FIELD = "webhook-events";

type AddInput = Parameters<typeof addWebhookEndpointAction>[0];

const OPTION =
  "relative flex gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2.5 transition-colors hover:border-slate-300 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/60";

/** An event's description: `data.changes` and the like as code. */
function Described({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, index) =>
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
          <code key={index} className="font-mono text-[11px] text-slate-700">
            {part}
          </code>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/**
 * Add endpoint's first step: the URL and which events to send (all by default: event types added
 * later included). Whether the URL may receive events is the server's answer, shown beside it.
 */
export function AddEndpointForm({ add, choices }: { add: KeyAction<AddInput>; choices: EventChoice[] }) {
  const [url, setUrl] = useState("");
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [noneChosen, setNoneChosen] = useState(false);
  const urlInput = useRef<HTMLInputElement>(null);
  const urlError = add.fieldErrors.url?.[0];
  const eventsError =
    add.fieldErrors.events?.[0] ?? (noneChosen ? "Choose at least one event, or All events." : undefined);

  useEffect(() => {
    if (urlError) urlInput.current?.focus();
  }, [urlError]);

  function toggle(type: string, on: boolean) {
    setNoneChosen(false);
    // In the form's order, whatever order they were ticked in.
    setChosen((current) =>
      choices.map((choice) => choice.type).filter((each) => (each === type ? on : current.includes(each))),
    );
  }

  function submit() {
    if (!all && chosen.length === 0) {
      setNoneChosen(true);
      return;
    }
    add.run({ url, events: (all ? [] : chosen) as AddInput["events"] });
  }

  return (
    <ActionForm onSubmit={submit}>
      <KeyDialogHeader icon={WebhookIcon} title="Add endpoint">
        Glyphic sends each event to this URL as an HTTP POST with a JSON body, signed with a secret you'll see next.
      </KeyDialogHeader>

      <Field
        id={URL_FIELD}
        label="URL"
        hint="Where your system receives events, e.g. your SIEM's HTTP collector."
        error={urlError}
      >
        <Input
          ref={urlInput}
          id={URL_FIELD}
          name="url"
          type="url"
          inputMode="url"
          value={url}
          onChange={(event) => {
            setUrl(event.target.value);
            if (urlError) add.reset();
          }}
          placeholder="https://hooks.example.com/glyphic"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? `${URL_FIELD}-error` : `${URL_FIELD}-hint`}
        />
      </Field>

      <fieldset className="mt-5" aria-describedby={eventsError ? `${EVENTS_FIELD}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-700">Events to send</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {[
            { value: true, label: "All events", hint: "Every event, including types added later." },
            { value: false, label: "Only the events I choose", hint: "For a receiver that handles a few." },
          ].map((option) => {
            const id = `${EVENTS_FIELD}-${option.value ? "all" : "chosen"}`;
            return (
              <div key={id} className={OPTION}>
                <input
                  id={id}
                  type="radio"
                  name={`${EVENTS_FIELD}-choice`}
                  checked={all === option.value}
                  onChange={() => {
                    setAll(option.value);
                    setNoneChosen(false);
                  }}
                  aria-describedby={`${id}-hint`}
                  className="relative z-[1] mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
                />
                <div className="min-w-0 text-sm">
                  <label
                    htmlFor={id}
                    className="block cursor-pointer font-medium text-slate-900 after:absolute after:inset-0 after:rounded-lg after:content-['']"
                  >
                    {option.label}
                  </label>
                  <p id={`${id}-hint`} className="text-xs leading-snug text-slate-600">
                    {option.hint}
                  </p>
                </div>
              </div>
            );
          })}
        </div>

        {all ? null : (
          <ul
            aria-label="Events"
            className="mt-3 max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-slate-50/60"
          >
            {choices.map((choice) => {
              const id = `${EVENTS_FIELD}-${choice.type}`;
              return (
                <li key={choice.type} className="flex gap-3 px-3 py-2.5">
                  <input
                    id={id}
                    type="checkbox"
                    checked={chosen.includes(choice.type)}
                    onChange={(event) => toggle(choice.type, event.target.checked)}
                    aria-describedby={`${id}-hint`}
                    className="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
                  />
                  <div className="min-w-0 text-sm">
                    <label htmlFor={id} className="cursor-pointer font-medium text-slate-900">
                      {choice.label}
                    </label>{" "}
                    <span className="font-mono text-[11px] text-slate-500">{choice.type}</span>
                    <p id={`${id}-hint`} className="text-xs leading-snug text-slate-600">
                      <Described text={choice.description} />
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {eventsError ? (
          <p id={`${EVENTS_FIELD}-error`} role="alert" className="mt-2 text-sm text-red-700">
            {eventsError}
          </p>
        ) : null}
      </fieldset>

      <FormError error={add.error} />
      <ActionDialogFooter label="Add endpoint" pendingLabel="Adding…" pending={add.pending} cancelWhilePending />
    </ActionForm>
  );
}
