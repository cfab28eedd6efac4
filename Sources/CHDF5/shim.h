#ifndef NNSTEP_CHDF5_SHIM_H
#define NNSTEP_CHDF5_SHIM_H

// libhdf5 (Debian's serial build, libhdf5-dev) behind small typed wrappers.
//
// The library is opened with dlopen on the first .h5 file, not linked:
// linking it (with libcurl, OpenSSL, Kerberos behind it) would add about
// 10 ms to every start of nnstep. The header still supplies the types, and
// every function is reached through the table `struct nn_h5`. Swift cannot
// import the H5T_NATIVE_* macros nor pass a C callback to H5Ovisit, so each
// use nnstep makes is one function here.

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>
#if __has_include(<hdf5/serial/hdf5.h>)
#include <hdf5/serial/hdf5.h>   // Debian's serial build
#else
#include <hdf5.h>
#endif

#define NN_H5_STR2(x) #x
#define NN_H5_STR(x) NN_H5_STR2(x)

// Every libhdf5 function used; a versioned macro name expands to its symbol.
#define NN_H5_FUNCTIONS(X) \
    X(H5open) X(H5get_libversion) X(H5Eset_auto2) X(H5Fis_hdf5) X(H5Fopen) X(H5Fclose) \
    X(H5Ovisit) X(H5Dopen2) X(H5Dclose) X(H5Dget_type) X(H5Dget_space) X(H5Dread) \
    X(H5Tget_class) X(H5Tget_super) X(H5Tclose) X(H5Tget_size) X(H5Tget_fields) \
    X(H5Tget_ebias) X(H5Tcopy) X(H5Tset_order) X(H5Tget_order) X(H5Tconvert) \
    X(H5Sget_simple_extent_type) \
    X(H5Sget_simple_extent_ndims) X(H5Sget_simple_extent_dims) X(H5Sclose) \
    X(H5Tget_precision) X(H5Tget_offset) X(H5Dget_create_plist) X(H5Pget_external_count) \
    X(H5Pget_layout) X(H5Pclose)

/// The loaded library: one pointer per function, and the native types.
struct nn_h5 {
#define NN_H5_FIELD(name) __typeof__(&name) p_##name;
    NN_H5_FUNCTIONS(NN_H5_FIELD)
#undef NN_H5_FIELD
    hid_t native_double, native_schar, native_llong, native_ushort;
};

/// Opens libhdf5 and fills `h`; NULL on success, else why it failed.
static inline const char *nn_h5_load(struct nn_h5 *h) {
    static const char *const names[] = {
        "libhdf5_serial.so", "libhdf5_serial.so.103", "libhdf5.so",
        "/usr/lib/x86_64-linux-gnu/hdf5/serial/libhdf5.so",
        "/usr/lib/aarch64-linux-gnu/hdf5/serial/libhdf5.so",
    };
    void *lib = NULL;
    for (size_t i = 0; lib == NULL && i < sizeof names / sizeof names[0]; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) return "libhdf5 is not installed (apt-get install libhdf5-dev)";
#define NN_H5_LOAD(name) \
    h->p_##name = (__typeof__(&name))dlsym(lib, NN_H5_STR(name)); \
    if (h->p_##name == NULL) return "libhdf5 lacks " NN_H5_STR(name);
    NN_H5_FUNCTIONS(NN_H5_LOAD)
#undef NN_H5_LOAD
    unsigned major = 0, minor = 0, release = 0;
    if (h->p_H5get_libversion(&major, &minor, &release) < 0 ||
        major != H5_VERS_MAJOR || minor != H5_VERS_MINOR)
        return "the installed libhdf5 is not the version nnstep was built with (" H5_VERS_INFO ")";
    if (h->p_H5open() < 0) return "libhdf5 failed to initialise";
    h->p_H5Eset_auto2(H5E_DEFAULT, NULL, NULL);   // errors come back as return values
    const hid_t *d = (const hid_t *)dlsym(lib, "H5T_NATIVE_DOUBLE_g");
    const hid_t *c = (const hid_t *)dlsym(lib, "H5T_NATIVE_SCHAR_g");
    const hid_t *l = (const hid_t *)dlsym(lib, "H5T_NATIVE_LLONG_g");
    const hid_t *u = (const hid_t *)dlsym(lib, "H5T_NATIVE_USHORT_g");
    if (d == NULL || c == NULL || l == NULL || u == NULL) return "libhdf5 lacks the native types";
    h->native_double = *d;
    h->native_schar = *c;
    h->native_llong = *l;
    h->native_ushort = *u;
    return NULL;
}

// MARK: - Files

/// Whether `path` is an HDF5 file: 1 yes, 0 no, negative on error.
static inline int nn_h5_is_hdf5(const struct nn_h5 *h, const char *path) {
    return (int)h->p_H5Fis_hdf5(path);
}

/// Opens a file read-only; negative on failure.
static inline hid_t nn_h5_open(const struct nn_h5 *h, const char *path) {
    return h->p_H5Fopen(path, 0x0000u /* H5F_ACC_RDONLY */, H5P_DEFAULT);
}

static inline void nn_h5_close_file(const struct nn_h5 *h, hid_t file) { h->p_H5Fclose(file); }

/// Called once per dataset, with its path from the root without the leading "/".
typedef void (*nn_h5_dataset_fn)(const char *name, void *context);

/// The most objects listed and the deepest group nesting followed: a file past either
/// is refused (2,000 nested groups took libhdf5 54 s to visit).
enum { NN_H5_MAX_OBJECTS = 100000, NN_H5_MAX_DEPTH = 32 };

struct nn_h5_visit_state {
    nn_h5_dataset_fn fn;
    void *context;
    long objects;
};

static inline herr_t nn_h5_visit_one(hid_t obj, const char *name, const H5O_info_t *info, void *data) {
    (void)obj;
    struct nn_h5_visit_state *state = (struct nn_h5_visit_state *)data;
    int depth = 0;
    for (const char *c = name; *c; c++) depth += *c == '/';
    if (++state->objects > NN_H5_MAX_OBJECTS || depth >= NN_H5_MAX_DEPTH) return 1;   // stop: too big
    if (info->type == H5O_TYPE_DATASET) state->fn(name, state->context);
    return 0;
}

/// Calls `fn` for every dataset at any depth, in name order (hard links only: H5Ovisit
/// never follows external or soft links); negative on failure, 1 when the file has more
/// objects or deeper groups than the bounds above.
static inline int nn_h5_visit_datasets(const struct nn_h5 *h, hid_t file, nn_h5_dataset_fn fn, void *context) {
    struct nn_h5_visit_state state = { fn, context, 0 };
    return (int)h->p_H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, nn_h5_visit_one, &state);
}

