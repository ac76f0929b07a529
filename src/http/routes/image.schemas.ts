import { Type } from '@sinclair/typebox';

export const ImageParams = Type.Object(
  { sha256: Type.String({ minLength: 1, maxLength: 200, description: 'The image’s SHA-256 (lowercase hex), as a notice item lists it' }) },
  { additionalProperties: false },
);
