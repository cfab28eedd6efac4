#ifndef NNSTEP_CEDITLINE_SHIM_H
#define NNSTEP_CEDITLINE_SHIM_H

// Typed wrappers for the parts of libedit nnstep uses. el_set, el_get and
// history are variadic, which Swift cannot call; each wrapper fixes one
// operation's argument types. The standard streams are returned by functions
// because Swift 6 rejects C's mutable globals.

#include <stdio.h>
#include <histedit.h>

typedef char *(*nn_el_prompt_fn)(EditLine *);
typedef unsigned char (*nn_el_command_fn)(EditLine *, int);

// MARK: - Standard streams

static inline FILE *nn_stdin(void) { return stdin; }
static inline FILE *nn_stdout(void) { return stdout; }
static inline FILE *nn_stderr(void) { return stderr; }

// MARK: - Editor

/// The prompt callback; `escape` brackets invisible sequences (colour codes).
static inline int nn_el_set_prompt(EditLine *el, nn_el_prompt_fn prompt, char escape) {
    return el_set(el, EL_PROMPT_ESC, prompt, escape);
}

/// "emacs" or "vi" key bindings.
static inline int nn_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/// Whether libedit restores the terminal around signals during el_gets.
static inline int nn_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

/// Up and Down browse `hist`.
static inline int nn_el_set_history(EditLine *el, History *hist) {
    return el_set(el, EL_HIST, history, hist);
}

/// Registers a named editor command implemented by `fn`.
static inline int nn_el_add_function(EditLine *el, const char *name, const char *help,
                                     nn_el_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

/// Binds `key` (e.g. "^I") to the editor command `command`.
static inline int nn_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

/// The pointer callbacks use to reach their Swift owner.
static inline int nn_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *nn_el_get_client_data(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

// MARK: - History

static inline int nn_history_set_size(History *hist, int size) {
    HistEvent event;
    return history(hist, &event, H_SETSIZE, size);
}

/// With `on`, an entry equal to the newest one is not stored again.
static inline int nn_history_set_unique(History *hist, int on) {
    HistEvent event;
    return history(hist, &event, H_SETUNIQUE, on);
}

static inline int nn_history_enter(History *hist, const char *line) {
    HistEvent event;
    return history(hist, &event, H_ENTER, line);
}

/// The newest entry, or NULL when the history is empty.
static inline const char *nn_history_first(History *hist) {
    HistEvent event;
    return history(hist, &event, H_FIRST) == 0 ? event.str : NULL;
}

/// The entry older than the last one returned, or NULL at the oldest.
static inline const char *nn_history_next(History *hist) {
    HistEvent event;
    return history(hist, &event, H_NEXT) == 0 ? event.str : NULL;
}

#endif
