import type { Campaign, Logger } from '../../engine/src/index';
import type { CampaignCaps } from './core/campaign-caps';
import { fieldPath, parseCampaignCaps, parseRetryPolicy, type SettingsIssue } from './core/campaign-settings';
import type { RetryPolicy } from './core/retry-policy';

/** How the dial loop treats one campaign's attempts: its retry policy and its caps. */
export type CampaignRule =
  | {
      readonly ok: true;
      readonly policy: RetryPolicy;
      /** True when the policy is the campaign's own `settings.retryPolicy` (not the plugin's). */
      readonly ownPolicy: boolean;
      readonly caps: CampaignCaps;
    }
  | { readonly ok: false; readonly message: string; readonly issues: readonly SettingsIssue[] };

/** One running campaign's rules for `/api/dialer/status`. */
export interface CampaignRuleStatus {
  readonly campaignId: string;
  /** True when the campaign uses its own `settings.retryPolicy`. */
  readonly ownRetryPolicy?: boolean;
  readonly caps?: CampaignCaps;
  /** Why the campaign is not dialled (its settings do not validate). */
  readonly error?: string;
}

interface Entry {
  readonly key: string;
  readonly rule: CampaignRule;
}

function ruleKey(c: Campaign): string {
  return JSON.stringify([c.settings.retryPolicy ?? null, c.settings.caps ?? null]);
}

/**
 * Each running campaign's retry policy and caps, parsed once per change of `settings.retryPolicy` /
 * `settings.caps` (as CampaignWindows keeps the window): the campaign's own policy when it has one,
 * else the plugin's (`plugins.dialer.retryPolicy`, or the legacy default).
 *
 * Stored settings that do not validate (written before the API checked them, or straight into the
 * store) FAIL CLOSED: the campaign is not dialled, and one error names the campaign and the field,
 * until the settings are fixed. Falling back to the plugin's policy instead could call people more
 * often than the admin set (a campaign that asked for one attempt would get the plugin's three), and
 * ignoring broken caps could use more lines than agreed; an invalid window is treated the same way.
 */
export class CampaignRules {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly d: { readonly fallback: RetryPolicy; readonly logger: Logger }) {}

  /** Parses new or changed settings and forgets the campaigns no longer running. */
  sync(running: readonly Campaign[]): void {
    const seen = new Set<string>();
    for (const c of running) {
      seen.add(c.id);
      const key = ruleKey(c);
      if (this.entries.get(c.id)?.key !== key) this.entries.set(c.id, { key, rule: this.parse(c) });
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.entries.delete(id);
  }

  get(campaignId: string): CampaignRule | undefined {
    return this.entries.get(campaignId)?.rule;
  }

  status(): CampaignRuleStatus[] {
    return [...this.entries].map(([campaignId, { rule }]) => (rule.ok ? { campaignId, ownRetryPolicy: rule.ownPolicy, caps: rule.caps } : { campaignId, error: rule.message }));
  }

  private parse(c: Campaign): CampaignRule {
    const policy = parseRetryPolicy(c.settings.retryPolicy, ['settings', 'retryPolicy']);
    const caps = parseCampaignCaps(c.settings.caps, ['settings', 'caps']);
    if (policy.ok && caps.ok) {
      return { ok: true, policy: policy.value ?? this.d.fallback, ownPolicy: policy.value !== undefined, caps: caps.value };
    }
    const issues = [...(policy.ok ? [] : policy.issues), ...(caps.ok ? [] : caps.issues)];
    const message = `campaign ${c.id}: ${issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join('; ')}`;
    // Once per change of the settings, not on every tick.
    this.d.logger.error({ campaignId: c.id, fields: issues.map((i) => fieldPath(i.path)), detail: message }, 'campaign settings unusable: not dialling this campaign');
    return { ok: false, message, issues };
  }
}
