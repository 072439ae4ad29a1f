/** The guest-kernel runner: boot a kernel under QEMU and run a command in it. */
export { runInGuest, type RunInGuestOptions, type BootReport } from './run-in-guest.js';
export { startGuest, stopGuest, listGuests, type StartOptions, type GuestListing } from './persistent/persistent-guest.js';
export { GuestState, type GuestRecord } from './persistent/guest-state.js';
export { vmCommand, parseVmArguments, reportVmError, type VmInvocation } from './cli/vm-command.js';
export { GuestBootError, runnerFailureStatus } from './plan/guest-error.js';
export { catalogue, defaultKernel } from './kernel/kernel-catalogue.js';
export { cacheRoot } from './host/cache-dir.js';
export { terminalProgress, silentProgress, type Progress } from './host/progress.js';
