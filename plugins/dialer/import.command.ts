import { createReadStream } from 'node:fs';
import type { PluginCommand } from '../../engine/src/index';
import { CampaignService } from './campaign-service';

/**
 * `salehi-engine import --campaign ID FILE.csv [--create NAME --scenario NAME]`: imports contacts with a
 * progress line on stderr; bad rows are listed with their line numbers and reasons, good rows kept.
 */
export const importCommand: PluginCommand = {
  name: 'import',
  summary: 'import contacts from a CSV file into a campaign (--campaign ID FILE | --create NAME --scenario NAME FILE)',
  async run({ flags, positionals, io, config, openStore }) {
    const file = positionals[0];
    if (!file) {
      io.err('usage: salehi-engine import (--campaign ID | --create NAME --scenario NAME) FILE.csv');
      return 64;
    }
    const store = openStore();
    try {
      const service = new CampaignService(store, config, () => true);
      let campaignId = typeof flags.campaign === 'string' ? flags.campaign : undefined;
      if (!campaignId && typeof flags.create === 'string' && typeof flags.scenario === 'string') {
        campaignId = (await service.create({ name: flags.create, scenario: flags.scenario })).id;
        io.out(`created campaign ${campaignId}`);
      }
      if (!campaignId) {
        io.err('give --campaign ID, or --create NAME with --scenario NAME');
        return 64;
      }
      const started = Date.now();
      const summary = await service.importCsv(campaignId, createReadStream(file), {
        progressEveryRows: 5000,
        onProgress: (p) => io.err(`  … ${p.rows} rows, ${(p.bytes / 1e6).toFixed(1)} MB`),
      });
      for (const bad of summary.invalid.slice(0, 50)) io.err(`line ${bad.line}: ${bad.message} (${bad.value})`);
      if (summary.invalid.length > 50) io.err(`… and ${summary.invalid.length - 50} more bad rows`);
      io.out(`imported ${summary.inserted} of ${summary.rows} rows into ${campaignId} in ${((Date.now() - started) / 1000).toFixed(1)} s; bad ${summary.invalid.length}, duplicates ${summary.duplicatesInFile + summary.duplicatesInCampaign}`);
      return summary.invalid.length ? 3 : 0;
    } finally {
      await store.close();
    }
  },
};
