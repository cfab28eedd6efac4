#ifndef NNSTEP_CHDF5_SHIM_H
#define NNSTEP_CHDF5_SHIM_H

// libhdf5 (Debian's serial build, libhdf5-dev) behind small typed wrappers:
// Swift cannot import the H5T_NATIVE_* and H5P_DEFAULT macros nor pass a
// C callback to H5Ovisit, so each use nnstep makes is one function here.

#include <stddef.h>
#include <string.h>
#include <hdf5.h>

/// Turns off the library's printing of its error stack to stderr; errors
/// are reported through return values instead.
static inline void nn_h5_quiet(void) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/// Whether `path` is an HDF5 file: 1 yes, 0 no, negative on error.
static inline int nn_h5_is_hdf5(const char *path) {
    return (int)H5Fis_hdf5(path);
}

/// Opens a file read-only; negative on failure.
static inline hid_t nn_h5_open(const char *path) {
    return H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
}

static inline void nn_h5_close_file(hid_t file) { H5Fclose(file); }

/// Called once per dataset, with its path from the root without the leading "/".
typedef void (*nn_h5_dataset_fn)(const char *name, void *context);

struct nn_h5_visit_state {
    nn_h5_dataset_fn fn;
    void *context;
};

static inline herr_t nn_h5_visit_one(hid_t obj, const char *name,
                                     const H5O_info_t *info, void *data) {
    (void)obj;
    struct nn_h5_visit_state *state = (struct nn_h5_visit_state *)data;
    if (info->type == H5O_TYPE_DATASET) state->fn(name, state->context);
    return 0;
}

/// Calls `fn` for every dataset at any depth, in name order; negative on failure.
static inline int nn_h5_visit_datasets(hid_t file, nn_h5_dataset_fn fn, void *context) {
    struct nn_h5_visit_state state = { fn, context };
    return (int)H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, nn_h5_visit_one, &state);
}

/// Opens a dataset by path; negative on failure.
static inline hid_t nn_h5_open_dataset(hid_t file, const char *name) {
    return H5Dopen2(file, name, H5P_DEFAULT);
}

static inline void nn_h5_close_dataset(hid_t dataset) { H5Dclose(dataset); }

/// What a dataset's elements are.
enum {
    NN_H5_INTEGER = 0,
    NN_H5_FLOAT = 1,
    NN_H5_BOOL = 2,   // an enum over an integer, as h5py stores numpy bools
    NN_H5_OTHER = 3   // strings, compounds, references, …: not numeric
};

/// The class of a dataset's element type.
static inline int nn_h5_element_kind(hid_t dataset) {
    hid_t type = H5Dget_type(dataset);
    if (type < 0) return NN_H5_OTHER;
    int kind = NN_H5_OTHER;
    switch (H5Tget_class(type)) {
    case H5T_INTEGER: kind = NN_H5_INTEGER; break;
    case H5T_FLOAT: kind = NN_H5_FLOAT; break;
    case H5T_ENUM: {
        hid_t base = H5Tget_super(type);
        if (base >= 0) {
            if (H5Tget_class(base) == H5T_INTEGER) kind = NN_H5_BOOL;
            H5Tclose(base);
        }
        break;
    }
    default: break;
    }
    H5Tclose(type);
    return kind;
}

/// The dataset's rank (0 for a scalar), or negative on failure / a
/// dataspace that is not simple (e.g. null).
static inline int nn_h5_rank(hid_t dataset) {
    hid_t space = H5Dget_space(dataset);
    if (space < 0) return -1;
    int rank = -1;
    H5S_class_t cls = H5Sget_simple_extent_type(space);
    if (cls == H5S_SCALAR) rank = 0;
    else if (cls == H5S_SIMPLE) rank = H5Sget_simple_extent_ndims(space);
    H5Sclose(space);
    return rank;
}

/// Fills `dims[0..<rank]` with the dataset's current extent; negative on failure.
static inline int nn_h5_dims(hid_t dataset, unsigned long long *dims, int rank) {
    hid_t space = H5Dget_space(dataset);
    if (space < 0) return -1;
    int status = 0;
    if (rank > 0) {
        hsize_t tmp[H5S_MAX_RANK];
        if (rank > H5S_MAX_RANK || H5Sget_simple_extent_dims(space, tmp, NULL) != rank) status = -1;
        else for (int i = 0; i < rank; i++) dims[i] = (unsigned long long)tmp[i];
    }
    H5Sclose(space);
    return status;
}

/// Reads the whole dataset, in C order, converted by the library to native
/// doubles (integers and floats; exact for every float16/32 and for integers
/// up to 2^53). `out` must hold every element. Negative on failure.
static inline int nn_h5_read_doubles(hid_t dataset, double *out) {
    return (int)H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
}

/// Whether the dataset's elements are IEEE half floats (2 bytes: sign 15,
/// exponent 10–14 with bias 15, mantissa 0–9).
static inline int nn_h5_is_half(hid_t dataset) {
    hid_t type = H5Dget_type(dataset);
    if (type < 0) return 0;
    int half = 0;
    if (H5Tget_class(type) == H5T_FLOAT && H5Tget_size(type) == 2) {
        size_t spos, epos, esize, mpos, msize;
        if (H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) >= 0)
            half = spos == 15 && epos == 10 && esize == 5 && mpos == 0 && msize == 10 && H5Tget_ebias(type) == 15;
    }
    H5Tclose(type);
    return half;
}

/// Reads a half-float dataset's raw bit patterns in native byte order (the
/// library's own half-to-double conversion does not keep NaN payloads).
static inline int nn_h5_read_half_bits(hid_t dataset, unsigned short *out) {
    hid_t type = H5Dget_type(dataset);
    if (type < 0) return -1;
    hid_t mem = H5Tcopy(type);
    int status = -1;
    if (mem >= 0) {
        if (H5Tset_order(mem, H5Tget_order(H5T_NATIVE_USHORT)) >= 0)
            status = (int)H5Dread(dataset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
        H5Tclose(mem);
    }
    H5Tclose(type);
    return status;
}

/// Reads an enum-of-integer dataset (numpy bools) as native signed chars
/// holding the enum's integer values. Negative on failure.
static inline int nn_h5_read_bool_bytes(hid_t dataset, signed char *out) {
    hid_t type = H5Dget_type(dataset);
    if (type < 0) return -1;
    hid_t mem = H5Tenum_create(H5T_NATIVE_SCHAR);
    int status = -1;
    if (mem >= 0) {
        int n = H5Tget_nmembers(type);
        int ok = n >= 0;
        for (int i = 0; ok && i < n; i++) {
            char *name = H5Tget_member_name(type, (unsigned)i);
            long long value = 0;
            hid_t base = H5Tget_super(type);
            if (name == NULL || base < 0) ok = 0;
            else {
                // The member's value converted from the file's base type.
                unsigned char raw[16] = {0};
                if (H5Tget_size(base) > sizeof raw || H5Tget_member_value(type, (unsigned)i, raw) < 0) ok = 0;
                else if (H5Tconvert(base, H5T_NATIVE_LLONG, 1, raw, NULL, H5P_DEFAULT) < 0) ok = 0;
                else memcpy(&value, raw, sizeof value);
                signed char v = (signed char)value;
                if (ok && H5Tenum_insert(mem, name, &v) < 0) ok = 0;
            }
            if (base >= 0) H5Tclose(base);
            if (name != NULL) H5free_memory(name);
        }
        if (ok) status = (int)H5Dread(dataset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
        H5Tclose(mem);
    }
    H5Tclose(type);
    return status;
}

#endif
