#!/usr/bin/env node
// Sends the issue-10 CCM request with its input placed so that it crosses a page boundary
// after every possible byte (vmsplice hands the kernel one pipe buffer per page), and reports
// the splits at which the kernel's answer is wrong. Usage: node scripts/page-split-aead.mjs [rounds]
import { native } from '../dist/native.js';
import { Transform } from '../dist/kernel/transform.js';

const hex = (text) => Buffer.from(text, 'hex');
const aad = hex('fb7bc304a3909e66e2e0c5ef952712dd884ce3e7324171369f2c5db1adc48c7d');
const plaintext = hex('8dd351509dcf1df9c33987fb31cd708dd60d65d3d4e1baa53581d891d994d723');
const ciphertext = hex('4edb58e8d5eb6bc711c43a6f3693daebde2e5524f1b55297abb29f003236e43d');
const tag = hex('a7877c99');
const iv = Buffer.alloc(16);
iv[0] = 14 - 7;
hex('674742abd0f5ba').copy(iv, 1);
const rounds = Number(process.argv[2] ?? 1);
const pageSize = native().pageSize;

const transform = Transform.open('aead', 'ccm(aes)');
transform.setAuthSize(4);
transform.setKey(hex('2861fd0253705d7875c95ba8a53171b4'));
const cases = [
  { name: 'decrypt', op: 'decrypt', input: Buffer.concat([aad, ciphertext, tag]), expected: Buffer.concat([aad, plaintext]) },
  { name: 'encrypt', op: 'encrypt', input: Buffer.concat([aad, plaintext]), expected: Buffer.concat([aad, ciphertext, tag]) },
];
const wrong = {};
let runs = 0;
for (let round = 0; round < rounds; round++) {
  for (const { name, op, input, expected } of cases) {
    for (const how of ['spliced', 'sendmsg']) {
      for (let split = 0; split <= input.length; split++) {
        const pages = native().allocAligned(2 * pageSize);
        const start = pageSize - split;
        const placed = pages.subarray(start, start + input.length);
        input.copy(placed);
        const out = native().allocAligned(expected.length);
        const operation = transform.accept();
        let result;
        try {
          const options = { op, iv, assocLen: aad.length };
          if (how === 'spliced') operation.sendSpliced(placed, options);
          else operation.send(placed, options);
          const bytes = operation.readInto(out);
          result = bytes === expected.length && out.equals(expected) ? 'ok' : `${bytes} ${out.toString('hex')}`;
        } catch (error) {
          result = error.code ?? String(error);
        } finally {
          operation.close();
        }
        runs++;
        if (result !== 'ok') {
          const key = `${name}/${how}/split ${split}: ${result}`;
          wrong[key] = (wrong[key] ?? 0) + 1;
        }
      }
    }
  }
}
transform.close();
console.log(JSON.stringify({ runs, wrong }, null, 1));
