import { z } from 'zod';
import { hhmm } from '../../engine/src/index';
import { retryPolicySchema } from './core/retry-policy';

/**
 * `plugins.dialer`. The legacy keys (staticContacts, batchSize, defaultRetrySec, callWindow,
 * failAlertThreshold) come from the old `.env` (STATIC_CONTACTS, DIALER_BATCH_SIZE, DIALER_DEFAULT_RETRY,
 * CALL_WINDOW_START/END, FAIL_ALERT_THRESHOLD) with their legacy meaning.
 */
export const dialerConfigSchema = z
  .object({
    staticContacts: z.array(z.string()).default([]),
    /** Contacts claimed from the store per campaign and tick. */
    batchSize: z.number().int().min(1).max(100_000).default(10),
    defaultRetrySec: z.number().min(0).default(60),
    /** Legacy daily window; a campaign's own `windows` replace it. */
    callWindow: z.object({ start: hhmm, end: hhmm }).strict().default({ start: '00:00', end: '23:59' }),
    failAlertThreshold: z.number().int().min(1).default(3),
    /** Attempts per contact over all outcomes (legacy had none; 3 keeps a busy number from being hammered). */
    maxAttempts: z.number().int().min(1).max(100).default(3),
    /** Per-outcome retry rules; default: busy/missed/power_off/failed after defaultRetrySec. */
    retryPolicy: retryPolicySchema.optional(),
    /** How often the dial loop looks for work. */
    tickMs: z.number().int().min(10).max(60_000).default(250),
    /** Dates (YYYY-MM-DD, campaign zone) on which nothing is dialled. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected YYYY-MM-DD' })).default([]),
    /** Every call goes to this one number/extension, one at a time. */
    testMode: z.object({ enabled: z.boolean().default(false), target: z.string().regex(/^\+?\d{2,15}$/).optional() }).strict().prefault({}),
    /** Resume automatically when a trunk that was down registers again (pauses made by the trunk loss only). */
    autoResumeOnTrunkRegistered: z.boolean().default(true),
    /** This engine's id in the ledger (for reconciliation and multi-instance claims). */
    instanceId: z.string().min(1).default('engine-1'),
    /**
     * How long a call may hold its cross-instance line slot (the longest call: flow plus a bridge of up
     * to 2 h); a slot of an engine that died frees itself after this.
     */
    lineSlotHoldSec: z.number().int().min(1).max(86_400).default(10_800),
    /** Scenario for the legacy static-contacts campaign (default: the next enabled one). */
    staticScenario: z.string().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.testMode.enabled && !v.testMode.target) ctx.addIssue({ code: 'custom', path: ['testMode', 'target'], message: 'test mode needs a target number' });
  });

export type DialerConfig = z.output<typeof dialerConfigSchema>;
