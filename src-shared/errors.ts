/** Error codes that cross process boundaries. Plain strings so they survive structured clone and JSON. */
export const ErrorCodes = {
  BadRequest: 'BAD_REQUEST',
  NotFound: 'NOT_FOUND',
  UnknownMethod: 'UNKNOWN_METHOD',
  Unauthorized: 'UNAUTHORIZED',
  Conflict: 'CONFLICT',
  Busy: 'BUSY',
  Disconnected: 'DISCONNECTED',
  Timeout: 'TIMEOUT',
  /** The caller cancelled the call (went away, or asked a newer question). */
  Cancelled: 'CANCELLED',
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The shape an error takes on the wire: no prototype, no stack, always cloneable. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** Optional structured detail, e.g. the field or file:line at fault. */
  detail?: string;
}

/** A typed error that callers can switch on by `code`. */
export class DevlogError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'DevlogError';
    this.code = code;
    if (detail !== undefined) this.detail = detail;
  }

  toWire(): WireError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static fromWire(wire: WireError): DevlogError {
    return new DevlogError(wire.code, wire.message, wire.detail);
  }
}

/** Turns anything thrown into a WireError, keeping codes of DevlogErrors and hiding nothing useful. */
export function toWireError(err: unknown): WireError {
  if (err instanceof DevlogError) return err.toWire();
  if (err instanceof Error) return { code: ErrorCodes.Internal, message: err.message || err.name };
  return { code: ErrorCodes.Internal, message: String(err) };
}

export function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as WireError).code === 'string' &&
    typeof (value as WireError).message === 'string'
  );
}
