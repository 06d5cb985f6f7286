import type { Systeminformation as Si } from 'systeminformation'
import type { RawInventory } from '../inventory/raw-inventory'

/*
 * Raw inventories of the sample desk's machines, in exactly the shapes systeminformation returns on
 * each platform (typed by its own declarations, so a field it has cannot be left out) and the text
 * each OS's tools print. They seed the sample desk and are the cross-platform fixtures the
 * normalization and diff tests run on. Serials, UUIDs and MACs are made up.
 */

const GiB = 2 ** 30

const system = (manufacturer: string, model: string, serial: string, uuid: string, sku = ''): Si.SystemData => ({ manufacturer, model, version: '', serial, uuid, sku, virtual: false })
const bios = (vendor: string, version: string, releaseDate: string): Si.BiosData => ({ vendor, version, releaseDate, revision: '' })
const chassis = (manufacturer: string, type: string, serial: string): Si.ChassisData => ({ manufacturer, model: '', type, version: '', serial, assetTag: '', sku: '' })
const os = (o: Pick<Si.OsData, 'platform' | 'distro' | 'release' | 'codename' | 'kernel' | 'hostname' | 'build'> & Partial<Si.OsData>): Si.OsData => ({
  arch: 'x64',
  fqdn: o.hostname,
  codepage: o.platform === 'Windows' ? '850' : 'UTF-8',
  logofile: '',
  serial: '',
  servicepack: '',
  uefi: true,
  ...o
})
const cpu = (c: Pick<Si.CpuData, 'manufacturer' | 'brand' | 'speed' | 'speedMax' | 'cores' | 'physicalCores'> & Partial<Si.CpuData>): Si.CpuData => ({
  vendor: c.manufacturer === 'Apple' ? 'Apple' : 'GenuineIntel',
  family: '6',
  model: '',
  stepping: '',
  revision: '',
  voltage: '',
  speedMin: 0.4,
  governor: '',
  processors: 1,
  socket: '',
  flags: '',
  virtualization: true,
  cache: { l1d: 196608, l1i: 131072, l2: 5242880, l3: 8388608 },
  ...c
})
const dimm = (size: number, bank: string, type: string, clockSpeed: number, partNum: string): Si.MemLayoutData => ({
  size,
  bank,
  type,
  ecc: false,
  clockSpeed,
  formFactor: 'SODIMM',
  manufacturer: 'Samsung',
  partNum,
  serialNum: '',
  voltageConfigured: 1.2,
  voltageMin: 1.2,
  voltageMax: 1.2
})
const disk = (d: Pick<Si.DiskLayoutData, 'device' | 'type' | 'name' | 'vendor' | 'size' | 'serialNum' | 'interfaceType'> & Partial<Si.DiskLayoutData>): Si.DiskLayoutData => ({
  bytesPerSector: 512,
  totalCylinders: 0,
  totalHeads: 0,
  totalSectors: Math.floor(d.size / 512),
  totalTracks: 0,
  tracksPerCylinder: 0,
  sectorsPerTrack: 0,
  firmwareRevision: '',
  smartStatus: 'Ok',
  temperature: null,
  ...d
})
const fs = (fsName: string, type: string, size: number, used: number, mount: string): Si.FsSizeData => ({
  fs: fsName,
  type,
  size,
  used,
  available: size - used,
  use: Math.round((used / size) * 10000) / 100,
  mount,
  rw: true
})
const blk = (b: Pick<Si.BlockDevicesData, 'name' | 'type' | 'fsType' | 'mount' | 'size'> & Partial<Si.BlockDevicesData>): Si.BlockDevicesData => ({
  identifier: b.name,
  physical: b.type === 'disk' ? 'SSD' : '',
  uuid: '',
  label: '',
  model: '',
  serial: '',
  removable: false,
  protocol: b.type === 'disk' ? 'nvme' : '',
  group: '',
  device: `/dev/${b.name}`,
  ...b
})
const nic = (n: Pick<Si.NetworkInterfacesData, 'iface' | 'ip4' | 'mac' | 'type' | 'dhcp'> & Partial<Si.NetworkInterfacesData>): Si.NetworkInterfacesData => ({
  ifaceName: n.iface,
  default: true,
  ip4subnet: '255.255.255.0',
  ip6: '',
  ip6subnet: '',
  internal: false,
  virtual: false,
  operstate: 'up',
  duplex: 'full',
  mtu: 1500,
  speed: 1000,
  dnsSuffix: 'corp.example',
  ieee8021xAuth: 'Not defined',
  ieee8021xState: 'Disabled',
  carrierChanges: 0,
  ...n
})
const gpu = (vendor: string, model: string, vram: number): Si.GraphicsControllerData => ({ vendor, model, bus: 'Onboard', vram, vramDynamic: true })
const display = (d: Pick<Si.GraphicsDisplayData, 'vendor' | 'model' | 'builtin' | 'currentResX' | 'currentResY'> & Partial<Si.GraphicsDisplayData>): Si.GraphicsDisplayData => ({
  vendorId: null,
  productionYear: null,
  serial: null,
  deviceName: null,
  displayId: null,
  main: d.builtin,
  connection: d.builtin ? 'Internal' : 'HDMI',
  sizeX: null,
  sizeY: null,
  pixelDepth: 32,
  resolutionX: d.currentResX,
  resolutionY: d.currentResY,
  positionX: 0,
  positionY: 0,
  currentRefreshRate: 60,
  ...d
})
const noBattery: Si.BatteryData = {
  hasBattery: false,
  cycleCount: 0,
  isCharging: false,
  voltage: 0,
  designedCapacity: 0,
  maxCapacity: 0,
  currentCapacity: 0,
  capacityUnit: '',
  percent: 0,
  timeRemaining: 0,
  acConnected: true,
  type: '',
  model: '',
  manufacturer: '',
  serial: ''
}
const battery = (designedCapacity: number, maxCapacity: number, cycleCount: number, model: string): Si.BatteryData => ({
  ...noBattery,
  hasBattery: true,
  cycleCount,
  voltage: 12.4,
  designedCapacity,
  maxCapacity,
  currentCapacity: Math.round(maxCapacity * 0.8),
  capacityUnit: 'mWh',
  percent: 80,
  timeRemaining: 190,
  acConnected: false,
  type: 'Li-ion',
  model
})

