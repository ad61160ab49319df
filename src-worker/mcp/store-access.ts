import { loadConfig } from '../config/load.js';
import type { HomePaths } from '../paths.js';
import { openStoreReadOnly } from '../query/open-store.js';
import { PriceTable } from '../query/prices.js';
import type { ReadableDb } from '../store/database.js';

/**
 * The store as the MCP server reads it: opened on the first question, not at start, so an agent
 * can launch `devlog mcp` before anything was collected and get a readable answer instead of a
 * dead server. Read-only beside the writing engine (WAL).
 */
export class StoreAccess {
  private db: ReadableDb | undefined;
  private prices: PriceTable | undefined;

  constructor(private readonly paths: HomePaths) {}

  store(): ReadableDb {
    this.db ??= openStoreReadOnly(this.paths);
    return this.db;
  }

  /** The user's prices from config.json (read once, as `devlog stats` reads them per run). */
  priceTable(): PriceTable {
    this.prices ??= new PriceTable(loadConfig(this.paths.config).prices);
    return this.prices;
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
