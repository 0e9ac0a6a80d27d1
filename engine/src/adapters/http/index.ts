// The HTTP adapter's surface for the composition root (build-engine.ts, main.ts).
export { buildHttp, type BuildHttpDeps } from './build-http';
export { assertSafeBind, isLoopbackHost } from './safe-bind';
export type { HttpServer, HttpInjectRequest, HttpInjectResponse, HttpListening } from './http-server';
