import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { RawCryptoReport } from '../../src/native.js';

/** Metadata captured in a guest by test/fixtures/crypto-metadata/capture.mjs. */
export interface CryptoMetadataFixture {
  kernel: string;
  procText: string;
  reports: RawCryptoReport[];
}

export function loadCryptoMetadataFixture(kernel: '6.1'): CryptoMetadataFixture {
  const dir = fileURLToPath(new URL(`../fixtures/crypto-metadata/${kernel}/`, import.meta.url));
  const netlink = JSON.parse(readFileSync(`${dir}netlink-getalg.json`, 'utf8')) as {
    kernel: string;
    reports: Array<{ algorithm: string; attributes: Array<{ type: number; data: string }> }>;
  };
  return {
    kernel: netlink.kernel,
    procText: readFileSync(`${dir}proc-crypto.txt`, 'latin1'),
    reports: netlink.reports.map((report) => ({
      algorithm: Buffer.from(report.algorithm, 'base64'),
      attributes: report.attributes.map((attribute) => ({ type: attribute.type, data: Buffer.from(attribute.data, 'base64') })),
    })),
  };
}
