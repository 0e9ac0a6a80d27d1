import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../../../engine/src/config/load-config';
import { SECRET_CONFIG_PATHS, SECRET_LOG_PATHS, isSecretKey, maskSecrets } from '../../../../engine/src/config/secrets';

describe('secrets', () => {
  describe('isSecretKey', () => {
    const secret = ['password', 'PASSWORD', 'ARI_PASSWORD', 'passwd', 'secret', 'clientSecret', 'token', 'sttToken', 'ttsToken',
      'apiToken', 'apiKey', 'api_key', 'API-KEY', 'key', 'KEY', 'privateKey', 'sms_api_key', 'gateway-key'];
    const plain = ['maxTokens', 'keys', 'monkey', 'keyboard', 'username', 'tokenizer', 'passwordHint', 'baseUrl', 'keyId', 'hotkeys'];
    for (const k of secret) it(`${k} is a secret`, () => assert.equal(isSecretKey(k), true));
    for (const k of plain) it(`${k} is not a secret`, () => assert.equal(isSecretKey(k), false));
  });

  describe('maskSecrets', () => {
    it('replaces secret values at any depth, keeps empty ones empty and copies the rest', () => {
      const input = {
        asterisk: { ari: { username: 'u', password: 'pw' } },
        plugins: { x: { nested: [{ apiKey: 'k' }, { apiKey: '' }] }, y: { clientSecret: 42, token: null } },
        note: 'password is not a key here',
      };
      const masked = maskSecrets(input);
      assert.deepEqual(masked, {
        asterisk: { ari: { username: 'u', password: '***' } },
        plugins: { x: { nested: [{ apiKey: '***' }, { apiKey: '' }] }, y: { clientSecret: '***', token: null } },
        note: 'password is not a key here',
      });
      assert.equal(input.asterisk.ari.password, 'pw', 'the input is untouched');
      assert.notEqual(masked.asterisk, input.asterisk);
    });

    it('masks every known secret of a loaded config and works on the frozen config', () => {
      const env = {
        ARI_PASSWORD: 'a', PANEL_API_TOKEN: 'b', SMS_API_KEY: 'c', GAPGPT_API_KEY: 'd', VIRA_STT_TOKEN: 'e', VIRA_TTS_TOKEN: 'f',
        SALEHI__http__token: 'long-http-token', SALEHI__asterisk__ami__password: 'g',
      };
      const masked = maskSecrets(loadConfig({ env, envFile: null }));
      const text = JSON.stringify(masked);
      for (const secret of Object.values(env)) assert.ok(!text.includes(`"${secret}"`), `${secret} leaked`);
      assert.equal(masked.asterisk.ari.username, 'salehi');
    });
  });

  describe('known secret paths', () => {
    it('lists every secret field of the engine and the legacy plugin slices', () => {
      assert.deepEqual([...SECRET_CONFIG_PATHS].sort(), [
        'asterisk.ami.password', 'asterisk.ari.password', 'http.token', 'plugins.llm.apiKey', 'plugins.panel.apiToken',
        'plugins.sms-alerts.apiKey', 'plugins.stt.vira.sttToken', 'plugins.stt.vira.ttsToken',
      ]);
    });

    it('SECRET_LOG_PATHS are valid pino paths that redact a logged config and bare secret keys', () => {
      const lines: string[] = [];
      const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
      const log = pino({ redact: { paths: [...SECRET_LOG_PATHS], censor: '***' } }, sink);
      const config = loadConfig({ env: { SMS_API_KEY: 'sms-secret', VIRA_STT_TOKEN: 'stt-secret', ARI_PASSWORD: 'ari-secret' }, envFile: null });
      log.info({ config }, 'boot');
      log.info({ sttToken: 'bare-secret', vira: { ttsToken: 'one-down' } }, 'call');
      const out = lines.join('');
      for (const s of ['sms-secret', 'stt-secret', 'ari-secret', 'bare-secret', 'one-down']) assert.ok(!out.includes(s), `${s} leaked`);
      assert.ok(out.includes('"***"'));
      assert.ok(SECRET_LOG_PATHS.includes('config.plugins["sms-alerts"].apiKey'));
    });
  });
});