// MARK: - Datasets

/// Opens a dataset by path; negative on failure.
static inline hid_t nn_h5_open_dataset(const struct nn_h5 *h, hid_t file, const char *name) {
    return h->p_H5Dopen2(file, name, H5P_DEFAULT);
}

static inline void nn_h5_close_dataset(const struct nn_h5 *h, hid_t dataset) { h->p_H5Dclose(dataset); }

/// What a dataset's elements are.
enum {
    NN_H5_INTEGER = 0,
    NN_H5_FLOAT = 1,
    NN_H5_ENUM = 2,       // an enum over an integer (h5py's numpy bools): read as its integer values
    NN_H5_OTHER = 3,      // strings, compounds, references, …: not numeric
    NN_H5_DAMAGED = 4     // a number type whose fields do not fit its size (libhdf5 would crash)
};

/// Whether an integer type's bits lie inside its size: offset + precision ≤ 8·size,
/// precision ≥ 1, size 1, 2, 4 or 8. libhdf5 1.10 smashes its stack or faults on others.
static inline int nn_h5_integer_is_sound(const struct nn_h5 *h, hid_t type) {
    size_t size = h->p_H5Tget_size(type), precision = h->p_H5Tget_precision(type);
    int offset = h->p_H5Tget_offset(type);
    if (!(size == 1 || size == 2 || size == 4 || size == 8)) return 0;
    return precision >= 1 && offset >= 0 && (size_t)offset + precision <= 8 * size;
}

/// Whether a float type's sign, exponent and mantissa lie inside its size, with sizes
/// libhdf5 converts (2, 4 or 8 bytes).
static inline int nn_h5_float_is_sound(const struct nn_h5 *h, hid_t type) {
    size_t size = h->p_H5Tget_size(type), precision = h->p_H5Tget_precision(type);
    int offset = h->p_H5Tget_offset(type);
    size_t spos, epos, esize, mpos, msize, bits = 8 * size;
    if (!(size == 2 || size == 4 || size == 8)) return 0;
    if (h->p_H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) < 0) return 0;
    return precision >= 1 && offset >= 0 && (size_t)offset + precision <= bits &&
           spos < bits && esize >= 1 && esize < 32 && epos + esize <= bits &&
           msize >= 1 && mpos + msize <= bits;
}

/// The class of a dataset's element type, after checking that its fields are sound.
static inline int nn_h5_element_kind(const struct nn_h5 *h, hid_t dataset) {
    hid_t type = h->p_H5Dget_type(dataset);
    if (type < 0) return NN_H5_OTHER;
    int kind = NN_H5_OTHER;
    switch (h->p_H5Tget_class(type)) {
    case H5T_INTEGER: kind = nn_h5_integer_is_sound(h, type) ? NN_H5_INTEGER : NN_H5_DAMAGED; break;
    case H5T_FLOAT: kind = nn_h5_float_is_sound(h, type) ? NN_H5_FLOAT : NN_H5_DAMAGED; break;
    case H5T_ENUM: {
        hid_t base = h->p_H5Tget_super(type);
        if (base >= 0) {
            if (h->p_H5Tget_class(base) == H5T_INTEGER)
                kind = nn_h5_integer_is_sound(h, base) && h->p_H5Tget_size(type) == h->p_H5Tget_size(base)
                    ? NN_H5_ENUM : NN_H5_DAMAGED;
            h->p_H5Tclose(base);
        }
        break;
    }
    default: break;
    }
    h->p_H5Tclose(type);
    return kind;
}

