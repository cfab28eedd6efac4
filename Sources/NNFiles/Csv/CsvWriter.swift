import NNCore

/// One matrix as comma-separated text that `np.loadtxt(FILE, delimiter=',')` and
/// nnstep's `load` both read back bit for bit.
///
/// ```
/// 0.5,1.0,-2e-07          one line per row, no header
/// nan,inf,-inf            the spellings numpy's parser (and strtod) reads
/// ```
/// Each number is written by `number`, which must give round-trip digits (the shell
/// passes numpy's shortest repr), so parsing it gives the same double.
extension CsvFormat {
    /// The text of `m`, rows on lines, each line ended by `\n`.
    static func encode(_ m: Matrix, number: (Double) -> String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(m.count * 20)
        for i in 0..<m.rows {
            for j in 0..<m.cols {
                if j > 0 { out.append(UInt8(ascii: ",")) }
                let x = m[i, j]
                let text = x.isNaN ? "nan" : x.isInfinite ? (x < 0 ? "-inf" : "inf") : number(x)
                out.append(contentsOf: text.utf8)
            }
            out.append(0x0A)
        }
        return out
    }
}

extension MatrixFiles {
    /// Writes one matrix as a .csv file (see `CsvFormat.encode`), replaced atomically.
    package static func saveCsv(path: String, _ m: Matrix, number: (Double) -> String) throws(FileError) {
        guard path.lowercased().hasSuffix(".csv") else {
            throw .cannotSave(path: path, detail: "comma-separated text is written to a .csv file")
        }
        try AtomicWrite.replace(path: path, with: CsvFormat.encode(m, number: number))
    }
}
