/** Feature flag that raises an organization's active-key limit (set by operators: `npm run flags`). */
export const EXTENDED_KEY_LIMIT_FLAG = "extended-api-key-limit";
export const DEFAULT_KEY_LIMIT = 5;
export const EXTENDED_KEY_LIMIT = 50;

export function activeKeyLimit(features: readonly string[]): number {
  return features.includes(EXTENDED_KEY_LIMIT_FLAG) ? EXTENDED_KEY_LIMIT : DEFAULT_KEY_LIMIT;
}
