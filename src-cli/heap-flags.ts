import v8 from 'node:v8';

// Imported first by the CLI entry. A 1 MB young generation (default 16 MB per semi-space): the
// engine allocates many short-lived objects per piece, and a small nursery keeps the peak memory
// of a history scan down (measured on 150 MB: ~200 -> ~170 MB RSS) at no visible speed cost.
v8.setFlagsFromString('--max-semi-space-size=1');
