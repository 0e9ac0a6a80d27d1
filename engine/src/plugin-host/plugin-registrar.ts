import { instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import type { Token } from '../di/token';
import type { PluginRegistrar } from './plugin.types';

/** The only door plugins have to the container: registrations, no lookups during register(). */
export function createRegistrar(container: DependencyContainer): PluginRegistrar {
  return {
    registerValue<T>(token: Token<T>, value: T): void {
      container.register<T>(token, { useValue: value });
    },
    registerFactory<T>(token: Token<T>, factory: (resolve: <U>(t: Token<U>) => U) => T): void {
      container.register<T>(token, {
        useFactory: instanceCachingFactory<T>((c) => factory(<U>(t: Token<U>) => c.resolve<U>(t))),
      });
    },
    registerSingleton<T>(token: Token<T>, ctor: new (...args: never[]) => T): void {
      container.registerSingleton<T>(token, ctor as unknown as new (...args: unknown[]) => T);
    },
  };
}
