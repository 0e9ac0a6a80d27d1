import type { DependencyContainer } from 'tsyringe';

/**
 * A DI token that carries the type it resolves to. It is a plain symbol at run time, so it can be
 * given to tsyringe's `@inject(TOKEN)` directly, and its description is the name used in boot errors.
 */
export type Token<T> = symbol & { readonly __tokenType?: T };

export function createToken<T>(name: string): Token<T> {
  return Symbol(name) as Token<T>;
}

export function tokenName(token: Token<unknown>): string {
  return token.description ?? 'anonymous-token';
}

/** Typed resolve; only the composition root, plugin hooks and call scopes may call it. */
export function resolveToken<T>(container: DependencyContainer, token: Token<T>): T {
  return container.resolve<T>(token);
}
