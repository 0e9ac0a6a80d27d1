import { api, declaration, list, model, operation, prop, query } from './swagger-builders';

/** asterisk.json: ping and system information. */
export const ASTERISK_API = declaration(
  'asterisk',
  [
    api(
      '/asterisk/info',
      'Asterisk system information (similar to core show settings)',
      operation({
        method: 'GET',
        nickname: 'getInfo',
        responseClass: 'AsteriskInfo',
        summary: 'Gets Asterisk system information.',
        parameters: [query('only', 'string', 'Filter information returned', { allowMultiple: true, allowableValues: list('build', 'system', 'config', 'status') })],
      }),
    ),
    api('/asterisk/ping', 'Asterisk ping', operation({ method: 'GET', nickname: 'ping', responseClass: 'AsteriskPing', summary: 'Response pong message.', since: '13.25.0' })),
  ],
  {
    BuildInfo: model('BuildInfo', 'Info about how Asterisk was built', {
      os: prop('string', true, 'OS Asterisk was built on.'),
      kernel: prop('string', true, 'Kernel version Asterisk was built on.'),
      options: prop('string', true, 'Compile time options, or empty string if default.'),
      machine: prop('string', true, 'Machine architecture (x86_64, i686, ppc, etc.)'),
      date: prop('string', true, 'Date and time when Asterisk was built.'),
      user: prop('string', true, 'Username that build Asterisk'),
    }),
    SystemInfo: model('SystemInfo', 'Info about Asterisk', {
      version: prop('string', true, 'Asterisk version.'),
      entity_id: prop('string', true),
    }),
    SetId: model('SetId', 'Effective user/group id', {
      user: prop('string', true, 'Effective user id.'),
      group: prop('string', true, 'Effective group id.'),
    }),
    ConfigInfo: model('ConfigInfo', 'Info about Asterisk configuration', {
      name: prop('string', true, 'Asterisk system name.'),
      default_language: prop('string', true, 'Default language for media playback.'),
      setid: prop('SetId', true, 'Effective user/group id for running Asterisk.'),
    }),
    StatusInfo: model('StatusInfo', 'Info about Asterisk status', {
      startup_time: prop('Date', true, 'Time when Asterisk was started.'),
      last_reload_time: prop('Date', true, 'Time when Asterisk was last reloaded.'),
    }),
    AsteriskInfo: model('AsteriskInfo', 'Asterisk system information', {
      build: prop('BuildInfo', false, 'Info about how Asterisk was built'),
      system: prop('SystemInfo', false, 'Info about the system running Asterisk'),
      config: prop('ConfigInfo', false, 'Info about Asterisk configuration'),
      status: prop('StatusInfo', false, 'Info about Asterisk status'),
    }),
    AsteriskPing: model('AsteriskPing', 'Asterisk ping information', {
      asterisk_id: prop('string', true, 'Asterisk id info'),
      ping: prop('string', true, 'Always string value is pong'),
      timestamp: prop('string', true, 'The timestamp string of request received time'),
    }),
    Variable: model('Variable', 'The value of a channel variable', {
      value: prop('string', true, 'The value of the variable requested'),
    }),
  },
);
