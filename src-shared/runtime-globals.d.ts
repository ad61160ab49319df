/**
 * The few globals every runtime we ship to has (Node, Electron, browsers). src-shared is
 * compiled without DOM or Node types, so these are declared here and nothing else is.
 */
type TimerHandle = { readonly __timer: unique symbol } | number;
declare function setTimeout(callback: () => void, ms?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
