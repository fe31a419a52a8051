/** The hostile values e2e/hostile-inputs.spec.ts sends into every input (e2e/hostile-inputs.ts lists the inputs). */

/** One hostile value: `raw` as a string (headers, JSON), `encoded` as it goes into a URL or form. */
export interface HostileValue {
  label: string;
  encoded: string;
  /** Undefined when the value is bytes no string holds (invalid UTF-8). */
  raw?: string;
  /** Bytes of a request body, when they differ from raw's UTF-8. */
  bytes?: Buffer;
}

const text = (label: string, raw: string): HostileValue => ({ label, raw, encoded: encodeURIComponent(raw) });
const escapes = (label: string, encoded: string, bytes: number[]): HostileValue => ({
  label,
  encoded,
  bytes: Buffer.from(bytes),
});
/** A cursor as both of the app's cursors encode them: base64url of "<epoch ms>:<id>". */
const cursor = (label: string, payload: string): HostileValue =>
  text(label, Buffer.from(payload).toString("base64url"));

export const HOSTILE_VALUES: HostileValue[] = [
  text("empty", ""),
  text("NUL", "\u0000"),
  text("NUL inside", "cm\u0000abc"),
  text("control characters", "\u0001\u0007\u001b[31m\u007f"),
  text("CR LF", "a\r\nSet-Cookie: x=1"),
  text("tab and spaces", " \t "),
  text("C1 and bidi override", "\u0085\u202egnp.exe"),
  text("zero-width", "\u200b\u200d"),
  text("5,000 characters", "a".repeat(5_000)),
  text("5,000 multibyte", "é".repeat(5_000)),
  text("exponent", "1e3"),
  text("plus sign", "+5"),
  text("hex", "0x10"),
  text("leading space", " 7"),
  text("negative zero", "-0"),
  text("negative", "-1"),
  text("huge number", "99999999999999999999999"),
  text("NaN", "NaN"),
  text("year 0", "0000-01-01T00:00:00Z"),
  text("year -1", "-000001-01-01T00:00:00Z"),
  text("year 275760", "+275760-09-13T00:00:00Z"),
  text("last instant, sub-millisecond", "9999-12-31T23:59:59.9999Z"),
  text("February 30", "2026-02-30T00:00:00Z"),
  text("offset +99:99", "2026-12-01T00:00:00+99:99"),
  cursor("cursor year 33658", "999999999999999:cmabc"),
  cursor("cursor year 10000", `${Date.parse("+010000-01-01T00:00:00Z")}:cmabc`),
  cursor("cursor year 0", `${Date.parse("0000-01-01T00:00:00Z")}:cmabc`),
  cursor("cursor NaN", "NaN:cmabc"),
  cursor("cursor NUL id", "1:cm\u0000abc"),
  cursor("cursor JSON", JSON.stringify({ createdAt: "+033658-01-01T00:00:00Z", id: "cmabc" })),
  escapes("overlong NUL %C0%80", "%C0%80", [0xc0, 0x80]),
  escapes("%FF", "%FF", [0xff]),
  escapes("surrogate %ED%A0%80", "%ED%A0%80", [0xed, 0xa0, 0x80]),
  escapes("truncated %E2%82", "%E2%82", [0xe2, 0x82]),
  { label: "malformed escape", encoded: "%G1%", raw: "%G1%" },
  text("path traversal", "../../etc/passwd"),
  text("SQL", "' OR 1=1--"),
  text("markup", "<script>alert(1)</script>"),
  text("formula", "=1+2;x"),
];

/**
 * What a JSON field gets besides each hostile value as a string: every other JSON type, numbers
 * JSON allows but a schema should not (1e999 parses as Infinity), and prototype keys.
 */
export const JSON_VALUES: { label: string; json: string }[] = [
  { label: "null", json: "null" },
  { label: "true", json: "true" },
  { label: "zero", json: "0" },
  { label: "negative", json: "-1" },
  { label: "fraction", json: "3.5" },
  { label: "1e999", json: "1e999" },
  { label: "huge integer", json: "99999999999999999999999" },
  { label: "empty array", json: "[]" },
  { label: "array of null", json: "[null]" },
  { label: "array of 1,000 strings", json: JSON.stringify(Array.from({ length: 1_000 }, (_, index) => `${index}`)) },
  { label: "nested arrays", json: `${"[".repeat(500)}${"]".repeat(500)}` },
  { label: "empty object", json: "{}" },
  { label: "__proto__ object", json: '{"__proto__": {"admin": true}}' },
];

/** Whole bodies besides the hostile values: larger than the API reads (64 KB), and JSON of other shapes. */
export const BODY_VALUES: { label: string; text: string }[] = [
  { label: "100 KB JSON", text: JSON.stringify({ name: "a".repeat(100_000) }) },
  { label: "2 MB JSON", text: JSON.stringify({ name: "a".repeat(2_000_000) }) },
  { label: "truncated JSON", text: '{"name": "Hostile' },
  { label: "JSON null", text: "null" },
  { label: "JSON array", text: "[]" },
  { label: "JSON string", text: '"name"' },
  { label: "duplicate keys", text: '{"name": "a", "name": 5}' },
  { label: "__proto__ key", text: '{"__proto__": {"name": "Hostile"}, "constructor": {"prototype": {}}}' },
];

/** The values that are also sent twice, with the valid value before and after them. */
export const DUPLICATED: string[] = ["NUL", "5,000 characters", "cursor year 33658", "%FF"];
