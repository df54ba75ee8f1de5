/* test_tmpl.c - the template renderer escapes by context and refuses unsafe placements. */
#include "tmpl.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static char *render(const char *src, const char *json)
{
    static char out[4096];
    char err[256] = "";
    tmpl_set_t *s = tmpl_set_new();
    json_t *d = json_loads(json, 0, NULL);
    buf_t b;
    buf_init(&b);
    int rc = tmpl_add(s, "t", src, strlen(src), err, sizeof err);
    if (rc == 0)
        rc = tmpl_render(s, "t", d, NULL, NULL, &b, err, sizeof err);
    snprintf(out, sizeof out, "%s", rc == 0 ? buf_cstr(&b) : "ERROR");
    buf_free(&b);
    json_decref(d);
    tmpl_set_free(s);
    return out;
}

static bool compiles(const char *src)
{
    char err[256];
    tmpl_set_t *s = tmpl_set_new();
    int rc = tmpl_add(s, "t", src, strlen(src), err, sizeof err);
    tmpl_set_free(s);
    return rc == 0;
}

static void test_text_escaped(void **state)
{
    (void)state;
    assert_string_equal(render("<p>{{x}}</p>", "{\"x\":\"<script>alert('x')&\"}"),
                        "<p>&lt;script&gt;alert(&#39;x&#39;)&amp;</p>");
}

static void test_attribute_escaped(void **state)
{
    (void)state;
    assert_string_equal(render("<input value=\"{{x}}\">", "{\"x\":\"\\\" onfocus=\\\"alert(1)\"}"),
                        "<input value=\"&quot; onfocus=&quot;alert(1)\">");
}

static void test_url_attribute_filters_scheme(void **state)
{
    (void)state;
    assert_string_equal(render("<a href=\"{{u}}\">x</a>", "{\"u\":\"javascript:alert(1)\"}"),
                        "<a href=\"#\">x</a>");
    assert_string_equal(render("<a href=\"{{u}}\">x</a>", "{\"u\":\" JaVaScRiPt:alert(1)\"}"),
                        "<a href=\"#\">x</a>");
    assert_string_equal(
        render("<a href=\"{{u}}\">x</a>", "{\"u\":\"https://example.jp/?a=1&b=2\"}"),
        "<a href=\"https://example.jp/?a=1&amp;b=2\">x</a>");
    assert_string_equal(render("<a href=\"/w/{{id}}\">x</a>", "{\"id\":42}"),
                        "<a href=\"/w/42\">x</a>");
}

static void test_unsafe_contexts_refused(void **state)
{
    (void)state;
    assert_false(compiles("<script>var x = \"{{x}}\";</script>"));
    assert_false(compiles("<style>p { color: {{c}} }</style>"));
    assert_false(compiles("<a onclick=\"{{x}}\">"));
    assert_false(compiles("<a style=\"{{x}}\">"));
    assert_false(compiles("<input value={{x}}>"));
    assert_false(compiles("<input {{x}}>"));
    assert_false(compiles("{{raw body}}"));
    assert_false(compiles("{{#if x}}unterminated"));
    assert_false(compiles("{{/if}}"));
    assert_true(compiles("<script src=\"/static/a.js\"></script><p>{{x}}</p>"));
    assert_true(compiles("<input{{#if x}} checked{{/if}}>"));
}

static void test_blocks(void **state)
{
    (void)state;
    assert_string_equal(render("{{#each xs}}[{{@index}}:{{n}}]{{else}}none{{/each}}",
                               "{\"xs\":[{\"n\":\"a\"},{\"n\":\"b\"}]}"),
                        "[0:a][1:b]");
    assert_string_equal(render("{{#each xs}}x{{else}}none{{/each}}", "{\"xs\":[]}"), "none");
    assert_string_equal(render("{{#if a}}y{{else}}n{{/if}}{{#unless a}}U{{/unless}}", "{\"a\":0}"),
                        "nU");
    assert_string_equal(render("{{#eq s \"x\"}}same{{else}}diff{{/eq}}", "{\"s\":\"x\"}"), "same");
    assert_string_equal(render("{{#each xs}}{{#eq . sel}}*{{/eq}}{{.}}{{/each}}",
                               "{\"xs\":[\"a\",\"b\"],\"sel\":\"b\"}"),
                        "a*b");
    /* outer scope visible inside each */
    assert_string_equal(render("{{#each xs}}{{p}}{{.}}{{/each}}", "{\"xs\":[1,2],\"p\":\"-\"}"),
                        "-1-2");
}

static void test_raw_for_trusted_html(void **state)
{
    (void)state;
    assert_string_equal(render("<div>{{raw html_chart}}</div>", "{\"html_chart\":\"<svg/>\"}"),
                        "<div><svg/></div>");
}

static const char *fake_tr(void *ctx, const char *msgid)
{
    (void)ctx;
    return strcmp(msgid, "Hello {name}") == 0 ? "こんにちは {name} さん" : msgid;
}

static void test_translation_placeholders_escaped(void **state)
{
    (void)state;
    char err[256];
    tmpl_set_t *s = tmpl_set_new();
    const char *src = "<p>{{t \"Hello {name}\"}}</p>";
    assert_int_equal(tmpl_add(s, "t", src, strlen(src), err, sizeof err), 0);
    json_t *d = json_pack("{s:s}", "name", "<b>");
    buf_t b;
    buf_init(&b);
    assert_int_equal(tmpl_render(s, "t", d, fake_tr, NULL, &b, err, sizeof err), 0);
    assert_string_equal(buf_cstr(&b), "<p>こんにちは &lt;b&gt; さん</p>");
    buf_free(&b);
    json_decref(d);
    tmpl_set_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_escaped),
        cmocka_unit_test(test_attribute_escaped),
        cmocka_unit_test(test_url_attribute_filters_scheme),
        cmocka_unit_test(test_unsafe_contexts_refused),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_raw_for_trusted_html),
        cmocka_unit_test(test_translation_placeholders_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
