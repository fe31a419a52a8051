export function treeCpuMicros(pid: number): number | null;
