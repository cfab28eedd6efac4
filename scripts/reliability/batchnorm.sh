# Batch norm: hostile shapes and values on a normalised layer must give an error (or a note
# about nan/inf) and never an abort, and a replay goes on after each. Caches set by hand in
# shapes forward does not make, a zero variance, huge inputs, names that look like a kind's,
# `batchnorm` against a missing network or layer, and an export of dropout's training on it.
# Sourced by scripts/test-reliability ($bin, $work, $root, pass, fail in scope).

bn="$work/batchnorm"
mkdir -p "$bn"

bn_case() {   # NAME EXPECTED-TEXT LINES...
    local name=$1 want=$2
    shift 2
    { printf '%s\n' 'dataset xor' 'net 2 3 1' 'batchnorm 1' 'init he seed 1'; printf '%s\n' "$@"; echo 'marker = [[7]]'; } \
        > "$bn/case.nnscript"
    out=$(cd "$bn" && "$bin" case.nnscript 2>&1); rc=$?
    if [ "$rc" -le 1 ] && grep -q -- "$want" <<<"$out" && grep -q "marker shape" <<<"$out" \
        && ! grep -q -E "Fatal error|Precondition|Illegal instruction|Segmentation" <<<"$out"; then
        pass "batchnorm: $name"
    else
        fail "batchnorm: $name: status $rc, $(grep -m1 -E 'error|Fatal|Precondition' <<<"$out" | head -c 300)"
    fi
}
bn_case "Zn set by hand with other columns" "but forward makes it" 'forward all' 'cost' 'Zn1 = zeros 3 7' 'backward all'
bn_case "Zt set by hand with other columns" 'Zt1 changed\|is (3, 9)' 'forward all' 'cost' 'backward 2' 'Zt1 = zeros 3 9' 'backward 1'
bn_case "var of the wrong shape" "must be (3, 1)" 'var1 = zeros 5 1'
bn_case "mu as a full matrix" "must be (3, 1)" 'mu1 = zeros 3 4'
bn_case "gamma of the wrong shape" "must be (3, 1)" 'gamma1 = [[1, 2]]'
bn_case "b on a normalised layer" "which has no b1" 'b1 = zeros 3 1'
bn_case "db on a normalised layer" "which has no db1" 'show db1'
bn_case "a negative variance by hand" "var1" 'forward all' 'cost' 'var1 = -1 * ones 3 1' 'backward all' 'show dZ1'
bn_case "a huge X" "is inf" 'X = X * 1e300' 'forward all'
bn_case "every example the same (σ² = 0)" "Zn1 shape" 'X = zeros 2 4' 'forward all'
bn_case "gamma0 is the learner's" "gamma0 shape" 'gamma0 = 1'
bn_case "a layer that does not exist" "layer 9 does not exist" 'batchnorm 9'
bn_case "ε of zero" "must be a small number > 0" 'batchnorm 1 eps 0'
bn_case "ε of inf" "must be a small number > 0" 'batchnorm 1 eps inf'
bn_case "trace on a normalised network" "trace follows one example" 'trace 0'
bn_case "explain an element outside" "is outside mu1" 'forward all' 'explain mu1[9,0]'
bn_case "export of train with dropout" "exported the session" 'dropout 0.5' 'train 2 0.1' 'export e.py'
