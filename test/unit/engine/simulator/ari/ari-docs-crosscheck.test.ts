import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARI_API_DECLARATIONS,
  ARI_RESOURCE_LISTING,
  EVENT_TYPES,
  type ApiDeclaration,
  type SwaggerOperation,
  type SwaggerParameter,
} from '../../../../../engine/src/simulator/ari-docs';
import { sharedAsteriskDir } from './support/shared-asterisk';

type Json = Record<string, unknown>;

function realDoc(file: string): Json {
  return JSON.parse(readFileSync(join(sharedAsteriskDir(), 'ari-api-docs', file), 'utf8')) as Json;
}

interface RealOperation {
  readonly httpMethod: string;
  readonly nickname: string;
  readonly responseClass: string;
  readonly parameters?: readonly Json[];
}

function realOperation(real: Json, path: string, op: SwaggerOperation): RealOperation {
  const apis = real['apis'] as Array<{ path: string; operations: RealOperation[] }>;
  const api = apis.find((a) => a.path === path);
  assert.ok(api, `real docs have no api ${path}`);
  const found = api.operations.find((o) => o.httpMethod === op.httpMethod && o.nickname === op.nickname);
  assert.ok(found, `real docs have no ${op.httpMethod} ${path} '${op.nickname}'`);
  return found;
}

function checkParameters(where: string, ours: readonly SwaggerParameter[], theirs: readonly Json[]): void {
  for (const param of ours) {
    const real = theirs.find((p) => p['name'] === param.name);
    assert.ok(real, `${where}: parameter '${param.name}' does not exist in Asterisk 20`);
    assert.equal(param.paramType, real['paramType'], `${where} ${param.name}: paramType`);
    assert.equal(param.required, real['required'], `${where} ${param.name}: required`);
    assert.equal(param.allowMultiple, real['allowMultiple'], `${where} ${param.name}: allowMultiple`);
    assert.equal(param.dataType, real['dataType'], `${where} ${param.name}: dataType`);
    if (param.defaultValue !== undefined) assert.equal(param.defaultValue, real['defaultValue'], `${where} ${param.name}: defaultValue`);
    if (param.allowableValues) assert.deepEqual(param.allowableValues, real['allowableValues'], `${where} ${param.name}: allowableValues`);
  }
  for (const real of theirs.filter((p) => p['required'] === true)) {
    assert.ok(ours.some((p) => p.name === real['name']), `${where}: required parameter '${String(real['name'])}' is missing`);
  }
}

function checkModels(resource: string, ours: ApiDeclaration, real: Json): void {
  const realModels = real['models'] as Record<string, { properties: Record<string, Json>; subTypes?: string[] }>;
  for (const [name, model] of Object.entries(ours.models)) {
    const theirs = realModels[name];
    assert.ok(theirs, `${resource}.json: model ${name} does not exist in Asterisk 20`);
    for (const [prop, spec] of Object.entries(model.properties)) {
      const realProp = theirs.properties[prop];
      assert.ok(realProp, `${resource}.json ${name}.${prop} does not exist in Asterisk 20`);
      assert.equal(spec.type, realProp['type'], `${name}.${prop}: type`);
      assert.equal(spec.required === true, realProp['required'] === true, `${name}.${prop}: required`);
      if (spec.allowableValues) assert.deepEqual(spec.allowableValues, realProp['allowableValues'], `${name}.${prop}: allowableValues`);
    }
    for (const [prop, realProp] of Object.entries(theirs.properties)) {
      if (realProp['required'] === true) assert.ok(prop in model.properties, `${name}: required field '${prop}' is missing`);
    }
    for (const sub of model.subTypes ?? []) assert.ok(theirs.subTypes?.includes(sub), `${name}: subtype ${sub} unknown to Asterisk 20`);
  }
}

/**
 * Our own Swagger documents may cover less than Asterisk's, never something else: every
 * operation, parameter (name, paramType, required, allowMultiple, dataType) and model field must
 * be the real Asterisk 20 one (`/work/shared/asterisk/ari-api-docs`; a missing folder fails).
 */
describe('simulator ARI docs cross-checked with the real Asterisk 20 docs', () => {
  it('the reference folder exists (no silent skip)', () => {
    assert.ok(sharedAsteriskDir().length > 0);
    assert.ok(Object.keys(ARI_API_DECLARATIONS).length >= 8);
  });

  it('resources.json: same versions and resource entries as Asterisk', () => {
    const real = realDoc('resources.json');
    assert.equal(ARI_RESOURCE_LISTING.apiVersion, real['apiVersion']);
    assert.equal(ARI_RESOURCE_LISTING.swaggerVersion, real['swaggerVersion']);
    const realApis = real['apis'] as Array<{ path: string; description: string }>;
    for (const api of ARI_RESOURCE_LISTING.apis) assert.ok(realApis.some((r) => r.path === api.path && r.description === api.description), api.path);
  });

  for (const [resource, ours] of Object.entries(ARI_API_DECLARATIONS)) {
    it(`${resource}.json: every operation, parameter and model field exists in Asterisk 20 with the same shape`, () => {
      const real = realDoc(`${resource}.json`);
      assert.equal(ours.swaggerVersion, real['swaggerVersion'], 'swaggerVersion');
      assert.equal(ours.apiVersion, real['apiVersion'], 'apiVersion');
      assert.equal(ours.resourcePath, real['resourcePath'], 'resourcePath');
      let operations = 0;
      for (const api of ours.apis) {
        for (const op of api.operations) {
          const theirs = realOperation(real, api.path, op);
          assert.equal(op.responseClass, theirs.responseClass, `${op.nickname}: responseClass`);
          checkParameters(`${resource}.${op.nickname}`, op.parameters ?? [], theirs.parameters ?? []);
          operations += 1;
        }
      }
      assert.ok(operations > 0);
      checkModels(resource, ours, real);
    });
  }

  it('every event type the simulator sends is a model of the real events.json', () => {
    const realModels = realDoc('events.json')['models'] as Record<string, unknown>;
    for (const type of EVENT_TYPES) assert.ok(realModels[type], `${type} is not an Asterisk 20 event`);
  });
});
