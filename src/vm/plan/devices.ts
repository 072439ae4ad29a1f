/** Devices a guest may be given besides its fixed ones (console, 9p shares, doorbell). */
export type Device = 'virtio-crypto';

export interface DeviceSpec {
  readonly summary: string;
  readonly qemuArguments: readonly string[];
  /** Modules the guest loads at boot for the device (with their dependencies). */
  readonly guestModules: readonly string[];
}

export const deviceTable: Readonly<Record<Device, DeviceSpec>> = {
  'virtio-crypto': {
    summary: "a virtio-crypto PCI device backed by qemu's built-in cryptodev (driver virtio_crypto)",
    qemuArguments: ['-object', 'cryptodev-backend-builtin,id=cryptodev0', '-device', 'virtio-crypto-pci,id=crypto0,cryptodev=cryptodev0'],
    guestModules: ['virtio_crypto'],
  },
};

export const deviceNames = Object.keys(deviceTable) as Device[];

export function isDevice(name: string): name is Device {
  return Object.hasOwn(deviceTable, name);
}
