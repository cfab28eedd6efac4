import CZlib
import Glibc

/// Builds a zip archive of stored (uncompressed) members in memory, as `np.savez` writes one.
///
/// ```
/// per member:  local header (30 + name [+ zip64 extra]) · data
/// then:        central directory · [zip64 end record · locator] · end record
/// ```
/// Sizes and offsets that reach `zip64Threshold` go into zip64 extra fields.
struct ZipWriter {
    /// The archive so far.
    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0
    /// Modification time of every member, MS-DOS encoded.
    private let dosTime: UInt16
    private let dosDate: UInt16
    /// Values from which a field is written as 0xFFFFFFFF plus a zip64 extra.
    let zip64Threshold: Int

    /// An empty archive whose members carry the current local time.
    init(zip64Threshold: Int = 0xFFFF_FFFF) {
        self.zip64Threshold = zip64Threshold
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let year = max(0, Int(parts.tm_year) + 1900 - 1980)
        dosTime = UInt16(truncatingIfNeeded: Int(parts.tm_hour) << 11 | Int(parts.tm_min) << 5 | Int(parts.tm_sec) / 2)
        dosDate = UInt16(truncatingIfNeeded: min(year, 127) << 9 | (Int(parts.tm_mon) + 1) << 5 | Int(parts.tm_mday))
    }
}

// MARK: - Members

extension ZipWriter {
    /// Appends `data` as a stored member called `name`.
    mutating func addStored(name: String, data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = data.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: nn_crc32($0.baseAddress, $0.count)) }
        let offset = bytes.count
        let bigSize = data.count >= zip64Threshold
        let bigOffset = offset >= zip64Threshold
        let version: UInt64 = bigSize || bigOffset ? 45 : 20
        // 1. Bit 11: the name is UTF-8.
        let flags: UInt64 = nameBytes.allSatisfy({ $0 < 0x80 }) ? 0 : 0x800

        var localExtra: [UInt8] = []
        if bigSize {
            localExtra.append(littleEndian: 1, width: 2)
            localExtra.append(littleEndian: 16, width: 2)
            localExtra.append(littleEndian: UInt64(data.count), width: 8)
            localExtra.append(littleEndian: UInt64(data.count), width: 8)
        }
        let size32: UInt64 = bigSize ? 0xFFFF_FFFF : UInt64(data.count)
        bytes.append(littleEndian: 0x0403_4B50, width: 4)
        bytes.append(littleEndian: version, width: 2)
        bytes.append(littleEndian: flags, width: 2)
        bytes.append(littleEndian: 0, width: 2)                   // method: stored
        bytes.append(littleEndian: UInt64(dosTime), width: 2)
        bytes.append(littleEndian: UInt64(dosDate), width: 2)
        bytes.append(littleEndian: UInt64(crc), width: 4)
        bytes.append(littleEndian: size32, width: 4)              // compressed
        bytes.append(littleEndian: size32, width: 4)              // uncompressed
        bytes.append(littleEndian: UInt64(nameBytes.count), width: 2)
        bytes.append(littleEndian: UInt64(localExtra.count), width: 2)
        bytes += nameBytes
        bytes += localExtra
        bytes += data

        var centralExtra: [UInt8] = []
        if bigSize || bigOffset {
            let fields = (bigSize ? [data.count, data.count] : []) + (bigOffset ? [offset] : [])
            centralExtra.append(littleEndian: 1, width: 2)
            centralExtra.append(littleEndian: UInt64(8 * fields.count), width: 2)
            for f in fields { centralExtra.append(littleEndian: UInt64(f), width: 8) }
        }
        central.append(littleEndian: 0x0201_4B50, width: 4)
        central.append(littleEndian: 0x0300 | version, width: 2)  // made by: Unix
        central.append(littleEndian: version, width: 2)
        central.append(littleEndian: flags, width: 2)
        central.append(littleEndian: 0, width: 2)
        central.append(littleEndian: UInt64(dosTime), width: 2)
        central.append(littleEndian: UInt64(dosDate), width: 2)
        central.append(littleEndian: UInt64(crc), width: 4)
        central.append(littleEndian: size32, width: 4)
        central.append(littleEndian: size32, width: 4)
        central.append(littleEndian: UInt64(nameBytes.count), width: 2)
        central.append(littleEndian: UInt64(centralExtra.count), width: 2)
        central.append(littleEndian: 0, width: 2)                 // comment
        central.append(littleEndian: 0, width: 2)                 // disk
        central.append(littleEndian: 0, width: 2)                 // internal attributes
        central.append(littleEndian: 0o100644 << 16, width: 4)    // external: rw-r--r--
        central.append(littleEndian: bigOffset ? 0xFFFF_FFFF : UInt64(offset), width: 4)
        central += nameBytes
        central += centralExtra
        count += 1
    }

    /// The finished archive: members, central directory, end records.
    mutating func finish() -> [UInt8] {
        let cdOffset = bytes.count
        let cdSize = central.count
        bytes += central
        let big = count >= 0xFFFF || cdOffset >= zip64Threshold || cdSize >= zip64Threshold
        if big {
            let recordOffset = bytes.count
            bytes.append(littleEndian: 0x0606_4B50, width: 4)
            bytes.append(littleEndian: 44, width: 8)              // size of the rest of the record
            bytes.append(littleEndian: 0x032D, width: 2)
            bytes.append(littleEndian: 45, width: 2)
            bytes.append(littleEndian: 0, width: 4)
            bytes.append(littleEndian: 0, width: 4)
            bytes.append(littleEndian: UInt64(count), width: 8)
            bytes.append(littleEndian: UInt64(count), width: 8)
            bytes.append(littleEndian: UInt64(cdSize), width: 8)
            bytes.append(littleEndian: UInt64(cdOffset), width: 8)
            bytes.append(littleEndian: 0x0706_4B50, width: 4)
            bytes.append(littleEndian: 0, width: 4)
            bytes.append(littleEndian: UInt64(recordOffset), width: 8)
            bytes.append(littleEndian: 1, width: 4)
        }
        bytes.append(littleEndian: 0x0605_4B50, width: 4)
        bytes.append(littleEndian: 0, width: 2)
        bytes.append(littleEndian: 0, width: 2)
        bytes.append(littleEndian: big ? 0xFFFF : UInt64(count), width: 2)
        bytes.append(littleEndian: big ? 0xFFFF : UInt64(count), width: 2)
        bytes.append(littleEndian: big ? 0xFFFF_FFFF : UInt64(cdSize), width: 4)
        bytes.append(littleEndian: big ? 0xFFFF_FFFF : UInt64(cdOffset), width: 4)
        bytes.append(littleEndian: 0, width: 2)
        return bytes
    }
}
