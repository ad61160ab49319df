import { main } from './index.js';
import { failAndExit } from './fail.js';

main(process.argv).catch(failAndExit);
