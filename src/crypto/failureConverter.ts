// Loaded by the SDK both in the worker's workflow sandbox and outside it (a converter path, not an object, so it
// can be bundled): failure messages and stack traces travel as an encoded attribute, which the payload codec
// then encrypts. Without a codec the attribute is plain JSON, as before.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
