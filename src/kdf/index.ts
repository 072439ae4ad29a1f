export type { Prf, PrfFamily } from './prf.js';
export { withKeyedPrf, maxKdfOutputLength } from './prf.js';
export { kdfCounter, kdfFeedback, kdfDoublePipeline } from './sp800-108.js';
export { pbkdf2 } from './pbkdf2.js';
export { hkdf } from './hkdf.js';
export { suggestPbkdf2Iterations } from './iteration-count.js';
export { softwareHmac, softwareAesCmac } from '../software/kdf.js';
