/** The "G" square of the Glyphic brand, beside a name in every page header. */
export function BrandMark() {
  return (
    <span
      aria-hidden
      className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white"
    >
      G
    </span>
  );
}
