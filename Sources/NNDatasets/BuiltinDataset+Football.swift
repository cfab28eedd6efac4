import NNCore

// MARK: - Football

extension BuiltinDataset {
    /// The file the regularisation assignment's data is read from.
    static let footballFile = "football.csv"
    /// Its rows: the training set first, then the test set.
    static let footballTrainCount = 211
    static let footballTestCount = 200
    static let footballTable = "411 rows pos_x,pos_y,team with team 0 or 1 (211 to train, then 200 to test)"

    /// The regularisation assignment's `load_2D_dataset()` from football.csv's table
    /// (header `pos_x,pos_y,team`, one row per point), or nil if the table has another shape
    /// or a label that is not 0 or 1.
    ///
    /// ```
    /// X      = table[0:211, 0:2].T     Y      = table[0:211, 2]      (2×211, 1×211)
    /// X_test = table[211:,  0:2].T     Y_test = table[211:,  2]      (2×200, 1×200)
    /// ```
    static func football(table: Matrix) -> BuiltinDataset? {
        let train = footballTrainCount, test = footballTestCount
        guard table.rows == train + test, table.cols == 3 else { return nil }
        for i in 0..<table.rows where table[i, 2] != 0 && table[i, 2] != 1 { return nil }
        func split(_ rows: Range<Int>) -> (x: Matrix, y: Matrix) {
            var x = Matrix.zeros(2, rows.count)
            var y = Matrix.zeros(1, rows.count)
            for (k, i) in rows.enumerated() {
                x[0, k] = table[i, 0]
                x[1, k] = table[i, 1]
                y[0, k] = table[i, 2]
            }
            return (x, y)
        }
        let a = split(0..<train), b = split(train..<(train + test))
        return BuiltinDataset(
            x: a.x, y: a.y, xTest: b.x, yTest: b.y,
            description: "the regularisation assignment's football field: where the goalkeeper kicked the\n"
                + "  ball, Y = 1 if a player of the same team headed it; 211 points to train, 200 to test")
    }
}
