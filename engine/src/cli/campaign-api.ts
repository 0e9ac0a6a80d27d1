import type { Engine } from '../build-engine';

/**
 * Creates a campaign, imports its contacts and starts it through the engine's own HTTP API (in
 * process, `inject`), exactly as an admin would. Used by the demo and by tests that drive a whole engine.
 */
export async function startCampaignThroughApi(engine: Engine, name: string, csv: string, scenario = 'academy'): Promise<string> {
  const post = async (url: string, body: unknown): Promise<{ id: string }> => {
    const res = await engine.http.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>();
  };
  const { id } = await post('/api/dialer/campaigns', { name, scenario });
  await post(`/api/dialer/campaigns/${id}/contacts`, { csv });
  await post(`/api/dialer/campaigns/${id}/start`, {});
  return id;
}
