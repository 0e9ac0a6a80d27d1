import type { SimWorld } from '../../core/sim-world';
import type { WorldResult } from '../../core/world-result';
import { rejectionResponse } from '../ari-rejections';
import type { AriRequest } from '../ari-request';
import type { AriResponse } from '../ari-response';

export interface HandlerContext {
  readonly world: SimWorld;
  readonly req: AriRequest;
}

/** One ARI operation (`channels.originate`, ...). */
export type AriHandler = (ctx: HandlerContext) => AriResponse | Promise<AriResponse>;

export type HandlerTable = Readonly<Record<string, AriHandler>>;

/** 200 with `render(value)`, or the rejection's answer. */
export function okOr<T>(result: WorldResult<T>, render: (value: T) => unknown): AriResponse {
  return result.ok ? { status: 200, body: render(result.value) } : rejectionResponse(result.rejection);
}

/** 204, or the rejection's answer. */
export function voidOr(result: WorldResult<unknown>): AriResponse {
  return result.ok ? { status: 204 } : rejectionResponse(result.rejection);
}

/** A path parameter (always present once the router matched). */
export function pathParam(ctx: HandlerContext, name: string): string {
  return ctx.req.pathParams[name] ?? '';
}
