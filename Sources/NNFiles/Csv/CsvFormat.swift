import Glibc
import NNCore

/// Numeric tables in text: comma- or whitespace-separated, one matrix row per line.
///
/// ```
/// x1,x2,x3        ← optional header, recognised because not every cell is a number
/// 0.5,1,2e-3
/// 1.5,2,4e-3      ↦ 2 × 3 matrix
/// ```
/// Lines that are blank or start with `#` (np.savetxt's header) are skipped.
/// Numbers are read with `strtod` (correctly rounded, so bit-equal to numpy's
/// parse); `nan` and `inf` are numbers, hexadecimal is not.
enum CsvFormat {}

// MARK: - Reading

extension CsvFormat {
    /// The matrix in `text`; errors name the 1-based line and column of a bad cell.
    static func parse(_ text: [UInt8], path: String, limit: Int) throws(FileError) -> Matrix {
        var rows: [[Double]] = []
        var width = 0
        var separator: UInt8? = nil
        var sawFirstRow = false
        var values = 0
        for (index, line) in lines(text).enumerated() {
            let lineNumber = index + 1
            let trimmed = trim(line[...])
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            if separator == nil {
                separator = trimmed.contains(UInt8(ascii: ",")) ? UInt8(ascii: ",") : 0x20
            }
            let cells = split(trimmed, separator: separator ?? 0x20)
            var row: [Double] = []
            row.reserveCapacity(cells.count)
            var bad: (column: Int, cell: ArraySlice<UInt8>)? = nil
            for (c, cell) in cells.enumerated() {
                guard let x = number(cell) else {
                    bad = (c + 1, cell)
                    break
                }
                row.append(x)
            }
            if let bad {
                // 1. Only the first non-blank line may be a header.
                if !sawFirstRow {
                    sawFirstRow = true
                    continue
                }
                throw .nonNumericCell(path: path, row: lineNumber, column: bad.column,
                                      cell: String(decoding: bad.cell, as: UTF8.self))
            }
            sawFirstRow = true
            if rows.isEmpty {
                width = row.count
            } else if row.count != width {
                throw .raggedRow(path: path, row: lineNumber, expected: width, found: row.count)
            }
            values += row.count
            guard values <= limit else {
                throw .tooLarge(path: path, array: "", shape: [rows.count + 1, width],
                                bytes: MatrixFiles.bytes(values), limitBytes: MatrixFiles.bytes(limit))
            }
            rows.append(row)
        }
        guard !rows.isEmpty, width > 0 else { throw .emptyTable(path: path) }
        return Matrix(rows: rows.count, cols: width, storage: rows.flatMap { $0 })
    }

    /// Lines split at `\n`, each without a trailing `\r`.
    private static func lines(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
        text.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
    }

    /// Cells separated by `separator` (commas: each comma ends a cell; spaces: runs of blanks).
    private static func split(_ line: ArraySlice<UInt8>, separator: UInt8) -> [ArraySlice<UInt8>] {
        if separator == UInt8(ascii: ",") {
            return line.split(separator: separator, omittingEmptySubsequences: false).map { trim($0) }
        }
        return line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
    }

    private static func trim(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
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
        var chars = [CChar](repeating: 0, count: cell.count + 1)
        for (k, c) in cell.enumerated() { chars[k] = CChar(bitPattern: c) }
        return chars.withUnsafeBufferPointer { buffer -> Double? in
            guard let start = buffer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &end)
            guard let end, UnsafePointer(end) - start == cell.count else { return nil }
            return value
        }
    }
}
