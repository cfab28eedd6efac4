/// Widens stored numbers of any numpy numeric dtype to `Double`, exactly.
///
/// ```
/// float16/32/64, int8…int32, uint8…uint32, bool   ↦ the same number (exact)
/// int64, uint64                                   ↦ nearest Double (exact up to 2^53), as X.astype(np.float64)
/// ```
struct ElementDecoder {
    /// The bytes; elements start at `start`, packed.
    let raw: UnsafeRawBufferPointer
    let start: Int
    /// Stored most significant byte first.
    let bigEndian: Bool
}

// MARK: - Decoding

extension ElementDecoder {
    /// `count` elements of the given kind and size (a combination `NpyFormat.parseDescr` accepts).
    func decode(count: Int, kind: NpyHeader.Kind, size: Int) -> [Double] {
        precondition(start >= 0 && count >= 0 && start + count * size <= raw.count,
                     "ElementDecoder: \(count) elements of \(size) bytes do not fit")
        switch (kind, size) {
        case (.float, 2): return map(count, UInt16.self) { Self.widen(half: $0) }
        case (.float, 4): return map(count, UInt32.self) { Double(Float(bitPattern: $0)) }
        case (.float, 8): return map(count, UInt64.self) { Double(bitPattern: $0) }
        case (.signed, 1): return map(count, UInt8.self) { Double(Int8(bitPattern: $0)) }
        case (.signed, 2): return map(count, UInt16.self) { Double(Int16(bitPattern: $0)) }
        case (.signed, 4): return map(count, UInt32.self) { Double(Int32(bitPattern: $0)) }
        case (.signed, 8): return map(count, UInt64.self) { Double(Int64(bitPattern: $0)) }
        case (.unsigned, 1): return map(count, UInt8.self) { Double($0) }
        case (.unsigned, 2): return map(count, UInt16.self) { Double($0) }
        case (.unsigned, 4): return map(count, UInt32.self) { Double($0) }
        case (.unsigned, 8): return map(count, UInt64.self) { Double($0) }
        case (.bool, 1): return map(count, UInt8.self) { $0 == 0 ? 0 : 1 }
        default: preconditionFailure("ElementDecoder: unsupported kind \(kind) of \(size) bytes")
        }
    }

    /// Loads each element as the unsigned integer of its width, in host order, then converts.
    private func map<T: FixedWidthInteger & UnsignedInteger>(
        _ count: Int, _: T.Type, _ convert: (T) -> Double
    ) -> [Double] {
        let size = MemoryLayout<T>.size
        let swap = bigEndian != (1.bigEndian == 1)
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            for k in 0..<count {
                let stored = raw.loadUnaligned(fromByteOffset: start + k * size, as: T.self)
                out[k] = convert(swap ? stored.byteSwapped : stored)
            }
            initialized = count
        }
    }

    /// IEEE half precision ↦ Double, bit for bit as numpy's `npy_halfbits_to_doublebits`.
    ///
    /// ```
    /// normal:     (−1)^s · 2^(e−15) · (1 + f/1024)   ↦ exponent e − 15 + 1023, fraction f << 42
    /// subnormal:  (−1)^s · 2^(−24) · f               (exact in Double)
    /// inf / nan:  exponent 0x7FF, fraction f << 42   (payload kept)
    /// ```
    static func widen(half bits: UInt16) -> Double {
        let sign = UInt64(bits >> 15) << 63
        let exponent = UInt64((bits >> 10) & 0x1F)
        let fraction = UInt64(bits & 0x3FF)
        switch exponent {
        case 0:
            let magnitude = Double(fraction) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Double(bitPattern: sign | 0x7FF0_0000_0000_0000 | fraction << 42)
        default:
            return Double(bitPattern: sign | (exponent + 1023 - 15) << 52 | fraction << 42)
        }
    }
}
