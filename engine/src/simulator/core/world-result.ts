/**
 * Why the simulated PBX refused an operation. Each front-end maps these to its own wire answer
 * (ARI: status + `{"message"}`; AMI: `Response: Error`), so the core never speaks HTTP.
 */
export type Rejection =
  | { readonly kind: 'channel-not-found' }
  | { readonly kind: 'channel-not-in-stasis' }
  | { readonly kind: 'channel-invalid-state' }
  | { readonly kind: 'channel-id-taken' }
  | { readonly kind: 'allocation-failed' }
  | { readonly kind: 'invalid-endpoint' }
  | { readonly kind: 'variable-not-found' }
  | { readonly kind: 'bridge-not-found' }
  | { readonly kind: 'bridge-id-taken'; readonly bridgeId: string }
  | { readonly kind: 'bridge-channel-not-found' }
  | { readonly kind: 'bridge-channel-not-in-stasis' }
  | { readonly kind: 'channel-not-in-bridge' }
  | { readonly kind: 'playback-not-found' }
  | { readonly kind: 'playback-invalid-operation' }
  | { readonly kind: 'playback-state-conflict' }
  | { readonly kind: 'recording-not-found' }
  | { readonly kind: 'recording-exists'; readonly name: string }
  | { readonly kind: 'recording-name-invalid' }
  | { readonly kind: 'recording-format-unknown' }
  | { readonly kind: 'application-not-found' }
  | { readonly kind: 'event-source-invalid' }
  | { readonly kind: 'event-source-not-found' }
  | { readonly kind: 'endpoint-not-found' }
  | { readonly kind: 'dial-not-down' }
  | { readonly kind: 'dial-not-created-by-ari' };

export type RejectionKind = Rejection['kind'];

export type WorldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection };

export function ok<T>(value: T): WorldResult<T> {
  return { ok: true, value };
}

export function reject<T = never>(rejection: Rejection): WorldResult<T> {
  return { ok: false, rejection };
}

/** Shorthand for rejections without extra fields. */
export function fail<T = never>(kind: Exclude<RejectionKind, 'bridge-id-taken' | 'recording-exists'>): WorldResult<T> {
  return { ok: false, rejection: { kind } as Rejection };
}
