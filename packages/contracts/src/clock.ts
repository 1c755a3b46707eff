/**
 * Where time comes from. Entry points (the API, the worker, the CLI) read the one clock their
 * infrastructure carries and pass it, or the instant it gave, into the domain; nothing below
 * them calls `new Date()` for "now", so a test can pin time anywhere.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
