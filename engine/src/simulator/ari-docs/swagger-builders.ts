import type {
  ApiDeclaration,
  SwaggerAllowableValues,
  SwaggerApi,
  SwaggerErrorResponse,
  SwaggerModel,
  SwaggerModelProperty,
  SwaggerOperation,
  SwaggerParameter,
} from './swagger-types';

/** The placeholder every served document has its basePath rewritten from (like Asterisk's files). */
export const DOCS_BASE_PATH = 'http://localhost:8088/ari';
export const DOCS_COPYRIGHT = 'Salehi call engine PBX simulator; shapes follow Asterisk 20 rest-api (Copyright (C) 2012 - 2013, Digium, Inc.)';
export const DOCS_AUTHOR = 'Salehi call engine';

interface ParamExtras {
  readonly required?: boolean;
  readonly allowMultiple?: boolean;
  readonly defaultValue?: string | number | boolean;
  readonly allowableValues?: SwaggerAllowableValues;
}

function param(paramType: SwaggerParameter['paramType'], name: string, dataType: string, description: string, extras: ParamExtras): SwaggerParameter {
  return {
    name,
    description,
    paramType,
    required: extras.required ?? false,
    allowMultiple: extras.allowMultiple ?? false,
    dataType,
    ...(extras.defaultValue !== undefined ? { defaultValue: extras.defaultValue } : {}),
    ...(extras.allowableValues ? { allowableValues: extras.allowableValues } : {}),
  };
}

/** A query parameter. */
export function query(name: string, dataType: string, description: string, extras: ParamExtras = {}): SwaggerParameter {
  return param('query', name, dataType, description, extras);
}

/** A required path parameter. */
export function path(name: string, description: string): SwaggerParameter {
  return param('path', name, 'string', description, { required: true });
}

/** A path parameter declared without `required`/`allowMultiple` (as endpoints.json does). */
export function barePath(name: string, description: string): SwaggerParameter {
  return { name, description, paramType: 'path', dataType: 'string' };
}

/** The JSON body parameter (`variables`: `{"variables":{"NAME":"value"}}`). */
export function body(name: string, description: string, required = false): SwaggerParameter {
  return param('body', name, 'containers', description, { required });
}

export function list(...values: string[]): SwaggerAllowableValues {
  return { valueType: 'LIST', values };
}

export function minimum(min: number): SwaggerAllowableValues {
  return { valueType: 'RANGE', min };
}

export function errors(...pairs: Array<[number, string]>): SwaggerErrorResponse[] {
  return pairs.map(([code, reason]) => ({ code, reason }));
}

interface OperationSpec {
  readonly method: SwaggerOperation['httpMethod'];
  readonly nickname: string;
  readonly responseClass: string;
  readonly summary: string;
  readonly parameters?: readonly SwaggerParameter[];
  readonly errorResponses?: readonly SwaggerErrorResponse[];
  readonly since?: string;
}

export function operation(spec: OperationSpec): SwaggerOperation {
  return {
    httpMethod: spec.method,
    since: [spec.since ?? '12.0.0'],
    summary: spec.summary,
    nickname: spec.nickname,
    responseClass: spec.responseClass,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.errorResponses ? { errorResponses: spec.errorResponses } : {}),
  };
}

export function api(pathText: string, description: string, ...operations: SwaggerOperation[]): SwaggerApi {
  return { path: pathText, description, operations };
}

export function prop(type: string, required: boolean, description?: string): SwaggerModelProperty {
  return { type, ...(required ? { required: true } : {}), ...(description ? { description } : {}) };
}

export function model(id: string, description: string, properties: Record<string, SwaggerModelProperty>): SwaggerModel {
  return { id, description, properties };
}

/** One API declaration file (`<resource>.json`). */
export function declaration(resource: string, apis: readonly SwaggerApi[], models: Record<string, SwaggerModel>, swaggerVersion = '1.1'): ApiDeclaration {
  return {
    _copyright: DOCS_COPYRIGHT,
    _author: DOCS_AUTHOR,
    apiVersion: '2.0.0',
    swaggerVersion,
    basePath: DOCS_BASE_PATH,
    resourcePath: `/api-docs/${resource}.{format}`,
    apis,
    models,
  };
}