/** `reg query …\Uninstall /s` as Windows prints it: a key line, indented values, a blank line. */
function registry(hive: string, entries: Array<{ key: string; name: string; version: string; publisher: string; date?: string; extra?: string[] }>): string {
  const blocks = entries.map((e) =>
    [
      `${hive}\\${e.key}`,
      `    DisplayName    REG_SZ    ${e.name}`,
      `    DisplayVersion    REG_SZ    ${e.version}`,
      `    Publisher    REG_SZ    ${e.publisher}`,
      ...(e.date ? [`    InstallDate    REG_SZ    ${e.date}`] : []),
      `    UninstallString    REG_SZ    "C:\\Program Files\\${e.name}\\uninstall.exe"`,
      ...(e.extra ?? []),
      ''
    ].join('\r\n')
  )
  return `\r\n${blocks.join('\r\n')}\r\n`
}

const hklm = 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall'
const wow = 'HKEY_LOCAL_MACHINE\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall'
const hkcu = 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall'

const defenderOn = JSON.stringify({ displayName: 'Windows Defender', productState: 397568 }, null, 4)
const firewallProfiles = (pub: boolean) =>
  JSON.stringify(
    [
      { Name: 'Domain', Enabled: 1 },
      { Name: 'Private', Enabled: 1 },
      { Name: 'Public', Enabled: pub ? 1 : 0 }
    ],
    null,
    4
  )

