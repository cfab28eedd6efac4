import NNLanguage
/// numpy's `isclose` rule for one element, which `expect` and its diagnosis both apply:
///
/// ```
/// x == e   or   |x − e| ≤ atol + rtol·|e|
/// ```
/// (so equal infinities match, and a nan never matches).
func isClose(_ x: Double, _ e: Double, atol: Double, rtol: Double) -> Bool {
    x == e || Swift.abs(x - e) <= atol + rtol * Swift.abs(e)
}
