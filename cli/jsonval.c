/* SPDX-License-Identifier: MIT */
/*
 * jsonval.c - a strict recursive-descent JSON reader (RFC 8259) for the
 * journal.  The input is untrusted (a file anyone with the account may
 * edit): depth is bounded, \u0000 and invalid escapes are refused, and
 * every allocation failure is a parse failure.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonval.h"
#include "output.h"

#define JV_DEPTH 32

struct p {
    const char *s, *end;
    int depth;
};

static void ws(struct p *p)
{
    while (p->s < p->end && strchr(" \t\r\n", *p->s) && *p->s)
        p->s++;
}

static bool lit(struct p *p, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, w, n))
        return false;
    p->s += n;
    return true;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

static char *put_utf8(char *q, uint32_t c)
{
    if (c < 0x80) {
        *q++ = (char)c;
    } else if (c < 0x800) {
        *q++ = (char)(0xc0 | c >> 6);
        *q++ = (char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        *q++ = (char)(0xe0 | c >> 12);
        *q++ = (char)(0x80 | ((c >> 6) & 0x3f));
        *q++ = (char)(0x80 | (c & 0x3f));
    } else {
        *q++ = (char)(0xf0 | c >> 18);
        *q++ = (char)(0x80 | ((c >> 12) & 0x3f));
        *q++ = (char)(0x80 | ((c >> 6) & 0x3f));
        *q++ = (char)(0x80 | (c & 0x3f));
    }
    return q;
}

/* A string at p->s (its opening quote); malloc'd, or NULL. */
static char *string(struct p *p)
{
    const char *s = p->s + 1;
    char *out, *q;

    /* Escapes only shrink: the raw length bounds the result. */
    if (!(out = q = malloc((size_t)(p->end - p->s) + 1)))
        return NULL;
    while (s < p->end && *s != '"') {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20)
            goto bad;
        if (c != '\\') {
            *q++ = *s++;
            continue;
        }
        if (++s >= p->end)
            goto bad;
        switch (*s) {
        case '"':
        case '\\':
        case '/': *q++ = *s; break;
        case 'b': *q++ = '\b'; break;
        case 'f': *q++ = '\f'; break;
        case 'n': *q++ = '\n'; break;
        case 'r': *q++ = '\r'; break;
        case 't': *q++ = '\t'; break;
        case 'u': {
            int u = p->end - s > 4 ? hex4(s + 1) : -1;
            uint32_t cp = (uint32_t)u;
            if (u <= 0)
                goto bad;
            s += 4;
            if (u >= 0xd800 && u <= 0xdbff) {
                int lo = p->end - s > 6 && s[1] == '\\' && s[2] == 'u'
                             ? hex4(s + 3)
                             : -1;
                if (lo < 0xdc00 || lo > 0xdfff)
                    goto bad;
                cp = 0x10000 + (((uint32_t)u - 0xd800) << 10) +
                     ((uint32_t)lo - 0xdc00);
                s += 6;
            } else if (u >= 0xdc00 && u <= 0xdfff) {
                goto bad;
            }
            q = put_utf8(q, cp);
            break;
        }
        default: goto bad;
        }
        s++;
    }
    if (s >= p->end)
        goto bad;
    *q = '\0';
    p->s = s + 1;
    return out;
bad:
    free(out);
    return NULL;
}

static bool value(struct p *p, struct jv *v);

static bool grow(struct jv *v, bool obj)
{
    size_t n = v->n + 1;
    struct jv *items = realloc(v->items, n * sizeof(*items));
    if (!items)
        return false;
    v->items = items;
    memset(&items[v->n], 0, sizeof(*items));
    if (obj) {
        char **keys = realloc(v->keys, n * sizeof(*keys));
        if (!keys)
            return false;
        v->keys = keys;
        keys[v->n] = NULL;
    }
    v->n = n;
    return true;
}

static bool container(struct p *p, struct jv *v, bool obj)
{
    char close = obj ? '}' : ']';

    v->type = obj ? JV_OBJ : JV_ARR;
    p->s++;
    ws(p);
    if (p->s < p->end && *p->s == close) {
        p->s++;
        return true;
    }
    for (;;) {
        if (!grow(v, obj))
            return false;
        ws(p);
        if (obj) {
            if (p->s >= p->end || *p->s != '"' ||
                !(v->keys[v->n - 1] = string(p)))
                return false;
            ws(p);
            if (p->s >= p->end || *p->s++ != ':')
                return false;
        }
        if (!value(p, &v->items[v->n - 1]))
            return false;
        ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            return true;
        }
        return false;
    }
}

static bool number(struct p *p, struct jv *v)
{
    char buf[64], *e;
    size_t n = 0;

    while (p->s + n < p->end && p->s[n] && strchr("-+0123456789.eE", p->s[n]))
        n++;
    if (n == 0 || n >= sizeof(buf))
        return false;
    memcpy(buf, p->s, n);
    buf[n] = '\0';
    v->type = JV_NUM;
    v->num = strtod(buf, &e);
    p->s += n;
    return *e == '\0';
}

static bool value(struct p *p, struct jv *v)
{
    bool ok;

    ws(p);
    if (p->s >= p->end || ++p->depth > JV_DEPTH)
        return false;
    switch (*p->s) {
    case '{': ok = container(p, v, true); break;
    case '[': ok = container(p, v, false); break;
    case '"':
        v->type = JV_STR;
        ok = (v->str = string(p)) != NULL;
        break;
    case 't':
        v->type = JV_BOOL;
        v->b = true;
        ok = lit(p, "true");
        break;
    case 'f':
        v->type = JV_BOOL;
        ok = lit(p, "false");
        break;
    case 'n':
        v->type = JV_NULL;
        ok = lit(p, "null");
        break;
    default: ok = number(p, v);
    }
    p->depth--;
    return ok;
}

static void clear(struct jv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        clear(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
}

void jv_free(struct jv *v)
{
    if (v)
        clear(v);
    free(v);
}

struct jv *jv_parse(const char *text, size_t len)
{
    struct p p = { text, text + len, 0 };
    struct jv *v = calloc(1, sizeof(*v));

    /* A NUL inside would end the strings early: not JSON text. */
    if (!v || memchr(text, '\0', len)) {
        free(v);
        return NULL;
    }
    if (!value(&p, v) || (ws(&p), p.s != p.end)) {
        jv_free(v);
        return NULL;
    }
    return v;
}

const struct jv *jv_get(const struct jv *v, const char *key)
{
    for (size_t i = 0; v && v->type == JV_OBJ && i < v->n; i++)
        if (!strcmp(v->keys[i], key))
            return &v->items[i];
    return NULL;
}

const char *jv_str(const struct jv *v, const char *key)
{
    const struct jv *m = jv_get(v, key);
    return m && m->type == JV_STR ? m->str : NULL;
}

void jv_write(const struct jv *v, FILE *fp)
{
    switch (v->type) {
    case JV_NULL: fputs("null", fp); break;
    case JV_BOOL: fputs(v->b ? "true" : "false", fp); break;
    case JV_NUM: fprintf(fp, "%.17g", v->num); break;
    case JV_STR: json_string(fp, v->str); break;
    case JV_ARR:
    case JV_OBJ:
        fputc(v->type == JV_OBJ ? '{' : '[', fp);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                fputc(',', fp);
            if (v->type == JV_OBJ) {
                json_string(fp, v->keys[i]);
                fputc(':', fp);
            }
            jv_write(&v->items[i], fp);
        }
        fputc(v->type == JV_OBJ ? '}' : ']', fp);
        break;
    }
}
