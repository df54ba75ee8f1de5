/* intel_update.h - `otasuke-sensor intel update`: fetch configured threat lists over HTTPS. */
#ifndef OTASUKE_INTEL_UPDATE_H
#define OTASUKE_INTEL_UPDATE_H

/* argv[0] is "update" (the word after "intel"); options:
 *   --config FILE  lines "name https://url" (# comments)
 *   --dir DIR      where DIR/name is written atomically (temp file + rename)
 *   --ca FILE      extra CA bundle to trust (optional)
 *   --timeout S    per-download timeout in seconds (default 120)
 * A download that fails or does not parse as threat intelligence leaves the old file in place.
 * Returns the process exit code: 0 all lists updated, 1 some failed, 2 usage error. */
int intel_update_main(int argc, char **argv);

#endif
