// The second thread of the ordered kernels: one worker, started on first use,
// asleep between kernels, and a barrier between the parts of a kernel.
#include "parallel.h"
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

/// The worker's state, under `lock`: the job of call `posted`; `finished`
/// counts the calls whose second part has ended.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER, done = PTHREAD_COND_INITIALIZER;
static nn_job posted_job;
static void *posted_ctx;
static unsigned long posted, finished;
/// One caller at a time: a job owns the worker until both parts end.
static pthread_mutex_t callers = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int worker_started;

static void *nn_worker(void *unused) {
    (void)unused;
    unsigned long seen = 0;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (posted == seen) pthread_cond_wait(&wake, &lock);
        seen = posted;
        nn_job job = posted_job;
        void *ctx = posted_ctx;
        pthread_mutex_unlock(&lock);
        job(ctx, 1, 2);
        pthread_mutex_lock(&lock);
        finished = seen;
        pthread_cond_signal(&done);
    }
    return NULL;
}

static void nn_start_worker(void) {
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    worker_started = pthread_create(&thread, &attr, nn_worker, NULL) == 0;
    pthread_attr_destroy(&attr);
}

void nn_run(int threads, nn_job job, void *ctx) {
    if (threads >= 2) pthread_once(&once, nn_start_worker);
    if (threads < 2 || !worker_started) {
        job(ctx, 0, 1);
        return;
    }
    pthread_mutex_lock(&callers);
    pthread_mutex_lock(&lock);
    posted_job = job;
    posted_ctx = ctx;
    const unsigned long call = ++posted;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    job(ctx, 0, 2);
    pthread_mutex_lock(&lock);
    while (finished != call) pthread_cond_wait(&done, &lock);
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&callers);
}

/// Spins for a few microseconds (the other part normally runs on the other
/// core: `nn_run` gets two threads only when a core is idle), then sleeps on
/// the other part's count, so a part that shares a core does not hold it.
void nn_barrier_wait(nn_barrier *b, int part, int parts) {
    if (parts < 2) return;
    int *mine = &b->arrived[part], *other = &b->arrived[1 - part];
    const int arrival = __atomic_add_fetch(mine, 1, __ATOMIC_ACQ_REL);
    syscall(SYS_futex, mine, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    for (int spins = 0; spins < 2000; spins++) {
        if (__atomic_load_n(other, __ATOMIC_ACQUIRE) >= arrival) return;
#if defined(__x86_64__)
        __builtin_ia32_pause();
#endif
    }
    for (int seen; (seen = __atomic_load_n(other, __ATOMIC_ACQUIRE)) < arrival;)
        syscall(SYS_futex, other, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

/// One `nn_parallel_for`: the body, its context, and the next index to claim.
typedef struct {
    void (*body)(void *ctx, int index);
    void *ctx;
    int count;
    int next;
} nn_for_job;

/// Each part claims the next unclaimed index until none is left, so a part on a
/// busy core takes fewer of them; every index still runs whole on one thread.
static void nn_for_part(void *p, int part, int parts) {
    (void)part;
    (void)parts;
    nn_for_job *job = p;
    for (int i; (i = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED)) < job->count;)
        job->body(job->ctx, i);
}

void nn_parallel_for(int threads, int count, void (*body)(void *ctx, int index), void *ctx) {
    nn_for_job job = { body, ctx, count, 0 };
    nn_run(count > 1 ? threads : 1, nn_for_part, &job);
}
