// OpenBLAS's C interface (cblas_sgemm, cblas_dgemm, ...). The include path comes from pkg-config `openblas`.
#include <cblas.h>
