#ifndef NNSTEP_PARALLEL_H
#define NNSTEP_PARALLEL_H

// Two threads for one kernel: the caller and a persistent worker.

/// A kernel's work cut in `parts` (1 or 2): part `part` of it, on `ctx`.
typedef void (*nn_job)(void *ctx, int part, int parts);

/// Runs job(ctx, 0, 2) on the calling thread and job(ctx, 1, 2) on the worker,
/// returning when both have ended; job(ctx, 0, 1) alone when `threads` < 2 or
/// no worker could be started. Calls from several threads run one at a time.
void nn_run(int threads, nn_job job, void *ctx);

/// Where the parts of one `nn_run` meet: each part's count of arrivals.
typedef struct { int arrived[2]; } nn_barrier;

/// Waits until every one of `parts` parts has arrived as often as `part` has.
void nn_barrier_wait(nn_barrier *b, int part, int parts);

#endif
