// zlib's C interface, used to read `.gz` files in process.
#include <zlib.h>
