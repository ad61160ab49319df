import type { WireError } from '../errors.js';

/** Every message on every transport is one of these. Short keys: they are sent often. */
export type Envelope =
  | { t: 'req'; id: number; m: string; p?: unknown }
  | { t: 'res'; id: number; r?: unknown }
  | { t: 'err'; id: number; e: WireError }
  | { t: 'evt'; n: string; p?: unknown }
  /** The caller no longer wants the answer to request `id`: the server aborts its signal. */
  | { t: 'cancel'; id: number };

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { t?: unknown; id?: unknown; m?: unknown; n?: unknown; e?: unknown };
  switch (v.t) {
    case 'req':
      return typeof v.id === 'number' && typeof v.m === 'string';
    case 'res':
      return typeof v.id === 'number';
    case 'err':
      return typeof v.id === 'number' && typeof v.e === 'object' && v.e !== null;
    case 'evt':
      return typeof v.n === 'string';
    case 'cancel':
      return typeof v.id === 'number';
    default:
      return false;
  }
}

/**
 * A method map: method name -> params and result types. `void` params mean "call with no argument".
 * Event map: event name -> payload type.
 */
export type MethodMap = Record<string, { params: unknown; result: unknown }>;
export type EventMap = Record<string, unknown>;

/** The argument list of a method: none for `void` params, one otherwise. */
export type ParamArgs<P> = [P] extends [void] ? [] : [params: P];
