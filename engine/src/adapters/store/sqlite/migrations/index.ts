import { ledgerMigration } from './0001-ledger.migration';
import { outboxDncAuditMigration } from './0002-outbox-dnc-audit.migration';
import { lineSlotsMigration } from './0003-line-slots.migration';
import type { SqliteMigration } from './sqlite-migration';

export type { SqliteMigration } from './sqlite-migration';

/** Every schema step, in order. Append new steps; never edit a released one. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [ledgerMigration, outboxDncAuditMigration, lineSlotsMigration];
