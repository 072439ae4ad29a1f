import { describe, expect, it } from 'vitest';
import { bindScript, guest, onDemandAlgorithms } from './guest-helpers.js';

// One boot per packaged kernel besides the default (covered by runner.test.ts).
const kernels = [
  { name: '6.12', release: /^6\.12\.\d+\+deb\d+-amd64$/ },
  { name: 'sid', release: /^([7-9]|\d{2,})\.\d+\.\d+\+deb\d+-amd64$/ },
];

describe.each(kernels)('kernel $name', ({ name, release }) => {
  it('boots, reports its release and binds crypto algorithms loaded on demand', async () => {
    const result = await guest({
      kernel: name,
      command: [
        'sh',
        '-c',
        'uname -r; grep -c ^name /proc/crypto; s=$1; shift; python3 -c "$s" "$@"',
        'sh',
        bindScript,
        ...onDemandAlgorithms,
      ],
    });
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
    const [releaseLine, count, ...binds] = result.stdout.toString().trim().split('\n');
    expect(releaseLine).toMatch(release);
    expect(Number(count)).toBeGreaterThan(20);
    expect(binds).toEqual(onDemandAlgorithms.map((algorithm) => `${algorithm.slice(algorithm.indexOf(':') + 1)} ok`));
  });
});
