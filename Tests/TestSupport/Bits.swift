/// The float64 with the bit pattern `hex` (numpy's `x.view(np.uint64)` in hexadecimal), or nil.
package func double(bits hex: String) -> Double? {
    UInt64(hex, radix: 16).map(Double.init(bitPattern:))
}

/// The bit pattern of `x` as 16 hexadecimal digits, as the fixtures write it.
package func hexBits(_ x: Double) -> String {
    let s = String(x.bitPattern, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}

/// FNV-1a over the 64-bit patterns: h = (h xor w) · 0x100000001b3, from 0xcbf29ce484222325.
package func fnv1a(_ values: [Double]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for v in values { h = (h ^ v.bitPattern) &* 0x0000_0100_0000_01B3 }
    return h
}
