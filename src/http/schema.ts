import { Type, type TSchema } from '@sinclair/typebox';

/** A string enum as JSON Schema `enum` (one clear error), typed as the union of its values. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) => Type.Union([schema, Type.Null()], options);

export const DateTime = Type.String({ format: 'date-time' });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, $id: 'Problem', description: 'RFC 9457 problem details; `errors` names each invalid field' },
);

const problemRef = Type.Ref('Problem');

/** Problem responses for the given statuses, for OpenAPI. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemRef]));
}

export const IdParams = Type.Object({ id: Type.String({ description: 'UUID' }) });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

export const AnyObject = Type.Object({}, { additionalProperties: true });

export const BearerSecurity = [{ bearer: [] }];
