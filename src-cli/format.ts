export { formatBytes, formatCount } from '../src-shared/format.js';
