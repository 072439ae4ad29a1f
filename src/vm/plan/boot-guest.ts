import { forgetWorkingKvm } from '../host/accel.js';
import type { Progress } from '../host/progress.js';
import { GuestBootError } from './guest-error.js';
import { type BootFolders, type GuestPlan, guestArguments } from './guest-plan.js';
import type { Accel } from './qemu-args.js';

/** Under `--accel auto`, a KVM guest that has not booted after this long is given up for TCG. */
export const kvmBootLimitMs = 30_000;

/** What a launch made of the guest: its result once it was up, or why it did not come up. */
export type LaunchOutcome<T> = { readonly booted: T } | { readonly failure: string; readonly tail: readonly string[] };

/** The part of a boot that differs between a one-shot guest and a started one. */
export interface GuestLauncher<T> {
  readonly folders: BootFolders;
  /** Writes the control files the guest's boot job reads; again before a retry. */
  prepare(): Promise<void>;
  /** Runs qemu with `args` until the guest is up (or gives it up after `limitMs`). */
  launch(args: readonly string[], accel: Accel, limitMs: number): Promise<LaunchOutcome<T>>;
  /** The progress line of an attempt. */
  describe(accel: Accel): string;
}

/**
 * Boots the planned guest: under `auto`, a KVM guest that does not come up is recorded as
 * such (later runs use TCG at once) and booted again under TCG; any other failure is a
 * GuestBootError naming the kernel and the accelerator, with the console's last lines.
 */
export async function bootGuest<T>(plan: GuestPlan, launcher: GuestLauncher<T>, progress: Progress): Promise<{ result: T; accel: Accel }> {
  let accel = plan.accel;
  for (;;) {
    const kvmOnTrial = plan.accelChoice === 'auto' && accel === 'kvm';
    await launcher.prepare();
    progress.routine(launcher.describe(accel));
    const limitMs = kvmOnTrial ? Math.min(plan.bootLimitMs, kvmBootLimitMs) : plan.bootLimitMs;
    const outcome = await launcher.launch(guestArguments(plan, accel, launcher.folders), accel, limitMs);
    if ('booted' in outcome) return { result: outcome.booted, accel };
    if (kvmOnTrial) {
      await forgetWorkingKvm(plan.qemu, plan.cacheRoot);
      accel = 'tcg';
      continue;
    }
    throw new GuestBootError(`${outcome.failure} (kernel ${plan.kernel.label}, ${accel})`, outcome.tail);
  }
}
