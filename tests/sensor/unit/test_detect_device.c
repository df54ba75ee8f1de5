/* test_detect_device.c - the device store survives a restart, stays bounded, and vendors
 * come from the OUI registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device.h"
#include "oui.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/otasuke-devtest-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/devices.tsv", dir);
    unlink(p);
    rmdir(dir);
    return 0;
}

static void round_trip_keeps_every_field(void **state)
{
    (void)state;
    device_store *s = device_store_new(16);
    const uint8_t m1[6] = {0x00, 0x1b, 0x21, 0x01, 0x02, 0x03};
    const uint8_t m2[6] = {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
    bool created;
    device *d = device_touch(s, m1, 1700000000, &created);
    assert_true(created);
    strcpy(d->hostname, "JIMU-PC\twith\ttabs");
    strcpy(d->vendor, "Intel Corporate");
    strcpy(d->os, "Windows 7 / Server 2008 R2");
    device_add_ip(d, "192.168.1.10");
    device_add_ip(d, "192.168.1.11");
    device_add_ip(d, "fe80::1");
    d->alerted = true;
    device_touch(s, m1, 1700000500, &created);
    assert_false(created);
    device_touch(s, m2, 1700000100, NULL);
    device_set_learn_until(s, 1700086400);
    assert_int_equal(device_store_save(s, dir), 0);
    device_store_free(s);

    s = device_store_new(16);
    assert_int_equal(device_store_load(s, dir), 0);
    assert_int_equal(device_count(s), 2);
    assert_int_equal(device_learn_until(s), 1700086400);
    d = device_find(s, m1);
    assert_non_null(d);
    assert_string_equal(d->hostname, "JIMU-PC with tabs"); /* tabs cannot break the file */
    assert_string_equal(d->vendor, "Intel Corporate");
    assert_string_equal(d->os, "Windows 7 / Server 2008 R2");
    assert_string_equal(d->ips[0], "fe80::1");
    assert_string_equal(d->ips[1], "192.168.1.11");
    assert_string_equal(d->ips[2], "192.168.1.10");
    assert_int_equal(d->first_seen, 1700000000);
    assert_int_equal(d->last_seen, 1700000500);
    assert_true(d->alerted);
    d = device_find(s, m2);
    assert_non_null(d);
    assert_false(d->alerted);
    assert_ptr_equal(device_find_ip(s, "192.168.1.11"), device_find(s, m1));
    device_store_free(s);
}

static void missing_state_is_empty_and_garbage_is_skipped(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/devices.tsv", dir);
    unlink(p);
    device_store *s = device_store_new(4);
    assert_int_equal(device_store_load(s, dir), 0); /* no file yet */
    assert_int_equal(device_count(s), 0);
    FILE *fp = fopen(p, "w");
    fputs("# otasuke-sensor devices v1\nnot a line\nzz:zz:zz:zz:zz:zz\t1\t2\t0\t\t\t\t\n"
          "00:11:22:33:44:55\t10\t20\t1\tVendor\thost\tos\t10.0.0.5\n",
          fp);
    fclose(fp);
    assert_int_equal(device_store_load(s, dir), 0);
    assert_int_equal(device_count(s), 1);
    device_store_free(s);
}

static void store_is_bounded_and_forgets_the_oldest(void **state)
{
    (void)state;
    device_store *s = device_store_new(100);
    uint8_t m[6] = {0x00, 0x11, 0x22, 0, 0, 0};
    for (int i = 0; i < 1000; i++) {
        m[4] = (uint8_t)(i >> 8);
        m[5] = (uint8_t)i;
        assert_non_null(device_touch(s, m, 1000 + i, NULL));
    }
    assert_true(device_count(s) <= 100);
    assert_true(device_evicted(s) >= 900);
    assert_true(device_count(s) > 80);
    m[4] = 999 >> 8;
    m[5] = (uint8_t)999;
    assert_non_null(device_find(s, m));
    m[4] = 0;
    m[5] = 0;
    assert_null(device_find(s, m));
    device_store_free(s);
}

static void oui_lookup_names_vendors(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/oui.csv", dir);
    FILE *fp = fopen(p, "w");
    fputs("Registry,Assignment,Organization Name,Organization Address\n"
          "MA-L,001B21,Intel Corporate,Lot 8 Jalan\n"
          "MA-L,F0182B,\"Apple, Inc.\",1 Infinite Loop\n"
          "MA-M,ABCDEF1,Not a 24-bit prefix,x\n",
          fp);
    fclose(fp);
    oui_table *t = oui_load(p);
    unlink(p);
    assert_int_equal(oui_count(t), 2);
    const uint8_t intel[6] = {0x00, 0x1b, 0x21, 1, 2, 3}, apple[6] = {0xf0, 0x18, 0x2b, 9, 9, 9};
    const uint8_t randomized[6] = {0xf2, 0x18, 0x2b, 9, 9, 9}, unknown[6] = {0x00, 0, 1, 2, 3, 4};
    assert_string_equal(oui_lookup(t, intel), "Intel Corporate");
    assert_string_equal(oui_lookup(t, apple), "Apple, Inc.");
    assert_null(oui_lookup(t, randomized));
    assert_null(oui_lookup(t, unknown));
    oui_free(t);
}

static void oui_default_registry_loads(void **state)
{
    (void)state;
    /* ieee-data if installed, else the bundled subset: either way Apple is known. */
    oui_table *t = oui_load(NULL);
    assert_true(oui_count(t) > 1000);
    const uint8_t apple[6] = {0x60, 0x8b, 0x0e, 1, 2, 3};
    assert_non_null(oui_lookup(t, apple));
    assert_non_null(strstr(oui_lookup(t, apple), "Apple"));
    oui_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_keeps_every_field),
        cmocka_unit_test(missing_state_is_empty_and_garbage_is_skipped),
        cmocka_unit_test(store_is_bounded_and_forgets_the_oldest),
        cmocka_unit_test(oui_lookup_names_vendors),
        cmocka_unit_test(oui_default_registry_loads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
