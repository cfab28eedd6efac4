import NNCore

/// A numeric table built one line at a time, holding only the numbers read so far.
///
/// ```
/// "\u{FEFF}x1,x2"   first non-blank line: BOM dropped; a header only if none of its fields is a number
/// "0.5,1"           values += [0.5, 1], width = 2
/// "1.5,2x"          error: row 3, column 2: '2x' is not a number
/// ```
/// Memory is the flat `values` array (at most twice the final matrix while it grows)
/// plus one line; no slice or array is kept per line or per row.
struct CsvTable {
    let path: String
    let limit: Int
    private(set) var values: [Double] = []
    private(set) var rows = 0
    private var width = 0
    private var separator: UInt8? = nil
    private var sawFirstRow = false
    private var lineNumber = 0

    init(path: String, limit: Int) {
        self.path = path
        self.limit = limit
    }

    /// Adds one line (without its `\n`).
    mutating func add(line raw: ArraySlice<UInt8>) throws(FileError) {
        lineNumber += 1
        var line = raw
        if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        let trimmed = CsvFormat.trim(line)
        if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { return }
        let sep = separator ?? (trimmed.contains(UInt8(ascii: ",")) ? UInt8(ascii: ",") : 0x20)
        separator = sep
        let start = values.count
        var column = 0
        var numbers = 0
        var firstBad: (column: Int, cell: ArraySlice<UInt8>)? = nil
        var rest = trimmed
        var done = false
        while !done {
            let cell: ArraySlice<UInt8>
            if sep == UInt8(ascii: ",") {
                let end = rest.firstIndex(of: sep) ?? rest.endIndex
                cell = CsvFormat.trim(rest[..<end])
                rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
                column += 1
                if let x = CsvFormat.number(cell) { numbers += 1; values.append(x) } else if firstBad == nil { firstBad = (column, cell) }
                done = end == trimmed.endIndex
            } else {
                rest = rest.drop { $0 == 0x20 || $0 == 0x09 }
                if rest.isEmpty { break }
                let end = rest.firstIndex { $0 == 0x20 || $0 == 0x09 } ?? rest.endIndex
                cell = rest[..<end]
                rest = rest[end...]
                column += 1
                if let x = CsvFormat.number(cell) { numbers += 1; values.append(x) } else if firstBad == nil { firstBad = (column, cell) }
            }
            guard values.count <= limit else {
                throw .tooLarge(path: path, array: "", shape: [rows + 1, max(width, column)],
                                bytes: MatrixFiles.bytes(values.count), limitBytes: MatrixFiles.bytes(limit))
            }
        }
        if let bad = firstBad {
            // 1. Only the first non-blank line may be a header, and only when none of
            //    its fields is a number: `1,2,3x` is a damaged row, not a header.
            if !sawFirstRow && numbers == 0 {
                sawFirstRow = true
                values.removeSubrange(start...)
                return
            }
            throw .nonNumericCell(path: path, row: lineNumber, column: bad.column,
                                  cell: String(decoding: bad.cell, as: UTF8.self))
        }
        sawFirstRow = true
        if rows == 0 {
            width = column
        } else if column != width {
            throw .raggedRow(path: path, row: lineNumber, expected: width, found: column)
        }
        rows += 1
    }

    /// The rows read, as a matrix.
    func matrix() throws(FileError) -> Matrix {
        guard rows > 0, width > 0 else { throw .emptyTable(path: path) }
        return Matrix(rows: rows, cols: width, storage: values)
    }
}
