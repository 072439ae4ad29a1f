/** `kcapi info` as aligned "label: value" lines. */
import type { KernelInfo } from './collect.js';
import type { SocketTypeReport } from './socket-types.js';

export function formatKernelInfo(info: KernelInfo): string[] {
  const rows: Array<[string, string]> = [
    ['Kernel', `${info.kernel.release} (${info.kernel.machine}) ${info.kernel.version}`],
    ['AF_ALG', info.afAlg.available ? 'available' : `unavailable: ${info.afAlg.detail}`],
  ];
  if (info.socketTypes) {
    for (const [type, report] of Object.entries(info.socketTypes)) rows.push([`  ${type}`, describeSocketType(report)]);
  }
  rows.push(['AIO', `${info.aio.status}${info.aio.detail ? ` (${info.aio.detail})` : ''}`]);
  rows.push(['splice', `${info.splice.status}${info.splice.detail ? ` (${info.splice.detail})` : ''}`]);
  for (const [name, value] of Object.entries(info.socketLimits)) {
    rows.push([`net.core.${name}`, value === null ? 'unknown' : `${value} bytes`]);
  }
  rows.push(['crypto_user', `${info.cryptoUser.available ? 'available' : 'unavailable'} (${info.cryptoUser.detail})`]);
  rows.push(['FIPS mode', info.fipsEnabled === null ? 'not supported by this kernel' : info.fipsEnabled ? 'enabled' : 'disabled']);
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`);
}

function describeSocketType(report: SocketTypeReport): string {
  if (report.available) return `yes (bound ${report.algorithm})`;
  const tried = report.failures.map((f) => `${f.algorithm}: ${f.error}`).join(', ');
  return `no (${tried}${report.moduleLoaded ? '; algif module loaded: the algorithms are missing' : ''})`;
}
