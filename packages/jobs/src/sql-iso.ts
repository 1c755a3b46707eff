/**
 * A timestamptz rendered in SQL exactly as `Date#toISOString` renders it
 * (2026-11-25T02:00:00.000Z), for hot reads that build their JSON in Postgres.
 */
export const isoUtc = (expression: string): string => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
