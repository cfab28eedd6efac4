import Glibc
import NNCore

/// Numeric tables in text: comma- or whitespace-separated, one matrix row per line.
///
/// ```
/// x1,x2,x3        ← optional header, recognised because none of its cells is a number
/// 0.5,1,2e-3
/// 1.5,2,4e-3      ↦ 2 × 3 matrix
/// ```
/// Lines that are blank or start with `#` (np.savetxt's header) are skipped, and a
/// UTF-8 byte-order mark at the start is dropped.
/// Numbers are read with `strtod` (correctly rounded, so bit-equal to numpy's
/// parse); `nan` and `inf` are numbers, hexadecimal is not.
enum CsvFormat {}

// MARK: - Reading

extension CsvFormat {
    /// The matrix in `text`; errors name the 1-based line and column of a bad cell.
    static func parse(_ text: [UInt8], path: String, limit: Int) throws(FileError) -> Matrix {
        var table = CsvTable(path: path, limit: limit)
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(of: 0x0A) ?? text.endIndex
            try table.add(line: text[start..<end])
            start = end + 1
        }
        return try table.matrix()
    }

    /// The matrix in `file`, read in 1 MiB pieces: memory is the numbers and one line.
    static func read(_ file: ReadableFile, limit: Int) throws(FileError) -> Matrix {
        var table = CsvTable(path: file.path, limit: limit)
        let piece = 1 << 20
        var line: [UInt8] = []
        var offset = 0
        let path = file.path
        while offset < file.size {
            let bytes = try file.read(offset: offset, count: min(piece, file.size - offset)) { _ in
                .cannotRead(path: path, reason: "the file shrank while being read")
            }
            offset += bytes.count
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                if line.isEmpty {
                    try table.add(line: bytes[start..<newline])
                } else {
                    line += bytes[start..<newline]
                    try table.add(line: line[...])
                    line.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            line += bytes[start...]
        }
        if !line.isEmpty { try table.add(line: line[...]) }
        return try table.matrix()
    }

    static func trim(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let c = s.first, c == 0x20 || c == 0x09 || c == 0x0D { s = s.dropFirst() }
        while let c = s.last, c == 0x20 || c == 0x09 || c == 0x0D { s = s.dropLast() }
        return s
    }

    /// The decimal number in `cell` (surrounding double quotes allowed), or nil.
    static func number(_ cell: ArraySlice<UInt8>) -> Double? {
        var cell = cell
        if cell.count >= 2, cell.first == UInt8(ascii: "\""), cell.last == UInt8(ascii: "\"") {
            cell = trim(cell.dropFirst().dropLast())
        }
        let rejected = cell.contains { (c: UInt8) -> Bool in c == 0x78 || c == 0x58 || c <= 0x20 }
        guard !cell.isEmpty, cell.count < 512, !rejected else { return nil }
        // 2. strtod needs a NUL-terminated copy; a stack buffer, so no allocation per cell.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: cell.count + 1) { buffer -> Double? in
            guard let start = buffer.baseAddress else { return nil }
            var k = 0
            for c in cell {
                buffer[k] = CChar(bitPattern: c)
                k += 1
            }
            buffer[k] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &end)
            guard let end, UnsafePointer(end) - UnsafePointer(start) == cell.count else { return nil }
            return value
        }
    }
}
