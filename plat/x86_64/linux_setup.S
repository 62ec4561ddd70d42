/* The bzImage's real-mode setup sectors (linux_setup.inc). */
#define LINUX_SETUP_SECTION .linux_setup
#include "linux_setup.inc"
