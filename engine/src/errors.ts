/**
 * The one error catalogue of the engine. Every failure the engine reports carries a stable
 * `CE_<AREA>_<WHAT>` code; tests assert the code, never the message text. Every code listed here
 * must also be described in `engine/docs/errors.md` (a unit test keeps the two in sync).
 */

interface ErrorSpec {
  /** HTTP status used when this error reaches the API. */
  readonly statusCode: number;
  /** One-line meaning, used as the default message. */
  readonly summary: string;
}

function spec(statusCode: number, summary: string): ErrorSpec {
  return { statusCode, summary };
}

export const ERROR_CATALOGUE = {
  // Config
  CE_CONFIG_INVALID: spec(500, 'The configuration is invalid'),
  CE_CONFIG_FILE_NOT_FOUND: spec(500, 'The configuration file does not exist'),
  CE_CONFIG_FILE_PARSE: spec(500, 'The configuration file is not valid YAML'),
  // Plugin kernel
  CE_PLUGIN_UNKNOWN: spec(500, 'A plugin enabled in config does not exist'),
  CE_PLUGIN_DUPLICATE: spec(500, 'Two plugins share one id'),
  CE_PLUGIN_CYCLE: spec(500, 'Plugins depend on each other in a cycle'),
  CE_PLUGIN_DEP_MISSING: spec(500, 'A plugin depends on a plugin or token that is not available'),
  CE_PLUGIN_CONFIG_INVALID: spec(500, "A plugin's config slice is invalid"),
  CE_PLUGIN_PROVIDES_MISSING: spec(500, 'A plugin did not register a token it declares in provides'),
  CE_PLUGIN_REGISTER_FAILED: spec(500, 'A plugin failed while registering its services'),
  CE_PLUGIN_START_FAILED: spec(500, 'A plugin failed to start'),
  CE_PLUGIN_STOP_FAILED: spec(500, 'A plugin failed to stop'),
  CE_PLUGIN_MANIFEST_INVALID: spec(500, 'A plugin manifest is malformed'),
  // Engine lifecycle
  CE_ENGINE_NOT_STARTED: spec(503, 'The engine has not started'),
  CE_ENGINE_SHUTTING_DOWN: spec(503, 'The engine is shutting down'),
  CE_ENGINE_INTERNAL: spec(500, 'Internal error'),
  // HTTP
  CE_HTTP_UNAUTHORIZED: spec(401, 'Missing or wrong bearer token'),
  CE_HTTP_VALIDATION: spec(400, 'The request does not match the route schema'),
  CE_HTTP_NOT_FOUND: spec(404, 'No such route'),
  CE_HTTP_INSECURE_BIND: spec(500, 'Refusing to listen on a non-loopback address without an API token'),
  CE_HTTP_LISTEN_FAILED: spec(500, 'The HTTP server could not listen'),
  CE_HTTP_BAD_REQUEST: spec(400, 'The request is malformed (bad JSON, bad URL or wrong Content-Length)'),
  CE_HTTP_BODY_TOO_LARGE: spec(413, 'The request body is larger than http.bodyLimitBytes'),
  CE_HTTP_UNSUPPORTED_MEDIA_TYPE: spec(415, 'The request Content-Type is not supported'),
  CE_HTTP_ROUTE_INVALID: spec(500, 'A route definition is invalid, duplicated or added too late'),
  // Metrics and health
  CE_METRICS_INVALID: spec(500, 'A metric was declared with an invalid or conflicting name or labels'),
  CE_HEALTH_INDICATOR_INVALID: spec(500, 'A health indicator has no name or a name already taken'),
  // Scheduler
  CE_SCHEDULE_INVALID: spec(500, 'A scheduled job has an invalid cron expression, an unknown time zone or no name'),
  CE_SCHEDULE_CONFLICT: spec(500, 'A scheduled job of that name already exists'),
  // Store
  CE_STORE_OPEN_FAILED: spec(500, 'The store could not be opened'),
  CE_STORE_MIGRATION_FAILED: spec(500, 'A store migration failed'),
  CE_STORE_NOT_FOUND: spec(404, 'The record does not exist'),
  CE_STORE_CONFLICT: spec(409, 'The record already exists or changed meanwhile'),
  CE_STORE_INVALID_TRANSITION: spec(409, 'The record is not in a state that allows this change'),
  CE_STORE_CLOSED: spec(503, 'The store is closed'),
  CE_STORE_INVALID_INPUT: spec(400, 'The data given to the store is malformed (bad id, limit, JSON or result word)'),
  CE_STORE_FAILED: spec(500, 'The database failed while running a store operation'),
  // Phone numbers and input data
  CE_PHONE_INVALID: spec(400, 'The phone number is not valid'),
  CE_DIAL_TEMPLATE_INVALID: spec(500, 'The dial template or trunk name could build an unsafe dial string'),
  CE_CALLING_WINDOW_INVALID: spec(400, 'A calling window, time zone or holiday list is invalid'),
  CE_IMPORT_INVALID: spec(400, 'The contacts file cannot be read (no header, no phone column, a record too large, too many rows)'),
  // Calls and telephony
  CE_CALL_NOT_FOUND: spec(404, 'No such call'),
  CE_CALL_GONE: spec(410, 'The channel has already hung up'),
  CE_TELEPHONY_NOT_CONNECTED: spec(503, 'Asterisk is not connected'),
  CE_TELEPHONY_TIMEOUT: spec(504, 'Asterisk did not answer in time'),
  CE_TELEPHONY_REQUEST_FAILED: spec(502, 'Asterisk rejected the request'),
  CE_TELEPHONY_INVALID_REQUEST: spec(400, 'The telephony request cannot be sent (bad id, empty media list, comma in app args)'),
  CE_TELEPHONY_NOT_FOUND: spec(404, 'The bridge, playback or stored recording does not exist'),
  CE_TELEPHONY_ORIGINATE_FAILED: spec(502, 'Asterisk could not create the outbound channel (unknown endpoint, no contact, unknown technology)'),
  CE_TELEPHONY_AUTH_FAILED: spec(502, 'Asterisk rejected the ARI credentials'),
  CE_AMI_LOGIN_FAILED: spec(502, 'AMI login was rejected'),
  CE_AMI_PROTOCOL: spec(502, 'AMI sent something that is not a valid frame'),
  CE_AMI_INVALID_ARGUMENT: spec(400, 'An AMI action cannot be sent (CR, LF or NUL in a value, or a bad header name)'),
  CE_AGI_COMMAND_TIMEOUT: spec(504, 'An AGI command got no result in time'),
  CE_AGI_HANGUP: spec(410, 'The AGI channel hung up'),
  CE_AGI_DEAD_CHANNEL: spec(410, 'AGI command not permitted on a dead channel (511)'),
  CE_AGI_INVALID_COMMAND: spec(502, 'Asterisk does not know the AGI command (510)'),
  CE_AGI_USAGE: spec(502, 'Asterisk rejected the AGI command syntax (520)'),
  CE_AGI_PROTOCOL: spec(502, 'The AGI peer violated the protocol'),
  // Scenarios
  CE_SCENARIO_INVALID: spec(500, 'A scenario file is invalid'),
  CE_SCENARIO_NOT_FOUND: spec(404, 'No such scenario, or no scenario files'),
  // Speech and intent
  CE_STT_QUOTA: spec(402, 'The speech-to-text provider refused for quota or credit'),
  CE_STT_TIMEOUT: spec(504, 'The speech-to-text provider did not answer in time'),
  CE_STT_FAILED: spec(502, 'Speech-to-text failed'),
  CE_LLM_QUOTA: spec(402, 'The LLM provider refused for quota'),
  CE_LLM_TIMEOUT: spec(504, 'The LLM provider did not answer in time'),
  CE_LLM_FAILED: spec(502, 'The LLM call failed'),
  CE_AUDIO_INVALID: spec(400, 'The audio is not a readable WAV file'),
  // Prompt assets (offline: `salehi-engine prompts`)
  CE_TTS_QUOTA: spec(402, 'The text-to-speech provider refused for quota or rate limit'),
  CE_TTS_TIMEOUT: spec(504, 'The text-to-speech provider did not answer or finish in time'),
  CE_TTS_FAILED: spec(502, 'Text-to-speech failed'),
  CE_PROMPT_CONVERT_FAILED: spec(500, 'A prompt source could not be converted to 8 kHz telephone audio'),
  CE_PROMPT_INSTALL_FAILED: spec(500, 'A prompt file could not be written into the sounds directory'),
  CE_AGI_CLOSED: spec(410, 'The AGI session is closed'),
  CE_AGI_COMMAND_FAILED: spec(502, 'An AGI command reported failure (result=-1 or similar)'),
  CE_AGI_INVALID_ARGUMENT: spec(400, 'An AGI command argument cannot be sent (newline, NUL, bad digits or too long)'),
  CE_AGI_LIMIT: spec(503, 'A FastAGI session limit was exceeded (line, environment, commands, idle or duration)'),
  CE_AGI_FORBIDDEN: spec(403, 'The FastAGI client address is not in asterisk.agi.allow'),
  CE_AGI_ROUTE_NOT_FOUND: spec(404, 'No FastAGI route is registered for the requested script'),
  CE_AGI_LISTEN_FAILED: spec(500, 'The FastAGI server could not listen'),
  // PBX simulator
  CE_SIM_LISTEN_FAILED: spec(500, 'A PBX simulator server (ARI/AMI) could not listen on its port'),
  CE_SIM_INBOUND_FAILED: spec(400, 'The PBX simulator could not place a simulated inbound call'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface EngineErrorOptions {
  readonly cause?: unknown;
  /** Structured, non-secret detail (e.g. the list of config issues). */
  readonly details?: unknown;
  /** Overrides the catalogue status for this instance. */
  readonly statusCode?: number;
}

/** The engine's only error class (subclasses exist only to let callers narrow with instanceof). */
export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, options: EngineErrorOptions = {}) {
    super(message ?? ERROR_CATALOGUE[code].summary, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.statusCode = options.statusCode ?? ERROR_CATALOGUE[code].statusCode;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** A channel that vanished (ARI 404/409 after a hangup, AGI 511/HANGUP). Normal in telephony: callers settle quietly. */
export class CallGoneError extends EngineError {
  constructor(message?: string, options: EngineErrorOptions = {}) {
    super('CE_CALL_GONE', message, options);
    this.name = 'CallGoneError';
  }
}

/** Startup failure of one plugin; `cause` holds the original error. */
export class PluginStartError extends EngineError {
  readonly pluginId: string;
  constructor(pluginId: string, cause: unknown) {
    super('CE_PLUGIN_START_FAILED', `Plugin '${pluginId}' startup failed: ${describeError(cause)}`, { cause });
    this.name = 'PluginStartError';
    this.pluginId = pluginId;
  }
}

export function isEngineError(err: unknown, code?: ErrorCode): err is EngineError {
  return err instanceof EngineError && (code === undefined || err.code === code);
}

/** Best-effort one-line text of anything thrown, for messages that wrap a cause. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
