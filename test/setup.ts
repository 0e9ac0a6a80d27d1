// Test bootstrap: tsyringe needs the Reflect metadata polyfill loaded once before any decorated class.
import 'reflect-metadata';
