import type { SimChannel } from './sim-channel';

/** Dialplan functions GET /channels/{id}/variable can read besides plain variables. */
const FUNCTIONS: Readonly<Record<string, (channel: SimChannel) => string>> = {
  'CHANNEL(state)': (c) => c.state,
  'CHANNEL(name)': (c) => c.name,
  'CHANNEL(uniqueid)': (c) => c.id,
  'CHANNEL(language)': (c) => c.language,
  'CHANNEL(callid)': (c) => c.protocolId,
  'CALLERID(num)': (c) => c.caller.number,
  'CALLERID(name)': (c) => c.caller.name,
  'CALLERID(all)': (c) => (c.caller.name ? `"${c.caller.name}" <${c.caller.number}>` : c.caller.number),
  'CONNECTEDLINE(num)': (c) => c.connected.number,
  'CONNECTEDLINE(name)': (c) => c.connected.name,
  UNIQUEID: (c) => c.id,
  CHANNEL: (c) => c.name,
  CONTEXT: (c) => c.dialplan.context,
  EXTEN: (c) => c.dialplan.exten,
  PRIORITY: (c) => String(c.dialplan.priority),
};

/** The value of a variable or supported function; undefined = `404 Provided variable was not found`. */
export function readChannelVariable(channel: SimChannel, name: string): string | undefined {
  const fn = FUNCTIONS[name];
  if (fn) return fn(channel);
  return channel.variables.get(name);
}
