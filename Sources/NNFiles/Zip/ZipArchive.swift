import CZlib

/// A zip archive (an .npz) opened for reading: its members, from the central directory.
///
/// ```
/// [local header · data]*  central directory  [zip64 end record · locator]  end record
/// ```
/// Members are stored (method 0, `np.savez`) or deflated (method 8,
/// `np.savez_compressed`); sizes and offsets may be in zip64 extra fields.
/// Every offset and length is checked against the file before it is used.
struct ZipArchive {
    /// One entry of the central directory.
    struct Member: Equatable {
        var name: String
        /// 0 stored, 8 deflated.
        var method: Int
        /// General-purpose flags (bit 0: encrypted).
        var flags: Int
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let file: ReadableFile
    /// In central-directory order.
    let members: [Member]

    /// Reads the central directory of `file`.
    init(file: ReadableFile) throws(FileError) {
        self.file = file
        self.members = try Self.readCentralDirectory(file)
    }
}

// MARK: - Central directory

extension ZipArchive {
    static let endSignature = 0x0605_4B50
    static let zip64EndSignature = 0x0606_4B50
    static let zip64LocatorSignature = 0x0706_4B50
    static let centralSignature = 0x0201_4B50
    static let localSignature = 0x0403_4B50

    private static func readCentralDirectory(_ file: ReadableFile) throws(FileError) -> [Member] {
        let path = file.path
        let tailLength = min(file.size, 22 + 0xFFFF)
        let tailStart = file.size - tailLength
        let tail = try file.read(offset: tailStart, count: tailLength) { _ in
            .notZip(path: path, detail: "the file shrank while being read")
        }
        // 1. The end record is the last signature whose comment reaches exactly to the end.
        var end: Int? = nil
        var k = tail.count - 22
        while k >= 0 {
            if tail.u32(at: k) == endSignature, let comment = tail.u16(at: k + 20), k + 22 + comment == tail.count {
                end = k
                break
            }
            k -= 1
        }
        guard let e = end else {
            guard file.size > 0 else { throw .notZip(path: path, detail: "the file is empty") }
            let found = NpyFormat.shownBytes(tail.prefix(4))
            throw .notZip(path: path, detail: "no end-of-central-directory record (file starts with \(found))")
        }
        guard var total = tail.u16(at: e + 10), var cdSize = tail.u32(at: e + 12),
              var cdOffset = tail.u32(at: e + 16) else {
            throw .notZip(path: path, detail: "end record cut short")
        }
        if total == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            (total, cdSize, cdOffset) = try readZip64End(file, endRecordOffset: tailStart + e)
        }
        guard file.contains(offset: cdOffset, count: cdSize) else {
            throw .notZip(path: path, detail: "central directory (\(cdSize) bytes at \(cdOffset)) lies past the end of the \(file.size)-byte file")
        }
        let cd = try file.read(offset: cdOffset, count: cdSize) { _ in
            .notZip(path: path, detail: "the file shrank while being read")
        }
        var members: [Member] = []
        var p = 0
        while members.count < total {
            guard cd.u32(at: p) == centralSignature, let flags = cd.u16(at: p + 8), let method = cd.u16(at: p + 10),
                  let crc = cd.u32(at: p + 16), var compressed = cd.u32(at: p + 20),
                  var uncompressed = cd.u32(at: p + 24), let nameLength = cd.u16(at: p + 28),
                  let extraLength = cd.u16(at: p + 30), let commentLength = cd.u16(at: p + 32),
                  var offset = cd.u32(at: p + 42), p + 46 + nameLength + extraLength + commentLength <= cd.count
            else {
                throw .notZip(path: path, detail: "central directory entry \(members.count + 1) of \(total) is damaged")
            }
            let name = String(decoding: cd[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            // 2. A zip64 extra field (id 1) holds, in this order, only the fields set to 0xFFFFFFFF.
            let extra = Array(cd[(p + 46 + nameLength)..<(p + 46 + nameLength + extraLength)])
            if let z = zip64Field(extra) {
                var q = 0
                for field in [0, 1, 2] {
                    let marked = field == 0 ? uncompressed == 0xFFFF_FFFF
                        : field == 1 ? compressed == 0xFFFF_FFFF : offset == 0xFFFF_FFFF
                    guard marked else { continue }
                    guard let value = z.u64(at: q) else {
                        throw .badZipMember(path: path, member: name, detail: "zip64 extra field cut short")
                    }
                    if field == 0 { uncompressed = value } else if field == 1 { compressed = value } else { offset = value }
                    q += 8
                }
            }
            members.append(Member(name: name, method: method, flags: flags, crc: UInt32(crc),
                                  compressedSize: compressed, uncompressedSize: uncompressed,
                                  localHeaderOffset: offset))
            p += 46 + nameLength + extraLength + commentLength
        }
        return members
    }

    /// (entries, directory size, directory offset) from the zip64 end record.
    private static func readZip64End(_ file: ReadableFile, endRecordOffset: Int) throws(FileError) -> (Int, Int, Int) {
        let path = file.path
        let damaged = FileError.notZip(path: path, detail: "zip64 end record missing or damaged")
        let locator = try file.read(offset: endRecordOffset - 20, count: 20) { _ in damaged }
        guard locator.u32(at: 0) == zip64LocatorSignature, let at = locator.u64(at: 8) else { throw damaged }
        let record = try file.read(offset: at, count: 56) { _ in damaged }
        guard record.u32(at: 0) == zip64EndSignature, let total = record.u64(at: 32),
              let size = record.u64(at: 40), let offset = record.u64(at: 48) else { throw damaged }
        return (total, size, offset)
    }

    /// The data of extra field id 1 (zip64), if present.
    private static func zip64Field(_ extra: [UInt8]) -> [UInt8]? {
        var p = 0
        while let id = extra.u16(at: p), let length = extra.u16(at: p + 2), p + 4 + length <= extra.count {
            if id == 1 { return Array(extra[(p + 4)..<(p + 4 + length)]) }
            p += 4 + length
        }
        return nil
    }
}

// MARK: - Member data

extension ZipArchive {
    /// The member called `name`, if any.
    func member(named name: String) -> Member? {
        members.first { $0.name == name }
    }

