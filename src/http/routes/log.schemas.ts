import { Type } from '@sinclair/typebox';

const Size = Type.String({ pattern: '^(0|[1-9][0-9]{0,15})$', description: 'a tree size' });

export const ConsistencyQuery = Type.Object({ old: Size, new: Type.Optional(Size) }, { additionalProperties: false });

export const TileParams = Type.Object({ '*': Type.String() });

export const TextBody = Type.String();
