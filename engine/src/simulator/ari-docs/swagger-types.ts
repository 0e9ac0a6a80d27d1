/**
 * The Swagger 1.1/1.2 document shapes Asterisk's `rest-api/*.json` use and `swagger-client`
 * 2.0.26 (inside `ari-client`) reads: a resource listing plus one API declaration per resource.
 */

export interface SwaggerAllowableValues {
  readonly valueType: 'LIST' | 'RANGE';
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

export interface SwaggerParameter {
  readonly name: string;
  readonly description: string;
  readonly paramType: 'path' | 'query' | 'body';
  /** Absent on a few real path parameters (endpoints.json); mirrored as is. */
  readonly required?: boolean;
  readonly allowMultiple?: boolean;
  readonly dataType: string;
  readonly defaultValue?: string | number | boolean;
  readonly allowableValues?: SwaggerAllowableValues;
}

export interface SwaggerErrorResponse {
  readonly code: number;
  readonly reason: string;
}

export interface SwaggerOperation {
  readonly httpMethod: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly since: readonly string[];
  readonly summary: string;
  readonly nickname: string;
  readonly responseClass: string;
  readonly upgrade?: 'websocket';
  readonly websocketProtocol?: string;
  readonly parameters?: readonly SwaggerParameter[];
  readonly errorResponses?: readonly SwaggerErrorResponse[];
}

export interface SwaggerApi {
  readonly path: string;
  readonly description: string;
  readonly operations: readonly SwaggerOperation[];
}

export interface SwaggerModelProperty {
  readonly type: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly allowableValues?: SwaggerAllowableValues;
}

export interface SwaggerModel {
  readonly id: string;
  readonly description: string;
  readonly properties: Readonly<Record<string, SwaggerModelProperty>>;
  readonly discriminator?: string;
  readonly subTypes?: readonly string[];
}

export interface ApiDeclaration {
  readonly _copyright: string;
  readonly _author: string;
  readonly apiVersion: string;
  readonly swaggerVersion: string;
  readonly basePath: string;
  readonly resourcePath: string;
  readonly apis: readonly SwaggerApi[];
  readonly models: Readonly<Record<string, SwaggerModel>>;
}

export interface ResourceListing {
  readonly _copyright: string;
  readonly _author: string;
  readonly apiVersion: string;
  readonly swaggerVersion: string;
  readonly basePath: string;
  readonly apis: ReadonlyArray<{ readonly path: string; readonly description: string }>;
}
