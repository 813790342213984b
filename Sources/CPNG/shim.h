// libpng's C interface, used to write and read PNG images.
#include <png.h>
