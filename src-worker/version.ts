/** Injected by the build (esbuild define); falls back for tests run from source. */
declare const __DEVLOG_VERSION__: string | undefined;
export const DEVLOG_VERSION: string = typeof __DEVLOG_VERSION__ === 'string' ? __DEVLOG_VERSION__ : '0.0.0-dev';