/// 0 when the dataset's data lies in the file itself; 1 for external raw storage, 2 for a
/// virtual dataset (either would make libhdf5 open other paths); negative on failure.
static inline int nn_h5_storage_elsewhere(const struct nn_h5 *h, hid_t dataset) {
    hid_t plist = h->p_H5Dget_create_plist(dataset);
    if (plist < 0) return -1;
    int status = 0;
    if (h->p_H5Pget_external_count(plist) != 0) status = 1;
    else if (h->p_H5Pget_layout(plist) == H5D_VIRTUAL) status = 2;
    h->p_H5Pclose(plist);
    return status;
}

/// The dataset's rank (0 for a scalar), or negative on failure or a
/// dataspace that is not simple (e.g. null).
static inline int nn_h5_rank(const struct nn_h5 *h, hid_t dataset) {
    hid_t space = h->p_H5Dget_space(dataset);
    if (space < 0) return -1;
    int rank = -1;
    H5S_class_t cls = h->p_H5Sget_simple_extent_type(space);
    if (cls == H5S_SCALAR) rank = 0;
    else if (cls == H5S_SIMPLE) rank = h->p_H5Sget_simple_extent_ndims(space);
    h->p_H5Sclose(space);
    return rank;
}

/// Fills `dims[0..<rank]` with the dataset's current extent; negative on failure.
static inline int nn_h5_dims(const struct nn_h5 *h, hid_t dataset, unsigned long long *dims, int rank) {
    hid_t space = h->p_H5Dget_space(dataset);
    if (space < 0) return -1;
    int status = 0;
    if (rank > 0) {
        hsize_t tmp[H5S_MAX_RANK];
        if (rank > H5S_MAX_RANK || h->p_H5Sget_simple_extent_dims(space, tmp, NULL) != rank) status = -1;
        else for (int i = 0; i < rank; i++) dims[i] = (unsigned long long)tmp[i];
    }
    h->p_H5Sclose(space);
    return status;
}

// MARK: - Reading

/// Reads the whole dataset, in C order, converted by the library to native
/// doubles (integers and floats of any width and byte order). `out` must
/// hold every element. Negative on failure.
static inline int nn_h5_read_doubles(const struct nn_h5 *h, hid_t dataset, double *out) {
    return (int)h->p_H5Dread(dataset, h->native_double, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
}

/// Whether the dataset's elements are IEEE half floats (2 bytes: sign 15,
/// exponent 10–14 with bias 15, mantissa 0–9).
static inline int nn_h5_is_half(const struct nn_h5 *h, hid_t dataset) {
    hid_t type = h->p_H5Dget_type(dataset);
    if (type < 0) return 0;
    int half = 0;
    if (h->p_H5Tget_class(type) == H5T_FLOAT && h->p_H5Tget_size(type) == 2) {
        size_t spos, epos, esize, mpos, msize;
        if (h->p_H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) >= 0)
            half = spos == 15 && epos == 10 && esize == 5 && mpos == 0 && msize == 10 &&
                   h->p_H5Tget_ebias(type) == 15;
    }
    h->p_H5Tclose(type);
    return half;
}

/// Reads a half-float dataset's raw bit patterns in native byte order (the
/// library's own half-to-double conversion does not keep NaN payloads).
static inline int nn_h5_read_half_bits(const struct nn_h5 *h, hid_t dataset, unsigned short *out) {
    hid_t type = h->p_H5Dget_type(dataset);
    if (type < 0) return -1;
    hid_t mem = h->p_H5Tcopy(type);
    int status = -1;
    if (mem >= 0) {
        if (h->p_H5Tset_order(mem, h->p_H5Tget_order(h->native_ushort)) >= 0)
            status = (int)h->p_H5Dread(dataset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
        h->p_H5Tclose(mem);
    }
    h->p_H5Tclose(type);
    return status;
}

/// Reads an enum-of-integer dataset as the enum's integer values, widened to doubles:
/// the raw values are read in the file's own type (no conversion), then converted in
/// place from the base integer type to double. `out` holds `count` doubles.
static inline int nn_h5_read_enum_doubles(const struct nn_h5 *h, hid_t dataset, double *out, size_t count) {
    hid_t type = h->p_H5Dget_type(dataset);
    if (type < 0) return -1;
    hid_t base = h->p_H5Tget_super(type);
    int status = -1;
    if (base >= 0 && h->p_H5Tget_size(base) <= sizeof(double) &&
        h->p_H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0 &&
        h->p_H5Tconvert(base, h->native_double, count, out, NULL, H5P_DEFAULT) >= 0)
        status = 0;
    if (base >= 0) h->p_H5Tclose(base);
    h->p_H5Tclose(type);
    return status;
}

#endif
