/* sbom.c - `ward sbom TARGET`: placeholder replaced below in this session. */
#include "cli/cli.h"
#include <stdio.h>
int ward_cmd_sbom(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ward: sbom: not built yet\n");
    return WARD_EXIT_ERROR;
}
