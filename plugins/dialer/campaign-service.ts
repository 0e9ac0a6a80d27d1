import type { CallStorePort, Campaign, CampaignSettings, EngineConfig, JsonValue } from '../../engine/src/index';
import { EngineError } from '../../engine/src/index';
import { parseCsvContacts, type CsvImportOptions, type CsvImportResult } from './core/csv-contacts';
import { compileCallingWindow } from './core/calling-window.schema';

export interface NewCampaignInput {
  readonly name: string;
  readonly scenario: string;
  readonly timeZone?: string;
  readonly lines?: readonly string[];
  readonly windows?: JsonValue;
  readonly retryPolicy?: JsonValue;
}

export interface ImportSummary {
  readonly rows: number;
  readonly inserted: number;
  readonly invalid: CsvImportResult['invalid'];
  readonly duplicatesInFile: number;
  readonly duplicatesInCampaign: number;
}

/** Campaign operations shared by the HTTP API and the CLI. */
export class CampaignService {
  constructor(
    private readonly store: CallStorePort,
    private readonly engine: EngineConfig,
    private readonly scenarioExists: (name: string) => boolean,
  ) {}

  async create(input: NewCampaignInput): Promise<Campaign> {
    if (!this.scenarioExists(input.scenario)) throw new EngineError('CE_SCENARIO_NOT_FOUND', `No scenario named '${input.scenario}'`);
    if (input.windows !== undefined) {
      const compiled = compileCallingWindow(input.windows);
      if (!compiled.ok) throw new EngineError('CE_HTTP_VALIDATION', `windows: ${compiled.issues.map((i) => i.message).join('; ')}`, { details: compiled.issues });
    }
    const unknownLines = (input.lines ?? []).filter((l) => !this.engine.lines.numbers.includes(l));
    if (unknownLines.length) throw new EngineError('CE_HTTP_VALIDATION', `lines: not configured: ${unknownLines.join(', ')}`);
    const settings: CampaignSettings = {
      scenario: input.scenario,
      timeZone: input.timeZone ?? this.engine.timezone,
      ...(input.lines ? { lines: [...input.lines] } : {}),
      ...(input.windows !== undefined ? { windows: input.windows } : {}),
      ...(input.retryPolicy !== undefined ? { retryPolicy: input.retryPolicy } : {}),
    };
    return this.store.createCampaign({ name: input.name, settings });
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

/** A whole string as an async iterable of one chunk (for CSV text sent in a JSON body). */
export async function* textSource(text: string): AsyncIterable<string> {
  yield text;
}
