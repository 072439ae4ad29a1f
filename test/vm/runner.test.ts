import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindScript, facts, guest, type GuestResult, onDemandAlgorithms, temporaryDirectory, writeScript } from './guest-helpers.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

// One boot of the default kernel (6.1) checks most of the runner's promises at once.
describe('a command in the 6.1 guest', () => {
  const shared = temporaryDirectory('kcapi-vm-rw-');
  const cwd = temporaryDirectory('kcapi-vm-cwd-');
  let result: GuestResult;
  let guestFacts: Record<string, string>;

  beforeAll(async () => {
    writeScript(shared.path, 'bind.py', bindScript);
    writeScript(
      cwd.path,
      'job.sh',
      `set -u
out=$1
head -c 1048576 /dev/urandom > /tmp/payload
head -c 65537 /dev/urandom > /tmp/payload2
{
  echo "stdout.sha256=$(sha256sum < /tmp/payload | cut -d' ' -f1)"
  echo "stderr.sha256=$(sha256sum < /tmp/payload2 | cut -d' ' -f1)"
  echo "release=$(uname -r)"
  echo "cwd=$(pwd)"
  echo "env=$KCAPI_TEST_VALUE"
  echo "in-guest=$KCAPI_IN_GUEST"
  echo "crypto-names=$(grep -c '^name' /proc/crypto)"
  echo "modprobe=$(cat /proc/sys/kernel/modprobe)"
  echo "af_alg=$(grep -c '^algif_\\|^af_alg' /proc/modules)"
  if touch /kcapi-root-write-probe 2>/dev/null; then echo root-writable=yes; else echo root-writable=no; fi
  if echo x > /tmp/probe; then echo tmp-writable=yes; else echo tmp-writable=no; fi
  python3 "$out/bind.py" ${onDemandAlgorithms.map((a) => `'${a}'`).join(' ')} 'rng:drbg_nopr_hmac_sha256' | sed 's/ /=/'
} > "$out/facts"
cat /tmp/payload
cat /tmp/payload2 >&2
exit 7
`,
    );
    result = await guest({
      command: ['sh', 'job.sh', shared.path],
      cwd: cwd.path,
      writable: [shared.path],
      env: { KCAPI_TEST_VALUE: "it's a value with spaces" },
    });
    guestFacts = facts(readFileSync(join(shared.path, 'facts'), 'utf8'));
  });

  afterAll(() => {
    shared.remove();
    cwd.remove();
  });

  it('returns the exit status', () => {
    expect(result.status).toBe(7);
  });

  it('passes 1 MiB of random stdout and 64 KiB of stderr byte-exact, on separate channels', () => {
    expect(result.stdout.length).toBe(1048576);
    expect(sha256(result.stdout)).toBe(guestFacts['stdout.sha256']);
    expect(result.stderr.length).toBe(65537);
    expect(sha256(result.stderr)).toBe(guestFacts['stderr.sha256']);
  });

  it('runs the right kernel, in the working directory, with the given environment', () => {
    expect(guestFacts.release).toMatch(/^6\.1\.\d+-\d+-amd64$/);
    expect(guestFacts.cwd).toBe(cwd.path);
    expect(guestFacts.env).toBe("it's a value with spaces");
    expect(guestFacts['in-guest']).toBe('1');
  });

  it('shows the host root read-only, /tmp and the writable folder writable', () => {
    expect(guestFacts['root-writable']).toBe('no');
    expect(guestFacts['tmp-writable']).toBe('yes');
  });

  it('has AF_ALG loaded and crypto modules loading on demand', () => {
    expect(Number(guestFacts['crypto-names'])).toBeGreaterThan(20);
    expect(Number(guestFacts.af_alg)).toBe(5);
    expect(guestFacts.modprobe).toBe('/sbin/kcapi-modprobe');
    for (const algorithm of [...onDemandAlgorithms, 'rng:drbg_nopr_hmac_sha256']) {
      expect(guestFacts[algorithm.slice(algorithm.indexOf(':') + 1)], algorithm).toBe('ok');
    }
  });
});
