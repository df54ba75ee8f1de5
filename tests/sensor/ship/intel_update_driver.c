/* intel_update_driver.c - runs intel_update_main like `otasuke-sensor intel update ...`. */
#include "intel_update.h"

int main(int argc, char **argv)
{
    return intel_update_main(argc - 1, argv + 1);
}
