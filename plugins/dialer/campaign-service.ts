import type { CallStorePort, Campaign, CampaignSettings, EngineConfig, JsonValue } from '../../engine/src/index';
import { EngineError } from '../../engine/src/index';
import { parseCsvContacts, type CsvImportOptions, type CsvImportResult } from './core/csv-contacts';
import { campaignSettingsIssues, fieldPath, type SettingsIssue } from './core/campaign-settings';

export interface NewCampaignInput {
  readonly name: string;
  readonly scenario: string;
  readonly timeZone?: string;
  readonly lines?: readonly string[];
  readonly windows?: JsonValue;
  readonly retryPolicy?: JsonValue;
  readonly caps?: JsonValue;
}

/** A change of a campaign: given fields replace the stored ones; `null` removes an optional one. */
export interface CampaignPatch {
  readonly name?: string;
  readonly scenario?: string;
  readonly timeZone?: string;
  readonly lines?: readonly string[] | null;
  readonly windows?: JsonValue;
  readonly retryPolicy?: JsonValue;
  readonly caps?: JsonValue;
}

export interface ImportSummary {
  readonly rows: number;
  readonly inserted: number;
  readonly invalid: CsvImportResult['invalid'];
  readonly duplicatesInFile: number;
  readonly duplicatesInCampaign: number;
}

const PATCHABLE = ['scenario', 'timeZone', 'lines', 'windows', 'retryPolicy', 'caps'] as const;

/** Campaign operations shared by the HTTP API and the CLI. */
export class CampaignService {
  constructor(
    private readonly store: CallStorePort,
    private readonly engine: EngineConfig,
    private readonly scenarioExists: (name: string) => boolean,
  ) {}

  /** Validates every setting (nothing is stored on a refusal), then creates the campaign as a draft. */
  async create(input: NewCampaignInput): Promise<Campaign> {
    this.checkScenario(input.scenario);
    const settings: CampaignSettings = {
      scenario: input.scenario,
      timeZone: input.timeZone ?? this.engine.timezone,
      ...(input.lines ? { lines: [...input.lines] } : {}),
      ...(input.windows !== undefined && input.windows !== null ? { windows: input.windows } : {}),
      ...(input.retryPolicy !== undefined && input.retryPolicy !== null ? { retryPolicy: input.retryPolicy } : {}),
      ...(input.caps !== undefined && input.caps !== null ? { caps: input.caps } : {}),
    };
    this.checkSettings(settings);
    return this.store.createCampaign({ name: input.name, settings });
  }

  /**
   * Changes a campaign's name and/or settings. The settings that result are validated as a whole, by
   * the rules of `create`; the dial loop picks the change up at its next tick.
   */
  async update(campaignId: string, patch: CampaignPatch): Promise<Campaign> {
    const current = await this.store.getCampaign(campaignId);
    if (patch.scenario !== undefined) this.checkScenario(patch.scenario);
    const merged: Record<string, JsonValue | undefined> = { ...current.settings };
    for (const field of PATCHABLE) {
      const value = patch[field];
      if (value === null) delete merged[field];
      else if (value !== undefined) merged[field] = value as JsonValue;
    }
    const settings = merged as CampaignSettings;
    this.checkSettings(settings);
    return this.store.updateCampaign(campaignId, { ...(patch.name !== undefined ? { name: patch.name } : {}), settings });
  }

  private checkScenario(name: string): void {
    if (!this.scenarioExists(name)) throw new EngineError('CE_SCENARIO_NOT_FOUND', `No scenario named '${name}'`);
  }

  /** `CE_HTTP_VALIDATION` naming every bad field (`timeZone`, `windows.days.mon[0]`, `caps.perDay`). */
  private checkSettings(settings: CampaignSettings): void {
    const issues = campaignSettingsIssues(settings, { defaultTimeZone: this.engine.timezone, lines: this.engine.lines.numbers });
    if (issues.length > 0) throw invalidSettings(issues);
  }

  /** Imports CSV text (any chunking); bad rows are reported with line numbers, good rows kept. */
  async importCsv(campaignId: string, source: AsyncIterable<string | Uint8Array>, opts: CsvImportOptions = {}): Promise<ImportSummary> {
    await this.store.getCampaign(campaignId);
    const parsed = await parseCsvContacts(source, opts);
    const report = await this.store.insertContacts(campaignId, parsed.contacts);
    return {
      rows: parsed.rows,
      inserted: report.inserted,
      invalid: parsed.invalid,
      duplicatesInFile: parsed.duplicates.length,
      duplicatesInCampaign: report.duplicates.length,
    };
  }

  async setState(campaignId: string, state: 'running' | 'paused' | 'stopped', actor: string, reason?: string): Promise<Campaign> {
    const { campaign } = await this.store.setCampaignState(campaignId, state, { actor, ...(reason ? { reason } : {}) });
    return campaign;
  }

  async stats(campaignId: string) {
    const [campaign, contacts, results] = await Promise.all([
      this.store.getCampaign(campaignId),
      this.store.countContacts(campaignId),
      this.store.countResults(campaignId),
    ]);
    return { campaign, contacts, results };
  }
}

function invalidSettings(issues: readonly SettingsIssue[]): EngineError {
  const listed = issues.map((i) => ({ path: fieldPath(i.path), message: i.message }));
  return new EngineError('CE_HTTP_VALIDATION', `Invalid campaign settings: ${listed.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { details: { issues: listed } });
}

/** A whole string as an async iterable of one chunk (for CSV text sent in a JSON body). */
export async function* textSource(text: string): AsyncIterable<string> {
  yield text;
}
