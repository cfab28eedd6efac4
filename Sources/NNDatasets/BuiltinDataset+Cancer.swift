import NNCore

// MARK: - Breast cancer

extension BuiltinDataset {
    /// The Wisconsin diagnostic breast-cancer data, as scikit-learn's `load_breast_cancer()`.
    ///
    /// Parsed from `cancerRows` on first use; the features are left as measured.
    /// ```
    /// X = data.T      30 × 569   (radius, texture, … of the cell nuclei; unscaled)
    /// Y = target      1 × 569    (0 = malignant, 1 = benign)
    /// ```
    static let cancer: BuiltinDataset = {
        let features = 30
        var examples: [[Double]] = []
        var labels: [Double] = []
        for line in lines(cancerRows) {
            // (1) Each field is parsed as Double(String) does (correctly rounded, as
            //     Python's float() that scikit-learn uses), so the bits match its arrays.
            let fields = line.split(separator: UInt8(ascii: ",")).map { Double(String(Substring($0))) }
            precondition(fields.count == features + 1 && fields.allSatisfy { $0 != nil },
                         "BuiltinDataset: malformed cancer row \(examples.count)")
            let values = fields.compactMap { $0 }
            examples.append(Array(values[..<features]))
            labels.append(values[features])
        }
        precondition(examples.count == 569, "BuiltinDataset: \(examples.count) cancer rows, not 569")
        return BuiltinDataset(
            x: columns(examples, features: features),
            y: Matrix(rows: 1, cols: labels.count, storage: labels),
            description: "Wisconsin diagnostic breast cancer (UCI, via scikit-learn): 30 features of the cell "
                + "nuclei in 569 biopsies\n  Y: 0 = malignant, 1 = benign (scikit-learn's labels). X is unscaled "
                + "(0 … 4254): scaling each\n  feature helps, e.g. divide each row of X by its largest value "
                + "(numpy: X / X.max(axis=1, keepdims=True))")
    }()
}
