import type { ReactNode } from "react";

// Presentational blocks of the API docs page: no data access, only layout.

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-4 text-slate-700">
      <h2 id={id} className="border-b border-slate-200 pb-2 text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">{children}</code>;
}

export function CodeBlock({ label, children }: { label: string; children: string }) {
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable) */}
      <pre tabIndex={0} className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm leading-relaxed text-slate-100">
        <code>{children}</code>
      </pre>
    </figure>
  );
}

export function Endpoint({
  method,
  permission,
  path,
  summary,
  example,
  response,
  children,
}: {
  method: string;
  /** From the operation's x-required-permission; null → any valid key. */
  permission: string | null;
  path: string;
  summary: string;
  example: string;
  response: unknown;
  children?: ReactNode;
}) {
  return (
    <article className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <span className="rounded bg-brand-100 px-2 py-0.5 font-semibold text-brand-700">{method}</span>
        <span className="font-semibold text-slate-900">{path}</span>
        <PermissionBadge permission={permission} />
      </h3>
      <p>{summary}</p>
      {children}
      <CodeBlock label="Request">{example}</CodeBlock>
      <CodeBlock label="Response 200">{JSON.stringify(response, null, 2)}</CodeBlock>
    </article>
  );
}

export function ParameterTable({ caption, rows }: { caption: string; rows: [string, string, string][] }) {
  return (
    <DataTable
      caption={caption}
      columns={["Name", "Type", "Description"]}
      rows={rows.map(([name, type, description]) => [<Code key="name">{name}</Code>, type, description])}
    />
  );
}

export function DataTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: ReactNode[][] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable)
    <section aria-label={caption} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="px-3 py-2 font-semibold">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((cells, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static rows, never reordered
            <tr key={index}>
              {cells.map((cell, cellIndex) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static cells, never reordered
                <td key={cellIndex} className="px-3 py-2 align-top">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The permission an operation needs, as a badge beside it (from x-required-permission). */
export function PermissionBadge({ permission }: { permission: string | null }) {
  return (
    <span className="rounded border border-slate-300 px-2 py-0.5 font-mono text-xs text-slate-700">
      {permission === null ? "any key" : `needs ${permission}`}
    </span>
  );
}
