import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { DataSources } from '../../src/cli/data-source.js';
import { parseArguments } from '../../src/cli/getopt.js';
import { optionTable } from '../../src/cli/option-table.js';
import { toRequest, type CliRequest } from '../../src/cli/to-options.js';
import { loadOperation, selectOperation } from '../../src/ops/index.js';
import { defaultOptions } from '../../src/ops/options.js';
import { CollectingOutput } from '../../src/ops/output.js';

const files: Record<string, Uint8Array> = { 'key.bin': Uint8Array.from([0xde, 0xad, 0x00, 0xff]) };
const sources: DataSources = {
  readFile: (path) => {
    const data = files[path];
    if (data === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return data;
  },
  readStdin: () => Uint8Array.from([1, 2, 3]),
  env: (name) => ({ KEY: '00ff', EMPTY: '', BAD: 'xyz' })[name],
};

function request(argv: string[], output = new CollectingOutput()): CliRequest {
  return toRequest(parseArguments(argv, optionTable).occurrences, sources, output);
}

function hex(value: Uint8Array | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value).toString('hex');
}

function usageError(argv: string[]): string {
  try {
    request(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`);
}

describe('hex data options', () => {
  it('decode either case; "" is present and empty; "-" is absent', () => {
    const { options } = request(['-p', 'ABcd', '-q', '', '-i', '-', '-k', '00', '-a', '', '-r', 'ff']);
    expect(hex(options.plaintext)).toBe('abcd');
    expect(hex(options.ciphertext)).toBe('');
    expect(options.iv).toBeUndefined();
    expect(hex(options.key)).toBe('00');
    expect(hex(options.assoc)).toBe('');
    expect(hex(options.publicKey)).toBe('ff');
  });

  it('reject non-hex characters with the option and position', () => {
    expect(usageError(['-k', '00zz'])).toBe('option -k (--key): not hexadecimal: character "z" at position 3');
    expect(usageError(['--pt', '0x00'])).toBe('option -p (--pt): not hexadecimal: character "x" at position 2');
    expect(usageError(['-a', 'ab cd'])).toBe('option -a (--assoc): not hexadecimal: character " " at position 3');
    expect(usageError(['-t', '--'])).toBe('option -t (--tag): not hexadecimal: character "-" at position 1');
  });

  it('reject odd-length hex, including a single digit', () => {
    expect(usageError(['-q', 'abc'])).toBe('option -q (--ct): odd number of hex digits (3): two digits make a byte');
    expect(usageError(['-i', 'a'])).toBe('option -i (--iv): odd number of hex digits (1): two digits make a byte');
  });

  it('read @FILE as raw bytes, @- from standard input, env:NAME as hex', () => {
    const { options } = request(['-k', '@key.bin', '-p', '@-', '-i', 'env:KEY', '-a', 'env:EMPTY']);
    expect(hex(options.key)).toBe('dead00ff');
    expect(hex(options.plaintext)).toBe('010203');
    expect(hex(options.iv)).toBe('00ff');
    expect(hex(options.assoc)).toBe('');
  });

  it('report unreadable sources and bad environment values', () => {
    expect(usageError(['-k', '@missing.bin'])).toBe('option -k (--key): cannot read missing.bin: ENOENT');
    expect(usageError(['-k', 'env:NOPE'])).toBe('option -k (--key): environment variable NOPE is not set');
    expect(usageError(['-k', 'env:BAD'])).toBe('option -k (--key): environment variable BAD: not hexadecimal: character "x" at position 1');
    expect(usageError(['-k', '@-', '-p', '@-'])).toBe('only one option can read standard input (@-), not -k and -p');
  });
});

describe('counts', () => {
  it('default to -d 1, -b 0, no -x', () => {
    const { options } = request([]);
    expect(options).toEqual(defaultOptions);
  });

  it('accept non-negative decimal integers; the last one wins', () => {
    const { options } = request(['-x', '2', '-d', '0', '-d', '7', '-b', '20', '-l', '16', '--handles', '4']);
    expect([options.cipherType, options.loops, options.outputLength, options.tagLength, options.handles]).toEqual([2, 7, 20, 16, 4]);
  });

  it('reject negative, non-numeric, fractional, empty and oversized counts', () => {
    expect(usageError(['-d', '-5'])).toBe('option -d (--execloops): "-5" is not a non-negative integer');
    expect(usageError(['-d', 'ten'])).toBe('option -d (--execloops): "ten" is not a non-negative integer');
    expect(usageError(['-x', '1.5'])).toBe('option -x (--ciphertype): "1.5" is not a non-negative integer');
    expect(usageError(['-b', ''])).toBe('option -b (--outlen): "" is not a non-negative integer');
    expect(usageError(['-l', ' 16'])).toBe('option -l (--taglen): " 16" is not a non-negative integer');
    expect(usageError(['-x', '3x'])).toBe('option -x (--ciphertype): "3x" is not a non-negative integer');
    expect(usageError(['-d', '4294967296'])).toBe('option -d (--execloops): 4294967296 is out of range (0 to 4294967295)');
    expect(usageError(['-o', '4'])).toBe('option -o (--operation): 4 is out of range (0 to 3)');
  });
});

describe('-e and -o share one field', () => {
  it('last one wins', () => {
    expect(request(['-e']).options.operation).toBe(1);
    expect(request(['-e', '-o', '0']).options.operation).toBe(0);
    expect(request(['-o', '3', '-e']).options.operation).toBe(1);
    expect(request(['-o', '2']).options.operation).toBe(2);
  });
});

describe('-i and -n share the IV', () => {
  it('-n builds the CCM counter block: 14 - length, nonce, zeros', () => {
    expect(hex(request(['-n', '674742abd0f5ba']).options.iv)).toBe('07674742abd0f5ba0000000000000000');
    expect(hex(request(['-n', '']).options.iv)).toBe('0e000000000000000000000000000000');
    expect(hex(request(['-n', '0102030405060708090a0b0c0d0e']).options.iv)).toBe('000102030405060708090a0b0c0d0e00');
  });

  it('the later of -i and -n wins', () => {
    expect(hex(request(['-i', 'aa', '-n', '01']).options.iv)).toBe('0d010000000000000000000000000000');
    expect(hex(request(['-n', '01', '-i', 'aa']).options.iv)).toBe('aa');
  });

  it('a nonce longer than 14 bytes is bad input', () => {
    expect(usageError(['-n', '0102030405060708090a0b0c0d0e0f'])).toBe(
      'option -n (--nonce): a CCM nonce has at most 14 bytes, this one has 15',
    );
  });
});

describe('-l and -t', () => {
  it('may come in either order', () => {
    const tag = '00112233445566778899aabbccddeeff';
    expect(request(['-l', '16', '-t', tag]).options.tagLength).toBe(16);
    expect(request(['-t', tag, '-l', '16']).options.tagLength).toBe(16);
    expect(request(['-t', '0011']).options.tagLength).toBe(2);
    expect(request(['-l', '12']).options.tagLength).toBe(12);
  });

  it('disagreeing: the reference line on stdout, then a usage error', () => {
    const output = new CollectingOutput();
    expect(() => request(['-t', '0011', '-l', '16'], output)).toThrow(new UsageError('-l 16 does not match the 2-byte tag given with -t'));
    expect(output.text()).toBe('Set taglen != tag size\n');
  });
});

describe('other values', () => {
  it('-c keeps at most 62 characters', () => {
    expect(request(['-c', 'a'.repeat(70)]).options.cipher).toBe('a'.repeat(62));
    expect(request(['-c', '']).options.cipher).toBe('');
  });

  it('--mode takes chained or inline-iv; --ivs a comma-separated list', () => {
    expect(request(['--mode', 'inline-iv']).options.mode).toBe('inline-iv');
    expect(usageError(['--mode', 'serial'])).toBe('option --mode: "serial" is not one of chained, inline-iv');
    expect(request(['--ivs', '00,ff']).options.ivs?.map(hex)).toEqual(['00', 'ff']);
    expect(usageError(['--ivs', '00,f'])).toBe('option --ivs: item 2: odd number of hex digits (1): two digits make a byte');
  });

  it('every flag of the table reaches the request (none is accepted and then ignored)', () => {
    // --help and --version act before the request is built (compatible.ts).
    const flags = optionTable.filter((spec) => spec.argument === 'none' && spec.key !== 'help' && spec.key !== 'version');
    expect(flags.length).toBeGreaterThan(10);
    const plain = request([]);
    for (const spec of flags) expect(request([`--${spec.long}`]), `--${spec.long}`).not.toEqual(plain);
  });

  it('--vm with and without a kernel', () => {
    expect(request(['--vm']).vm).toEqual({ kernel: undefined });
    expect(request(['--vm=6.12']).vm).toEqual({ kernel: '6.12' });
    expect(request([]).vm).toBeUndefined();
  });
});

describe('operation selection', () => {
  it('follows the reference: -z, then -h, then -y, then -x', () => {
    expect(selectOperation(request(['-x', '1']).options)).toBe('1');
    expect(selectOperation(request(['-x', '1', '-y']).options)).toBe('large');
    expect(selectOperation(request(['-y', '-h', '-x', '2']).options)).toBe('fuzz');
    expect(selectOperation(request(['-h', '-z']).options)).toBe('aux');
    expect(selectOperation(request([]).options)).toBeUndefined();
  });

  it('an unknown -x is a usage error', async () => {
    await expect(loadOperation('0')).rejects.toThrow(new UsageError('unknown -x type 0: use 1 to 14 (see kcapi --help)'));
    await expect(loadOperation('15')).rejects.toThrow(UsageError);
  });
});
