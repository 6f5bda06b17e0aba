/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 *
 * junction-show: the thin client of `junction show ...` (docs/cli.md, "How show runs").
 *
 * As birdc is to BIRD: the router parses and renders the command (POST /v1/cli on its UNIX
 * socket, the CLI's own picocli tree and renderers run in the router, see CliEndpoints.java);
 * this program only finds the socket, sends the command line, prints what the router answers
 * and exits with the command's exit code. A JVM client costs 0.25-0.4 s of CPU a command; this
 * costs a fork, a connect and a few syscalls. libc only.
 *
 *   junction-show show route 198.18.0.1 [--json] [--socket PATH | --name NAME] ...
 *
 * (the launcher's `junction show ...`: whether it is a show command is the router's to say).
 *
 * Falling back. When this program cannot give the command's own answer, it prints nothing and
 * hands the command to the JVM client: started by the launcher (which execs this program, one process
 * less per command), it execs the launcher again ($JUNCTION_LAUNCHER) with JUNCTION_THIN_CLI=0; run
 * on its own, or when that exec fails, it exits FALLBACK_EXIT (100). The JVM client says what is wrong
 * (no router, several routers, a refusal) exactly as it always has. That is: a remote router
 * (--api, or $JUNCTION_API without --name), no socket found, no connection, no whole answer in
 * ANSWER_TIMEOUT_S, a router that does not know POST /v1/cli (an older one: 404), a command it
 * refuses (not a show command, output too large, too long, busy: 422/503), any other answer
 * that is not 200 with a result. JUNCTION_THIN_DEBUG=1 prints the reason on stderr.
 *
 * The request (HTTP/1.1, Connection: close):
 *   POST /v1/cli   {"argv": ["show", ...], "columns": N, "ansi": true|false}
 * The answer: 200 {"exit": N, "stdout": "...", "stderr": "..."}, printed byte for byte.
 *
 * The socket is found as JunctionCli finds it (ApiEndpoint.resolve): --socket PATH, else
 * --name NAME (RUN_ROOT/NAME/api.sock), else the only RUN_ROOT/x/api.sock.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define FALLBACK_EXIT 100
#define RUN_ROOT "/run/junction"
#define SOCKET_NAME "api.sock"
/* The router stops a command after 30 s (CliEndpoints.MAX_COMMAND_MS); one request may run on a little. */
#define ANSWER_TIMEOUT_S 60
/* Output is at most 4 MiB (CliEndpoints.MAX_OUTPUT_BYTES); JSON escapes may grow it six-fold at worst. */
#define MAX_ANSWER_BYTES (32u << 20)
#define MAX_REQUEST_BYTES (1u << 20)

/* ------------------------------------------------------------------------------------ fallback */

/* The command line, for the launcher's JVM client when this program falls back. */
static char **command_line;

static void fallback(const char *format, ...)
{
    const char *debug = getenv("JUNCTION_THIN_DEBUG");
    if (debug != NULL && strcmp(debug, "1") == 0)
    {
        va_list args;
        va_start(args, format);
        fputs("junction-show: falling back to the JVM client: ", stderr);
        vfprintf(stderr, format, args);
        fputc('\n', stderr);
        va_end(args);
    }
    const char *launcher = getenv("JUNCTION_LAUNCHER");
    if (launcher != NULL && *launcher != '\0' && command_line != NULL)
    {
        char *script = strdup(launcher);
        setenv("JUNCTION_THIN_CLI", "0", 1);
        unsetenv("JUNCTION_LAUNCHER");
        /* The launcher with the same command line (show ...); as a script of bash if it cannot be run itself. */
        command_line[0] = script;
        execv(script, command_line);
        int n = 0;
        while (command_line[n] != NULL)
        {
            n++;
        }
        char **with_bash = calloc((size_t)n + 2, sizeof(char *));
        if (with_bash != NULL)
        {
            with_bash[0] = "bash";
            memcpy(with_bash + 1, command_line, (size_t)n * sizeof(char *));
            execv("/bin/bash", with_bash);
        }
        fprintf(stderr, "junction-show: cannot run %s for the JVM client: %s\n", script, strerror(errno));
    }
    exit(FALLBACK_EXIT);
}

/* ------------------------------------------------------------------------------------- buffers */

struct buf
{
    char *data;
    size_t len;
    size_t cap;
};

static void buf_add(struct buf *b, const void *bytes, size_t n)
{
    if (b->len + n + 1 > b->cap)
    {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        while (b->len + n + 1 > cap)
        {
            cap *= 2;
        }
        char *grown = realloc(b->data, cap);
        if (grown == NULL)
        {
            fallback("out of memory");
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_char(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

/* A JSON string of argv's bytes: quotes, backslashes and control characters escaped, the rest as is (UTF-8). */
static void buf_json_string(struct buf *b, const char *s)
{
    buf_char(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
    {
        if (*p == '"' || *p == '\\')
        {
            buf_char(b, '\\');
            buf_char(b, (char)*p);
        }
        else if (*p < 0x20)
        {
            char escaped[8];
            snprintf(escaped, sizeof escaped, "\\u%04x", *p);
            buf_str(b, escaped);
        }
        else
        {
            buf_char(b, (char)*p);
        }
    }
    buf_char(b, '"');
}

/* ------------------------------------------------------------------------------ finding the socket */

/* The value of option NAME at argv[*i] (NAME VALUE or NAME=VALUE), advancing *i past it; NULL if not NAME. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const size_t n = strlen(name);
    if (strcmp(argv[*i], name) == 0)
    {
        if (*i + 1 >= argc)
        {
            fallback("%s without a value", name);
        }
        *i += 1;
        return argv[*i];
    }
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
    {
        return argv[*i] + n + 1;
    }
    return NULL;
}

static int is_socket(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* The socket the command line names, as ApiEndpoint.resolve picks it; falls back for a remote router or none. */
static void find_socket(int argc, char **argv, char *path, size_t size)
{
    const char *socket_option = NULL;
    const char *name = NULL;
    int api = 0;
    for (int i = 1; i < argc; i++)
    {
        const char *v;
        if (strcmp(argv[i], "--") == 0)
        {
            break;
        }
        if ((v = option_value(argc, argv, &i, "--socket")) != NULL)
        {
            socket_option = v;
        }
        else if ((v = option_value(argc, argv, &i, "--name")) != NULL)
        {
            name = v;
        }
        else if ((v = option_value(argc, argv, &i, "--api")) != NULL)
        {
            api = 1;
        }
    }
    if (socket_option != NULL)
    {
        if ((size_t)snprintf(path, size, "%s", socket_option) >= size)
        {
            fallback("socket path too long: %s", socket_option);
        }
        return;
    }
    const char *env_api = getenv("JUNCTION_API");
    if (api || (name == NULL && env_api != NULL && env_api[strspn(env_api, " \t\r\n")] != '\0'))
    {
        fallback("a remote router (--api or JUNCTION_API)");
    }
    if (name != NULL)
    {
        if ((size_t)snprintf(path, size, "%s/%s/%s", RUN_ROOT, name, SOCKET_NAME) >= size)
        {
            fallback("router name too long: %s", name);
        }
        return;
    }
    DIR *dir = opendir(RUN_ROOT);
    if (dir == NULL)
    {
        fallback("no %s", RUN_ROOT);
    }
    int found = 0;
    const struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
    {
        char candidate[sizeof(((struct sockaddr_un *)0)->sun_path) + 64];
        if (entry->d_name[0] == '.' ||
            (size_t)snprintf(candidate, sizeof candidate, "%s/%s/%s", RUN_ROOT, entry->d_name, SOCKET_NAME) >= sizeof candidate ||
            !is_socket(candidate))
        {
            continue;
        }
        if (++found > 1)
        {
            break;
        }
        snprintf(path, size, "%s", candidate);
    }
    closedir(dir);
    if (found != 1)
    {
        fallback(found == 0 ? "no router socket under %s" : "several routers under %s", RUN_ROOT);
    }
}

static int connect_socket(const char *path)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path)
    {
        fallback("socket path too long for AF_UNIX: %s", path);
    }
    strcpy(address.sun_path, path);
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        fallback("socket: %s", strerror(errno));
    }
    const struct timeval timeout = {.tv_sec = ANSWER_TIMEOUT_S};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (connect(fd, (const struct sockaddr *)&address, sizeof address) != 0)
    {
        fallback("cannot connect to %s: %s", path, strerror(errno));
    }
    return fd;
}

/* ----------------------------------------------------------------------------------- the request */

/* The terminal's width: $COLUMNS, else the terminal's; 0 when unknown. */
static int columns(void)
{
    const char *env = getenv("COLUMNS");
    if (env != NULL)
    {
        char *end;
        const long n = strtol(env, &end, 10);
        if (*env != '\0' && *end == '\0' && n > 0 && n <= 10000)
        {
            return (int)n;
        }
    }
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    {
        return size.ws_col;
    }
    return 0;
}

/*
 * Whether picocli would style usage and error messages on this terminal (Help.Ansi.AUTO in the JVM
 * client, picocli 4.7): never with NO_COLOR; always with CLICOLOR_FORCE other than 0; else only on a
 * console (JDK 22+: System.console().isTerminal(), stdin and stdout both terminals) unless CLICOLOR=0.
 */
static int ansi(void)
{
    if (getenv("NO_COLOR") != NULL)
    {
        return 0;
    }
    const char *force = getenv("CLICOLOR_FORCE");
    if (force != NULL && strcmp(force, "0") != 0)
    {
        return 1;
    }
    const char *hint = getenv("CLICOLOR");
    if (hint != NULL && strcmp(hint, "0") == 0)
    {
        return 0;
    }
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

static void send_all(int fd, const char *data, size_t len)
{
    while (len > 0)
    {
        const ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            fallback("cannot send the request: %s", n < 0 ? strerror(errno) : "closed");
        }
        data += n;
        len -= (size_t)n;
    }
}

static void send_request(int fd, int argc, char **argv)
{
    struct buf body = {0};
    buf_str(&body, "{\"argv\":[");
    for (int i = 1; i < argc; i++)
    {
        if (i > 1)
        {
            buf_char(&body, ',');
        }
        buf_json_string(&body, argv[i]);
    }
    buf_str(&body, "]");
    const int width = columns();
    if (width > 0)
    {
        char field[32];
        snprintf(field, sizeof field, ",\"columns\":%d", width);
        buf_str(&body, field);
    }
    buf_str(&body, ansi() ? ",\"ansi\":true}" : ",\"ansi\":false}");
    if (body.len > MAX_REQUEST_BYTES)
    {
        fallback("the command line is too long");
    }
    char head[256];
    const int n = snprintf(head, sizeof head,
        "POST /v1/cli HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Accept: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", body.len);
    /* One send: the router reads head and body in one read, rather than parking for the body. */
    struct buf request = {0};
    buf_add(&request, head, (size_t)n);
    buf_add(&request, body.data, body.len);
    send_all(fd, request.data, request.len);
    free(request.data);
    free(body.data);
}

/* ------------------------------------------------------------------------------------ the answer */

/* Whether ANSWER holds a whole answer with a Content-Length: then there is no need to wait for the close. */
static int whole(const struct buf *answer)
{
    const char *head_end = memmem(answer->data, answer->len, "\r\n\r\n", 4);
    if (head_end == NULL)
    {
        return 0;
    }
    const size_t head_len = (size_t)(head_end - answer->data) + 4;
    const char *line = answer->data;
    while (line < head_end)
    {
        const char *eol = memmem(line, (size_t)(head_end + 2 - line), "\r\n", 2);
        if (eol - line > 15 && strncasecmp(line, "Content-Length:", 15) == 0)
        {
            char *end;
            const unsigned long length = strtoul(line + 15, &end, 10);
            return end != line + 15 && answer->len >= head_len + length;
        }
        line = eol + 2;
    }
    return 0;
}

/* Reads until the router closes the connection, or the answer is whole (Content-Length) if sooner. */
static void read_all(int fd, struct buf *answer)
{
    char chunk[65536];
    while (answer->len == 0 || !whole(answer))
    {
        const ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            fallback("no whole answer: %s", errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : strerror(errno));
        }
        if (n == 0)
        {
            return;
        }
        if (answer->len + (size_t)n > MAX_ANSWER_BYTES)
        {
            fallback("the answer is larger than %u bytes", MAX_ANSWER_BYTES);
        }
        buf_add(answer, chunk, (size_t)n);
    }
}

/* The value of header NAME in the header block [head, end), or NULL; *len its length. */
static const char *header(const char *head, const char *end, const char *name, size_t *len)
{
    const size_t n = strlen(name);
    for (const char *line = head; line < end;)
    {
        const char *eol = memmem(line, (size_t)(end - line), "\r\n", 2);
        if (eol == NULL)
        {
            eol = end;
        }
        if ((size_t)(eol - line) > n && strncasecmp(line, name, n) == 0 && line[n] == ':')
        {
            const char *v = line + n + 1;
            while (v < eol && (*v == ' ' || *v == '\t'))
            {
                v++;
            }
            const char *v_end = eol;
            while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t'))
            {
                v_end--;
            }
            *len = (size_t)(v_end - v);
            return v;
        }
        line = eol + 2;
    }
    return NULL;
}

/* Decodes a chunked body in place; returns its length. */
static size_t dechunk(char *body, size_t len)
{
    size_t in = 0;
    size_t out = 0;
    for (;;)
    {
        char *end;
        if (in >= len)
        {
            fallback("chunked answer cut short");
        }
        const unsigned long size = strtoul(body + in, &end, 16);
        const char *eol = memmem(end, len - (size_t)(end - body), "\r\n", 2);
        if (end == body + in || eol == NULL)
        {
            fallback("malformed chunked answer");
        }
        in = (size_t)(eol - body) + 2;
        if (size == 0)
        {
            return out;
        }
        if (size > len - in)
        {
            fallback("chunked answer cut short");
        }
        memmove(body + out, body + in, size);
        out += size;
        in += size + 2;
    }
}

/* The body of a 200 application/json answer, in place; falls back on any other. */
static char *answer_body(struct buf *answer, size_t *len)
{
    char *data = answer->data;
    if (answer->len < 12 || strncmp(data, "HTTP/1.", 7) != 0)
    {
        fallback("not an HTTP answer");
    }
    const int status = atoi(data + 9);
    char *head_end = memmem(data, answer->len, "\r\n\r\n", 4);
    if (head_end == NULL)
    {
        fallback("answer cut short");
    }
    if (status != 200)
    {
        fallback("the router answered %d", status);
    }
    size_t n;
    const char *type = header(data, head_end, "Content-Type", &n);
    if (type == NULL || n < 16 || strncasecmp(type, "application/json", 16) != 0)
    {
        fallback("the answer is not JSON");
    }
    char *body = head_end + 4;
    size_t body_len = answer->len - (size_t)(body - data);
    const char *encoding = header(data, head_end, "Transfer-Encoding", &n);
    const char *length = header(data, head_end, "Content-Length", &n);
    if (encoding != NULL && n >= 7 && strncasecmp(encoding, "chunked", 7) == 0)
    {
        body_len = dechunk(body, body_len);
    }
    else if (length != NULL)
    {
        const unsigned long declared = strtoul(length, NULL, 10);
        if (declared > body_len)
        {
            fallback("answer cut short");
        }
        body_len = declared;
    }
    body[body_len] = '\0';
    *len = body_len;
    return body;
}

/* ---------------------------------------------------------------------------------- JSON, enough */

struct cursor
{
    const char *p;
    const char *end;
};

static void skip_blanks(struct cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
    {
        c->p++;
    }
}

static int expect(struct cursor *c, char ch)
{
    skip_blanks(c);
    if (c->p < c->end && *c->p == ch)
    {
        c->p++;
        return 1;
    }
    return 0;
}

static int hex4(struct cursor *c, unsigned *value)
{
    if (c->end - c->p < 4)
    {
        return 0;
    }
    *value = 0;
    for (int i = 0; i < 4; i++)
    {
        const char h = *c->p++;
        *value <<= 4;
        if (h >= '0' && h <= '9')
        {
            *value |= (unsigned)(h - '0');
        }
        else if (h >= 'a' && h <= 'f')
        {
            *value |= (unsigned)(h - 'a' + 10);
        }
        else if (h >= 'A' && h <= 'F')
        {
            *value |= (unsigned)(h - 'A' + 10);
        }
        else
        {
            return 0;
        }
    }
    return 1;
}

static void utf8(struct buf *out, unsigned cp)
{
    char bytes[4];
    size_t n;
    if (cp < 0x80)
    {
        bytes[0] = (char)cp;
        n = 1;
    }
    else if (cp < 0x800)
    {
        bytes[0] = (char)(0xC0 | (cp >> 6));
        bytes[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    }
    else if (cp < 0x10000)
    {
        bytes[0] = (char)(0xE0 | (cp >> 12));
        bytes[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    }
    else
    {
        bytes[0] = (char)(0xF0 | (cp >> 18));
        bytes[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        bytes[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_add(out, bytes, n);
}

/* A JSON string into out (its UTF-8 bytes), or skipped when out is NULL; 0 when malformed. */
static int json_string(struct cursor *c, struct buf *out)
{
    if (!expect(c, '"'))
    {
        return 0;
    }
    struct buf skipped = {0};
    struct buf *to = out != NULL ? out : &skipped;
    while (c->p < c->end && *c->p != '"')
    {
        const char *run = c->p;
        while (c->p < c->end && *c->p != '"' && *c->p != '\\')
        {
            c->p++;
        }
        if (out != NULL)
        {
            buf_add(out, run, (size_t)(c->p - run));
        }
        if (c->p >= c->end || *c->p == '"')
        {
            break;
        }
        c->p++;
        if (c->p >= c->end)
        {
            break;
        }
        const char e = *c->p++;
        unsigned cp;
        switch (e)
        {
            case '"': case '\\': case '/': buf_char(to, e); break;
            case 'b': buf_char(to, '\b'); break;
            case 'f': buf_char(to, '\f'); break;
            case 'n': buf_char(to, '\n'); break;
            case 'r': buf_char(to, '\r'); break;
            case 't': buf_char(to, '\t'); break;
            case 'u':
                if (!hex4(c, &cp))
                {
                    free(skipped.data);
                    return 0;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF)
                {
                    unsigned low;
                    if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u')
                    {
                        free(skipped.data);
                        return 0;
                    }
                    c->p += 2;
                    if (!hex4(c, &low) || low < 0xDC00 || low > 0xDFFF)
                    {
                        free(skipped.data);
                        return 0;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                else if (cp >= 0xDC00 && cp <= 0xDFFF)
                {
                    free(skipped.data);
                    return 0;
                }
                utf8(to, cp);
                break;
            default:
                free(skipped.data);
                return 0;
        }
        if (out == NULL)
        {
            skipped.len = 0;
        }
    }
    free(skipped.data);
    if (c->p >= c->end)
    {
        return 0;
    }
    c->p++;
    return 1;
}

/* Skips any JSON value; 0 when malformed. */
static int json_skip(struct cursor *c, int depth)
{
    skip_blanks(c);
    if (c->p >= c->end || depth > 64)
    {
        return 0;
    }
    if (*c->p == '"')
    {
        return json_string(c, NULL);
    }
    if (*c->p == '{' || *c->p == '[')
    {
        const char close = *c->p == '{' ? '}' : ']';
        const int object = *c->p == '{';
        c->p++;
        if (expect(c, close))
        {
            return 1;
        }
        do
        {
            if (object && (!json_string(c, NULL) || !expect(c, ':')))
            {
                return 0;
            }
            if (!json_skip(c, depth + 1))
            {
                return 0;
            }
        }
        while (expect(c, ','));
        return expect(c, close);
    }
    const char *start = c->p;
    while (c->p < c->end && strchr(",}] \t\r\n", *c->p) == NULL)
    {
        c->p++;
    }
    return c->p > start;
}

/* ----------------------------------------------------------------------------------------- main */

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0)
    {
        const ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            return; /* a closed pipe (| head): the JVM client too goes on to its exit code */
        }
        data += n;
        len -= (size_t)n;
    }
}

int main(int argc, char **argv)
{
    command_line = argv;
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2)
    {
        fallback("no command");
    }
    char path[sizeof(((struct sockaddr_un *)0)->sun_path) + 64];
    find_socket(argc, argv, path, sizeof path);
    const int fd = connect_socket(path);
    send_request(fd, argc, argv);
    struct buf answer = {0};
    read_all(fd, &answer);
    close(fd);
    size_t len;
    char *body = answer_body(&answer, &len);

    struct cursor c = {body, body + len};
    struct buf out = {0};
    struct buf err = {0};
    long code = -1;
    int have_out = 0;
    int have_err = 0;
    if (!expect(&c, '{'))
    {
        fallback("the answer is not a JSON object");
    }
    if (!expect(&c, '}'))
    {
        do
        {
            struct buf name = {0};
            if (!json_string(&c, &name) || !expect(&c, ':'))
            {
                fallback("malformed answer");
            }
            skip_blanks(&c);
            if (name.data != NULL && strcmp(name.data, "stdout") == 0)
            {
                have_out = json_string(&c, &out);
                if (!have_out)
                {
                    fallback("malformed stdout");
                }
            }
            else if (name.data != NULL && strcmp(name.data, "stderr") == 0)
            {
                have_err = json_string(&c, &err);
                if (!have_err)
                {
                    fallback("malformed stderr");
                }
            }
            else if (name.data != NULL && strcmp(name.data, "exit") == 0)
            {
                char *end;
                code = strtol(c.p, &end, 10);
                if (end == c.p || code < 0 || code > 255)
                {
                    fallback("malformed exit code");
                }
                c.p = end;
            }
            else if (!json_skip(&c, 0))
            {
                fallback("malformed answer");
            }
            free(name.data);
        }
        while (expect(&c, ','));
        if (!expect(&c, '}'))
        {
            fallback("malformed answer");
        }
    }
    if (code < 0 || !have_out || !have_err)
    {
        fallback("the answer lacks exit, stdout or stderr");
    }
    write_all(STDOUT_FILENO, out.data == NULL ? "" : out.data, out.len);
    write_all(STDERR_FILENO, err.data == NULL ? "" : err.data, err.len);
    return (int)code;
}
