// Types of latin1.js (plain JavaScript: the launcher runs before anything is compiled).
export function latin1Only(code: string): string;
