// libFuzzer's driver, for an executable whose main is its own: runs the fuzzer
// with the command line's options over `callback` (libFuzzer ≥ 11, linked by
// -sanitize=fuzzer). Only declared: nothing calls it without -DFUZZING.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*callback)(const uint8_t *data, size_t size));