    /// The member's whole uncompressed data, CRC-checked; refused when it
    /// would exceed `maxBytes`.
    func data(of member: Member, maxBytes: Int) throws(FileError) -> [UInt8] {
        let path = file.path
        guard member.uncompressedSize <= maxBytes else {
            throw .badZipMember(path: path, member: member.name,
                                detail: "declares \(member.uncompressedSize) bytes, more than the \(maxBytes) its array needs")
        }
        let raw = try compressedData(of: member)
        let out = try inflate(member, raw, count: member.uncompressedSize, partial: false)
        let crc = out.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: nn_crc32($0.baseAddress, $0.count)) }
        guard crc == member.crc else {
            throw .crcMismatch(path: path, member: member.name, expected: member.crc, found: crc)
        }
        return out
    }

    /// The first `count` bytes of the member's data (fewer if it is shorter), unchecked by CRC:
    /// enough to read an .npy header without inflating the whole member.
    func prefix(of member: Member, count: Int) throws(FileError) -> [UInt8] {
        let n = min(count, member.uncompressedSize)
        // 3. Deflate never needs much more input than output, plus block headers.
        let rawCount = member.method == 0 ? n : min(member.compressedSize, 2 * n + 4096)
        let raw = try compressedData(of: member, count: rawCount)
        return try inflate(member, raw, count: n, partial: true)
    }

    /// `count` bytes (default all) of the member's stored, possibly compressed, data.
    private func compressedData(of member: Member, count: Int? = nil) throws(FileError) -> [UInt8] {
        let path = file.path
        let name = member.name
        guard member.flags & 1 == 0 else {
            throw .badZipMember(path: path, member: name, detail: "encrypted members are not supported")
        }
        guard member.method == 0 || member.method == 8 else {
            throw .unsupportedCompression(path: path, member: name, method: member.method)
        }
        guard member.method == 8 || member.compressedSize == member.uncompressedSize else {
            throw .badZipMember(path: path, member: name, detail: "stored member with different sizes")
        }
        let header = try file.read(offset: member.localHeaderOffset, count: 30) { _ in
            .badZipMember(path: path, member: name, detail: "local header lies past the end of the file")
        }
        guard header.u32(at: 0) == Self.localSignature, let nameLength = header.u16(at: 26),
              let extraLength = header.u16(at: 28) else {
            throw .badZipMember(path: path, member: name, detail: "bad local header signature")
        }
        let start = member.localHeaderOffset + 30 + nameLength + extraLength
        let total = member.compressedSize
        return try file.read(offset: start, count: count ?? total) { found in
            .truncated(path: path, array: name, expectedBytes: total, foundBytes: found)
        }
    }

    /// Stored data as is, deflated data inflated into exactly `count` bytes
    /// (or at most `count` when `partial`).
    private func inflate(_ member: Member, _ raw: [UInt8], count: Int, partial: Bool) throws(FileError) -> [UInt8] {
        if member.method == 0 { return raw }
        var out = [UInt8](repeating: 0, count: count)
        var produced = 0
        let status = raw.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                Int(nn_inflate_raw(src.baseAddress, src.count, dst.baseAddress, dst.count, &produced))
            }
        }
        if partial, status != Int(NN_INFLATE_CORRUPT), status != Int(NN_INFLATE_NO_MEMORY) {
            return Array(out.prefix(produced))
        }
        switch status {
        case Int(NN_INFLATE_OK): return out
        case Int(NN_INFLATE_TOO_LONG):
            throw .badZipMember(path: file.path, member: member.name, detail: "inflates to more than the declared \(count) bytes")
        case Int(NN_INFLATE_TOO_SHORT):
            throw .badZipMember(path: file.path, member: member.name, detail: "deflate stream ends before the declared \(count) bytes")
        case Int(NN_INFLATE_NO_MEMORY):
            throw .badZipMember(path: file.path, member: member.name, detail: "out of memory while inflating")
        default:
            throw .badZipMember(path: file.path, member: member.name, detail: "corrupt deflate data")
        }
    }
}