const latitudeSoftware = (later: boolean) => [
  {
    source: 'registry' as const,
    output: registry(hklm, [
      { key: '{23170F69-40C1-2702-2301-000001000000}', name: '7-Zip 23.01 (x64 edition)', version: '23.01.00.0', publisher: 'Igor Pavlov', date: '20230915' },
      { key: 'Google Chrome', name: 'Google Chrome', version: later ? '131.0.6778.86' : '119.0.6045.160', publisher: 'Google LLC', date: later ? '20241120' : '20231116' },
      { key: 'O365ProPlusRetail - en-us', name: 'Microsoft 365 Apps for enterprise - en-us', version: '16.0.17029.20108', publisher: 'Microsoft Corporation', date: '20231002' },
      { key: '{5FCE6D76-F5DC-37AB-B2B8-22AB8CEDB1D4}', name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130', version: '14.38.33130.0', publisher: 'Microsoft Corporation', extra: ['    SystemComponent    REG_DWORD    0x1'] },
      { key: '{B3F2A2B0-7C4E-4F4B-9D6A-2E0B7C1F1A11}', name: 'Dell Command | Update', version: '5.1.0', publisher: 'Dell Inc.', date: '20230611' },
      { key: 'KB5031356', name: 'Security Update for Windows (KB5031356)', version: '1', publisher: 'Microsoft Corporation', extra: ['    ParentKeyName    REG_SZ    OperatingSystem'] },
      ...(later ? [{ key: 'ZoomUMX', name: 'Zoom Workplace (64-bit)', version: '6.2.5 (46779)', publisher: 'Zoom Video Communications, Inc.', date: '20241015' }] : [])
    ])
  },
  {
    source: 'registry' as const,
    output: registry(wow, [
      { key: 'Adobe Acrobat DC', name: 'Adobe Acrobat Reader', version: '23.006.20360', publisher: 'Adobe', date: '20231018' },
      ...(later ? [] : [{ key: '{26A24AE4-039D-4CA4-87B4-2F32180381F0}', name: 'Java 8 Update 381', version: '8.0.3810.9', publisher: 'Oracle Corporation', date: '20230802' }])
    ])
  },
  {
    source: 'registry' as const,
    output: registry(hkcu, [{ key: 'Teams', name: 'Microsoft Teams classic', version: '1.6.00.27573', publisher: 'Microsoft Corporation', date: '20231005' }])
  }
]

const latitude = (later: boolean): RawInventory => ({
  platform: 'win32',
  takenAt: later ? '2026-11-18T08:42:10.000Z' : '2026-05-12T14:03:55.000Z',
  system: system('Dell Inc.', 'Latitude 5420', '7XK2QH3', '4c4c4544-0058-4b10-8032-b7c04f514833', '0A21'),
  bios: bios('Dell Inc.', later ? '1.35.0' : '1.30.0', later ? '2024-08-14' : '2023-10-02'),
  chassis: chassis('Dell Inc.', 'Notebook', '7XK2QH3'),
  osInfo: os({
    platform: 'Windows',
    distro: 'Microsoft Windows 11 Pro',
    release: later ? '10.0.26100' : '10.0.22631',
    codename: '',
    kernel: later ? '10.0.26100' : '10.0.22631',
    build: later ? '26100' : '22631',
    hostname: 'LT-ORTIZ'
  }),
  time: { uptime: 183_640 },
  cpu: cpu({ manufacturer: 'Intel', brand: 'Core™ i5-1145G7', speed: 2.6, speedMax: 4.4, cores: 8, physicalCores: 4, socket: 'BGA1449' }),
  mem: { total: (later ? 32 : 16) * GiB },
  memLayout: later
    ? [dimm(16 * GiB, 'DIMM A', 'DDR4', 3200, 'M471A2K43EB1-CWE'), dimm(16 * GiB, 'DIMM B', 'DDR4', 3200, 'M471A2K43EB1-CWE')]
    : [dimm(8 * GiB, 'DIMM A', 'DDR4', 3200, 'M471A1K43DB1-CWE'), dimm(8 * GiB, 'DIMM B', 'DDR4', 3200, 'M471A1K43DB1-CWE')],
  diskLayout: [disk({ device: '\\\\.\\PHYSICALDRIVE0', type: 'SSD', name: 'PM9A1 NVMe Samsung 512GB', vendor: 'Samsung', size: 512_105_932_800, serialNum: 'S64ENX0R512345', interfaceType: 'NVMe' })],
  fsSize: [fs('C:', 'NTFS', 510_770_802_688, later ? 301_354_773_586 : 398_401_226_096, 'C:')],
  blockDevices: [],
  networkInterfaces: [
    nic({ iface: 'Wi-Fi', ifaceName: 'Intel(R) Wi-Fi 6 AX201 160MHz', ip4: '10.20.31.44', mac: 'a4:c3:f0:85:12:9e', type: 'wireless', dhcp: true, speed: 866 }),
    nic({ iface: 'Ethernet', ifaceName: 'Intel(R) Ethernet Connection (13) I219-LM', ip4: '', mac: '54:48:10:d2:aa:01', type: 'wired', dhcp: true, default: false, operstate: 'down' }),
    nic({ iface: 'vEthernet (WSL)', ip4: '172.24.160.1', mac: '00:15:5d:6e:01:02', type: 'wired', dhcp: false, default: false, virtual: true })
  ],
  defaultGateway: '10.20.31.1',
  graphics: {
    controllers: [gpu('Intel Corporation', 'Intel(R) Iris(R) Xe Graphics', 128)],
    displays: [
      display({ vendor: '(Standard monitor types)', model: 'Generic PnP Monitor', builtin: true, currentResX: 1920, currentResY: 1080 }),
      display({ vendor: 'Dell Inc.', model: 'DELL P2422H', builtin: false, currentResX: 1920, currentResY: 1080, positionX: 1920 })
    ]
  },
  battery: battery(63_000, later ? 31_000 : 33_000, 0, 'DELL 1VX1H'),
  software: latitudeSoftware(later),
  security: [
    { source: 'netfirewallprofile', output: firewallProfiles(true) },
    { source: 'securitycenter', output: defenderOn }
  ],
  encryption: [{ source: 'bitlocker', output: JSON.stringify({ drive: 'C:', protection: 1 }, null, 4) }]
})

const eliteDesk: RawInventory = {
  platform: 'win32',
  takenAt: '2026-11-17T07:15:02.000Z',
  system: system('HP', 'HP EliteDesk 800 G3 SFF', 'CZC7401XYZ', '7d3f2a10-1b2c-11e7-9a6d-3c52825f0a11', '1ND33EA#ABU'),
  bios: bios('HP', 'P01 Ver. 02.47', '2023-04-11'),
  chassis: chassis('HP', 'Desktop', 'CZC7401XYZ'),
  osInfo: os({ platform: 'Windows', distro: 'Microsoft Windows 10 Pro', release: '10.0.19045', codename: '', kernel: '10.0.19045', build: '19045', hostname: 'RECEPTION-01' }),
  time: { uptime: 1_209_600 },
  cpu: cpu({ manufacturer: 'Intel', brand: 'Core™ i5-6500', speed: 3.2, speedMax: 3.6, cores: 4, physicalCores: 4, socket: 'LGA1151' }),
  mem: { total: 8 * GiB },
  memLayout: [dimm(8 * GiB, 'DIMM1', 'DDR4', 2133, 'HMA81GU6AFR8N-UH')],
  diskLayout: [
    disk({ device: '\\\\.\\PHYSICALDRIVE0', type: 'SSD', name: 'SAMSUNG MZ7LN256HAJQ-000H1', vendor: 'Samsung', size: 256_052_966_400, serialNum: 'S3TANX0K201234', interfaceType: 'SATA' }),
    disk({ device: '\\\\.\\PHYSICALDRIVE1', type: 'HD', name: 'ST1000DM010-2EP102', vendor: 'Seagate', size: 1_000_202_273_280, serialNum: 'ZN1ABCD7', interfaceType: 'SATA', smartStatus: 'Predicted Failure' })
  ],
  fsSize: [fs('C:', 'NTFS', 255_481_360_384, 243_707_293_696, 'C:'), fs('D:', 'NTFS', 1_000_186_310_656, 412_316_860_416, 'D:')],
  blockDevices: [],
  networkInterfaces: [nic({ iface: 'Ethernet', ifaceName: 'Intel(R) Ethernet Connection (2) I219-LM', ip4: '10.20.10.21', mac: '3c:52:82:5f:0a:11', type: 'wired', dhcp: false })],
  defaultGateway: '10.20.10.1',
  graphics: { controllers: [gpu('Intel Corporation', 'Intel(R) HD Graphics 530', 1024)], displays: [display({ vendor: 'HP Inc.', model: 'HP E223', builtin: false, currentResX: 1920, currentResY: 1080 })] },
  battery: noBattery,
  software: [
    {
      source: 'registry',
      output: registry(hklm, [
        { key: 'Google Chrome', name: 'Google Chrome', version: '109.0.5414.120', publisher: 'Google LLC', date: '20230125' },
        { key: 'ReceptionKiosk', name: 'Visitor Check-in', version: '3.2.1', publisher: 'Envoy', date: '20220314' }
      ])
    }
  ],
  security: [
    { source: 'netfirewallprofile', output: firewallProfiles(false) },
    { source: 'securitycenter', output: defenderOn }
  ],
  encryption: [{ source: 'bitlocker', output: JSON.stringify([{ drive: 'C:', protection: 2 }, { drive: 'D:', protection: 0 }], null, 4) }]
}

const macbook: RawInventory = {
  platform: 'darwin',
  takenAt: '2026-11-19T16:20:44.000Z',
  system: system('Apple Inc.', 'Mac14,9', 'C02FJ3KXMD6T', '8A3C1D2E-5F60-5B7A-9C8D-0E1F2A3B4C5D', 'MPHE3LL/A'),
  bios: bios('Apple Inc.', '10151.101.3', ''),
  chassis: chassis('Apple Inc.', 'Notebook', 'C02FJ3KXMD6T'),
  osInfo: os({ platform: 'darwin', distro: 'macOS', release: '14.4.1', codename: 'macOS Sonoma', kernel: '23.4.0', build: '23E224', hostname: 'Diegos-MacBook-Pro.local', arch: 'arm64' }),
  time: { uptime: 402_311 },
  cpu: cpu({ manufacturer: 'Apple', brand: 'M2 Pro', speed: 3.5, speedMax: 3.5, cores: 10, physicalCores: 10, performanceCores: 6, efficiencyCores: 4 }),
  mem: { total: 16 * GiB },
  memLayout: [{ ...dimm(16 * GiB, '', 'LPDDR5', 0, ''), formFactor: '', manufacturer: 'Hynix', ecc: null, voltageConfigured: null, voltageMin: null, voltageMax: null }],
  diskLayout: [disk({ device: 'disk0', type: 'SSD', name: 'APPLE SSD AP0512Z', vendor: 'Apple', size: 500_277_790_720, serialNum: '0ba01e2c4a1b8c33', interfaceType: 'PCIe', bytesPerSector: 4096 })],
  fsSize: [fs('/dev/disk3s1s1', 'APFS', 494_384_795_648, 9_871_826_944, '/'), fs('/dev/disk3s5', 'APFS', 494_384_795_648, 311_234_121_728, '/System/Volumes/Data')],
  blockDevices: [],
  networkInterfaces: [
    nic({ iface: 'en0', ifaceName: 'en0', ip4: '10.20.40.87', ip6: 'fe80::1c2d:3e4f:5a6b:7c8d', mac: 'f8:4d:89:6a:3b:2c', type: 'wireless', dhcp: true }),
    nic({ iface: 'utun3', ifaceName: 'utun3', ip4: '', mac: '', type: 'virtual', dhcp: false, default: false, virtual: true })
  ],
  defaultGateway: '10.20.40.1',
  graphics: { controllers: [{ ...gpu('Apple', 'Apple M2 Pro', 0), cores: 16, metalVersion: 'Metal 3' }], displays: [display({ vendor: 'Apple', model: 'Color LCD', builtin: true, currentResX: 3024, currentResY: 1964 })] },
  battery: battery(69_600, 61_248, 212, 'bq40z651'),
  software: [
    {
      source: 'system_profiler',
      output: JSON.stringify(
        {
          SPApplicationsDataType: [
            { _name: 'Safari', version: '17.4.1', obtained_from: 'apple', lastModified: '2024-04-02T09:14:07Z', path: '/Applications/Safari.app' },
            { _name: 'Google Chrome', version: '124.0.6367.92', obtained_from: 'identified_developer', signed_by: ['Developer ID Application: Google LLC (EQHXZ8M8AV)'], lastModified: '2024-04-30T18:02:11Z', path: '/Applications/Google Chrome.app' },
            { _name: 'Slack', version: '4.38.115', obtained_from: 'mac_app_store', lastModified: '2024-04-18T07:44:20Z', path: '/Applications/Slack.app' },
            { _name: 'zoom.us', version: '6.0.2 (33403)', obtained_from: 'identified_developer', signed_by: ['Developer ID Application: Zoom Video Communications, Inc. (BJ4HAAB9B3)'], lastModified: '2024-04-11T12:00:00Z', path: '/Applications/zoom.us.app' },
            { _name: 'Microsoft Teams (work or school)', version: '24074.2321.2810.3500', obtained_from: 'identified_developer', lastModified: '2024-04-09T10:30:00Z', path: '/Applications/Microsoft Teams.app' },
            { _name: 'Xcode', version: '15.3', obtained_from: 'mac_app_store', lastModified: '2024-03-06T21:17:45Z', path: '/Applications/Xcode.app' }
          ]
        },
        null,
        2
      )
    }
  ],
  security: [{ source: 'socketfilterfw', output: 'Firewall is enabled. (State = 1)\n' }],
  encryption: [{ source: 'fdesetup', output: 'FileVault is On.\n' }]
}

const dpkg = (later: boolean) =>
  [
    ['cups', '2.4.1op1-1ubuntu4.8', 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>', '1712131520'],
    ['libreoffice-core', '1:7.3.7-0ubuntu0.22.04.4', 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>', '1712131588'],
    ['openssh-client', later ? '1:9.6p1-3ubuntu13.5' : '1:8.9p1-3ubuntu0.7', 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>', later ? '1747900800' : '1712131499'],
    ['network-manager', '1.36.6-0ubuntu2', 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>', '1712131430'],
    ...(later ? [['htop', '3.3.0-4build1', 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>', '1748001111']] : [['remmina', '1.4.25+dfsg-1', 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>', '1712131601']])
  ]
    .map((row) => `${row.join('\t')}\n`)
    .join('')

const thinkCentre = (later: boolean): RawInventory => ({
  platform: 'linux',
  takenAt: later ? '2026-11-16T10:05:30.000Z' : '2026-04-03T09:12:00.000Z',
  system: system('LENOVO', '11DT003JUS', 'MJ0GK4TR', '4c8e1a00-2d3b-11ed-8b5c-d45d64a1b2c3', 'LENOVO_MT_11DT_BU_Think_FM_ThinkCentre M70q'),
  bios: bios('LENOVO', 'M3MKT3BA', '2023-08-22'),
  chassis: chassis('LENOVO', 'Desktop', 'MJ0GK4TR'),
  osInfo: os({
    platform: 'linux',
    distro: 'Ubuntu',
    release: later ? '24.04 LTS' : '22.04.4 LTS',
    codename: later ? 'noble' : 'jammy',
    kernel: later ? '6.8.0-31-generic' : '6.5.0-28-generic',
    build: '',
    hostname: 'eng-ws-14'
  }),
  time: { uptime: 86_400 * 3 },
  cpu: cpu({ manufacturer: 'Intel', brand: 'Core™ i5-12400T', speed: 1.8, speedMax: 4.2, cores: 12, physicalCores: 6, governor: 'powersave' }),
  mem: { total: 16 * GiB },
  memLayout: [dimm(8 * GiB, 'ChannelA-DIMM0', 'DDR4', 3200, 'M471A1K43EB1-CWE'), dimm(8 * GiB, 'ChannelB-DIMM0', 'DDR4', 3200, 'M471A1K43EB1-CWE')],
  diskLayout: [
    later
      ? disk({ device: '/dev/nvme0n1', type: 'NVMe', name: 'WD_BLACK SN770 1TB', vendor: 'Western Digital', size: 1_000_204_886_016, serialNum: '23153Y800123', interfaceType: 'PCIe' })
      : disk({ device: '/dev/nvme0n1', type: 'NVMe', name: 'Samsung SSD 980 500GB', vendor: 'Samsung', size: 500_107_862_016, serialNum: 'S64DNF0R123456A', interfaceType: 'PCIe' })
  ],
  fsSize: [
    fs('/dev/mapper/dm_crypt-0', 'ext4', later ? 982_141_960_192 : 490_577_362_944, later ? 121_412_730_880 : 402_177_527_808, '/'),
    fs('/dev/nvme0n1p2', 'ext4', 1_972_240_384, 281_018_368, '/boot'),
    fs('/dev/nvme0n1p1', 'vfat', 535_805_952, 6_365_184, '/boot/efi'),
    fs('tmpfs', 'tmpfs', 1_645_314_048, 2_539_520, '/run')
  ],
  blockDevices: [
    blk({ name: 'nvme0n1', type: 'disk', fsType: '', mount: '', size: later ? 1_000_204_886_016 : 500_107_862_016, model: later ? 'WD_BLACK SN770 1TB' : 'Samsung SSD 980 500GB' }),
    blk({ name: 'nvme0n1p1', type: 'part', fsType: 'vfat', mount: '/boot/efi', size: 536_870_912 }),
    blk({ name: 'nvme0n1p2', type: 'part', fsType: 'ext4', mount: '/boot', size: 2_147_483_648 }),
    blk({ name: 'nvme0n1p3', type: 'part', fsType: 'crypto_LUKS', mount: '', size: later ? 997_519_900_672 : 497_422_876_672 }),
    blk({ name: 'dm_crypt-0', type: 'crypt', fsType: 'ext4', mount: '/', size: later ? 997_503_123_456 : 497_406_099_456 })
  ],
  networkInterfaces: [
    nic({ iface: 'lo', ip4: '127.0.0.1', mac: '00:00:00:00:00:00', type: 'virtual', dhcp: false, internal: true, default: false }),
    nic({ iface: 'enp1s0', ip4: '10.20.22.14', ip6: 'fe80::d65d:64ff:fea1:b2c3', mac: 'd4:5d:64:a1:b2:c3', type: 'wired', dhcp: true }),
    nic({ iface: 'docker0', ip4: '172.17.0.1', mac: '02:42:5c:8e:11:0a', type: 'wired', dhcp: false, default: false, virtual: true, operstate: 'down' })
  ],
  defaultGateway: '10.20.22.1',
  graphics: { controllers: [gpu('Intel Corporation', 'AlderLake-S GT1 [UHD Graphics 730]', 256)], displays: [display({ vendor: 'Lenovo Group Limited', model: 'LEN T24i-20', builtin: false, currentResX: 1920, currentResY: 1080 })] },
  battery: noBattery,
  software: [
    { source: 'dpkg', output: dpkg(later) },
    {
      source: 'snap',
      output: [
        'Name      Version          Rev    Tracking         Publisher     Notes',
        'core22    20240408         1380   latest/stable    canonical✓    base',
        'firefox   125.0.2-1        4173   latest/stable    mozilla✓      -',
        `slack     ${later ? '4.41.105 ' : '4.36.140 '}       ${later ? '178' : '142'}    latest/stable    slack✓        -`,
        'snapd     2.62             21465  latest/stable    canonical✓    snapd',
        ''
      ].join('\n')
    },
    { source: 'flatpak', output: 'Zotero\t6.0.35\tflathub\nSpotify\t1.2.31.1205.g4d59ad7c\tflathub\n' }
  ],
  security: [{ source: 'ufw', output: 'Status: active\n\nTo                         Action      From\n--                         ------      ----\n22/tcp                     ALLOW       10.20.0.0/16\n' }]
})

export const sampleMachines = {
  windowsLaptop: latitude(false),
  windowsLaptopLater: latitude(true),
  windowsOldDesktop: eliteDesk,
  macbook,
  linuxDesktop: thinkCentre(false),
  linuxDesktopLater: thinkCentre(true)
}
