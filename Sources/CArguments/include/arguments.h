#ifndef NN_ARGUMENTS_H
#define NN_ARGUMENTS_H

/// The argc and argv the C runtime passed to the program, kept by a constructor before
/// main runs; 0 and NULL if the constructor was not called with them.
///
/// Swift's CommandLine.arguments reads /proc/self/cmdline on Linux, which is empty when
/// /proc is not mounted (a private mount namespace, a minimal container): nnstep would
/// then see no arguments at all.
int nn_argc(void);
char *const *nn_argv(void);

#endif
