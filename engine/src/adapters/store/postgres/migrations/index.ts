import { ledgerMigration } from './0001-ledger.migration';
import { outboxDncAuditMigration } from './0002-outbox-dnc-audit.migration';
import { lineSlotsMigration } from './0003-line-slots.migration';
import type { PgMigration } from './pg-migration';

export type { PgMigration } from './pg-migration';

/** Every schema step, in order. Append new steps; never edit a released one. */
export const PG_MIGRATIONS: readonly PgMigration[] = [ledgerMigration, outboxDncAuditMigration, lineSlotsMigration];
