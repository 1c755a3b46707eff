/** The slice of a pino logger that packages/db uses; pino's Logger satisfies it. */
export type Logger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
};

export const silentLogger: Logger = { info() {}, warn() {} };
