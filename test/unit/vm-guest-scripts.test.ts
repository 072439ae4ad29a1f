import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guestEnvironment, parseEnvAssignments } from '../../src/vm/guest/environment.js';
import { initScript, jobScript, mountsScript, moduleHelperScript } from '../../src/vm/guest/guest-scripts.js';
import { shellQuote } from '../../src/vm/guest/shell-quote.js';
import { UsageError } from '../../src/errors.js';

const work = mkdtempSync(join(tmpdir(), 'kcapi-job-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let jobs = 0;

/** Runs a job script with the host's /bin/sh, as the guest does inside its chroot. */
function runJob(command: string[], cwd: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const file = join(work, `job-${++jobs}.sh`);
  writeFileSync(file, jobScript({ command, cwd, env }));
  const result = spawnSync('/bin/sh', [file], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', LEAK: 'host' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the job script', () => {
  it('runs in the working directory with exactly the given environment, arguments intact', () => {
    const cwd = join(work, 'dir with spaces');
    mkdirSync(cwd);
    const odd = ["it's", 'a "b"', '$HOME', '`x`', 'new\nline', '', '*'];
    const result = runJob(['sh', '-c', 'pwd; env | sort; printf "<%s>\\n" "$@"', 'sh', ...odd], cwd, {
      PATH: '/usr/bin:/bin',
      ODD: "x'y z",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${cwd}\nODD=x'y z\nPATH=/usr/bin:/bin\nPWD=${cwd}\n${odd.map((a) => `<${a}>`).join('\n')}\n`);
  });

  it('propagates the exit status and says when the command is not found (127)', () => {
    expect(runJob(['sh', '-c', 'exit 7'], work, { PATH: '/usr/bin:/bin' }).status).toBe(7);
    const missing = runJob(['no-such-command-kcapi'], work, { PATH: '/usr/bin:/bin' });
    expect(missing).toEqual({ status: 127, stdout: '', stderr: 'kcapi: command not found in the guest: no-such-command-kcapi\n' });
    expect(runJob(['./missing-script'], work, { PATH: '/usr/bin:/bin' }).status).toBe(127);
  });

  it('fails with 126 when the working directory does not exist', () => {
    const result = runJob(['true'], join(work, 'gone'), { PATH: '/bin' });
    expect(result.status).toBe(126);
    expect(result.stderr).toMatch(/working directory .*gone does not exist in the guest/);
  });
});

describe('shell quoting', () => {
  it('round-trips any string through sh', () => {
    for (const word of ['plain', "a'b", 'a b', '', '\\', '\n', '$(id)', '!', 'é', '-n']) {
      const result = spawnSync('/bin/sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' });
      expect(result.stdout).toBe(word);
    }
  });
});

describe('guest environment', () => {
  it('passes the user, terminal, CI and Node variables, not host-only ones', () => {
    const env = guestEnvironment(
      {
        PATH: '/usr/bin',
        HOME: '/root',
        CI: 'true',
        TERM: 'xterm',
        NODE_OPTIONS: '--max-old-space-size=512',
        npm_config_cache: '/root/.npm',
        VITEST_POOL_ID: '1',
        LC_ALL: 'C',
        SSH_AUTH_SOCK: '/run/ssh',
        DISPLAY: ':0',
        XDG_RUNTIME_DIR: '/run/user/0',
        TMPDIR: '/var/tmp',
      },
      { EXTRA: '1' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      CI: 'true',
      TERM: 'xterm',
      NODE_OPTIONS: '--max-old-space-size=512',
      npm_config_cache: '/tmp/.npm',
      npm_config_update_notifier: 'false',
      VITEST_POOL_ID: '1',
      LC_ALL: 'C',
      TMPDIR: '/tmp',
      KCAPI_IN_GUEST: '1',
      EXTRA: '1',
    });
  });

  it('parses --env NAME=VALUE and NAME', () => {
    expect(parseEnvAssignments(['A=1=2', 'B', 'C', 'D='], { B: 'host' })).toEqual({ A: '1=2', B: 'host', D: '' });
    expect(() => parseEnvAssignments(['1X=2'], {})).toThrow(UsageError);
  });
});

describe('init and helper scripts', () => {
  it('are valid shell', () => {
    const scripts = [
      initScript({ bootModules: ['/lib/kcapi/virtio.ko'], cryptoModules: ['/lib/kcapi/af_alg.ko'], modulesRelease: '6.1.0-56-amd64' }),
      initScript({ bootModules: [], cryptoModules: [], hostRootCache: 'loose' }),
      moduleHelperScript('6.1.0-56-amd64'),
      `o=x\nfail() { :; }\n${mountsScript([{ tag: 'x1', guestPath: "/tmp/it's", readonly: true }])}`,
    ];
    for (const script of scripts) {
      expect(spawnSync('/bin/sh', ['-n', '-c', script]).status).toBe(0);
    }
  });

  it('mounts the host root read-only and reports the status through the control share', () => {
    const init = initScript({ bootModules: [], cryptoModules: [], modulesRelease: '6.12.117+deb12-amd64' });
    expect(init).toMatch(/mount -t 9p -o "\$o,ro" host \/mnt /);
    expect(init).toContain('mount -t tmpfs -o mode=1777 tmp /mnt/tmp');
    expect(init).toContain('/mnt/run/kcapi/kroot/lib/modules/6.12.117+deb12-amd64');
    expect(init).toContain('echo /sbin/kcapi-modprobe > /proc/sys/kernel/modprobe');
    expect(init).toMatch(
      /chroot \/mnt \/bin\/sh \/run\/kcapi\/ctl\/job.sh <\/dev\/null >\/mnt\/run\/kcapi\/ctl\/stdout 2>\/mnt\/run\/kcapi\/ctl\/stderr\necho \$\? > \/mnt\/run\/kcapi\/ctl\/status\nreboot -f/,
    );
  });

  it('mounts nested shares after their parents', () => {
    const script = mountsScript([
      { tag: 'x1', guestPath: '/tmp/a/b', readonly: false },
      { tag: 'x2', guestPath: '/tmp/a', readonly: true },
    ]);
    expect(script.indexOf(' x2 ')).toBeLessThan(script.indexOf(' x1 '));
    expect(script).toContain('mount -t 9p -o "$o,ro" x2 /mnt/tmp/a ');
  });
});

describe('the module-request helper', () => {
  const table = join(work, 'aliases');
  writeFileSync(
    table,
    'crypto-gcm kcapi_fake_gf128mul:kernel/crypto/gf128mul.ko kcapi_fake_gcm:kernel/crypto/gcm.ko\n' +
      'crypto-xts kcapi_fake_xts:kernel/crypto/xts.ko.xz\n',
  );
  // insmod and chroot stand in as scripts that record their arguments.
  const stubs = join(work, 'stubs');
  mkdirSync(stubs);
  for (const name of ['insmod', 'chroot']) {
    writeFileSync(join(stubs, name), `#!/bin/sh\necho "${name} $*"\n`, { mode: 0o755 });
  }
  const run = (...args: string[]): { status: number | null; stdout: string } => {
    const result = spawnSync('/bin/sh', ['-c', moduleHelperScript('6.1.0-56-amd64', table), 'helper', ...args], {
      encoding: 'utf8',
      env: { PATH: `${stubs}:/usr/bin:/bin` },
    });
    return { status: result.status, stdout: result.stdout };
  };

  it('loads a tabled crypto alias with insmod, dependencies first', () => {
    expect(run('-q', '--', 'crypto-gcm')).toEqual({
      status: 0,
      stdout:
        'insmod /mnt/run/kcapi/kroot/lib/modules/6.1.0-56-amd64/kernel/crypto/gf128mul.ko\n' +
        'insmod /mnt/run/kcapi/kroot/lib/modules/6.1.0-56-amd64/kernel/crypto/gcm.ko\n',
    });
  });

  it('hands compressed modules to modprobe', () => {
    expect(run('-q', '--', 'crypto-xts').stdout).toBe('chroot /mnt /sbin/modprobe -q -d /run/kcapi/kroot kcapi_fake_xts\n');
  });

  it('answers an unknown crypto alias at once, and passes other requests to modprobe', () => {
    expect(run('-q', '--', 'crypto-gcm(aes)')).toEqual({ status: 1, stdout: '' });
    expect(run('-q', '--', 'fs-9p')).toEqual({ status: 0, stdout: 'chroot /mnt /sbin/modprobe -d /run/kcapi/kroot -q -- fs-9p\n' });
  });
});
