import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button, buttonClass } from "./button";

function classesOf(html: string): string[] {
  const match = html.match(/class="([^"]*)"/);
  if (!match) throw new Error(`no class attribute in ${html}`);
  return match[1].split(" ");
}

describe("Button", () => {
  it("lets a className override the variant's classes by rule, not by stylesheet order", () => {
    const classes = classesOf(
      renderToStaticMarkup(
        <Button variant="ghost" className="px-2 py-1 text-red-800 shadow-none">
          Dismiss
        </Button>,
      ),
    );
    expect(classes).toEqual(expect.arrayContaining(["px-2", "py-1", "text-red-800", "shadow-none"]));
    for (const overridden of ["px-3.5", "py-2", "text-slate-700", "shadow-xs"])
      expect(classes).not.toContain(overridden);
    // What the caller did not override stays.
    expect(classes).toEqual(expect.arrayContaining(["rounded-md", "text-sm", "hover:bg-slate-100"]));
  });

  it("applies the same rule to buttonClass, used for links styled as buttons", () => {
    expect(buttonClass("secondary", "bg-slate-50").split(" ")).not.toContain("bg-white");
  });
});
