/* policy_blocks.h - a policy's text as blocks for pages and PDF (no web dependencies, so that
 * the fuzz target can build it alone). */
#ifndef OTASUKE_POLICY_BLOCKS_H
#define OTASUKE_POLICY_BLOCKS_H

#include <jansson.h>

/* The body split into blocks [{"type": "h2"|"p", "text"}]: paragraphs are separated by blank
 * lines ("\n\n" or "\r\n\r\n"); a paragraph whose first line is numbered ("1. ...", at most
 * two digits, under 120 bytes) and followed by more text becomes a heading plus a paragraph.
 * Trailing blanks are dropped and empty blocks are skipped. body must be valid UTF-8 (form and
 * JSON input are); texts that are not are left out. Never NULL. */
json_t *policy_blocks(const char *body);

#endif
