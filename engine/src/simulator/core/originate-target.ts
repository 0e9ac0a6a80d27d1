import type { PartyId } from './world-model';

/** What an originate `endpoint` string asks for. */
export type OriginateTarget =
  /** `PJSIP/<number>@<trunk>`: a call out through a trunk to a scripted number. */
  | { readonly tech: 'PJSIP'; readonly kind: 'trunk'; readonly trunk: string; readonly number: string; readonly dialstring: string }
  /** `PJSIP/<endpoint>`: a registered phone (e.g. an operator's). */
  | { readonly tech: 'PJSIP'; readonly kind: 'endpoint'; readonly resource: string; readonly dialstring: string }
  /** `Local/<exten>@<context>[/n]`. */
  | { readonly tech: 'Local'; readonly exten: string; readonly context: string; readonly dialstring: string }
  /** A syntactically valid `Tech/resource` of a technology the simulator does not have. */
  | { readonly tech: 'unknown'; readonly dialstring: string };

/**
 * Splits `Tech/resource` like `ari_channels_handle_originate_with_id`: undefined when there is no
 * slash or either side is empty (400 `Invalid endpoint specified`).
 */
export function parseEndpoint(endpoint: string): OriginateTarget | undefined {
  const slash = endpoint.indexOf('/');
  if (slash <= 0 || slash === endpoint.length - 1) return undefined;
  const tech = endpoint.slice(0, slash);
  const dialstring = endpoint.slice(slash + 1);
  if (tech.toUpperCase() === 'PJSIP') return parsePjsip(dialstring);
  if (tech.toLowerCase() === 'local') return parseLocal(dialstring);
  return { tech: 'unknown', dialstring };
}

function parsePjsip(dialstring: string): OriginateTarget {
  const at = dialstring.indexOf('@');
  if (at < 0) return { tech: 'PJSIP', kind: 'endpoint', resource: dialstring, dialstring };
  return { tech: 'PJSIP', kind: 'trunk', number: dialstring.slice(0, at), trunk: dialstring.slice(at + 1), dialstring };
}

function parseLocal(dialstring: string): OriginateTarget {
  const withoutOptions = dialstring.split('/')[0] ?? dialstring;
  const at = withoutOptions.indexOf('@');
  const exten = at < 0 ? withoutOptions : withoutOptions.slice(0, at);
  const context = at < 0 ? 'default' : withoutOptions.slice(at + 1);
  return { tech: 'Local', exten, context, dialstring };
}

/** Parses a caller id as `ast_callerid_parse` does: `"Name" <number>`, `Name <number>` or `number`. */
export function parseCallerId(callerId: string | undefined): PartyId {
  const text = (callerId ?? '').trim();
  if (text === '') return { name: '', number: '' };
  const angle = /^(.*?)\s*<([^>]*)>\s*$/.exec(text);
  if (angle) return { name: (angle[1] ?? '').trim().replace(/^"(.*)"$/, '$1'), number: (angle[2] ?? '').trim() };
  if (/^[+\d*#]+$/.test(text)) return { name: '', number: text };
  return { name: text.replace(/^"(.*)"$/, '$1'), number: '' };
}
