/** See build.mjs. */
export function buildIfStale(): boolean;
