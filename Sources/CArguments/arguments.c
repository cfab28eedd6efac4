#include "arguments.h"

static int saved_argc = 0;
static char *const *saved_argv = 0;

// glibc calls the functions of .init_array with (argc, argv, envp), for the
// executable as for shared objects, before main.
__attribute__((constructor))
static void nn_keep_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    saved_argc = argc;
    saved_argv = argv;
}

int nn_argc(void) { return saved_argc; }

char *const *nn_argv(void) { return saved_argv; }
