export interface ProfileRow {
  name: string;
  ms: number;
  share: number;
}
export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  areas: ProfileRow[];
  inclusiveAreas: ProfileRow[];
  functions: ProfileRow[];
}
export function codeArea(url: string): string;
export function monotonicMicros(): number;
export function summarizeProfile(file: string, options?: { top?: number; from?: number; to?: number }): ProfileSummary;
export function printSummary(title: string, summary: ProfileSummary, options?: { perRequestOf?: number }): void;
